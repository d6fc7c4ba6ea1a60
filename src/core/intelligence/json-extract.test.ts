/** JSON extraction from messy, real-looking model answers. */
import { describe, expect, it } from "vitest";
import { extractJson, isPlainObject, JsonExtractError } from "./json-extract";

const hasResult = (v: unknown) => isPlainObject(v) && "result" in v;
const verdict = { accept: hasResult, shape: 'an object with "result"' };

describe("extractJson finds the value in messy answers", () => {
  const cases: [string, string, unknown][] = [
    ["plain JSON", '{"reasoning": "no", "give_coin": false}', { reasoning: "no", give_coin: false }],
    ["json code fence", '```json\n{"give_coin": false, "reasoning": "The wizard refuses."}\n```', { give_coin: false, reasoning: "The wizard refuses." }],
    ["unlabelled fence with prose around", 'Sure! Here is my answer:\n```\n{"score": 7}\n```\nLet me know if you need more.', { score: 7 }],
    ["prose before and after", 'After careful thought, my answer is {"result": true, "reason": "same meaning"} — hope that helps.', { result: true, reason: "same meaning" }],
    ["Answer: label", 'Answer: {"price": 101.5}', { price: 101.5 }],
    ["Python literals", "{'give_coin': False, 'reasoning': None, 'sure': True}", { give_coin: false, reasoning: null, sure: true }],
    ["Python dict repr with an apostrophe in a double-quoted value", `{'reason': "it's the same", 'result': True}`, { reason: "it's the same", result: true }],
    ["trailing commas", '{\n  "a": [1, 2, 3,],\n  "b": {"c": "d",},\n}', { a: [1, 2, 3], b: { c: "d" } }],
    ["braces and quotes inside strings", '{"text": "use {braces} and \\"quotes\\" freely }", "n": 1}', { text: 'use {braces} and "quotes" freely }', n: 1 }],
    ["apostrophes in prose before the JSON", "I don't think they match, here's why: {\"result\": false}", { result: false }],
    ["raw newlines inside a string", '{"summary": "line one\nline two", "ok": true}', { summary: "line one\nline two", ok: true }],
    ["comments in the object", '{\n  // the decision\n  "give_coin": false, /* firm */\n  "reasoning": "rules"\n}', { give_coin: false, reasoning: "rules" }],
    ["bare keys", "{result: true, reason: 'equivalent'}", { result: true, reason: "equivalent" }],
    ["a <think> block with braces before the answer", '<think>Maybe {"result": false}? No, they agree.</think>\n{"result": true}', { result: true }],
    ["nested objects and arrays", 'Output:\n{"teams": [{"name": "A", "goals": 2}, {"name": "B", "goals": 1}], "final": true}', { teams: [{ name: "A", goals: 2 }, { name: "B", goals: 1 }], final: true }],
    ["unicode and escapes", '{"city": "Zürich", "emoji": "\\u2705", "path": "C:\\\\tmp"}', { city: "Zürich", emoji: "✅", path: "C:\\tmp" }],
    ["byte order mark", '\uFEFF{"a": 1}', { a: 1 }],
    ["two objects: the last one wins", 'The format is {"result": "<bool>"}. My answer: {"result": true, "reason": "x"}', { result: true, reason: "x" }],
    ["markdown link then JSON", "See [the docs](https://example.com). Then: {\"ok\": 1}", { ok: 1 }],
    ["tilde fence", "~~~json\n{\"x\": [1, 2]}\n~~~", { x: [1, 2] }],
    ["unknown escape sequence keeps its backslash", '{"re": "\\d+ items"}', { re: "\\d+ items" }],
    ["a bare scalar after a label", "Answer: true", true],
    ["a number with an exponent", '{"big": 1e5, "neg": -2.5E-3}', { big: 100000, neg: -0.0025 }],
  ];
  it.each(cases)("%s", (_name, text, expected) => {
    expect(extractJson(text)).toEqual(expected);
  });

  it("prefers objects over arrays when no shape is asked", () => {
    expect(extractJson('Sources [1], [2]. Result: {"winner": "A"} [3]')).toEqual({ winner: "A" });
  });
});

describe("extractJson with an expected shape", () => {
  it("skips later candidates that do not fit and takes the last one that does", () => {
    const text = 'Verdict: {"result": false, "reason": "differs"}\nConfidence: {"level": "high"}';
    expect(extractJson(text, verdict)).toEqual({ result: false, reason: "differs" });
  });

  it("takes the last fitting candidate among several", () => {
    const text = 'First draft {"result": true}\nOn reflection: {"result": false, "reason": "numbers differ"}';
    expect(extractJson(text, verdict)).toEqual({ result: false, reason: "numbers differ" });
  });

  it("unwraps a single-key wrapper around the expected object", () => {
    expect(extractJson('{"answer": {"result": "Paris"}}', verdict)).toEqual({ result: "Paris" });
  });

  it("names the shape when JSON is present but does not fit", () => {
    expect(() => extractJson('{"verdict": "yes"}', verdict)).toThrow(/not an object with "result": "\{\\"verdict\\":\\"yes\\"\}"/);
  });
});

describe("extractJson failures are one clear line", () => {
  const failures: [string, string, RegExp][] = [
    ["empty", "   \n ", /answer is empty/],
    ["prose only", "I cannot help with that request.", /no valid JSON found in the model's answer: "I cannot help/],
    ["cut off by max tokens", 'Here you go: {"reasoning": "The adventurer asks politely but the wiz', /cut off/],
    ["single quotes that do not close", "{'reason': 'it's odd', 'result': True}", /no valid JSON found/],
  ];
  it.each(failures)("%s", (_name, text, message) => {
    let caught: unknown;
    try {
      extractJson(text);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(JsonExtractError);
    const msg = (caught as Error).message;
    expect(msg).toMatch(message);
    expect(msg).not.toContain("\n");
    expect(msg.length).toBeLessThan(200);
  });
});
