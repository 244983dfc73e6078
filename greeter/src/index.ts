export { createApp } from "./app.js";
export type { ForgetOptions } from "./forget-after.js";
export { DEFAULT_FORGET_AFTER_MS } from "./forget-after.js";
export {
  bindGreeter,
  computeGreeting,
  GREETER_TYPENAME,
  GREETINGS_TOPIC,
  GREETS_EGRESS,
  GreetRequestType,
  GreetResponseType,
  readGreetRequest,
  SeenCountType,
} from "./greeter.js";
export type { ForgetUser } from "./greeter-timer.js";
export { bindGreeterWithTimer, ForgetUserType } from "./greeter-timer.js";
export { bindGreeterWithTtl } from "./greeter-ttl.js";
export { GreetRequest, GreetResponse, SeenCount } from "./messages.js";
