/**
 * One contract per API family (contracts-examples/), run through the whole runtime with scripted
 * intelligence: leader runs, validator re-runs with the leader's non-deterministic results, and
 * validators that disagree.
 */
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { Address, toText } from "../calldata";
import { createNodeRuntime } from "../../../workers/node/node-runtime";
import { DirectRunner } from "./direct-runner";
import type { ExecutionResult } from "./execution-types";
import { ScriptedProvider, type ScriptedRules } from "./providers/scripted";
import { applyWrites, stateRoot } from "./state-root";

const example = (name: string) => readFileSync(new URL(`../../../contracts-examples/${name}`, import.meta.url), "utf8");
const addr = (byte: number) => new Address(new Uint8Array(20).fill(byte));
const ALICE = addr(0xa1);
const BOB = addr(0xb0);

const runtime = createNodeRuntime();
afterAll(() => runtime.terminate());

function runnerWith(rules: ScriptedRules = {}) {
  return new DirectRunner({ runtime, provider: new ScriptedProvider(rules), defaultSender: ALICE });
}

function returned(res: ExecutionResult) {
  if (res.outcome.kind !== "return") throw new Error(`expected a return, got ${JSON.stringify(res.outcome)}`);
  return res.outcome.value;
}

/** Re-runs the last call as a validator with the leader's nondet results and compares state. */
async function validate(runner: DirectRunner, at: Address, method: string, args: unknown[], leader: ExecutionResult, before: Map<string, Uint8Array>) {
  const contract = runner.contracts.get(at.toHex())!;
  const saved = contract.storage;
  contract.storage = before;
  const res = await runner.call(at, method, args as never, {}, { mode: "validator", leaderResults: leader.nondet, commit: false });
  contract.storage = saved;
  return res;
}

describe("storage (hello world)", () => {
  it("deploys, reads and updates", async () => {
    const r = runnerWith();
    const at = addr(1);
    returned(await r.deploy(at, example("storage.py"), ["hello"]));
    expect(returned(await r.view(at, "get_storage"))).toBe("hello");
    returned(await r.call(at, "update_storage", ["world"]));
    expect(returned(await r.view(at, "get_storage"))).toBe("world");
    const view = await r.view(at, "update_storage", ["sneaky"]);
    expect(view.outcome.kind).toBe("vm_error");
    expect(returned(await r.view(at, "get_storage"))).toBe("world");
  });
});

describe("wizard of coin (LLM, strict equality)", () => {
  const keep = { prompts: [{ match: "Adventurer", answer: { reasoning: "no", give_coin: false } }] };
  const give = { prompts: [{ match: "Adventurer", answer: { reasoning: "fine", give_coin: true } }] };

  it("leader keeps the coin, an agreeing validator accepts, a different LLM disagrees", async () => {
    const r = runnerWith(keep);
    const at = addr(2);
    returned(await r.deploy(at, example("wizard_of_coin.py"), [true]));
    const before = r.contracts.get(at.toHex())!.storage;
    const leader = await r.call(at, "ask_for_coin", ["please"]);
    returned(leader);
    expect(leader.nondet.length).toBe(1);
    expect(leader.hostCalls.map((c) => c.request)).toEqual(["ExecPrompt"]);
    expect(returned(await r.view(at, "get_have_coin"))).toBe(true);

    const agree = await validate(r, at, "ask_for_coin", ["please"], leader, before);
    expect(agree.outcome).toEqual(leader.outcome);
    expect(stateRoot(applyWrites(before, agree.writes))).toBe(stateRoot(applyWrites(before, leader.writes)));
    expect(agree.stateRoot).toBe(leader.stateRoot);
    expect(leader.stateRoot).toBe(stateRoot(r.contracts.get(at.toHex())!.storage));

    r.provider = new ScriptedProvider(give);
    const disagree = await validate(r, at, "ask_for_coin", ["please"], leader, before);
    expect(disagree.outcome).toMatchObject({ kind: "vm_error", message: "validator_disagrees" });
  });

  it("gives the coin away when the LLM says so", async () => {
    const r = runnerWith(give);
    const at = addr(3);
    returned(await r.deploy(at, example("wizard_of_coin.py"), [true]));
    returned(await r.call(at, "ask_for_coin", ["I am the king"]));
    expect(returned(await r.view(at, "get_have_coin"))).toBe(false);
  });
});

