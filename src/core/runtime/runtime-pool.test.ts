import { describe, expect, it } from "vitest";
import type { PythonRuntime, RuntimeStatus } from "./python-runtime";
import { RuntimePool } from "./runtime-pool";

/** Stand-ins with only what the pool reads: a status and a name to see who ran the job. */
function runtime(name: string, state: RuntimeStatus["state"]): PythonRuntime {
  const status: RuntimeStatus = { state, stage: state === "ready" ? "ready" : "loading Pyodide", progress: 0, measured: false, restarts: 0 };
  return { name, status } as unknown as PythonRuntime;
}
const nameOf = async (r: PythonRuntime) => (r as unknown as { name: string }).name;

describe("RuntimePool", () => {
  it("sends work to a ready worker while another restarts", async () => {
    const pool = new RuntimePool([runtime("restarting", "booting"), runtime("ready", "ready")]);
    expect(await pool.use(nameOf)).toBe("ready");
    expect(pool.members.map((r) => r.status.state)).toEqual(["booting", "ready"]);
  });

  it("still uses a restarting worker when the ready ones are busier", async () => {
    const pool = new RuntimePool([runtime("restarting", "booting"), runtime("ready", "ready")]);
    let release: () => void = () => {};
    const busy = pool.use(() => new Promise<string>((r) => (release = () => r("ready"))));
    const second = pool.use(nameOf);
    const third = pool.use(nameOf);
    release();
    expect(await busy).toBe("ready");
    // One job on the ready worker ties with the restarting one's penalty; ties go to the first.
    expect(await second).toBe("restarting");
    expect(await third).toBe("ready");
  });
});
