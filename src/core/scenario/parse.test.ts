/** Scenario parsing: normalisation of valid documents and the exact message of each bad input. */
import { describe, expect, it } from "vitest";
import { parseScenario } from "./parse";
import type { Scenario } from "./format";

const BASE = { version: 1, name: "t", seed: "s" };

function ok(doc: Record<string, unknown>): Scenario {
  const r = parseScenario({ ...BASE, steps: [], ...doc });
  if (!r.ok) throw new Error(r.errors.join("\n"));
  return r.scenario;
}

function errors(doc: unknown, base = true): string[] {
  const r = parseScenario(base ? { ...BASE, steps: [], ...(doc as object) } : doc);
  if (r.ok) throw new Error("expected errors");
  return r.errors;
}

const DEPLOY_TOKEN = { deploy: { file: "contracts/token.py", args: ["1000"] } };

describe("parseScenario: valid documents", () => {
  it("fills defaults: five honest scripted validators, an owner account, no rules", () => {
    const s = ok({});
    expect(s.network.validators.map((v) => v.id)).toEqual(["v1", "v2", "v3", "v4", "v5"]);
    expect(s.network.validators[0]).toEqual({ id: "v1", stake: "1000000000000000000000", behaviour: "honest", llm: { provider: "scripted" } });
    expect(s.accounts).toEqual({ owner: { balance: "0" } });
    expect(s.llm).toEqual({});
    expect(s.contracts).toEqual({});
  });

  it("expands the validators shorthand and caps validatorsPerTx at the network size", () => {
    const s = ok({ network: { validators: { count: 3, stake: 8, behaviour: "slow" } } });
    expect(s.network.validators).toHaveLength(3);
    expect(s.network.validators[2]).toEqual({ id: "v3", stake: "8", behaviour: "slow", llm: { provider: "scripted" } });
    expect(s.network.consensus).toEqual({ validatorsPerTx: 3 });
  });

  it("keeps explicit validators, rules and consensus settings", () => {
    const s = ok({
      network: {
        validators: [
          { id: "lead", stake: "5", behaviour: "malicious_leader", llm: { provider: "scripted", model: "m", temperature: 0.5, seed: 3 } },
          { stake: "7", rules: { prompts: [{ match: "coin", answer: { give: false } }] } },
        ],
        consensus: { validatorsPerTx: 2, finalityWindowMs: 1000, validatorFee: 12, failedAppealWindowFactor: 0.5 },
        runtimes: 2,
      },
    });
    expect(s.network.validators.map((v) => v.id)).toEqual(["lead", "v2"]);
    expect(s.network.validators[0].llm).toEqual({ provider: "scripted", model: "m", temperature: 0.5, seed: 3 });
    expect(s.network.validators[1].rules).toEqual({ prompts: [{ match: "coin", answer: { give: false } }] });
    expect(s.network.consensus).toEqual({ validatorsPerTx: 2, finalityWindowMs: 1000, validatorFee: "12", failedAppealWindowFactor: 0.5, fastValidators: 1 });
    expect(s.network.runtimes).toBe(2);
  });

  it("normalises accounts, amounts, genesis time and contracts", () => {
    const s = ok({
      accounts: { alice: "1000000000000000000000000", bob: { balance: 5 }, carol: {} },
      genesisTime: 0,
      chainId: 61999,
      contracts: { Inline: "from genlayer import *", Other: { file: "x.py" }, Third: { source: "pass" } },
    });
    expect(s.accounts).toEqual({ alice: { balance: "1000000000000000000000000" }, bob: { balance: "5" }, carol: { balance: "0" } });
    expect(s.genesisTime).toBe("1970-01-01T00:00:00.000Z");
    expect(s.chainId).toBe(61999);
    expect(s.contracts).toEqual({ Inline: { source: "from genlayer import *" }, Other: { file: "x.py" }, Third: { source: "pass" } });
  });

  it("labels deploys by contract label or file name and accepts every step kind", () => {
    const s = ok({
      accounts: { alice: "100", bob: "0" },
      contracts: { Store: "code" },
      steps: [
        { deploy: { contract: "Store", args: ["a"], from: "@alice", value: "0", mode: "fast" } },
        { deploy: { file: "../dir/token.py", args: [1], wait: false } },
        { call: { contract: "@Store", method: "m", args: [1, "x"], kwargs: { k: [true] }, label: "c1", expect: { status: "ACCEPTED", result: null } } },
        { view: { contract: "token", method: "v", state: "finalized", expect: { a: 1 }, from: "bob" } },
        { appeal: { tx: "c1", by: "bob" } },
        { advance: 30000 },
        { advance: { ms: 5, wait: false, note: "later" } },
        { run: {} },
        { expect: { tx: "Store", status: "FINALIZED" } },
        { expect: { contract: "token", view: "v", args: [], equals: "x" } },
        { expect: { contract: "token", balance: { gte: "0" } } },
        { expect: { account: "alice", balance: "100" } },
        { expect: { validator: "v1", stake: { lt: "10", gt: 1 }, reputation: 1, label: "v1 standing" } },
      ],
    });
    expect(s.steps[0]).toEqual({ deploy: { contract: "Store", label: "Store", args: ["a"], from: "alice", value: "0", mode: "fast" } });
    expect(s.steps[1]).toEqual({ deploy: { file: "../dir/token.py", label: "token", args: [1], wait: false } });
    expect(s.steps[2]).toMatchObject({ call: { contract: "Store", expect: { status: "ACCEPTED", result: null } } });
    expect(s.steps[5]).toEqual({ advance: { ms: 30000 } });
    expect(s.steps[12]).toEqual({ expect: { validator: "v1", stake: { lt: "10", gt: "1" }, reputation: 1, label: "v1 standing" } });
  });

  it("is stable: a parsed scenario parses to itself", () => {
    const s = ok({ network: { validators: { count: 2 } }, accounts: { a: 1 }, steps: [DEPLOY_TOKEN, { advance: 10 }] });
    const again = parseScenario(JSON.parse(JSON.stringify(s)));
    expect(again).toEqual({ ok: true, scenario: s });
  });
});

