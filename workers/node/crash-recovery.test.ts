import { afterAll, describe, expect, it } from "vitest";
import { CRASH_DETAIL, PythonRuntime, type RuntimeStatus } from "../../src/core/runtime/python-runtime";
import { spawnNodeWorker } from "./spawn-node-worker";

// A stand-in runner: asks the host once and returns the answer reversed.
const FAKE_SDK: Record<string, string> = {
  "genlayer/__init__.py": "",
  "genlayer/_host.py": "_backend = None\ndef set_backend(b):\n    global _backend\n    _backend = b\n",
  "genlayer/_runner.py": "import genlayer._host as h\ndef execute(req):\n    return h._backend(req)[::-1]\n",
};

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);
const echo = async (req: Uint8Array) => req;

function until(rt: PythonRuntime, ok: (s: RuntimeStatus) => boolean): Promise<RuntimeStatus> {
  return new Promise((resolve) => {
    if (ok(rt.status)) return resolve(rt.status);
    const off = rt.onStatus((s) => {
      if (ok(s)) {
        off();
        resolve(s);
      }
    });
  });
}

describe("a validator worker's boot progress and crash recovery", () => {
  const rt = new PythonRuntime({ spawn: spawnNodeWorker, sdkFiles: FAKE_SDK });
  const seen: RuntimeStatus[] = [];
  rt.onStatus((s) => seen.push(s));
  afterAll(() => rt.terminate());

  it("reports boot stages in order with growing progress, then ready", async () => {
    const info = await rt.boot();
    const stages = seen.map((s) => s.stage).filter((st, i, all) => st !== all[i - 1]);
    expect(stages).toEqual(["loading Pyodide", "installing SDK", "ready"]);
    const progress = seen.map((s) => s.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(rt.status).toMatchObject({ state: "ready", progress: 1, restarts: 0, python: info.pythonVersion });
    expect(rt.status.bootMs).toBeGreaterThan(0);
  });

  it("replaces a worker that died of an uncaught error while idle", async () => {
    seen.length = 0;
    await rt.crash("throw");
    const back = await until(rt, (s) => s.restarts === 1 && s.state === "ready");
    expect(seen.some((s) => s.state === "booting" && s.restarts === 1)).toBe(true);
    expect(back.message).toMatch(new RegExp(`^${CRASH_DETAIL} \\(.*crash requested by a test hook`));
    expect(back.message).not.toContain("\n");
    const out = await rt.execute(bytes("abc"), echo, 5000);
    expect(out.ok && text(out.response)).toBe("cba");
    expect(rt.bootCount).toBe(2);
  });

  it("fails a call in flight with a one-line reason when its worker dies, and the next call works", async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((r) => (release = r));
    // The worker is blocked waiting for the host when it is killed.
    const inFlight = rt.execute(bytes("stuck"), async (req) => {
      await rt.crash("terminate");
      await held;
      return req;
    }, 5000);
    const out = await inFlight;
    release();
    expect(out.ok).toBe(false);
    if (!out.ok) {
      expect(out.reason).toBe("crashed");
      expect(out.detail).toBe(`${CRASH_DETAIL} (worker terminated by a test hook)`);
    }
    const next = await rt.execute(bytes("xyz"), echo, 5000);
    expect(next.ok && text(next.response)).toBe("zyx");
    expect(rt.status).toMatchObject({ state: "ready", restarts: 2 });
    expect(rt.bootCount).toBe(3);
  });
});
