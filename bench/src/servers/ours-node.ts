// The greeter with our SDK, over node:http.
import { createServer } from "node:http";
import { bindGreeter } from "@statefun-ts/greeter";
import { createNodeHandler, StatefulFunctions } from "@statefun-ts/sdk";
import { serve } from "./serve.js";

serve(createServer(createNodeHandler(bindGreeter(new StatefulFunctions()))));
