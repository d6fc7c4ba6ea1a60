/**
 * Copying an interpreter snapshot into fresh wasm memory without touching the pages that are zero
 * on both sides. Fresh memory is zero and only becomes resident when written: Pyodide's own restore
 * writes every byte, so about half of each restored worker's memory (pages of zeros) became
 * resident for nothing. The result is byte for byte the same as a full copy.
 */
const PAGE = 4096;

/** Makes `dst[0, src.length)` equal `src`, writing only pages that differ from zero. */
export function sparseCopy(dst: Uint8Array, src: Uint8Array): void {
  if (dst.length < src.length) throw new RangeError("sparseCopy: the destination is smaller than the source");
  const aligned = src.byteOffset % 4 === 0 && dst.byteOffset % 4 === 0;
  const s32 = aligned ? new Uint32Array(src.buffer, src.byteOffset, src.length >>> 2) : null;
  const d32 = aligned ? new Uint32Array(dst.buffer, dst.byteOffset, dst.length >>> 2) : null;
  const zero = (a: Uint8Array, w: Uint32Array | null, from: number, to: number) => {
    if (w && to - from === PAGE) {
      for (let i = from >>> 2, end = to >>> 2; i < end; i++) if (w[i] !== 0) return false;
      return true;
    }
    for (let i = from; i < to; i++) if (a[i] !== 0) return false;
    return true;
  };
  let run = -1; // start of a run of pages to copy
  for (let p = 0; p < src.length; p += PAGE) {
    const end = Math.min(p + PAGE, src.length);
    if (!zero(src, s32, p, end)) {
      if (run < 0) run = p;
      continue;
    }
    if (run >= 0) {
      dst.set(src.subarray(run, p), run);
      run = -1;
    }
    if (!zero(dst, d32, p, end)) dst.fill(0, p, end); // reading a fresh page does not make it resident
  }
  if (run >= 0) dst.set(src.subarray(run), run);
}

/**
 * While `during` runs, a `set` of `snapshot`'s bytes into an Int8Array (Pyodide's restore writes
 * `HEAP8.set(heapPart)`) becomes a sparse copy. Everything else goes through as usual.
 */
export async function withSparseSnapshotCopy<T>(snapshot: Promise<Uint8Array>, during: () => Promise<T>): Promise<T> {
  let buffer: ArrayBufferLike | null = null;
  void snapshot.then((b) => (buffer = b.buffer)).catch(() => undefined);
  const proto = Int8Array.prototype as { set: (src: ArrayLike<number>, offset?: number) => void };
  const original = proto.set;
  const own = Object.hasOwn(proto, "set");
  proto.set = function (this: Int8Array, src: ArrayLike<number>, offset = 0) {
    if (offset === 0 && src instanceof Uint8Array && buffer !== null && src.buffer === buffer)
      return sparseCopy(new Uint8Array(this.buffer, this.byteOffset, this.length), src);
    return original.call(this, src, offset);
  };
  try {
    return await during();
  } finally {
    if (own) proto.set = original;
    else delete (proto as { set?: unknown }).set; // back to %TypedArray%.prototype.set
  }
}
