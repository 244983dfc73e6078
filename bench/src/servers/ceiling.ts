// The ceiling of a Node.js endpoint: node:http reads the body and answers a precomputed,
// correct reply. No decoding, no user code: what is left is the HTTP exchange itself.
import { createServer } from "node:http";
import { replyBytes } from "../fixtures.js";
import { batchArgument, serve } from "./serve.js";

const reply = Buffer.from(replyBytes(batchArgument()));
const headers = { "content-type": "application/octet-stream", "content-length": reply.length };

serve(
  createServer((req, res) => {
    req.on("data", () => {});
    req.on("end", () => {
      res.writeHead(200, headers);
      res.end(reply);
    });
  }),
);
