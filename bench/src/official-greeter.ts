// The greeter with the official SDK (apache-flink-statefun 3.3.0). Its
// messages are custom types with the same typenames and the same generated codecs as ours,
// so both SDKs do the same protobuf work for the user's values.
import {
  computeGreeting,
  GREETER_TYPENAME,
  GREETINGS_TOPIC,
  GREETS_EGRESS,
} from "@statefun-ts/greeter";
import { GreetRequest, GreetResponse, SeenCount } from "@statefun-ts/greeter/messages";
import { type Context, kafkaEgressMessage, type Message, StateFun } from "apache-flink-statefun";

/** The official SDK wants Buffers; protobufjs writes them under Node, so this rarely copies. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

interface Codec<T> {
  readonly $type: string;
  encode(message: T): { finish(): Uint8Array };
  decode(bytes: Uint8Array): T;
}

function protoType<T>(codec: Codec<T>) {
  return StateFun.customType<T>(
    `type.googleapis.com/${codec.$type}`,
    (value) => asBuffer(codec.encode(value).finish()),
    (bytes) => codec.decode(bytes),
  );
}

const GreetRequestType = protoType<GreetRequest>(GreetRequest);
const GreetResponseType = protoType<GreetResponse>(GreetResponse);
const SeenCountType = protoType<SeenCount>(SeenCount);

function readGreetRequest(message: Message): GreetRequest | null {
  try {
    return message.as(GreetRequestType);
  } catch {
    return null;
  }
}

/** The greeter, written with the official SDK. */
export function officialGreeter(): StateFun {
  const statefun = new StateFun();
  statefun.bind({
    typename: GREETER_TYPENAME,
    specs: [{ name: "seen_count", type: SeenCountType }],
    fn(context: Context, message: Message) {
      const request = readGreetRequest(message);
      if (request === null || request.name.length === 0) return;

      const stored = context.storage.seen_count as SeenCount | null;
      const seen = (stored?.seen ?? 0) + 1;
      context.storage.seen_count = { seen };

      const response = computeGreeting(request.name, seen);
      context.send(
        kafkaEgressMessage({
          typename: GREETS_EGRESS,
          topic: GREETINGS_TOPIC,
          key: request.name,
          value: response,
          valueType: GreetResponseType,
        }),
      );
    },
  });
  return statefun;
}
