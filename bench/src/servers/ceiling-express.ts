// The ceiling of an express endpoint: the route the greeter's app uses (POST /statefun)
// reads the body and answers a precomputed, correct reply. It bounds what any SDK can do
// behind express, and so tells express's own cost apart from ours.
import { createServer } from "node:http";
import express from "express";
import { replyBytes } from "../fixtures.js";
import { batchArgument, serve } from "./serve.js";

const reply = Buffer.from(replyBytes(batchArgument()));
const headers = { "content-type": "application/octet-stream", "content-length": reply.length };

const app = express();
app.disable("x-powered-by");
app.post("/statefun", (req, res) => {
  req.on("data", () => {});
  req.on("end", () => {
    res.writeHead(200, headers);
    res.end(reply);
  });
});
serve(createServer(app));
