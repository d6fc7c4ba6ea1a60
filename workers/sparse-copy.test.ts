import { describe, expect, it } from "vitest";
import { sparseCopy, withSparseSnapshotCopy } from "./sparse-copy";

function pages(...fills: number[]): Uint8Array {
  const out = new Uint8Array(fills.length * 4096);
  fills.forEach((f, i) => f && out.fill(f, i * 4096, i * 4096 + 4096));
  return out;
}

describe("sparseCopy", () => {
  it("gives exactly a full copy: zero pages stay zero, stale bytes under zero pages are cleared", () => {
    const src = pages(1, 0, 0, 2, 3, 0, 4);
    src[4096 + 17] = 9; // a page that is zero but for one byte
    const dst = pages(0, 7, 0, 0, 0, 8, 0, 5); // stale bytes where src is zero, and a page beyond src
    sparseCopy(dst, src);
    expect(Array.from(dst.subarray(0, src.length))).toEqual(Array.from(src));
    expect(dst.subarray(src.length).every((b) => b === 5)).toBe(true); // beyond the source: untouched
  });

  it("handles a source that ends mid-page and unaligned views", () => {
    const src = new Uint8Array(4096 * 2 + 100).map((_, i) => (i % 3 === 0 ? 0 : i & 0xff));
    const backing = new Uint8Array(src.length + 8).fill(6);
    const dst = backing.subarray(1, 1 + src.length + 3);
    sparseCopy(dst, src.subarray(0));
    expect(Array.from(dst.subarray(0, src.length))).toEqual(Array.from(src));
    expect(() => sparseCopy(new Uint8Array(10), new Uint8Array(11))).toThrow(RangeError);
  });

  it("turns only the snapshot's own copy into an Int8Array into a sparse copy, and only while it runs", async () => {
    const snapshot = pages(0, 3, 0);
    const heap = new Int8Array(snapshot.length).fill(1);
    const other = new Int8Array(4);
    await withSparseSnapshotCopy(Promise.resolve(snapshot), async () => {
      heap.set(snapshot.subarray(0));
      other.set(new Uint8Array([1, 2, 3, 4]));
    });
    expect(Array.from(new Uint8Array(heap.buffer))).toEqual(Array.from(snapshot));
    expect(Array.from(other)).toEqual([1, 2, 3, 4]);
    expect(Object.hasOwn(Int8Array.prototype, "set")).toBe(false);
  });
});
