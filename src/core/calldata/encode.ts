/** Calldata encoder. Iterative (explicit stack), so deep values never exhaust the JS stack. */
import { normalize } from "./normalize";
import {
  ATOM_ADDRESS,
  ATOM_FALSE,
  ATOM_NULL,
  ATOM_TRUE,
  CalldataError,
  MAX_DEPTH,
  TYPE_ARR,
  TYPE_BYTES,
  TYPE_MAP,
  TYPE_NINT,
  TYPE_PINT,
  TYPE_STR,
  type EncodableValue,
} from "./types";

const encoder = new TextEncoder();

/** A growable byte buffer. */
class ByteWriter {
  private buf = new Uint8Array(64);
  length = 0;

  private reserve(extra: number): void {
    if (this.length + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  byte(b: number): void {
    this.reserve(1);
    this.buf[this.length++] = b;
  }

  bytes(b: Uint8Array): void {
    this.reserve(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  result(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

/** Writes `v` (>= 0) as ULEB128. */
function writeUleb(out: ByteWriter, v: bigint | number): void {
  if (typeof v === "number" && v <= 0x7fffffff) {
    while (v >= 0x80) {
      out.byte((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out.byte(v);
    return;
  }
  // big numbers: split the binary digit string into septets (linear, not quadratic)
  let bits = BigInt(v).toString(2);
  bits = "0".repeat((7 - (bits.length % 7)) % 7) + bits;
  const count = bits.length / 7;
  for (let i = 0; i < count; i++) {
    const end = bits.length - 7 * i;
    const septet = parseInt(bits.slice(end - 7, end), 2);
    out.byte(i === count - 1 ? septet : septet | 0x80);
  }
}

function header(out: ByteWriter, payload: bigint | number, type: number): void {
  if (typeof payload === "number" && payload < 1 << 27) writeUleb(out, payload * 8 + type);
  else writeUleb(out, (BigInt(payload) << 3n) | BigInt(type));
}

type Task = { value: EncodableValue; depth: number } | { raw: Uint8Array };

/** Encodes one value as calldata. Throws CalldataError for anything not encodable. */
export function encode(value: EncodableValue): Uint8Array {
  const out = new ByteWriter();
  const stack: Task[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const task = stack.pop()!;
    if ("raw" in task) {
      out.bytes(task.raw);
      continue;
    }
    if (task.depth > MAX_DEPTH) throw new CalldataError(`calldata nesting is deeper than ${MAX_DEPTH} levels`);
    const n = normalize(task.value);
    switch (n.kind) {
      case "null":
        out.byte(ATOM_NULL << 3);
        break;
      case "bool":
        out.byte((n.value ? ATOM_TRUE : ATOM_FALSE) << 3);
        break;
      case "int":
        if (n.value >= 0n) header(out, n.value, TYPE_PINT);
        else header(out, -n.value - 1n, TYPE_NINT);
        break;
      case "str": {
        const utf8 = encoder.encode(n.value);
        header(out, utf8.length, TYPE_STR);
        out.bytes(utf8);
        break;
      }
      case "bytes":
        header(out, n.value.length, TYPE_BYTES);
        out.bytes(n.value);
        break;
      case "address":
        out.byte(ATOM_ADDRESS << 3);
        out.bytes(n.value);
        break;
      case "array":
        header(out, n.items.length, TYPE_ARR);
        for (let i = n.items.length - 1; i >= 0; i--) stack.push({ value: n.items[i], depth: task.depth + 1 });
        break;
      case "map":
        header(out, n.entries.length, TYPE_MAP);
        for (let i = n.entries.length - 1; i >= 0; i--) {
          const e = n.entries[i];
          stack.push({ value: e.value, depth: task.depth + 1 });
          const key = new ByteWriter();
          writeUleb(key, e.keyUtf8.length);
          key.bytes(e.keyUtf8);
          stack.push({ raw: key.result() });
        }
        break;
    }
  }
  return out.result();
}
