/** Text inputs → JSON arguments by the schema's declared types (until the schema forms land). */
import type { SchemaType } from "../../core/scenario/args";
import type { JsonValue } from "../../core/scenario/format";

export function parseArg(type: SchemaType, text: string): JsonValue {
  if (type === "string") return text;
  if (type === "int") return text.trim();
  if (type === "address") return text.trim();
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return text;
  }
}

export function typeLabel(type: SchemaType): string {
  return typeof type === "string" ? type : JSON.stringify(type);
}
