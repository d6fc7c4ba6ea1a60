/**
 * A few Python runtimes shared by many validators. Executions are self-contained (fresh module
 * state, storage passed in), so which interpreter runs one does not change its result; the pool
 * only spreads the work and bounds memory (≈ 80 MB per interpreter).
 */
import type { EngineInfo } from "../../../workers/python-engine";
import type { PythonRuntime } from "./python-runtime";

export class RuntimePool {
  private readonly pending: number[];

  constructor(private readonly runtimes: PythonRuntime[]) {
    if (runtimes.length === 0) throw new Error("a runtime pool needs at least one runtime");
    this.pending = runtimes.map(() => 0);
  }

  get size(): number {
    return this.runtimes.length;
  }

  /** Boots every runtime (in parallel). */
  boot(): Promise<EngineInfo[]> {
    return Promise.all(this.runtimes.map((r) => r.boot()));
  }

  /** The runtimes, in order ("worker 1" is index 0); for status displays and test hooks. */
  get members(): readonly PythonRuntime[] {
    return this.runtimes;
  }

  /**
   * Runs `job` on the least busy runtime. A runtime that is (re)booting counts as one job busier,
   * so work goes to a ready worker while a crashed one restarts, but still waits rather than fails
   * when none is ready.
   */
  async use<T>(job: (runtime: PythonRuntime) => Promise<T>): Promise<T> {
    const load = (i: number) => this.pending[i] + (this.runtimes[i].status.state === "ready" ? 0 : 1);
    let best = 0;
    for (let i = 1; i < this.runtimes.length; i++) if (load(i) < load(best)) best = i;
    this.pending[best]++;
    try {
      return await job(this.runtimes[best]);
    } finally {
      this.pending[best]--;
    }
  }

  terminate(): void {
    for (const r of this.runtimes) r.terminate();
  }
}
