/**
 * The walkthrough's messages, generated from `greeter/proto/messages.proto`. The
 * generator imports them from here (`@statefun-ts/greeter/messages`), so both sides
 * share one generated definition.
 */
export { GreetRequest, GreetResponse, SeenCount } from "./generated/messages.js";
