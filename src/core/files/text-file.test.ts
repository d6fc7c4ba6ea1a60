import { describe, expect, it } from "vitest";
import { decodeTextFile, fileSizeProblem, formatFileSize, freeFilePath, MAX_CONTRACT_FILE_BYTES } from "./text-file";

const utf8 = (s: string) => new TextEncoder().encode(s);
const SOURCE = "from genlayer import *\n\nclass C(gl.Contract):\n    def __init__(self):\n        pass\n";

describe("decodeTextFile", () => {
  it("reads UTF-8, with or without a BOM, unchanged", () => {
    expect(decodeTextFile("c.py", utf8(SOURCE), MAX_CONTRACT_FILE_BYTES)).toEqual({ ok: true, text: SOURCE });
    expect(decodeTextFile("c.py", Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8("# café\n")]), 100)).toEqual({ ok: true, text: "# café\n" });
  });

  it("refuses a file over the limit with its size and the limit", () => {
    const r = decodeTextFile("big.py", new Uint8Array(5 * 1024 * 1024).fill(0x23), MAX_CONTRACT_FILE_BYTES);
    expect(r).toEqual({ ok: false, message: "big.py is too large (5.0 MB; the limit is 1.0 MB)" });
    expect(fileSizeProblem("s.json", 20 * 1024 * 1024, 4 * 1024 * 1024)).toBe("s.json is too large (20.0 MB; the limit is 4.0 MB)");
    expect(fileSizeProblem("s.json", 10, 100)).toBeNull();
  });

  it("names common binary formats", () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect(decodeTextFile("logo.png", png, 100)).toEqual({ ok: false, message: "logo.png is not a text file (it looks like a PNG image)" });
    expect(decodeTextFile("a.zip", Uint8Array.from([0x50, 0x4b, 3, 4, 1, 2]), 100)).toMatchObject({ ok: false, message: expect.stringContaining("zip archive") });
  });

  it("refuses NUL bytes and random bytes", () => {
    expect(decodeTextFile("n.py", utf8("x = 1\0\ny = 2\n"), 100)).toEqual({ ok: false, message: "n.py is not a text file (it contains NUL bytes)" });
    // Random bytes without a NUL: not UTF-8, and as Latin-1 full of control characters.
    let seed = 7;
    const noise = Uint8Array.from({ length: 4096 }, () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), (seed >> 8) % 255) + 1);
    expect(decodeTextFile("noise.py", noise, 1e6)).toEqual({ ok: false, message: "noise.py is not a text file (it is full of control characters)" });
  });

  it("converts UTF-16 (with a BOM, or ASCII text without one) and says so", () => {
    const le = Uint8Array.from([0xff, 0xfe, ...[...SOURCE].flatMap((c) => [c.charCodeAt(0), 0])]);
    expect(decodeTextFile("w.py", le, 1e6)).toEqual({ ok: true, text: SOURCE, note: "w.py was UTF-16: it was converted to UTF-8" });
    const be = Uint8Array.from([...SOURCE].flatMap((c) => [0, c.charCodeAt(0)]));
    expect(decodeTextFile("b.py", be, 1e6)).toMatchObject({ ok: true, text: SOURCE });
  });

  it("reads non-UTF-8 8-bit text as Latin-1 with a note", () => {
    const latin1 = Uint8Array.from([...utf8("# caf"), 0xe9, ...utf8(" cr"), 0xe8, ...utf8("me\nx = 1\n")]);
    const r = decodeTextFile("l.py", latin1, 100);
    expect(r).toEqual({ ok: true, text: "# café crème\nx = 1\n", note: expect.stringContaining("read as Latin-1") });
  });
});

describe("file names", () => {
  it("keeps the last path segment and never takes a name in use", () => {
    expect(freeFilePath("dir/c.py", ["a.py"])).toBe("c.py");
    expect(freeFilePath("c.py", ["c.py", "c_2.py"])).toBe("c_3.py");
    expect(freeFilePath("Makefile", ["Makefile"])).toBe("Makefile_2");
  });
  it("formats sizes", () => {
    expect([formatFileSize(12), formatFileSize(1536), formatFileSize(3 * 1024 * 1024)]).toEqual(["12 B", "1.5 KB", "3.0 MB"]);
  });
});