describe("web resolver (web + comparative principle)", () => {
  const rules: ScriptedRules = {
    web: [{ match: "^https://scores\\.example/", text: "Final: Home 2 - 1 Away" }],
    prompts: [{ match: "Home 2 - 1 Away", answer: { score: "2:1", winner: 1 } }],
  };

  it("reads the page, stores the result; validators use the comparative template", async () => {
    const r = runnerWith(rules);
    const at = addr(4);
    returned(await r.deploy(at, example("web_resolver.py"), ["https://scores.example/match/7"]));
    const before = r.contracts.get(at.toHex())!.storage;
    const leader = await r.call(at, "resolve");
    expect(returned(leader)).toEqual(new Map<string, unknown>([["score", "2:1"], ["winner", 1n]]));
    expect(leader.hostCalls.map((c) => c.request)).toEqual(["WebRender", "ExecPrompt"]);
    expect(returned(await r.view(at, "get_result"))).toEqual(
      new Map<string, unknown>([["resolved", true], ["score", "2:1"], ["winner", 1n]]),
    );
    const agree = await validate(r, at, "resolve", [], leader, before);
    expect(agree.outcome.kind).toBe("return");
    expect(agree.hostCalls.map((c) => c.request)).toEqual(["WebRender", "ExecPrompt", "ExecPromptTemplate"]);

    r.provider = new ScriptedProvider({ ...rules, templates: [{ template: "EqComparative", answer: false }] });
    const disagree = await validate(r, at, "resolve", [], leader, before);
    expect(disagree.outcome).toMatchObject({ kind: "vm_error", message: "validator_disagrees" });

    const again = await r.call(at, "resolve");
    expect(again.outcome).toEqual({ kind: "user_error", message: "already resolved" });
  });

  it("a missing web fixture is a NondetException inside the contract, not a crash", async () => {
    const r = runnerWith({});
    const at = addr(5);
    returned(await r.deploy(at, example("web_resolver.py"), ["https://nowhere.example/"]));
    const res = await r.call(at, "resolve");
    expect(res.outcome.kind).not.toBe("return");
    expect(res.hostCalls).toHaveLength(1);
    expect(toText(res.hostCalls[0].answer)).toContain("no web fixture");
    expect(JSON.stringify(res.outcome)).toContain("no web fixture");
  });
});

describe("LLM token (natural-language transfers)", () => {
  it("applies the balances the LLM returns and rejects failed transfers", async () => {
    const after = { [ALICE.toHex()]: 900, [BOB.toHex()]: 100 };
    const r = runnerWith({
      prompts: [
        { match: "Instruction: send 100 to bob", answer: { transaction_success: true, transaction_error: "", updated_balances: after } },
        { match: "Instruction: steal", answer: { transaction_success: false, transaction_error: "not allowed", updated_balances: {} } },
      ],
    });
    const at = addr(6);
    returned(await r.deploy(at, example("llm_token.py"), [1000]));
    returned(await r.call(at, "transfer", ["send 100 to bob"]));
    expect(returned(await r.view(at, "get_balance_of", [BOB.toHex()]))).toBe(100n);
    expect(returned(await r.view(at, "get_balance_of", [ALICE.toHex()]))).toBe(900n);
    const stolen = await r.call(at, "transfer", ["steal everything"]);
    expect(stolen.outcome).toEqual({ kind: "user_error", message: "not allowed" });
  });
});

