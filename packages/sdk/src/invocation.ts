import { Address } from "./address.js";
import { BatchContext } from "./context.js";
import {
  FunctionError,
  InvalidMessageError,
  MalformedRequestError,
  UnknownFunctionError,
} from "./errors.js";
import {
  FromFunction_ExpirationSpec_ExpireMode as ExpireMode,
  FromFunction,
  type ToFunction_InvocationBatchRequest as InvocationBatchRequest,
  type FromFunction_PersistedValueSpec as PersistedValueSpec,
  type ToFunction,
} from "./generated/io/statefun/sdk/reqreply/request-reply.js";
import { Message } from "./message.js";
import { encodeInvocationResult } from "./reply-encoder.js";
import { decodeToFunction } from "./request-decoder.js";
import type { BoundFunction, StatefulFunctions } from "./stateful-functions.js";
import type { Storage } from "./storage.js";
import { indexStates, StateTracker } from "./storage.js";
import type { ValueSpec } from "./value-spec.js";

function decodeRequest(body: Uint8Array): InvocationBatchRequest {
  if (body.length === 0) {
    throw new MalformedRequestError("empty request body: expected a protobuf ToFunction message");
  }
  let request: ToFunction;
  try {
    request = decodeToFunction(body);
  } catch (cause) {
    throw new MalformedRequestError(
      `the ${body.length}-byte body is not a ToFunction message (truncated or not protobuf): ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
  const batch = request.invocation;
  if (batch === undefined) {
    throw new MalformedRequestError("the ToFunction message carries no invocation batch");
  }
  if (batch.target === undefined) {
    throw new MalformedRequestError("the invocation batch has no target address");
  }
  return batch;
}

function missingSpec(spec: ValueSpec): PersistedValueSpec {
  const { expiration } = spec;
  return {
    stateName: spec.name,
    typeTypename: spec.type.typename,
    expirationSpec:
      expiration.mode === "none"
        ? { mode: ExpireMode.NONE, expireAfterMillis: 0 }
        : {
            mode:
              expiration.mode === "after-call" ? ExpireMode.AFTER_INVOKE : ExpireMode.AFTER_WRITE,
            expireAfterMillis: expiration.afterMs,
          },
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function invokeBatch(bound: BoundFunction, batch: InvocationBatchRequest, self: Address) {
  const states = indexStates(batch.state);
  const missing = bound.specs.filter((spec) => !states.has(spec.name));
  if (missing.length > 0) {
    return FromFunction.encode({
      incompleteInvocationContext: { missingValues: missing.map(missingSpec) },
    }).finish();
  }

  const tracker = new StateTracker(bound.specs, states, bound.typename);
  const context = new BatchContext<readonly ValueSpec[]>(
    self,
    tracker.storage as Storage<readonly ValueSpec[]>,
  );
  const { invocations } = batch;
  for (let i = 0; i < invocations.length; i++) {
    const invocation = invocations[i]!;
    const argument = invocation.argument;
    if (argument === undefined) {
      throw new MalformedRequestError(
        `invocation ${i + 1} of ${invocations.length} for ${self} has no argument`,
      );
    }
    const caller = invocation.caller;
    context.caller =
      caller === undefined ? undefined : new Address(caller.namespace, caller.type, caller.id);
    const message = new Message(self, argument.typename, argument.value);
    try {
      const result = bound.fn(context, message);
      if (result !== undefined && typeof result.then === "function") await result;
    } catch (cause) {
      const kind = cause instanceof InvalidMessageError ? "could not read its message" : "failed";
      throw new FunctionError(
        `${self} ${kind} (invocation ${i + 1} of ${invocations.length}, message type ${argument.typename || "(none)"}): ${describe(cause)}`,
        { cause },
      );
    }
  }

  return encodeInvocationResult({
    stateMutations: tracker.mutations(),
    outgoingMessages: context.outgoing,
    delayedInvocations: context.delayed,
    outgoingEgresses: context.egress,
  });
}

/** The invocation core behind {@link StatefulFunctions.handle}. */
export async function handleRequest(
  functions: StatefulFunctions,
  body: Uint8Array,
): Promise<Uint8Array> {
  const batch = decodeRequest(body);
  const target = batch.target!;
  const typename = `${target.namespace}/${target.type}`;
  const bound = functions.get(typename);
  if (bound === undefined) {
    throw new UnknownFunctionError(typename, functions.typenames);
  }
  return invokeBatch(bound, batch, new Address(target.namespace, target.type, target.id));
}
