/** The side-by-side model of a round's non-deterministic calls, on receipts shaped like the
 * Pyodide executor's (host payloads and answers round-tripped through the calldata codec). */
import { describe, expect, it } from "vitest";
import { Address, decode, encode, type CalldataValue, type EncodableValue } from "../calldata";
import { failedReceipt } from "../consensus/rounds";
import type { Receipt, Round, VoteRecord } from "../consensus/types";
import { clipText, compareNondet, describeAnswer, describeInput, nondetCalls, type CompareCell } from "./nondet-compare";

/** What the host records: the decoded request payload and the answer as Python received it. */
function hostCall(request: string, payload: EncodableValue, answer: EncodableValue) {
  return { request, payload: decode(encode(payload)), answer: decode(encode(answer)) };
}

const WIZARD_PROMPT = "\nYou are a wizard, and you hold a magical coin.\nA new adventurer approaches...\nAdventurer: Give me the coin\n";
const prompt = (answer: EncodableValue, text = WIZARD_PROMPT) =>
  hostCall("ExecPrompt", { prompt: text, response_format: "json", images: [] }, answer);
const WIZARD_JSON = '{"give_coin": false, "reasoning": "A wizard never gives the coin."}';

function receipt(validator: string, role: Receipt["role"], calls: ReturnType<typeof hostCall>[]): Receipt {
  return { ...failedReceipt(validator, role, "user_error", 51), outcome: { kind: "user_error", message: "no coin" }, hostCalls: calls };
}

function vote(validator: string, v: VoteRecord["vote"], reason: string): VoteRecord {
  return { validator, vote: v, commitment: "0x" + "00".repeat(32), reason };
}

function round(leader: Receipt | null, validators: Receipt[], votes: VoteRecord[] = [], ids?: string[]): Round {
  return {
    index: 0,
    kind: "normal",
    leader: leader?.validator ?? ids![0],
    validators: ids ?? [leader!.validator, ...validators.map((r) => r.validator)],
    leaderReceipt: leader,
    validatorReceipts: validators,
    votes,
    result: null,
    label: "",
  };
}

function call(c: CompareCell) {
  if (c.kind !== "call") throw new Error(`expected a call cell, got ${c.kind}`);
  return c;
}

