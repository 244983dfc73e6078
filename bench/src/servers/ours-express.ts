// The greeter with our SDK, over express: the greeter's own app (POST /statefun).
import { createServer } from "node:http";
import { bindGreeter, createApp } from "@statefun-ts/greeter";
import { StatefulFunctions, stderrLogger } from "@statefun-ts/sdk";
import { serve } from "./serve.js";

const logger = stderrLogger("warn");
serve(createServer(createApp(bindGreeter(new StatefulFunctions(), logger), logger)));
