export { createApp } from "./app.js";
export { bindGreeter } from "./greeter.js";
export {
  computeGreeting,
  GREETER_TYPENAME,
  GREETINGS_TOPIC,
  GREETS_EGRESS,
  GreetRequestType,
  GreetResponseType,
  readGreetRequest,
  SeenCountType,
} from "./greeting.js";
export { GreetRequest, GreetResponse, SeenCount } from "./messages.js";
