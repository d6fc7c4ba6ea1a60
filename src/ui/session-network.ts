/**
 * The app's network factory: Pyodide validators in browser Workers. The worker pool outlives a
 * network (executions are self-contained), so changing validators before the first transaction
 * rebuilds the network in milliseconds instead of re-booting Python.
 */
import type { PythonRuntime } from "../core/runtime/python-runtime";
import { RuntimePool } from "../core/runtime/runtime-pool";
import { createPooledNetwork } from "../core/scenario/pooled-network";
import type { RuntimeBoot, SessionNetworkFactory } from "../core/session";
import { createBrowserRuntime } from "../../workers/browser/browser-runtime";

interface SharedPool {
  size: number;
  pool: RuntimePool;
  boot: RuntimeBoot[];
  listener: ((boot: RuntimeBoot[]) => void) | null;
}

let shared: SharedPool | null = null;

function startPool(size: number): SharedPool {
  const runtimes: PythonRuntime[] = Array.from({ length: Math.max(1, size) }, () => createBrowserRuntime());
  const s: SharedPool = { size, pool: new RuntimePool(runtimes), boot: runtimes.map((_, i) => ({ id: `worker ${i + 1}`, state: "booting" })), listener: null };
  const started = performance.now();
  runtimes.forEach((rt, i) => {
    rt.boot().then(
      (info) => update(s, i, { state: "ready", ms: Math.round(performance.now() - started), python: info.pythonVersion }),
      (e: unknown) => update(s, i, { state: "failed", message: (e as Error).message.split("\n")[0] }),
    );
  });
  return s;
}

function update(s: SharedPool, i: number, patch: Partial<RuntimeBoot>): void {
  s.boot = s.boot.map((b, j) => (j === i ? { ...b, ...patch } : b));
  s.listener?.(s.boot);
}

export const createSessionNetwork: SessionNetworkFactory = (spec, onBoot) => {
  if (!shared || shared.size !== spec.runtimes) {
    shared?.pool.terminate();
    shared = startPool(spec.runtimes);
  }
  const s = shared;
  s.listener = onBoot;
  onBoot(s.boot);
  return createPooledNetwork(spec, s.pool);
};
