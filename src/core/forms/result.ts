/**
 * Rendering of decoded view/return values for the UI: JSON-like, integers exact and unquoted,
 * strings JSON-quoted (non-ASCII kept readable), bytes as 0x hex, addresses in checksum form
 * (both unquoted, so they differ from strings), maps as objects in their order. Short values stay
 * on one line; longer ones are indented by two spaces.
 */
import { Address, bytesToHex, type CalldataValue } from "../calldata";

const WIDTH = 60;

export function formatResult(value: CalldataValue): string {
  return render(value, "");
}

function inline(v: CalldataValue): string {
  if (v === null) return "null";
  if (typeof v === "boolean" || typeof v === "bigint") return String(v);
  if (typeof v === "string") return JSON.stringify(v);
  if (v instanceof Address) return v.toChecksum();
  if (v instanceof Uint8Array) return "0x" + bytesToHex(v);
  if (Array.isArray(v)) return `[${v.map(inline).join(", ")}]`;
  return `{${[...v].map(([k, x]) => `${JSON.stringify(k)}: ${inline(x)}`).join(", ")}}`;
}

function render(v: CalldataValue, indent: string): string {
  const one = inline(v);
  if (one.length + indent.length <= WIDTH || !(Array.isArray(v) || v instanceof Map)) return one;
  const inner = indent + "  ";
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    return `[\n${v.map((x) => inner + render(x, inner)).join(",\n")}\n${indent}]`;
  }
  if (v.size === 0) return "{}";
  return `{\n${[...v].map(([k, x]) => `${inner}${JSON.stringify(k)}: ${render(x, inner)}`).join(",\n")}\n${indent}}`;
}
