/** The scenario's `recordings` section and `llm.provider: "recorded"`. */
import { describe, expect, it } from "vitest";
import { parseScenario } from "./parse";

const BASE = { version: 1, name: "t", seed: "s", steps: [] };
const CALL = { kind: "prompt", key: "ab12", about: 'prompt "x"', answer: { score: "2:1" } };

function parse(doc: Record<string, unknown>) {
  return parseScenario({ ...BASE, ...doc });
}

describe("parseScenario: recordings", () => {
  it("accepts recorded validators with their calls and keeps them in the scenario", () => {
    const recordings = {
      v1: [
        CALL,
        { kind: "template", key: "cd", about: "EqComparative", answer: false },
        { kind: "request", key: "ef", about: "GET u", answer: { status: 404, headers: { "content-type": "text/plain" }, body: "aGk=" } },
        { kind: "render", key: "01", about: "render", answer: { text: "page" } },
        { kind: "render", key: "02", about: "shot", error: "screenshots are not available in the browser playground" },
      ],
      v2: [],
    };
    const r = parse({ network: { validators: { count: 2, llm: { provider: "recorded" } } }, recordings });
    if (!r.ok) throw new Error(r.errors.join("\n"));
    expect(r.scenario.network.validators.map((v) => v.llm)).toEqual([{ provider: "recorded" }, { provider: "recorded" }]);
    expect(r.scenario.recordings).toEqual(recordings);
    expect(parseScenario(JSON.parse(JSON.stringify(r.scenario)))).toEqual(r);
  });

  it("leaves scenarios without recordings unchanged", () => {
    const r = parse({});
    expect(r.ok && "recordings" in r.scenario).toBe(false);
  });

  const cases: [string, Record<string, unknown>, string][] = [
    ["recorded without recordings", { network: { validators: [{}, { llm: { provider: "recorded" } }] } }, 'recordings: required: validator "v2" answers from recordings (llm.provider "recorded")'],
    ["recordings not an object", { recordings: [] }, "recordings: expected an object of validator id → recorded calls, got an array"],
    ["unknown validator", { recordings: { v7: [] } }, 'recordings.v7: no validator "v7" in the network (did you mean "v1"?)'],
    ["calls not a list", { recordings: { v1: {} } }, "recordings.v1: expected a list of recorded calls, got an object"],
    ["unknown kind", { recordings: { v1: [{ ...CALL, kind: "promt" }] } }, 'recordings.v1[0].kind: "promt" is not valid here (did you mean "prompt"?)'],
    ["missing key", { recordings: { v1: [{ kind: "prompt", answer: "x" }] } }, "recordings.v1[0].key: required (the request's hash)"],
    ["answer and error", { recordings: { v1: [{ ...CALL, error: "x" }] } }, 'recordings.v1[0]: give either "answer" or "error"'],
    ["template answer", { recordings: { v1: [{ kind: "template", key: "k", answer: 1 }] } }, "recordings.v1[0].answer: expected true, false or text, got 1"],
    ["request body", { recordings: { v1: [{ kind: "request", key: "k", answer: { status: 200, headers: {}, body: "not base64!" } }] } }, "recordings.v1[0].answer: body: expected base64 text"],
    ["request status", { recordings: { v1: [{ kind: "request", key: "k", answer: { status: 7, headers: {}, body: "" } }] } }, "recordings.v1[0].answer: status: expected an HTTP status (100–599), got 7"],
    ["render answer", { recordings: { v1: [{ kind: "render", key: "k", answer: "text" }] } }, 'recordings.v1[0].answer: expected {"text": "…"} or {"image": "<base64>"}'],
    ["unknown field", { recordings: { v1: [{ ...CALL, anwser: 1 }] } }, 'recordings.v1[0]: unknown field "anwser" (did you mean "answer"?)'],
  ];
  it.each(cases)("%s", (_, doc, message) => {
    const r = parse(doc);
    expect(r.ok ? [] : r.errors).toEqual([message]);
  });
});
