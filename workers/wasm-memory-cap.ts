/**
 * Caps the linear memory of WebAssembly modules compiled in this worker (Pyodide's interpreter),
 * so a contract's memory bomb fails with MemoryError at the cap instead of growing to 4 GB.
 * It rewrites the maximum in the module's memory section before compilation; it only patches when
 * the new maximum encodes to the same number of bytes, so nothing else in the binary moves.
 */

const PAGE = 65536;

/** The interpreter's memory cap unless a runtime sets another (1 GiB). */
export const DEFAULT_MEMORY_LIMIT_BYTES = 1024 * 1024 * 1024;

/** Where the (single) memory's limits are, or null (not wasm, no memory section, not in `bytes`). */
function memoryLimits(bytes: Uint8Array): { minPages: number; maxPages: number | null; maxAt: number; end: number } | null {
  if (bytes.length < 8 || bytes[0] !== 0x00 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) return null;
  let i = 8;
  while (i + 6 < bytes.length) {
    const id = bytes[i];
    const [size, payload] = readLeb(bytes, i + 1);
    if (id === 5) {
      if (payload + 12 > bytes.length) return null;
      const [count, first] = readLeb(bytes, payload);
      if (count !== 1) return null;
      const flags = bytes[first];
      const [minPages, maxAt] = readLeb(bytes, first + 1);
      if (!(flags & 1)) return { minPages, maxPages: null, maxAt, end: maxAt };
      const [maxPages, end] = readLeb(bytes, maxAt);
      return { minPages, maxPages, maxAt, end };
    }
    i = payload + size;
  }
  return null;
}

/** Returns a patched copy of `bytes` (or the input untouched when there is nothing to patch). */
export function capWasmMemory(bytes: Uint8Array, maxBytes: number): Uint8Array {
  const limits = memoryLimits(bytes);
  if (!limits || limits.maxPages === null) return bytes;
  const wanted = Math.max(limits.minPages, Math.min(limits.maxPages, Math.floor(maxBytes / PAGE)));
  const encoded = encodeLeb(wanted, limits.end - limits.maxAt);
  if (!encoded) return bytes;
  const out = Uint8Array.from(bytes);
  out.set(encoded, limits.maxAt);
  return out;
}

/** Whether the start of a module (`prefix`) shows its memory already capped at `maxBytes` or less. */
export function isMemoryCapped(prefix: Uint8Array, maxBytes: number): boolean {
  const limits = memoryLimits(prefix);
  return limits !== null && limits.maxPages !== null && limits.maxPages <= Math.floor(maxBytes / PAGE);
}

/** Makes every WebAssembly compile/instantiate in this realm apply `capWasmMemory`. */
export function installWasmMemoryCap(maxBytes: number): void {
  const W = WebAssembly as unknown as Record<string, (...args: unknown[]) => unknown>;
  const patch = (src: unknown): unknown => {
    if (src instanceof ArrayBuffer) return capWasmMemory(new Uint8Array(src), maxBytes);
    if (ArrayBuffer.isView(src)) return capWasmMemory(new Uint8Array(src.buffer, src.byteOffset, src.byteLength), maxBytes);
    return src;
  };
  const instantiate = W.instantiate.bind(WebAssembly);
  const compile = W.compile.bind(WebAssembly);
  W.instantiate = (src: unknown, ...rest: unknown[]) => instantiate(patch(src), ...rest);
  W.compile = (src: unknown, ...rest: unknown[]) => compile(patch(src), ...rest);
  const bytesOf = async (source: unknown) => new Uint8Array(await (await (source as Promise<Response>)).arrayBuffer());
  W.instantiateStreaming = async (source: unknown, ...rest: unknown[]) => instantiate(patch(await bytesOf(source)), ...rest);
  W.compileStreaming = async (source: unknown) => compile(patch(await bytesOf(source)));
}

/**
 * Makes the interpreter's instantiation in this realm use `module`, compiled once by the page from
 * the capped bytes (see `capWasmMemory`), instead of compiling its own copy: the compile and the
 * optimised code are shared by every worker. Pyodide still fetches the file; its body is dropped.
 */
export function installCompiledModule(module: WebAssembly.Module): void {
  const W = WebAssembly as unknown as Record<string, (...args: unknown[]) => unknown>;
  const instantiate = W.instantiate.bind(WebAssembly) as (m: WebAssembly.Module, imports: unknown) => Promise<WebAssembly.Instance>;
  const withModule = async (imports: unknown) => ({ module, instance: await instantiate(module, imports) });
  W.instantiateStreaming = async (source: unknown, imports: unknown) => {
    void (await (source as Promise<Response>))?.body?.cancel().catch(() => undefined);
    return withModule(imports);
  };
  W.instantiate = (src: unknown, imports: unknown) => (src instanceof WebAssembly.Module ? instantiate(src, imports) : withModule(imports));
}

function readLeb(b: Uint8Array, at: number): [number, number] {
  let result = 0;
  let shift = 0;
  let byte: number;
  do {
    byte = b[at++];
    result += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [result, at];
}

/** Unsigned LEB128 of `value` padded to exactly `width` bytes, or null if it does not fit. */
function encodeLeb(value: number, width: number): Uint8Array | null {
  const out = new Uint8Array(width);
  let v = value;
  for (let k = 0; k < width; k++) {
    out[k] = (v & 0x7f) | (k < width - 1 ? 0x80 : 0);
    v = Math.floor(v / 128);
  }
  return v === 0 ? out : null;
}

/** Detaches `buffer`, freeing its memory at once where the engine can (ArrayBuffer.prototype.transfer). */
export function releaseBuffer(buffer: ArrayBufferLike): void {
  (buffer as { transfer?: (length: number) => ArrayBuffer }).transfer?.(0);
}
