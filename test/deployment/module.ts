/**
 * module.yaml (StateFun 3.x) read into the three kinds of document the
 * walkthrough uses: the HTTP endpoint, the Kafka ingress and the Kafka egress.
 */
import { parseAllDocuments } from "yaml";
import { isRecord } from "./compose.js";

/** `io.statefun.endpoints.v2/http` */
export interface HttpEndpoint {
  readonly functions: string;
  readonly urlPathTemplate: string;
}

/** One entry of a Kafka ingress's `topics`. */
export interface IngressTopic {
  readonly topic: string;
  readonly valueType: string;
  readonly targets: readonly string[];
}

/** `io.statefun.kafka.v1/ingress` */
export interface KafkaIngress {
  readonly id: string;
  readonly address: string;
  /** `startupPosition.type`; undefined when absent (the runtime then starts from `latest`). */
  readonly startupPosition: string | undefined;
  readonly topics: readonly IngressTopic[];
}

/** `io.statefun.kafka.v1/egress`; the timeouts are kept as written, to be judged by the checks. */
export interface KafkaEgress {
  readonly id: string;
  readonly address: string;
  /** `deliverySemantic.type`; undefined when absent (the runtime then uses at-least-once). */
  readonly deliverySemantic: string | undefined;
  readonly transactionTimeout: unknown;
  readonly transactionTimeoutMillis: unknown;
}

/** The documents of a module.yaml, by kind. */
export interface StatefunModule {
  readonly endpoints: readonly HttpEndpoint[];
  readonly ingresses: readonly KafkaIngress[];
  readonly egresses: readonly KafkaEgress[];
  /** Kinds this reader does not know, so a test can flag them. */
  readonly otherKinds: readonly string[];
}

function text(value: unknown, where: string): string {
  if (typeof value !== "string" || value === "") {
    throw new Error(
      `module.yaml: ${where} must be a non-empty string, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

function strings(value: unknown, where: string): string[] {
  if (!Array.isArray(value)) throw new Error(`module.yaml: ${where} must be a list`);
  return value.map((item, index) => text(item, `${where}[${index}]`));
}

function spec(document: Record<string, unknown>, kind: string): Record<string, unknown> {
  const value = document["spec"];
  if (!isRecord(value)) throw new Error(`module.yaml: the ${kind} document has no spec map`);
  return value;
}

/** Parses module.yaml's multi-document stream. Throws with the document's kind on a bad shape. */
export function readModule(source: string): StatefunModule {
  const endpoints: HttpEndpoint[] = [];
  const ingresses: KafkaIngress[] = [];
  const egresses: KafkaEgress[] = [];
  const otherKinds: string[] = [];
  for (const document of parseAllDocuments(source)) {
    if (document.errors.length > 0) {
      throw new Error(`module.yaml is not valid YAML: ${document.errors[0]?.message}`);
    }
    const value: unknown = document.toJS();
    if (value === null || value === undefined) continue;
    if (!isRecord(value)) throw new Error("module.yaml: every document must be a map");
    const kind = text(value["kind"], "kind");
    if (kind === "io.statefun.endpoints.v2/http") {
      const s = spec(value, kind);
      endpoints.push({
        functions: text(s["functions"], `${kind} spec.functions`),
        urlPathTemplate: text(s["urlPathTemplate"], `${kind} spec.urlPathTemplate`),
      });
    } else if (kind === "io.statefun.kafka.v1/ingress") {
      const s = spec(value, kind);
      const topics = s["topics"];
      if (!Array.isArray(topics))
        throw new Error(`module.yaml: ${kind} spec.topics must be a list`);
      const position = s["startupPosition"];
      ingresses.push({
        id: text(s["id"], `${kind} spec.id`),
        address: text(s["address"], `${kind} spec.address`),
        startupPosition: isRecord(position)
          ? text(position["type"], "startupPosition.type")
          : undefined,
        topics: topics.map((topic, index) => {
          const where = `${kind} spec.topics[${index}]`;
          if (!isRecord(topic)) throw new Error(`module.yaml: ${where} must be a map`);
          return {
            topic: text(topic["topic"], `${where}.topic`),
            valueType: text(topic["valueType"], `${where}.valueType`),
            targets: strings(topic["targets"], `${where}.targets`),
          };
        }),
      });
    } else if (kind === "io.statefun.kafka.v1/egress") {
      const s = spec(value, kind);
      const semantic = s["deliverySemantic"];
      const delivery = isRecord(semantic) ? semantic : {};
      egresses.push({
        id: text(s["id"], `${kind} spec.id`),
        address: text(s["address"], `${kind} spec.address`),
        deliverySemantic:
          delivery["type"] === undefined
            ? undefined
            : text(delivery["type"], "deliverySemantic.type"),
        transactionTimeout: delivery["transactionTimeout"],
        transactionTimeoutMillis: delivery["transactionTimeoutMillis"],
      });
    } else {
      otherKinds.push(kind);
    }
  }
  return { endpoints, ingresses, egresses, otherKinds };
}
