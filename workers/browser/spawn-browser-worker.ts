/** Spawns a validator as a browser module Worker (needs cross-origin isolation for the channel). */
import * as Comlink from "comlink";
import type { ValidatorWorkerApi } from "../validator-api";
import type { SpawnedWorker } from "../../src/core/runtime/python-runtime";

interface Started {
  worker: Worker;
  /** set if it failed before anyone drove it */
  error: string | null;
}

const stock: Started[] = [];
const UNUSED_AFTER_MS = 20_000;

function startWorker(): Started {
  const started: Started = { worker: new Worker(new URL("./validator.worker.ts", import.meta.url), { type: "module", name: "validator" }), error: null };
  started.worker.addEventListener("error", (e) => (started.error ??= `worker error: ${e.message || "failed to load"}`));
  return started;
}

/**
 * Starts `n` validator Workers now (while the page is still loading), so the runtimes that ask
 * for one later find its script loaded. Workers nobody took are stopped after 20 s.
 */
export function prespawnBrowserWorkers(n: number): void {
  for (let i = 0; i < n; i++) stock.push(startWorker());
  setTimeout(() => stock.splice(0).forEach((s) => s.worker.terminate()), UNUSED_AFTER_MS);
}

export function spawnBrowserWorker(): SpawnedWorker {
  const started = stock.shift() ?? startWorker();
  return wrapValidatorWorker(started.worker, () => started.error);
}

/** A started validator Worker as the runtime drives it: comlink API, host channel, exit and terminate. */
export function wrapValidatorWorker(worker: Worker, earlyError: () => string | null = () => null): SpawnedWorker {
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
      const early = earlyError();
      if (early) queueMicrotask(() => exitListener?.(early));
    },
    terminate() {
      exitListener = null;
      channel.port1.close();
      worker.terminate();
    },
  };
}
