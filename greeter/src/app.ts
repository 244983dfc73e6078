import { createExpressHandler, type Logger, type StatefulFunctions } from "@statefun-ts/sdk";
import express, { type Express } from "express";

/** The greeter's express app: `POST /statefun` for the runtime, `GET /health` for probes. */
export function createApp(functions: StatefulFunctions, logger: Logger): Express {
  const app = express();
  app.disable("x-powered-by");
  app.post("/statefun", createExpressHandler(functions, { logger }));
  app.get("/health", (_req, res) => {
    res.type("text/plain").send("ok\n");
  });
  return app;
}