describe("parseScenario: errors", () => {
  const cases: [string, unknown, string[]][] = [
    ["root not an object", [], ["scenario: expected an object, got an array"]],
    ["missing everything", {}, ["version: required (this playground reads version 1)", "name: required", "seed: required (a string or an integer; it makes runs reproducible)", "steps: required (a list of steps)"]],
    ["unknown top-level field", { ...BASE, steps: [], stpes: [] }, ['scenario: unknown field "stpes" (did you mean "steps"?)']],
    ["future version", { ...BASE, version: 2, steps: [] }, ["version: unsupported scenario version 2 (this playground reads version 1)"]],
  ];
  it.each(cases)("%s", (_, doc, expected) => expect(errors(doc, false)).toEqual(expected));

  const field: [string, Record<string, unknown>, string][] = [
    ["seed float", { seed: 1.5 }, "seed: expected a string or an integer, got 1.5"],
    ["empty name", { name: " " }, "name: must not be empty"],
    ["genesis without Z", { genesisTime: "2025-01-01T00:00:00" }, 'genesisTime: expected an ISO 8601 time in UTC like "2025-06-01T12:00:00Z" or ms since 1970, got "2025-01-01T00:00:00"'],
    ["chain id 0", { chainId: 0 }, "chainId: must be at least 1, got 0"],
    ["validators count 0", { network: { validators: { count: 0 } } }, "network.validators.count: must be at least 1, got 0"],
    ["validators empty list", { network: { validators: [] } }, "network.validators: needs at least one validator"],
    ["validators a string", { network: { validators: "five" } }, 'network.validators: expected a list of validators or {"count": N, "stake": "..."}, got "five"'],
    ["behaviour typo", { network: { validators: [{}, { behaviour: "malicous_leader" }] } }, 'network.validators[1].behaviour: "malicous_leader" is not valid here (did you mean "malicious_leader"?)'],
    ["behaviour unknown", { network: { validators: [{ behaviour: "evil" }] } }, 'network.validators[0].behaviour: expected "honest", "malicious_leader", "always_disagree", "offline", "slow", "flaky_llm" or "bad_shares", got "evil"'],
    ["unknown provider", { network: { validators: [{ llm: { provider: "gpt" } }] } }, 'network.validators[0].llm.provider: expected one of "scripted", "recorded", "openai", "webllm", got "gpt"'],
    ["openai without endpoint", { network: { validators: [{ llm: { provider: "openai", model: "m" } }] } }, 'network.validators[0].llm: provider "openai" needs "baseUrl" and "model" (the API key is never stored in a scenario)'],
    ["openai bad url", { network: { validators: [{ llm: { provider: "openai", model: "m", baseUrl: "localhost:11434" } }] } }, 'network.validators[0].llm.baseUrl: expected an http(s) URL, got "localhost:11434"'],
    ["webllm without model", { network: { validators: [{ llm: { provider: "webllm" } }] } }, 'network.validators[0].llm: provider "webllm" needs "model"'],
    ["llm without provider", { network: { validators: [{ llm: {} }] } }, 'network.validators[0].llm.provider: required ("scripted", "recorded", "openai", "webllm")'],
    ["unknown tag", { tags: ["LLM", "fun"] }, 'tags[1]: expected one of LLM, web, appeals, nondet, tokens, extension, consensus, confidential, got "fun"'],
    ["duplicate id", { network: { validators: [{ id: "a" }, { id: "a" }] } }, 'network.validators[1].id: duplicate validator id "a"'],
    ["bad id", { network: { validators: [{ id: "a b" }] } }, 'network.validators[0].id: "a b" is not a valid name (letters, digits, "_", "-" and ".")'],
    ["negative stake", { network: { validators: [{ stake: -1 }] } }, "network.validators[0].stake: expected a non-negative integer amount, got -1"],
    ["float stake string", { network: { validators: [{ stake: "1.5" }] } }, 'network.validators[0].stake: expected a non-negative integer amount (a decimal string like "1000"), got "1.5"'],
    ["huge number stake", { network: { validators: [{ stake: 1e21 }] } }, "network.validators[0].stake: 1e+21 is too large for a JSON number; write it as a string"],
    ["consensus typo", { network: { consensus: { validatorPerTx: 3 } } }, 'network.consensus: unknown field "validatorPerTx" (did you mean "validatorsPerTx"?)'],
    ["too many per tx", { network: { consensus: { validatorsPerTx: 7 } } }, "network.consensus.validatorsPerTx: 7 is more than the 5 validators of the network"],
    ["fast validators", { network: { validators: { count: 2 }, consensus: { fastValidators: 2 } } }, "network.consensus.fastValidators: 2 is more than the 1 validators besides the leader"],
    ["window factor", { network: { consensus: { failedAppealWindowFactor: 2 } } }, "network.consensus.failedAppealWindowFactor: must be between 0 and 1, got 2"],
    ["slash bps", { network: { consensus: { slashBps: 20000 } } }, "network.consensus.slashBps: must be at most 10000, got 20000"],
    ["runtimes", { network: { validators: { count: 2 }, runtimes: 3 } }, "network.runtimes: must be at most 2, got 3"],
    ["accounts list", { accounts: ["alice"] }, 'accounts: expected an object of name → balance, got an array'],
    ["account name", { accounts: { "al ice": "1" } }, 'accounts["al ice"]: "al ice" is not a valid name (letters, digits, "_", "-" and ".")'],
    ["account balance", { accounts: { alice: "-5" } }, 'accounts.alice: expected a non-negative integer amount (a decimal string like "1000"), got "-5"'],
    ["account field", { accounts: { alice: { balanse: "5" } } }, 'accounts.alice: unknown field "balanse" (did you mean "balance"?)'],
    ["account is a validator", { accounts: { v1: "5" } }, 'accounts.v1: "v1" is already a validator id'],
    ["bad regex", { llm: { prompts: [{ match: "(", answer: "x" }] } }, "llm.prompts[0].match: invalid regular expression: Unterminated group"],
    ["prompt answer", { llm: { prompts: [{ match: "x", answer: 5 }] } }, "llm.prompts[0].answer: expected text or an object, got 5"],
    ["prompt flags", { llm: { prompts: [{ match: "x", flags: "q", answer: "y" }] } }, 'llm.prompts[0].flags: unknown regular expression flags "q"'],
    ["template name", { llm: { templates: [{ template: "EqComparitive", answer: true }] } }, 'llm.templates[0].template: "EqComparitive" is not valid here (did you mean "EqComparative"?)'],
    ["web status", { llm: { web: [{ match: "x", status: 42 }] } }, "llm.web[0].status: must be at least 100, got 42"],
    ["web without match", { llm: { web: [{ body: "x" }] } }, "llm.web[0].match: required (a regular expression on the URL)"],
    ["rules key", { llm: { prompt: [] } }, 'llm: unknown field "prompt" (did you mean "prompts"?)'],
    ["contract both", { contracts: { A: { source: "x", file: "y" } } }, 'contracts.A: give either "source" (inline Python) or "file" (a path)'],
    ["contract number", { contracts: { A: 5 } }, "contracts.A: expected an object, got 5"],
    ["report views", { report: { views: "get" } }, 'report.views: expected a list of view method names, got "get"'],
  ];
  it.each(field)("%s", (_, doc, message) => expect(errors(doc)).toEqual([message]));

  const steps: [string, unknown[], string][] = [
    ["steps not a list", "x" as never, 'steps: expected a list of steps, got "x"'],
    ["step not an object", ["deploy"], 'steps[0]: expected an object like {"call": {...}}, got "deploy"'],
    ["two actions", [{ run: {}, advance: 5 }], 'steps[0]: a step has exactly one action, got "run" and "advance"'],
    ["empty step", [{}], 'steps[0]: empty step; a step is one of "deploy", "call", "view", "appeal", "advance", "run" or "expect"'],
    ["unknown step", [{ cal: {} }], 'steps[0]: unknown step "cal" (did you mean "call"?); a step is one of "deploy", "call", "view", "appeal", "advance", "run" or "expect"'],
    ["deploy nothing", [{ deploy: {} }], 'steps[0].deploy: give either "contract" (a label of "contracts") or "file" (a .py path)'],
    ["deploy unknown contract", [{ deploy: { contract: "Tokn" } }], 'steps[0].deploy.contract: unknown contract "Tokn"; "contracts" is empty (use "file" for a .py path)'],
    ["deploy twice", [DEPLOY_TOKEN, DEPLOY_TOKEN], 'steps[1].deploy.label: "token" is already the label of steps[0]; give this deploy its own label'],
    ["deploy args object", [{ deploy: { file: "a.py", args: { x: 1 } } }], "steps[0].deploy.args: expected a list of arguments, got an object"],
    ["unknown contract label", [DEPLOY_TOKEN, { run: {} }, { run: {} }, { call: { contract: "tokn", method: "transfer" } }], 'steps[3].call.contract: unknown contract label "tokn" (did you mean "token"?)'],
    ["contract deployed later", [{ call: { contract: "token", method: "m" } }, DEPLOY_TOKEN], 'steps[0].call.contract: unknown contract label "token"'],
    ["contract is a call", [DEPLOY_TOKEN, { call: { contract: "token", method: "m", label: "c" } }, { view: { contract: "c", method: "v" } }], 'steps[2].view.contract: "c" labels a call step (steps[1]), not a deployed contract'],
    ["missing method", [DEPLOY_TOKEN, { call: { contract: "token" } }], "steps[1].call.method: required"],
    ["label is an account", [DEPLOY_TOKEN, { call: { contract: "token", method: "m", label: "owner" } }], 'steps[1].call.label: "owner" is already an account name'],
    ["unknown sender", [{ deploy: { file: "a.py", from: "ownre" } }], 'steps[0].deploy.from: unknown account "ownre" (did you mean "owner"?)'],
    ["mode", [{ deploy: { file: "a.py", mode: "fastest" } }], 'steps[0].deploy.mode: expected "strict" or "fast", got "fastest"'],
    ["label with @", [{ deploy: { file: "a.py", label: "@a" } }], 'steps[0].deploy.label: a label can not start with "@" (that prefix refers to a name)'],
    ["value", [{ deploy: { file: "a.py", value: "1.5" } }], 'steps[0].deploy.value: expected a non-negative integer amount (a decimal string like "1000"), got "1.5"'],
    ["no wait with expect", [{ deploy: { file: "a.py", wait: false, expect: { status: "ACCEPTED" } } }], 'steps[0].deploy.expect: a transaction submitted with "wait": false is not processed yet; check it with a later expect step'],
    ["empty tx expect", [{ deploy: { file: "a.py", expect: {} } }], 'steps[0].deploy.expect: give "status", "result" or "error"'],
    ["tx expect field", [{ deploy: { file: "a.py", expect: { stauts: "ACCEPTED" } } }], 'steps[0].deploy.expect: unknown field "stauts" (did you mean "status"?)'],
    ["result and error", [{ deploy: { file: "a.py", expect: { result: 1, error: "x" } } }], 'steps[0].deploy.expect: give "result" or "error", not both'],
    ["view expect both", [DEPLOY_TOKEN, { view: { contract: "token", method: "v", expect: 1, expectError: "x" } }], 'steps[1].view: give "expect" or "expectError", not both'],
    ["view state", [DEPLOY_TOKEN, { view: { contract: "token", method: "v", state: "final" } }], 'steps[1].view.state: expected "accepted" or "finalized", got "final"'],
    ["appeal a view", [DEPLOY_TOKEN, { view: { contract: "token", method: "v", label: "v" } }, { appeal: { tx: "v" } }], 'steps[2].appeal.tx: "v" labels a view step (steps[1]), not a transaction'],
    ["appeal nothing", [{ appeal: {} }], "steps[0].appeal.tx: required (the label of a deploy or call)"],
    ["advance negative", [{ advance: -5 }], "steps[0].advance.ms: must be at least 0, got -5"],
    ["advance text", [{ advance: "5s" }], 'steps[0].advance: expected an object, got "5s"'],
    ["run with fields", [{ run: { until: "idle" } }], 'steps[0].run: unknown field "until"'],
    ["expect shape", [{ expect: { status: "ACCEPTED" } }], 'steps[0].expect: expected {"tx", "status"}, {"contract", "view", "equals"}, {"contract", "balance"}, {"account", "balance"} or {"validator", "stake"|"balance"|"reputation"}'],
    ["expect tx nothing", [DEPLOY_TOKEN, { expect: { tx: "token" } }], 'steps[1].expect: give "status", "result" or "error"'],
    ["expect tx mixed", [DEPLOY_TOKEN, { expect: { tx: "token", status: "ACCEPTED", equals: 1 } }], 'steps[1].expect: "equals" does not go with "tx"'],
    ["expect view no equals", [DEPLOY_TOKEN, { expect: { contract: "token", view: "v" } }], "steps[1].expect.equals: required (the value the view must return)"],
    ["expect validator", [{ expect: { validator: "v9", stake: "1" } }], 'steps[0].expect.validator: unknown validator "v9" (did you mean "v1"?)'],
    ["expect validator nothing", [{ expect: { validator: "v1" } }], 'steps[0].expect: give "stake", "balance" or "reputation"'],
    ["expect comparison op", [{ expect: { validator: "v1", stake: { lesser: "1" } } }], 'steps[0].expect.stake: unknown field "lesser"'],
    ["expect account balance", [{ expect: { account: "owner" } }], "steps[0].expect.balance: required"],
  ];
  it.each(steps)("%s", (_, list, message) => expect(errors({ steps: list })).toEqual([message]));

  it("collects several errors in document order", () => {
    const errs = errors({ seed: null, network: { runtimes: 0 }, steps: [{ run: 1 }] });
    expect(errs).toEqual(["seed: expected a string or an integer, got null", "network.runtimes: must be at least 1, got 0", "steps[0].run: expected an object, got 1"]);
  });
});
