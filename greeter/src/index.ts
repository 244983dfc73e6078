export { GreetRequest, GreetResponse, SeenCount } from "./messages.js";
