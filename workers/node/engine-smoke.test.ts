import { afterAll, describe, expect, it } from "vitest";
import { PythonRuntime } from "../../src/core/runtime/python-runtime";
import { spawnNodeWorker } from "./spawn-node-worker";

// A stand-in runner: echoes the request reversed after one host round trip.
const FAKE_SDK: Record<string, string> = {
  "genlayer/__init__.py": "",
  "genlayer/_host.py": `
_backend = None
def set_backend(b):
    global _backend
    _backend = b
`,
  "genlayer/_runner.py": `
import genlayer._host as h
def execute(req):
    if req == b"loop":
        while True:
            pass
    if req == b"escape":
        out = []
        for name in ["js", "pyodide", "pyodide_js", "_pyodide"]:
            try:
                __import__(name)
                out.append(name + ":imported")
            except Exception:
                out.append(name + ":blocked")
        return ",".join(out).encode()
    answer = h._backend(req)
    return answer[::-1]
`,
};

describe("python engine in a worker thread", () => {
  const rt = new PythonRuntime({ spawn: spawnNodeWorker, sdkFiles: FAKE_SDK });
  afterAll(() => rt.terminate());

  it("boots and round-trips through the synchronous host channel", async () => {
    const info = await rt.boot();
    expect(info.pythonVersion.startsWith("3.")).toBe(true);
    const big = new Uint8Array(3 << 20).fill(7);
    const out = await rt.execute(new TextEncoder().encode("abc"), async (req) => {
      expect(new TextDecoder().decode(req)).toBe("abc");
      return new Uint8Array([...big.subarray(0, 10), 1, 2, 3]);
    }, 5000);
    expect(out.ok).toBe(true);
    if (out.ok) expect(Array.from(out.response.slice(0, 3))).toEqual([3, 2, 1]);
    const large = await rt.execute(new TextEncoder().encode("x"), async () => big, 5000);
    expect(large.ok && large.response.length).toBe(big.length);
  });

  it("kills an infinite loop and recycles the worker", async () => {
    const out = await rt.execute(new TextEncoder().encode("loop"), async () => new Uint8Array(), 1500);
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.reason).toBe("timeout");
    const again = await rt.execute(new TextEncoder().encode("escape"), async () => new Uint8Array(), 5000);
    expect(again.ok).toBe(true);
    if (again.ok) expect(new TextDecoder().decode(again.response)).toMatch(/^js:blocked,.*pyodide_js:blocked/);
    expect(rt.bootCount).toBe(2);
  });
});

describe("a validator whose SDK cannot load", () => {
  it("fails to boot with one line, not a traceback", async () => {
    const broken = { ...FAKE_SDK, "genlayer/_runner.py": "def execute(req:\n    pass\n" };
    const rt = new PythonRuntime({ spawn: spawnNodeWorker, sdkFiles: broken });
    try {
      const err = await rt.boot().then(
        () => null,
        (e: Error) => e,
      );
      expect(err).not.toBeNull();
      expect(err!.message).toMatch(/^validator failed to start: SyntaxError/);
      expect(err!.message).not.toContain("Traceback");
      expect(err!.message).not.toContain("\n");
    } finally {
      rt.terminate();
    }
  });
});
