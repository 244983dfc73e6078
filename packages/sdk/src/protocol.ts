export * as k from "./generated/io/statefun/sdk/egress/kafka-egress.js";
export * as rr from "./generated/io/statefun/sdk/reqreply/request-reply.js";
export * as t from "./generated/io/statefun/sdk/types/types.js";
