import _m0 from "protobufjs/minimal.js";
import { type EgressMessage, egressTarget, InlineEgressMessage } from "./egress.js";
import {
  FromFunction_DelayedInvocation as DelayedInvocation,
  FromFunction_Invocation as OutgoingInvocation,
  FromFunction_PersistedValueMutation as PersistedValueMutation,
} from "./generated/io/statefun/sdk/reqreply/request-reply.js";

/** What a batch answers: the fields of `FromFunction.InvocationResponse`. */
export interface InvocationResult {
  readonly stateMutations: readonly PersistedValueMutation[];
  readonly outgoingMessages: readonly OutgoingInvocation[];
  readonly delayedInvocations: readonly DelayedInvocation[];
  readonly outgoingEgresses: readonly EgressMessage[];
}

// Wire tags: (field number << 3) | wire type (0 varint, 2 length-delimited).
const FROM_FUNCTION_INVOCATION_RESULT = (100 << 3) | 2;
const RESPONSE_STATE_MUTATIONS = (1 << 3) | 2;
const RESPONSE_OUTGOING_MESSAGES = (2 << 3) | 2;
const RESPONSE_DELAYED_INVOCATIONS = (3 << 3) | 2;
const RESPONSE_OUTGOING_EGRESSES = (4 << 3) | 2;
const EGRESS_NAMESPACE = (1 << 3) | 2;
const EGRESS_TYPE = (2 << 3) | 2;
const EGRESS_ARGUMENT = (3 << 3) | 2;
const TYPED_VALUE_TYPENAME = (1 << 3) | 2;
const TYPED_VALUE_HAS_VALUE = (2 << 3) | 0;
const TYPED_VALUE_VALUE = (3 << 3) | 2;

function writeEgress(message: EgressMessage, writer: _m0.Writer): void {
  if (message instanceof InlineEgressMessage) {
    const { target } = message;
    writer.uint32(EGRESS_NAMESPACE).bytes(target.namespace);
    writer.uint32(EGRESS_TYPE).bytes(target.type);
    writer.uint32(EGRESS_ARGUMENT).fork();
    writer.uint32(TYPED_VALUE_TYPENAME).bytes(message.recordTypenameBytes);
    writer.uint32(TYPED_VALUE_HAS_VALUE).bool(true);
    // A record always has its topic or stream, so it is never empty and the field is written.
    writer.uint32(TYPED_VALUE_VALUE).fork();
    message.writeRecord(writer);
    writer.ldelim();
    writer.ldelim();
    return;
  }
  // A message built by hand: its egress id and its record typename (Kafka or Kinesis, so
  // never empty) were checked when it was sent.
  const target = egressTarget(message.typename);
  writer.uint32(EGRESS_NAMESPACE).bytes(target.namespace);
  writer.uint32(EGRESS_TYPE).bytes(target.type);
  writer.uint32(EGRESS_ARGUMENT).fork();
  writer.uint32(TYPED_VALUE_TYPENAME).string(message.recordTypename);
  writer.uint32(TYPED_VALUE_HAS_VALUE).bool(true);
  if (message.record.length !== 0) writer.uint32(TYPED_VALUE_VALUE).bytes(message.record);
  writer.ldelim();
}

/**
 * Encodes a `FromFunction` carrying an `InvocationResponse` into one protobufjs writer.
 * Egress records built by the SDK are written in place rather than encoded on their own
 * and copied in; the bytes are those `FromFunction.encode` gives for the same response.
 */
export function encodeInvocationResult(result: InvocationResult): Uint8Array {
  const writer = _m0.Writer.create();
  writer.uint32(FROM_FUNCTION_INVOCATION_RESULT).fork();
  for (const mutation of result.stateMutations) {
    PersistedValueMutation.encode(
      mutation,
      writer.uint32(RESPONSE_STATE_MUTATIONS).fork(),
    ).ldelim();
  }
  for (const message of result.outgoingMessages) {
    OutgoingInvocation.encode(message, writer.uint32(RESPONSE_OUTGOING_MESSAGES).fork()).ldelim();
  }
  for (const delayed of result.delayedInvocations) {
    DelayedInvocation.encode(delayed, writer.uint32(RESPONSE_DELAYED_INVOCATIONS).fork()).ldelim();
  }
  for (const egress of result.outgoingEgresses) {
    writer.uint32(RESPONSE_OUTGOING_EGRESSES).fork();
    writeEgress(egress, writer);
    writer.ldelim();
  }
  writer.ldelim();
  return writer.finish();
}
