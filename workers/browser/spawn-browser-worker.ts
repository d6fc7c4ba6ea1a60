/** Spawns a validator as a browser module Worker (needs cross-origin isolation for the channel). */
import * as Comlink from "comlink";
import type { ValidatorWorkerApi } from "../validator-api";
import type { SpawnedWorker } from "../../src/core/runtime/python-runtime";

export function spawnBrowserWorker(): SpawnedWorker {
  return wrapValidatorWorker(new Worker(new URL("./validator.worker.ts", import.meta.url), { type: "module", name: "validator" }));
}

/** A started validator Worker as the runtime drives it: comlink API, host channel, exit and terminate. */
export function wrapValidatorWorker(worker: Worker): SpawnedWorker {
  const channel = new MessageChannel();
  let exitListener: ((reason: string) => void) | null = null;
  worker.addEventListener("error", (e) => exitListener?.(`worker error: ${e.message || "failed to load"}`));
  return {
    api: Comlink.wrap<ValidatorWorkerApi>(worker),
    channelPortForWorker: Comlink.transfer(channel.port2, [channel.port2]),
    onChannelMessage(cb) {
      channel.port1.onmessage = (ev) => cb(ev.data);
    },
    onExit(cb) {
      exitListener = cb;
    },
    terminate() {
      exitListener = null;
      channel.port1.close();
      worker.terminate();
    },
  };
}
