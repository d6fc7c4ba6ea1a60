/**
 * Measures how much of Pyodide's big files (the interpreter's .wasm and the standard library .zip)
 * has arrived, by wrapping the worker's `fetch` while Pyodide loads. Only in a browser: in Node
 * Pyodide reads its files from disk and nothing is reported.
 */

/** Share of the download each file stands for (the wasm is about four times the zip). */
const WEIGHTS: { suffix: string; weight: number }[] = [
  { suffix: ".wasm", weight: 0.8 },
  { suffix: ".zip", weight: 0.2 },
];

type Fetch = typeof fetch;

/**
 * Installs the wrapper; `report(fraction)` is called with the downloaded share (0..1, never going
 * down). Returns a function that puts the original `fetch` back.
 */
export function trackPyodideDownload(report: (fraction: number) => void, opts: { wasmCompiled?: boolean } = {}): () => void {
  const g = globalThis as { fetch?: Fetch; Response?: typeof Response; TransformStream?: typeof TransformStream };
  const original = g.fetch;
  if (!original || !g.Response || !g.TransformStream) return () => {};
  // with the interpreter compiled by the page, the .wasm body is dropped unread: only the zip counts
  const weights = opts.wasmCompiled ? [{ suffix: ".zip", weight: 1 }] : WEIGHTS;
  const done = new Map<string, number>();
  let reported = 0;
  const update = (suffix: string, fraction: number) => {
    done.set(suffix, fraction);
    let total = 0;
    for (const w of weights) total += w.weight * (done.get(w.suffix) ?? 0);
    if (total > reported + 0.005 || (total >= 1 && reported < 1)) {
      reported = total;
      report(total);
    }
  };
  const wrapped: Fetch = async (input, init) => {
    const response = await original(input, init);
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const path = url.split(/[?#]/)[0];
    const file = weights.find((w) => path.endsWith(w.suffix));
    const size = Number(response.headers.get("content-length") ?? 0);
    if (!file || !response.ok || !response.body || !(size > 0)) return response;
    let received = 0;
    const counter = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        received += chunk.byteLength;
        update(file.suffix, Math.min(1, received / size));
        controller.enqueue(chunk);
      },
    });
    return new Response(response.body.pipeThrough(counter), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
  g.fetch = wrapped;
  return () => {
    if (g.fetch === wrapped) g.fetch = original;
  };
}
