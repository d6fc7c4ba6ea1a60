/**
 * Human-readable debug form of a calldata value, identical to Python's `calldata.to_str`:
 *   null / true / false, integers in decimal, strings JSON-quoted with every character outside
 *   printable ASCII escaped as \uXXXX (like Python's json.dumps), bytes `b#<hex>`, addresses
 *   `addr#<40 hex>`, arrays `[a,b]`, maps `{"k":v}` with keys in calldata (UTF-8 byte) order.
 * Not a wire format. Iterative, with the same depth limit as the encoder.
 */
import { normalize } from "./normalize";
import { bytesToHex, CalldataError, MAX_DEPTH, type EncodableValue } from "./types";

const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  "\\": "\\\\",
  "\b": "\\b",
  "\f": "\\f",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
};

/** JSON string literal with ASCII-only output (same as Python's `json.dumps(s)`). */
export function quoteString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    const code = s.charCodeAt(i);
    const short = SHORT_ESCAPES[ch];
    if (short !== undefined) out += short;
    else if (code >= 0x20 && code <= 0x7e) out += ch;
    else out += "\\u" + code.toString(16).padStart(4, "0");
  }
  return out + '"';
}

type Task = { value: EncodableValue; depth: number } | { raw: string };

/** The debug text of `value` (accepts everything `encode` accepts). */
export function toText(value: EncodableValue): string {
  const parts: string[] = [];
  const stack: Task[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const task = stack.pop()!;
    if ("raw" in task) {
      parts.push(task.raw);
      continue;
    }
    if (task.depth > MAX_DEPTH) throw new CalldataError(`calldata nesting is deeper than ${MAX_DEPTH} levels`);
    const n = normalize(task.value);
    switch (n.kind) {
      case "null":
        parts.push("null");
        break;
      case "bool":
        parts.push(n.value ? "true" : "false");
        break;
      case "int":
        parts.push(n.value.toString());
        break;
      case "str":
        parts.push(quoteString(n.value));
        break;
      case "bytes":
        parts.push("b#" + bytesToHex(n.value));
        break;
      case "address":
        parts.push("addr#" + bytesToHex(n.value));
        break;
      case "array":
        parts.push("[");
        stack.push({ raw: "]" });
        for (let i = n.items.length - 1; i >= 0; i--) {
          stack.push({ value: n.items[i], depth: task.depth + 1 });
          if (i > 0) stack.push({ raw: "," });
        }
        break;
      case "map":
        parts.push("{");
        stack.push({ raw: "}" });
        for (let i = n.entries.length - 1; i >= 0; i--) {
          const e = n.entries[i];
          stack.push({ value: e.value, depth: task.depth + 1 });
          stack.push({ raw: (i > 0 ? "," : "") + quoteString(e.key) + ":" });
        }
        break;
    }
  }
  return parts.join("");
}
