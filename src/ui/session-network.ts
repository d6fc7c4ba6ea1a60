/**
 * The app's network factory: Pyodide validators in browser Workers. The worker pool outlives a
 * network (executions are self-contained), so changing validators before the first transaction
 * rebuilds the network in milliseconds instead of re-booting Python.
 */
import type { CrashMode, PythonRuntime, RuntimeStatus } from "../core/runtime/python-runtime";
import { RuntimePool } from "../core/runtime/runtime-pool";
import { createPooledNetwork } from "../core/scenario/pooled-network";
import type { RuntimeBoot, SessionNetworkFactory } from "../core/session";
import { createBrowserRuntime } from "../../workers/browser/browser-runtime";
import { browserProviderFor } from "./llm/browser-providers";
import { browserEnclaveHosting } from "../../workers/browser/browser-enclaves";

interface SharedPool {
  size: number;
  pool: RuntimePool;
  boot: RuntimeBoot[];
  listener: ((boot: RuntimeBoot[]) => void) | null;
}

let shared: SharedPool | null = null;

function bootOf(id: string, s: RuntimeStatus): RuntimeBoot {
  return {
    id,
    state: s.state,
    stage: s.stage,
    progress: s.progress,
    measured: s.measured,
    restarts: s.restarts,
    ms: s.bootMs,
    python: s.python,
    startedFrom: s.startedFrom,
    message: s.message,
  };
}

function startPool(size: number): SharedPool {
  const runtimes: PythonRuntime[] = Array.from({ length: Math.max(1, size) }, () => createBrowserRuntime());
  const s: SharedPool = {
    size,
    pool: new RuntimePool(runtimes),
    boot: runtimes.map((rt, i) => bootOf(`worker ${i + 1}`, rt.status)),
    listener: null,
  };
  runtimes.forEach((rt, i) => {
    rt.onStatus((status) => {
      s.boot = s.boot.map((b, j) => (j === i ? bootOf(b.id, status) : b));
      s.listener?.(s.boot);
    });
    // Failures show through the status (state "failed" with a one-line message).
    rt.boot().catch(() => undefined);
  });
  return s;
}

export const createSessionNetwork: SessionNetworkFactory = (spec, onBoot, hooks) => {
  if (!shared || shared.size !== spec.runtimes) {
    shared?.pool.terminate();
    shared = startPool(spec.runtimes);
  }
  const s = shared;
  s.listener = onBoot;
  onBoot(s.boot);
  return createPooledNetwork(
    spec,
    s.pool,
    undefined,
    (sp, v) => {
      const provider = browserProviderFor(sp, v);
      return hooks ? hooks.wrapProvider(v.id, provider) : provider;
    },
    browserEnclaveHosting,
  );
};

/**
 * Test hook behind `window.genlayerPlayground.debug.crashWorker`: really kills worker `index`
 * (0-based) of the app's pool; the runtime notices and boots a replacement.
 */
export async function crashSessionWorker(index: number, mode: CrashMode = "throw"): Promise<void> {
  const runtime = shared?.pool.members[index];
  if (!runtime) throw new Error(`no Python worker ${index} (the pool has ${shared?.pool.size ?? 0})`);
  await runtime.crash(mode);
}

/** The app's workers as the header shows them (for tests). */
export function sessionWorkers(): RuntimeBoot[] {
  return shared ? shared.boot.map((b) => ({ ...b })) : [];
}

/**
 * Resolves once the app's pool has booted (every worker ready or failed), or after `maxMs` (no
 * pool yet, e.g. a remote network): the editor's worker starts after the validators' so it does
 * not compete with them for the cores.
 */
export function whenWorkersBooted(maxMs: number): Promise<void> {
  const until = performance.now() + maxMs;
  return new Promise((resolve) => {
    const check = () => {
      const booted = shared !== null && shared.boot.length > 0 && shared.boot.every((b) => b.state !== "booting");
      if (booted || performance.now() >= until) resolve();
      else setTimeout(check, 50);
    };
    check();
  });
}
