/**
 * TypeScript → Python → TypeScript: seeded random values encoded here are decoded and re-encoded
 * by our Python SDK in Pyodide and must come back byte for byte; random mutations of valid inputs
 * must get the same accept/reject verdict from both decoders.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decode, encode } from "./index";
import { COUNT, Rng, randomValues } from "./random-values";
import { hexToBytes, loadOracle } from "./testing";

const SDK = fileURLToPath(new URL("../../sdk/genlayer/", import.meta.url));
const SDK_FILES = Object.fromEntries(
  ["__init__.py", "py/__init__.py", "py/calldata.py", "py/types.py", "py/keccak.py"].map((f) => [
    `/sdk/genlayer/${f}`,
    f === "__init__.py" ? "" : readFileSync(SDK + f, "utf8"),
  ]),
);

let worker: Worker;
beforeAll(async () => {
  worker = new Worker(new URL("./python-codec-thread.mjs", import.meta.url), {
    workerData: { sdkFiles: SDK_FILES },
    resourceLimits: { stackSizeMb: 64 },
  });
  await new Promise((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  });
}, 120_000);
afterAll(() => worker?.terminate());

type PyVerdict = { ok: true; bytes: Uint8Array } | { ok: false; error: string };

async function pythonRoundTrip(inputs: Uint8Array[]): Promise<PyVerdict[]> {
  const size = inputs.reduce((n, b) => n + 4 + b.length, 0);
  const blob = new Uint8Array(size);
  const view = new DataView(blob.buffer);
  let at = 0;
  for (const b of inputs) {
    view.setUint32(at, b.length, true);
    blob.set(b, at + 4);
    at += 4 + b.length;
  }
  const out: Uint8Array = await new Promise((resolve) => {
    worker.once("message", resolve);
    worker.postMessage(blob);
  });
  const res: PyVerdict[] = [];
  const dv = new DataView(out.buffer, out.byteOffset, out.byteLength);
  for (let i = 0; i < out.length; ) {
    const status = out[i];
    const n = dv.getUint32(i + 1, true);
    const body = out.slice(i + 5, i + 5 + n);
    res.push(status === 0 ? { ok: true, bytes: body } : { ok: false, error: new TextDecoder().decode(body) });
    i += 5 + n;
  }
  return res;
}

function tsVerdict(bytes: Uint8Array): boolean {
  try {
    decode(bytes);
    return true;
  } catch {
    return false;
  }
}

describe("calldata across languages", () => {
  it(`${COUNT} random values survive TS → Python → TS byte for byte`, async () => {
    const encoded = [...randomValues()].map((v) => encode(v));
    const back = await pythonRoundTrip(encoded);
    expect(back).toHaveLength(COUNT);
    let same = 0;
    for (let i = 0; i < COUNT; i++) {
      const r = back[i];
      if (!r.ok) throw new Error(`python rejected value #${i}: ${r.error}`);
      expect(r.bytes).toEqual(encoded[i]);
      expect(encode(decode(r.bytes))).toEqual(encoded[i]);
      same++;
    }
    expect(same).toBe(COUNT);
  });

  it("both decoders give the same verdict on the oracle's malformed inputs", async () => {
    const inputs = loadOracle().malformed.map((m) => hexToBytes(m.hex));
    const py = await pythonRoundTrip(inputs);
    inputs.forEach((b, i) => expect(tsVerdict(b), `malformed #${i}`).toBe(py[i].ok));
    expect(py.every((v) => !v.ok)).toBe(true);
  });

  it("both decoders agree on 20,000 mutated inputs", async () => {
    const rng = new Rng(0x5eed);
    const seeds = [...randomValues(0x1234, 2000)].map((v) => encode(v));
    const inputs: Uint8Array[] = [];
    for (let i = 0; i < 20_000; i++) {
      const base = seeds[rng.below(seeds.length)];
      const m = Uint8Array.from(base);
      const kind = rng.below(4);
      if (kind === 0 && m.length) m[rng.below(m.length)] ^= 1 << rng.below(8);
      else if (kind === 1 && m.length) m[rng.below(m.length)] = rng.below(256);
      else if (kind === 2) inputs.push(m.slice(0, rng.below(m.length + 1)));
      else {
        const extra = Uint8Array.from({ length: 1 + rng.below(3) }, () => rng.below(256));
        const at = rng.below(m.length + 1);
        inputs.push(new Uint8Array([...m.slice(0, at), ...extra, ...m.slice(at)]));
      }
      if (kind < 2) inputs.push(m);
    }
    const py = await pythonRoundTrip(inputs);
    let accepted = 0;
    for (let i = 0; i < inputs.length; i++) {
      const ts = tsVerdict(inputs[i]);
      expect(ts, `mutation #${i} ${Buffer.from(inputs[i]).toString("hex")}`).toBe(py[i].ok);
      if (ts) {
        accepted++;
        const r = py[i];
        if (r.ok) expect(r.bytes).toEqual(encode(decode(inputs[i])));
      }
    }
    expect(accepted).toBeGreaterThan(1000);
    expect(inputs.length - accepted).toBeGreaterThan(1000);
  });
});
