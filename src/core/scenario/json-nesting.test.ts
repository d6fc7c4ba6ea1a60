/** Deeply nested JSON (pasted into a form, a scenario file or a link) is refused in one line instead of overflowing the stack. */
import { describe, expect, it } from "vitest";
import { buildField, parseField } from "../forms";
import type { SchemaType } from "./args";
import { jsonNestingExceeds, parseJsonText } from "./json-text";
import { parseScenario } from "./parse";

const nested = (depth: number) => "[".repeat(depth) + "]".repeat(depth);

describe("JSON nesting limits", () => {
  it("measures nesting without recursion, at any depth", () => {
    expect(jsonNestingExceeds(JSON.parse(nested(100)))).toBe(false);
    expect(jsonNestingExceeds(JSON.parse(nested(101)))).toBe(true);
    expect(jsonNestingExceeds(JSON.parse(nested(300_000)))).toBe(true);
    expect(jsonNestingExceeds({ a: [{ b: 1 }], c: "x" }, 3)).toBe(false);
    expect(jsonNestingExceeds({ a: [{ b: [] }] }, 3)).toBe(true);
  });

  it("a scenario nested too deeply is one error, not a stack overflow", () => {
    const doc = { version: 1, name: "x", seed: "s", contracts: { A: { source: "x" } }, steps: [{ deploy: { contract: "A", label: "a", args: [JSON.parse(nested(200_000))] } }] };
    expect(parseScenario(doc)).toEqual({ ok: false, errors: ["the scenario nests lists or objects more than 100 levels deep"] });
  });

  it("a form field with deep JSON gets a message; invalid deep JSON has no position but no crash", () => {
    const field = buildField("xs", "list" as SchemaType, false);
    expect(parseField(field, nested(5000))).toEqual({ ok: false, message: "lists and objects nest more than 100 levels deep here" });
    const bad = parseJsonText("[".repeat(200_000));
    expect(bad).toMatchObject({ ok: false, message: expect.any(String) });
    expect(parseField(field, "[".repeat(200_000))).toMatchObject({ ok: false, message: expect.stringMatching(/^invalid JSON: /) });
  });
});