describe("user storage (TreeMap of Address)", () => {
  it("keeps one entry per sender", async () => {
    const r = runnerWith();
    const at = addr(7);
    returned(await r.deploy(at, example("user_storage.py")));
    returned(await r.call(at, "update_storage", ["alice's note"]));
    returned(await r.call(at, "update_storage", ["bob's note"], {}, { sender: BOB }));
    const all = returned(await r.view(at, "get_complete_storage")) as Map<string, string>;
    expect([...all.entries()]).toEqual([
      [ALICE.toChecksum(), "alice's note"],
      [BOB.toChecksum(), "bob's note"],
    ].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
    expect(returned(await r.view(at, "get_account_storage", [BOB.toHex()]))).toBe("bob's note");
  });
});

describe("dataclass storage", () => {
  it("stores records, edits them through views, and checks the owner", async () => {
    const r = runnerWith();
    const at = addr(8);
    returned(await r.deploy(at, example("todo_board.py")));
    expect(returned(await r.call(at, "add", ["write tests", ["dev"]]))).toBe(0n);
    expect(returned(await r.call(at, "add", ["ship", []], {}, { sender: BOB }))).toBe(1n);
    expect(returned(await r.call(at, "vote", [0]))).toBe(1n);
    expect(returned(await r.call(at, "vote", [0]))).toBe(2n);
    expect((await r.call(at, "complete", [0], {}, { sender: BOB })).outcome).toEqual({
      kind: "user_error",
      message: "only the owner can complete a task",
    });
    returned(await r.call(at, "complete", [0]));
    const tasks = returned(await r.view(at, "list_tasks")) as Map<string, unknown>[];
    expect(tasks[0].get("done")).toBe(true);
    expect(tasks[0].get("votes")).toBe(2n);
    expect(tasks[0].get("tags")).toEqual(["dev"]);
    expect(returned(await r.view(at, "tasks_of", [BOB.toHex()]))).toEqual([1n]);
  });
});

describe("cross-contract view and emit", () => {
  it("reads another contract synchronously and emits messages for later", async () => {
    const r = runnerWith();
    const counter = addr(9);
    const client = addr(10);
    returned(await r.deploy(counter, example("counter.py"), [41]));
    returned(await r.deploy(client, example("counter_client.py"), [counter.toHex()]));
    expect(returned(await r.call(client, "observe"))).toBe(41n);
    expect(returned(await r.view(client, "peek_times", [2]))).toBe(82n);
    const res = await r.call(client, "bump_later", [5]);
    returned(res);
    expect(res.effects.map((e) => [e.kind, e.payload.get("on"), e.payload.get("value")])).toEqual([
      ["PostMessage", "accepted", 0n],
      ["PostMessage", "finalized", 0n],
    ]);
    expect((res.effects[0].payload.get("address") as Address).toHex()).toBe(counter.toHex());
    // the counter itself is untouched until the engine turns messages into transactions
    expect(returned(await r.view(counter, "get_count"))).toBe(41n);
  });
});

describe("events", () => {
  it("emits indexed topics and a blob", async () => {
    const r = runnerWith();
    const at = addr(11);
    returned(await r.deploy(at, example("event_log.py")));
    const res = await r.call(at, "deposit", ["first"], {}, { value: 25n });
    expect(returned(res)).toBe(25n);
    expect(res.effects).toHaveLength(1);
    const ev = res.effects[0];
    expect(ev.kind).toBe("EmitEvent");
    const topics = ev.payload.get("topics") as Uint8Array[];
    expect(topics).toHaveLength(2);
    expect(topics[1][0]).toBe(0x18); // calldata tag of an address, padded to 32 bytes
    // like the real SDK, the blob carries every field, indexed ones included
    const blob = ev.payload.get("blob") as Map<string, unknown>;
    expect([...blob.keys()]).toEqual(["account", "amount", "note"]);
    expect((blob.get("account") as Address).toHex()).toBe(ALICE.toHex());
    expect(blob.get("amount")).toBe(25n);
  });
});

describe("old API names", () => {
  const rules: ScriptedRules = {
    web: [{ match: "btc", text: "BTC trades at 64000 USD today." }],
    prompts: [
      { match: "BTC price", answer: " 64000 " },
      { match: "Name a colour", answer: "blue" },
    ],
    templates: [{ template: "EqNonComparativeLeader", answer: "BTC trades at 64000 USD." }],
  };

  it("maps every old name to today's behaviour", async () => {
    const r = runnerWith(rules);
    const at = addr(12);
    const counter = addr(13);
    returned(await r.deploy(counter, example("counter.py"), [3]));
    returned(await r.deploy(at, example("legacy_oracle.py"), ["https://prices.example/btc"]));
    expect(returned(await r.call(at, "refresh"))).toBe("64000");
    expect(returned(await r.view(at, "get_price"))).toBe("64000");
    expect(returned(await r.call(at, "summarize"))).toBe("BTC trades at 64000 USD.");
    expect(returned(await r.call(at, "compare"))).toBe("blue");
    expect((await r.call(at, "refuse")).outcome).toEqual({ kind: "user_error", message: "refused on purpose" });
    returned(await r.call(at, "set_peer", [counter.toHex()]));
    expect(returned(await r.view(at, "peer_count"))).toBe(3n);
    expect(returned(await r.view(at, "sender_account"))).toBe(ALICE.toChecksum());
  });
});
