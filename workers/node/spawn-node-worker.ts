/** Spawns a validator worker as a Node worker thread (CLI and tests). */
import { MessageChannel, Worker } from "node:worker_threads";
import * as Comlink from "comlink";
import nodeEndpoint from "comlink/dist/esm/node-adapter.mjs";
import type { ValidatorWorkerApi } from "../validator-api";
import type { SpawnedWorker } from "../../src/core/runtime/python-runtime";

const THREAD_URL = new URL("./validator-thread-boot.mjs", import.meta.url);

export function spawnNodeWorker(): SpawnedWorker {
  // A roomy stack: deep C recursion in Pyodide otherwise overflows V8's stack and kills the interpreter.
  const worker = new Worker(THREAD_URL, { resourceLimits: { stackSizeMb: 64 } });
  const { port1, port2 } = new MessageChannel();
  const api = Comlink.wrap<ValidatorWorkerApi>(nodeEndpoint(worker));
  let exitListener: ((reason: string) => void) | null = null;
  worker.on("error", (e) => exitListener?.(`worker error: ${e.message}`));
  worker.on("exit", (code) => exitListener?.(`worker exited (${code})`));
  return {
    api,
    channelPortForWorker: Comlink.transfer(port2, [port2 as unknown as Transferable]),
    onChannelMessage(cb) {
      port1.on("message", cb);
    },
    onExit(cb) {
      exitListener = cb;
    },
    terminate() {
      exitListener = null;
      port1.close();
      void worker.terminate();
    },
  };
}
