// The greeter with the official SDK (apache-flink-statefun 3.3.0), over node:http.
import { createServer } from "node:http";
import { officialGreeter } from "../official-greeter.js";
import { serve } from "./serve.js";

serve(createServer(officialGreeter().handler()));