describe("compareNondet", () => {
  it("puts the leader first and marks the validator whose LLM answer differs", () => {
    const ok = { ok: WIZARD_JSON };
    const flaky = { error: "flaky LLM: the provider failed to answer (simulated outage)" };
    const r = round(receipt("v3", "leader", [prompt(ok)]), [receipt("v2", "validator", [prompt(flaky)]), receipt("v1", "validator", [prompt(ok)])], [
      vote("v3", "agree", "leader: its own receipt"),
      vote("v2", "disagree", "a non-deterministic block's validator function rejected the leader's result"),
      vote("v1", "agree", "same result"),
    ]);
    // Selection order puts v2 before v1; the leader (v3) still comes first.
    r.validators = ["v2", "v3", "v1"];
    const cmp = compareNondet(r);
    expect(cmp.executed).toBe(true);
    expect(cmp.columns.map((c) => [c.validator, c.role, c.vote])).toEqual([
      ["v3", "leader", "agree"],
      ["v2", "validator", "disagree"],
      ["v1", "validator", "agree"],
    ]);
    expect(cmp.rows).toHaveLength(1);
    const row = cmp.rows[0];
    expect(row.request).toBe("ExecPrompt");
    expect(row.input).toEqual({ title: "LLM prompt", text: WIZARD_PROMPT, facts: ["JSON answer"] });
    expect(row.differing).toBe(1);
    const [lead, v2, v1] = row.cells.map(call);
    expect(lead.answer.status).toBe("ok");
    expect(JSON.parse(lead.answer.text)).toEqual({ give_coin: false, reasoning: "A wizard never gives the coin." });
    expect(lead.answer.text.split("\n").length).toBeGreaterThan(1); // indented for a narrow column
    expect(v2).toMatchObject({ sameInput: true, sameAnswer: false, answer: { status: "error", text: flaky.error } });
    expect(v1).toMatchObject({ sameInput: true, sameAnswer: true });
  });

  it("matches calls by position among LLM and web calls only, and reads each kind", () => {
    const contractRead = hostCall("CallContract", { address: new Address(new Uint8Array(20).fill(7)), state: 0n }, { ok: { code: "x", storage: new Map(), balance: 0n } });
    const balance = hostCall("GetBalance", { address: new Address(new Uint8Array(20).fill(7)) }, { ok: 5n });
    const web = hostCall(
      "WebRequest",
      { url: "https://example.com/price", method: "GET", headers: new Map(), body: null },
      { ok: { response: { status: 200n, headers: new Map(), body: new TextEncoder().encode("<p>42</p>") } } },
    );
    const render = (text: string) => hostCall("WebRender", { url: "https://example.com/", mode: "text", wait_after_loaded: "0ms" }, { ok: { text } });
    const template = hostCall(
      "ExecPromptTemplate",
      { template: "EqComparative", leader_answer: "42", validator_answer: "42", principle: "same number" },
      { ok: true },
    );
    const leader = receipt("v1", "leader", [contractRead, web, render("hello"), template]);
    const validator = receipt("v2", "validator", [web, balance, render("hello, world"), template]);
    const cmp = compareNondet(round(leader, [validator]));
    expect(nondetCalls(leader).map((c) => c.request)).toEqual(["WebRequest", "WebRender", "ExecPromptTemplate"]);
    expect(cmp.rows.map((r) => [r.request, r.differing])).toEqual([
      ["WebRequest", 0],
      ["WebRender", 1],
      ["ExecPromptTemplate", 0],
    ]);
    expect(cmp.rows[0].input).toEqual({ title: "Web request", text: "GET https://example.com/price", facts: [] });
    expect(call(cmp.rows[0].cells[0]).answer).toEqual({ status: "ok", text: "HTTP 200\n<p>42</p>" });
    expect(cmp.rows[1].input).toEqual({ title: "Web render", text: "https://example.com/", facts: ["mode text"] });
    expect(cmp.rows[1].cells.map((c) => call(c).answer.text)).toEqual(["hello", "hello, world"]);
    expect(cmp.rows[2].input.title).toBe("Prompt template EqComparative");
    expect(cmp.rows[2].input.text.split("\n").sort()).toEqual(["leader_answer: 42", "principle: same number", "validator_answer: 42"]);
    expect(call(cmp.rows[2].cells[1]).answer).toEqual({ status: "ok", text: "true" });
  });

  it("tells apart a node that made fewer calls, one that has not run, and a different prompt", () => {
    const leader = receipt("v1", "leader", [prompt({ ok: "yes" }), prompt({ ok: "again" }, "second")]);
    const short = receipt("v2", "validator", [prompt({ ok: "yes" }, "a different prompt")]);
    const r = round(leader, [short], [], ["v1", "v2", "v3"]);
    const cmp = compareNondet(r, [{ validator: "v2", vote: "deterministic_violation", reason: "revealed" }]);
    expect(cmp.columns.map((c) => [c.validator, c.executed, c.vote])).toEqual([
      ["v1", true, null],
      ["v2", true, "deterministic_violation"],
      ["v3", false, null],
    ]);
    expect(cmp.rows).toHaveLength(2);
    const first = call(cmp.rows[0].cells[1]);
    expect([first.sameInput, first.sameAnswer, first.input.text]).toEqual([false, true, "a different prompt"]);
    expect(cmp.rows[0].cells[2]).toEqual({ kind: "not_run" });
    expect(cmp.rows[1].cells.map((c) => c.kind)).toEqual(["call", "no_call", "not_run"]);
    expect(cmp.rows.map((r) => r.differing)).toEqual([1, 1]);
  });

  it("has no rows when nothing non-deterministic ran, and says whether anything ran", () => {
    const deterministic = receipt("v1", "leader", [hostCall("GetBalance", { address: new Address(new Uint8Array(20)) }, { ok: 1n })]);
    expect(compareNondet(round(deterministic, [receipt("v2", "validator", [])]))).toMatchObject({ rows: [], executed: true });
    const before = compareNondet(round(null, [], [], ["v1", "v2"]));
    expect(before).toMatchObject({ rows: [], executed: false });
    expect(before.columns.map((c) => c.executed)).toEqual([false, false]);
    // An offline validator's receipt carries no host calls at all.
    const offline = failedReceipt("v2", "validator", "timeout", 600_000, "offline");
    const cmp = compareNondet(round(receipt("v1", "leader", [prompt({ ok: "yes" })]), [offline]));
    expect(cmp.rows[0].cells.map((c) => c.kind)).toEqual(["call", "no_call"]);
  });
});

describe("describeInput / describeAnswer", () => {
  it("reads aborts, images, request bodies, render modes and screenshots", () => {
    const withImage = hostCall("ExecPrompt", { prompt: "what is this?", response_format: "text", images: [new Uint8Array([1, 2])] }, { abort: "out of intelligence gas" });
    expect(describeInput(withImage)).toEqual({ title: "LLM prompt", text: "what is this?", facts: ["1 image"] });
    expect(describeAnswer(withImage)).toEqual({ status: "abort", text: "out of intelligence gas" });
    const post = hostCall("WebRequest", { url: "https://api.example.com/", method: "POST", body: new Uint8Array(12), headers: new Map() }, { error: "no web fixture" });
    expect(describeInput(post)).toEqual({ title: "Web request", text: "POST https://api.example.com/", facts: ["body 12 bytes"] });
    expect(describeAnswer(post)).toEqual({ status: "error", text: "no web fixture" });
    const shot = hostCall("WebRender", { url: "https://x.org/", mode: "screenshot", wait_after_loaded: "1s" }, { ok: { image: new Uint8Array(300) } });
    expect(describeInput(shot).facts).toEqual(["mode screenshot", "wait 1s"]);
    expect(describeAnswer(shot)).toEqual({ status: "ok", text: "screenshot, 300 bytes" });
    const odd: { request: string; payload: CalldataValue; answer: CalldataValue } = { request: "ExecPrompt", payload: null, answer: "raw" };
    expect(describeAnswer(odd)).toEqual({ status: "ok", text: "raw" });
  });
});

describe("clipText", () => {
  it("keeps short text, cuts long text by lines and characters", () => {
    expect(clipText("\nshort\n")).toEqual({ text: "short", clipped: false });
    expect(clipText("a\nb\nc\nd\ne", 240, 3)).toEqual({ text: "a\nb\nc…", clipped: true });
    const long = "x".repeat(500);
    const cut = clipText(long, 100);
    expect(cut.clipped).toBe(true);
    expect(cut.text).toBe("x".repeat(100) + "…");
  });
});
