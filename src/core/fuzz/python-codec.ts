/**
 * Our Python SDK's calldata codec in Pyodide on a worker thread (src/core/calldata/
 * python-codec-thread.mjs), fed in large batches: one message per batch of inputs, one answer of
 * verdicts. Node only (tests).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

const SDK = fileURLToPath(new URL("../../sdk/genlayer/", import.meta.url));
const FILES = ["__init__.py", "py/__init__.py", "py/calldata.py", "py/types.py", "py/keccak.py"];

/** Python's answer for one input: its re-encoding of the decoded value, or the exception's type. */
export type PythonVerdict = { ok: true; bytes: Uint8Array } | { ok: false; error: string };

export class PythonCodec {
  private constructor(private readonly worker: Worker) {}

  static async start(): Promise<PythonCodec> {
    const sdkFiles = Object.fromEntries(FILES.map((f) => [`/sdk/genlayer/${f}`, f === "__init__.py" ? "" : readFileSync(SDK + f, "utf8")]));
    const worker = new Worker(new URL("../calldata/python-codec-thread.mjs", import.meta.url), {
      workerData: { sdkFiles },
      resourceLimits: { stackSizeMb: 64 },
    });
    await new Promise((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
    });
    return new PythonCodec(worker);
  }

  /** Decodes and re-encodes every input in Python; a worker crash rejects with its reason. */
  async roundTrip(inputs: readonly Uint8Array[]): Promise<PythonVerdict[]> {
    const blob = new Uint8Array(inputs.reduce((n, b) => n + 4 + b.length, 0));
    const view = new DataView(blob.buffer);
    let at = 0;
    for (const b of inputs) {
      view.setUint32(at, b.length, true);
      blob.set(b, at + 4);
      at += 4 + b.length;
    }
    const out: Uint8Array = await new Promise((resolve, reject) => {
      const onError = (e: Error) => reject(new Error(`the Python codec thread crashed: ${e.message}`));
      const onExit = (code: number) => reject(new Error(`the Python codec thread exited (code ${code})`));
      this.worker.once("error", onError);
      this.worker.once("exit", onExit);
      this.worker.once("message", (m: Uint8Array) => {
        this.worker.off("error", onError);
        this.worker.off("exit", onExit);
        resolve(m);
      });
      this.worker.postMessage(blob);
    });
    const res: PythonVerdict[] = [];
    const dv = new DataView(out.buffer, out.byteOffset, out.byteLength);
    const text = new TextDecoder();
    for (let i = 0; i < out.length; ) {
      const n = dv.getUint32(i + 1, true);
      const body = out.slice(i + 5, i + 5 + n);
      res.push(out[i] === 0 ? { ok: true, bytes: body } : { ok: false, error: text.decode(body) });
      i += 5 + n;
    }
    return res;
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}
