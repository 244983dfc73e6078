/**
 * Small functions bound with the SDK, one per runtime rule the tests pin down, and a spy
 * that records the requests the runtime sends.
 */
import {
  kafkaEgressMessage,
  messageBuilder,
  StatefulFunctions,
  Types,
  valueSpec,
} from "@statefun-ts/sdk";
import {
  type ToFunction_InvocationBatchRequest as InvocationBatchRequest,
  ToFunction,
} from "@statefun-ts/sdk/protocol";
import type { RequestHandler } from "@statefun-ts/testing";

/** The egress every test function writes to. */
export const OUT = "test/out";

/** `test/counter`: adds each int it receives to its state `count` and emits the sum, keyed by its id. */
export function bindCounter(functions: StatefulFunctions): StatefulFunctions {
  return functions.bind({
    typename: "test/counter",
    specs: [valueSpec("count", Types.int)],
    fn(context, message) {
      const count = (context.storage.count ?? 0) + message.as(Types.int);
      context.storage.count = count;
      context.sendEgress(
        kafkaEgressMessage({
          typename: OUT,
          topic: "counts",
          key: context.self.id,
          value: count,
          valueType: Types.int,
        }),
      );
    },
  });
}

/** A command for `test/scheduler`. */
export type SchedulerCommand =
  | { readonly say: string; readonly afterMs: number; readonly token?: string }
  | { readonly cancel: string };

export const SchedulerCommandType = Types.json<SchedulerCommand>("test/SchedulerCommand");

/**
 * `test/scheduler`: on a command, sends itself a delayed string (optionally with a
 * cancellation token) or cancels one; on a string, emits it on topic `said`.
 */
export function bindScheduler(functions: StatefulFunctions): StatefulFunctions {
  return functions.bind({
    typename: "test/scheduler",
    fn(context, message) {
      if (message.is(Types.string)) {
        const text = message.as(Types.string);
        context.sendEgress(
          kafkaEgressMessage({
            typename: OUT,
            topic: "said",
            key: context.self.id,
            value: text,
            valueType: Types.string,
          }),
        );
        return;
      }
      const command = message.as(SchedulerCommandType);
      if ("cancel" in command) {
        context.cancelDelayedMessage(command.cancel);
        return;
      }
      const self = messageBuilder({
        typename: "test/scheduler",
        id: context.self.id,
        value: command.say,
        valueType: Types.string,
      });
      context.sendAfter(command.afterMs, self, command.token);
    },
  });
}

/** Binds the functions of `bind` in a fresh registry. */
export function functionsOf(
  ...binders: ((functions: StatefulFunctions) => StatefulFunctions)[]
): StatefulFunctions {
  const functions = new StatefulFunctions();
  for (const bind of binders) bind(functions);
  return functions;
}

/** A handler that records every request it passes on to `functions`. */
export function spyOn(functions: StatefulFunctions): {
  handler: RequestHandler;
  requests: InvocationBatchRequest[];
} {
  const requests: InvocationBatchRequest[] = [];
  return {
    requests,
    handler: {
      handle(body) {
        const batch = ToFunction.decode(body).invocation;
        if (batch !== undefined) requests.push(batch);
        return functions.handle(body);
      },
      get: (typename) => functions.get(typename),
    },
  };
}

/** The ids of the requests' targets and their batch sizes, e.g. `["Alice:1", "Alice:2"]`. */
export function batches(requests: readonly InvocationBatchRequest[]): string[] {
  return requests.map((request) => `${request.target?.id}:${request.invocations.length}`);
}
