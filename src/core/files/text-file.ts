/**
 * Files a person opens from their computer (a contract, a scenario): refused with one line when
 * they are too large or not text, otherwise decoded to a string. UTF-8 (with or without a BOM) is
 * read as is; UTF-16 (with a BOM, or plain ASCII text in UTF-16) and legacy 8-bit text
 * (Latin-1 / Windows-1252) are converted, with a note saying so. DOM-free.
 */

/** Largest contract file the editor takes. */
export const MAX_CONTRACT_FILE_BYTES = 1024 * 1024;
/** Largest scenario file "Open scenario file" takes (it is kept in this tab while it is open). */
export const MAX_SCENARIO_FILE_BYTES = 4 * 1024 * 1024;

export type TextFileResult = { ok: true; text: string; note?: string } | { ok: false; message: string };

/** 1536 → "1.5 KB", 5 * 2^20 → "5.0 MB". */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** One line when a file of `size` bytes is over `limit`, else null (check before reading it). */
export function fileSizeProblem(name: string, size: number, limit: number): string | null {
  return size > limit ? `${name} is too large (${formatFileSize(size)}; the limit is ${formatFileSize(limit)})` : null;
}

/** Leading bytes of common binary formats people pick by mistake. */
const SIGNATURES: { what: string; bytes: number[]; at?: number }[] = [
  { what: "a PNG image", bytes: [0x89, 0x50, 0x4e, 0x47] },
  { what: "a JPEG image", bytes: [0xff, 0xd8, 0xff] },
  { what: "a GIF image", bytes: [0x47, 0x49, 0x46, 0x38] },
  { what: "a WebP image", bytes: [0x57, 0x45, 0x42, 0x50], at: 8 },
  { what: "a PDF document", bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { what: "a zip archive", bytes: [0x50, 0x4b, 0x03, 0x04] },
  { what: "a gzip archive", bytes: [0x1f, 0x8b] },
  { what: "a WebAssembly module", bytes: [0x00, 0x61, 0x73, 0x6d] },
  { what: "an executable", bytes: [0x7f, 0x45, 0x4c, 0x46] },
];

const startsWith = (b: Uint8Array, sig: number[], at = 0) => b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x);

/** Share of control characters (other than tab, newlines, form feed, escape) in the first 8K characters. */
function controlShare(text: string): number {
  const sample = text.slice(0, 8192);
  if (sample.length === 0) return 0;
  let n = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 12 && c !== 13 && c !== 27) || c === 0x7f) n++;
  }
  return n / sample.length;
}

/** UTF-16 without a BOM: ASCII text has a zero in every other byte. */
function bomlessUtf16(b: Uint8Array): "utf-16le" | "utf-16be" | null {
  const n = Math.min(b.length, 8192) & ~1;
  if (n < 4) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) evenZero++;
    if (b[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.9 && evenZero < pairs * 0.1) return "utf-16le";
  if (evenZero > pairs * 0.9 && oddZero < pairs * 0.1) return "utf-16be";
  return null;
}

function decode(encoding: string, b: Uint8Array): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(b);
  } catch {
    return null;
  }
}

/** The text of a file's bytes, or one line saying why it is not a text file this app can open. */
export function decodeTextFile(name: string, bytes: Uint8Array, limit: number): TextFileResult {
  const big = fileSizeProblem(name, bytes.length, limit);
  if (big) return { ok: false, message: big };
  const sig = SIGNATURES.find((s) => startsWith(bytes, s.bytes, s.at));
  if (sig) return { ok: false, message: `${name} is not a text file (it looks like ${sig.what})` };
  let text: string | null = null;
  let note: string | undefined;
  const utf16 = startsWith(bytes, [0xff, 0xfe]) ? "utf-16le" : startsWith(bytes, [0xfe, 0xff]) ? "utf-16be" : bomlessUtf16(bytes);
  if (utf16) {
    text = decode(utf16, bytes);
    if (text === null) return { ok: false, message: `${name} is not a text file (it is not valid UTF-16)` };
    note = `${name} was UTF-16: it was converted to UTF-8`;
  } else if (bytes.includes(0)) {
    return { ok: false, message: `${name} is not a text file (it contains NUL bytes)` };
  } else {
    text = decode("utf-8", bytes);
    if (text === null) {
      text = decode("windows-1252", bytes);
      if (text === null) return { ok: false, message: `${name} is not a text file (its bytes are not UTF-8 or Latin-1 text)` };
      note = `${name} was not UTF-8: it was read as Latin-1 (Windows-1252); check its accented characters`;
    }
  }
  text = text.replace(/^\uFEFF/, "");
  if (text.includes("\0")) return { ok: false, message: `${name} is not a text file (it contains NUL characters)` };
  if (controlShare(text) > 0.05) return { ok: false, message: `${name} is not a text file (it is full of control characters)` };
  return note ? { ok: true, text, note } : { ok: true, text };
}

/** `name` (its last path segment), or `name_2.py`, `name_3.py`… when taken: nothing is replaced. */
export function freeFilePath(name: string, taken: readonly string[]): string {
  const base = name.split(/[\\/]/).pop()!.trim() || "contract.py";
  if (!taken.includes(base)) return base;
  const dot = base.lastIndexOf(".");
  const [stem, ext] = dot > 0 ? [base.slice(0, dot), base.slice(dot)] : [base, ""];
  let n = 2;
  while (taken.includes(`${stem}_${n}${ext}`)) n++;
  return `${stem}_${n}${ext}`;
}
