import { afterEach, describe, expect, it } from "vitest";
import { trackPyodideDownload } from "./download-progress";

const realFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = realFetch;
});

/** A fake server: `size` bytes sent in `chunks` pieces with a Content-Length header. */
function serve(size: number, chunks: number): typeof fetch {
  return async () => {
    const piece = new Uint8Array(size / chunks);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < chunks) controller.enqueue(piece);
        else controller.close();
      },
    });
    return new Response(body, { headers: { "content-length": String(size), "content-type": "application/wasm" } });
  };
}

describe("Pyodide download progress", () => {
  it("reports the received share of the wasm and the stdlib zip, never going down, and restores fetch", async () => {
    globalThis.fetch = serve(1000, 4);
    const fake = globalThis.fetch;
    const seen: number[] = [];
    const stop = trackPyodideDownload((f) => seen.push(f));
    expect(globalThis.fetch).not.toBe(fake);

    const wasm = await fetch("http://x/pyodide/pyodide.asm.wasm");
    expect(wasm.headers.get("content-type")).toBe("application/wasm");
    expect((await wasm.arrayBuffer()).byteLength).toBe(1000);
    expect(seen).toEqual([0.2, 0.4, 0.6, 0.8].map((x) => expect.closeTo(x, 5)));

    await (await fetch("http://x/pyodide/python_stdlib.zip?v=1")).arrayBuffer();
    expect(seen.at(-1)).toBeCloseTo(1, 5);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));

    const before = seen.length;
    await (await fetch("http://x/pyodide/pyodide-lock.json")).arrayBuffer();
    expect(seen.length).toBe(before);

    stop();
    expect(globalThis.fetch).toBe(fake);
  });

  it("counts only the stdlib zip when the page compiled the interpreter (the wasm body is dropped)", async () => {
    globalThis.fetch = serve(1000, 2);
    const seen: number[] = [];
    const stop = trackPyodideDownload((f) => seen.push(f), { wasmCompiled: true });
    await fetch("http://x/pyodide/pyodide.asm.wasm"); // never read, as after installCompiledModule
    expect(seen).toEqual([]);
    await (await fetch("http://x/pyodide/python_stdlib.zip")).arrayBuffer();
    expect(seen).toEqual([0.5, 1].map((x) => expect.closeTo(x, 5)));
    stop();
  });
});
