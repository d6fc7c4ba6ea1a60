/**
 * Strict calldata decoder, with the Python SDK's verdicts: rejects non-minimal ULEB128, unsorted
 * or duplicate map keys, invalid UTF-8, truncated input, trailing bytes, type 7, unknown atoms and
 * nesting deeper than MAX_DEPTH. A leading U+FEFF in strings is kept. Iterative (explicit stack).
 */
import { compareBytes } from "./normalize";
import {
  ADDRESS_SIZE,
  Address,
  ATOM_ADDRESS,
  ATOM_FALSE,
  ATOM_NULL,
  ATOM_TRUE,
  CalldataError,
  MAX_DEPTH,
  TYPE_ARR,
  TYPE_ATOM,
  TYPE_BYTES,
  TYPE_MAP,
  TYPE_NINT,
  TYPE_PINT,
  TYPE_STR,
  type CalldataValue,
} from "./types";

/** A number for an error message; past 256 bits (Python will not print past 4,300 digits) its size. */
function shortInt(n: number | bigint): string {
  return typeof n === "bigint" && n >= 1n << 256n ? `of ${n.toString(2).length} bits` : String(n);
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

interface ArrayFrame {
  items: CalldataValue[];
  remaining: number;
}

interface MapFrame {
  map: Map<string, CalldataValue>;
  remaining: number;
  key: string;
  lastKey: Uint8Array | null;
}

type Frame = ArrayFrame | MapFrame;

class Reader {
  pos = 0;
  constructor(readonly buf: Uint8Array) {}

  /** Reads a minimal ULEB128 number; small ones come back as number, others as bigint. */
  uleb(): number | bigint {
    const buf = this.buf;
    const start = this.pos;
    let end = start;
    for (;;) {
      if (end >= buf.length)
        throw new CalldataError(end === start ? "unexpected end of input" : "unexpected end of input inside a ULEB128 number");
      if (buf[end++] < 0x80) break;
    }
    if (end - start > 1 && buf[end - 1] === 0)
      throw new CalldataError(`non-minimal ULEB128 number at offset ${start}: most significant octet is zero`);
    this.pos = end;
    if (end - start <= 4) {
      let v = 0;
      for (let i = end - 1; i >= start; i--) v = v * 128 + (buf[i] & 0x7f);
      return v;
    }
    let bits = "";
    for (let i = end - 1; i >= start; i--) bits += (buf[i] & 0x7f).toString(2).padStart(7, "0");
    return BigInt("0b" + bits);
  }

  /** Reads a length/count: anything beyond the remaining input can not be satisfied. */
  length(what: string, payload: number | bigint, bytesPerUnit: number): number {
    const left = this.buf.length - this.pos;
    if (typeof payload === "bigint" && payload <= BigInt(Number.MAX_SAFE_INTEGER)) payload = Number(payload);
    if (typeof payload === "bigint" || payload * bytesPerUnit > left)
      throw new CalldataError(`unexpected end of input: ${what} needs more bytes than are left`);
    return payload;
  }

  take(n: number): Uint8Array {
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
}

function decodeUtf8(bytes: Uint8Array, what: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new CalldataError(`invalid UTF-8 in ${what}`);
  }
}

function splitHeader(header: number | bigint): [type: number, payload: number | bigint] {
  if (typeof header === "number") return [header & 7, Math.floor(header / 8)];
  const payload = header >> 3n;
  return [Number(header & 7n), payload <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(payload) : payload];
}

function readMapKey(r: Reader, frame: MapFrame): void {
  const len = r.length("a map key", r.uleb(), 1);
  const keyBytes = r.take(len);
  const key = decodeUtf8(keyBytes, "a map key");
  if (frame.lastKey !== null && compareBytes(keyBytes, frame.lastKey) <= 0) {
    const prev = decodeUtf8(frame.lastKey, "a map key");
    throw new CalldataError(`unordered map keys: ${JSON.stringify(prev)} >= ${JSON.stringify(key)}`);
  }
  frame.lastKey = keyBytes;
  frame.key = key;
}

/** Decodes one calldata value that must span all of `bytes`. Throws CalldataError. */
export function decode(bytes: Uint8Array): CalldataValue {
  if (!(bytes instanceof Uint8Array)) throw new CalldataError("calldata must be bytes");
  const r = new Reader(bytes);
  const stack: Frame[] = [];
  for (;;) {
    const top = stack.length > 0 ? stack[stack.length - 1] : null;
    if (top !== null && "map" in top) readMapKey(r, top);
    if (stack.length > MAX_DEPTH) throw new CalldataError(`calldata nesting is deeper than ${MAX_DEPTH} levels`);

    const [type, payload] = splitHeader(r.uleb());
    let value: CalldataValue;
    switch (type) {
      case TYPE_ATOM:
        if (payload === ATOM_NULL) value = null;
        else if (payload === ATOM_FALSE) value = false;
        else if (payload === ATOM_TRUE) value = true;
        else if (payload === ATOM_ADDRESS) {
          if (bytes.length - r.pos < ADDRESS_SIZE) throw new CalldataError("unexpected end of input inside an address");
          value = new Address(r.take(ADDRESS_SIZE));
        } else throw new CalldataError(`unknown atom ${shortInt(payload)}`);
        break;
      case TYPE_PINT:
        value = BigInt(payload);
        break;
      case TYPE_NINT:
        value = -BigInt(payload) - 1n;
        break;
      case TYPE_BYTES:
        value = new Uint8Array(r.take(r.length("bytes", payload, 1))); // a copy, never a Buffer view
        break;
      case TYPE_STR:
        value = decodeUtf8(r.take(r.length("a string", payload, 1)), "a string");
        break;
      case TYPE_ARR: {
        const count = r.length("an array", payload, 1);
        if (count > 0) {
          stack.push({ items: [], remaining: count });
          continue;
        }
        value = [];
        break;
      }
      case TYPE_MAP: {
        const count = r.length("a map", payload, 2);
        if (count > 0) {
          stack.push({ map: new Map(), remaining: count, key: "", lastKey: null });
          continue;
        }
        value = new Map();
        break;
      }
      default:
        throw new CalldataError("invalid type 7 (reserved)");
    }

    // hand the finished value to its parent, closing every container that is now full
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      if ("map" in frame) frame.map.set(frame.key, value);
      else frame.items.push(value);
      if (--frame.remaining > 0) break;
      stack.pop();
      value = "map" in frame ? frame.map : frame.items;
    }
    if (stack.length === 0) {
      if (r.pos !== bytes.length)
        throw new CalldataError(`${bytes.length - r.pos} unparsed trailing byte(s) after the value`);
      return value;
    }
  }
}
