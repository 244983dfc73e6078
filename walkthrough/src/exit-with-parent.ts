/**
 * Preloaded into the Node.js children that `pnpm local` and the end-to-end suite start (the
 * greeter and the generator: `node --import <this file> greeter/dist/server.js`), so that a child
 * does not outlive a parent killed with SIGKILL, which cannot clean up. The same watch the JVMs
 * run (runtime-local's WithParent.java): the parent gives the child a stdin pipe that nothing
 * writes to; when it reaches end of file, the parent is gone, and the child gets SIGTERM (its own
 * graceful stop), then exits by force if it still runs a few seconds later.
 *
 * With stdin a terminal, a file or /dev/null it does nothing, and the
 * watch never keeps the child alive by itself: one that finishes its work still exits.
 */

import { Socket } from "node:net";

/** How long the child may take over its graceful stop once its parent is gone. */
const FORCE_EXIT_AFTER_MS = 5_000;

// A pipe (or socket) is a net.Socket; a terminal is one too, but says so. Checked this way rather
// than with fstat(0), which here made the greeter's later CommonJS requires fail (Node.js 20).
const stdin = process.stdin;
if (stdin instanceof Socket && stdin.isTTY !== true) {
  let parentGone = false;
  const onParentGone = () => {
    if (parentGone) return;
    parentGone = true;
    setTimeout(() => process.exit(1), FORCE_EXIT_AFTER_MS).unref();
    process.kill(process.pid, "SIGTERM");
  };
  stdin.on("data", () => {});
  stdin.once("end", onParentGone);
  stdin.once("error", onParentGone);
  // Reading stdin must not keep the event loop alive.
  stdin.unref();
}
