/** The scenario runner on a fake network: steps, expectations, the report and early errors. */
import { describe, expect, it } from "vitest";
import type { NetworkEvent } from "../consensus/events";
import { accountAddress, validatorAddress } from "./accounts";
import type { Scenario } from "./format";
import type { NetworkSpec } from "./network";
import { parseScenario } from "./parse";
import { runScenario } from "./runner";
import { FAKE_CONTRACTS, STORAGE_CODE, TOKEN_CODE } from "./testing/fake-contracts";
import { FakeNetwork } from "./testing/fake-network";

function scenario(doc: Record<string, unknown>): Scenario {
  const r = parseScenario({ version: 1, name: "test", seed: 7, network: { validators: { count: 3 } }, ...doc });
  if (!r.ok) throw new Error(r.errors.join("\n"));
  return r.scenario;
}

const FILES: Record<string, string> = { "token.py": TOKEN_CODE, "storage.py": STORAGE_CODE, "bad.py": "SYNTAX ERROR AT 4" };

async function run(doc: Record<string, unknown>, onEvent?: (e: NetworkEvent) => void) {
  let net: FakeNetwork | undefined;
  const report = await runScenario(scenario(doc), {
    createNetwork: (spec) => (net = new FakeNetwork(spec, FAKE_CONTRACTS)),
    loadSource: (path) => {
      if (!(path in FILES)) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
      return FILES[path];
    },
    onEvent,
  });
  return { report, net: net! };
}

const STORAGE_STEPS = [
  { deploy: { contract: "Storage", args: ["hello"], label: "store" } },
  { call: { contract: "store", method: "update_storage", args: ["bye"], label: "upd", expect: { status: "ACCEPTED", result: null } } },
  { view: { contract: "store", method: "get_storage", expect: "bye" } },
];

describe("runScenario", () => {
  it("deploys, calls and views, and reports transactions, state and expectations", async () => {
    const events: NetworkEvent[] = [];
    const { report, net } = await run(
      {
        accounts: { alice: "100" },
        contracts: { Storage: STORAGE_CODE },
        steps: [...STORAGE_STEPS, { advance: 30000 }, { expect: { tx: "upd", status: "FINALIZED" } }, { expect: { validator: "v2", balance: { gt: "0" } } }],
        report: { views: ["get_storage", "missing_view"] },
      },
      (e) => events.push(e),
    );
    expect(report.error).toBeUndefined();
    expect(report.ok).toBe(true);
    expect(net.disposed).toBe(true);
    expect(report.steps.map((s) => [s.step, s.kind, s.label ?? null])).toEqual([
      [0, "deploy", "store"],
      [1, "call", "upd"],
      [2, "view", null],
      [3, "advance", null],
      [4, "expect", null],
      [5, "expect", null],
    ]);
    expect(report.steps[2].result).toBe("bye");
    const [deploy, upd] = report.transactions;
    expect(deploy).toMatchObject({ label: "store", step: 0, kind: "deploy", status: "FINALIZED", from: accountAddress("alice").toChecksum(), gasUsed: "1234" });
    expect(upd).toMatchObject({ label: "upd", step: 1, kind: "call", status: "FINALIZED", result: null, value: "0", mode: "strict" });
    expect(upd.statusHistory).toEqual(["PENDING", "PROPOSING", "COMMITTING", "REVEALING", "ACCEPTED", "FINALIZED"]);
    expect(upd.rounds).toEqual([
      {
        index: 0,
        kind: "normal",
        label: "Accepted",
        leader: "v1",
        validators: ["v2", "v3"],
        leaderOutcome: "return",
        result: "agree",
        votes: ["v1", "v2", "v3"].map((v) => ({ validator: v, vote: "agree", reason: "same result as the leader" })),
      },
    ]);
    expect(report.contracts).toHaveLength(1);
    expect(report.contracts[0]).toMatchObject({ label: "store", source: "contracts.Storage", balance: "0", views: { get_storage: { result: "bye" } } });
    expect(report.contracts[0].stateRoot).toMatch(/^0x[0-9a-f]{64}$/);
    expect(report.accounts).toEqual([{ name: "alice", address: accountAddress("alice").toChecksum(), balance: "100" }]);
    expect(report.validators[1]).toEqual({
      id: "v2",
      address: validatorAddress("v2").toChecksum(),
      behaviour: "honest",
      stake: "1000000000000000000000",
      balance: "2000000000000000",
      reputation: 1,
    });
    expect(report.events.count).toBe(events.length);
    expect(report.events.byType.vote_revealed).toBe(6);
    expect(report.expectations.map((x) => x.message)).toEqual([
      'step 1 (upd): status "ACCEPTED"',
      "step 1 (upd): result null",
      'step 2 (store.get_storage): "bye"',
      'step 4 (expect upd): status "FINALIZED"',
      'step 5 (expect v2): balance of v2 > "0"',
    ]);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it("hands the factory validators, merged rules, settings and accounts", async () => {
    let spec: NetworkSpec | undefined;
    await runScenario(
      scenario({
        network: {
          validators: [{ rules: { prompts: [{ match: "mine", answer: "a" }] } }, { stake: 3, behaviour: "offline" }],
          consensus: { finalityWindowMs: 5, validatorFee: "9" },
        },
        llm: { prompts: [{ match: "shared", answer: "b" }], web: [{ match: "x", body: "y" }] },
        accounts: { bob: "12" },
        chainId: 99,
        steps: [],
      }),
      { createNetwork: (s) => new FakeNetwork((spec = s), FAKE_CONTRACTS), loadSource: () => "" },
    );
    expect(spec!.validators.map((v) => [v.id, v.address.toHex(), v.stake, v.behaviour])).toEqual([
      ["v1", validatorAddress("v1").toHex(), 10n ** 21n, "honest"],
      ["v2", validatorAddress("v2").toHex(), 3n, "offline"],
    ]);
    expect(spec!.rules.v1.prompts!.map((p) => p.match)).toEqual(["mine", "shared"]);
    expect(spec!.rules.v2).toEqual({ prompts: [{ match: "shared", answer: "b" }], web: [{ match: "x", body: "y" }] });
    expect(spec!.settings).toMatchObject({ finalityWindowMs: 5, validatorFee: 9n, validatorsPerTx: 2, fastValidators: 1, maxRotations: 3 });
    expect(spec!.accounts).toEqual([{ name: "bob", address: accountAddress("bob"), balance: 12n }]);
    expect(spec!.chainId).toBe(99n);
    expect(spec!.genesisTime).toBe("2025-01-01T00:00:00Z");
    expect(spec!.runtimes).toBe(2);
    expect(spec!.seed).toBe(7);
  });

  it("converts arguments by schema: big ints, @names, contract addresses, value and balances", async () => {
    const { report } = await run({
      accounts: { alice: "1000", bob: "0" },
      steps: [
        { deploy: { file: "token.py", args: ["1000000000000000000000"], kwargs: { memo: "hi" }, from: "alice" } },
        { call: { contract: "token", method: "transfer", args: ["@bob", 400], from: "alice", label: "t1", expect: { result: "999999999999999999600" } } },
        { call: { contract: "token", method: "transfer", args: ["@token", "1000000000000000000000"], from: "alice", expect: { status: "ACCEPTED", error: "insufficient" } } },
        { view: { contract: "token", method: "balance_of", args: ["@bob"], expect: 400 } },
        { view: { contract: "token", method: "owner", expect: "@alice" } },
        { view: { contract: "token", method: "info", expect: { ok: true, list: [1, "x", null], blob: "0x0102FF" } } },
        { call: { contract: "token", method: "deposit", value: "250", from: "alice", expect: { result: "250" } } },
        { call: { contract: "token", method: "batch", args: [[["@bob", 1], ["0x" + "12".repeat(20), "2"]], "0xbeef"], expect: { result: 2 } } },
        { call: { contract: "token", method: "configure", args: [{ fee: "5", name: "n" }], kwargs: { flag: true }, expect: { result: [{ fee: 5, name: "n" }, true] } } },
        { expect: { contract: "token", balance: "250" } },
        { expect: { account: "alice", balance: { lt: "1000" } } },
        { expect: { contract: "token", view: "balances", equals: { [accountAddress("bob").toHex()]: "400", [accountAddress("alice").toHex()]: "999999999999999999600" } } },
      ],
    });
    expect(report.error).toBeUndefined();
    expect(report.expectations.filter((x) => !x.ok)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.transactions[2]).toMatchObject({ status: "ACCEPTED", error: "rolled back: insufficient balance" });
    expect(report.steps[5].result).toEqual({ blob: "0x0102ff", list: ["1", "x", null], ok: true });
    expect(report.accounts.find((a) => a.name === "alice")!.balance).toBe("750");
  });

  it("reports failed expectations without stopping", async () => {
    const { report } = await run({
      contracts: { Storage: STORAGE_CODE },
      steps: [
        ...STORAGE_STEPS.slice(0, 2),
        { view: { contract: "store", method: "get_storage", expect: "hello", label: "read back" } },
        { expect: { tx: "upd", status: "FINALIZED", result: "x" } },
        { view: { contract: "store", method: "get_storage", expectError: "boom" } },
        { expect: { validator: "v1", stake: { lt: "5" } } },
      ],
    });
    expect(report.ok).toBe(false);
    expect(report.error).toBeUndefined();
    expect(report.expectations.filter((x) => !x.ok).map((x) => x.message)).toEqual([
      'step 2 (read back): expected "hello", got "bye"',
      'step 3 (expect upd): expected status "FINALIZED", got "ACCEPTED"',
      'step 3 (expect upd): expected result "x", got result null',
      'step 4 (store.get_storage): expected an error containing "boom", got "bye"',
      'step 5 (expect v1): expected stake of v1 < "5", got "1000000000000000000000"',
    ]);
    expect(report.expectations[2]).toMatchObject({ step: 2, label: "read back", ok: false, expected: "hello", actual: "bye" });
  });

  it("leaves a transaction pending with wait: false until a run step", async () => {
    const { report } = await run({
      contracts: { Storage: STORAGE_CODE },
      steps: [
        { deploy: { contract: "Storage", args: ["a"], wait: false } },
        { expect: { tx: "Storage", status: "PENDING" } },
        { run: {} },
        { expect: { tx: "Storage", status: "ACCEPTED" } },
        { appeal: { tx: "Storage" } },
        { advance: { ms: 10, wait: false } },
      ],
    });
    expect(report.expectations.map((x) => x.ok)).toEqual([true, true]);
    expect(report.transactions[0].appealsFailed).toBe(1);
    expect(report.ok).toBe(true);
  });

  it("is deterministic", async () => {
    const doc = { contracts: { Storage: STORAGE_CODE }, steps: STORAGE_STEPS };
    const a = await run(doc);
    const b = await run(doc);
    expect(JSON.stringify(a.report)).toBe(JSON.stringify(b.report));
  });
});

describe("runScenario: bad input ends the run with one message", () => {
  const cases: [string, Record<string, unknown>, string, number | null][] = [
    ["unknown method", { steps: [{ deploy: { file: "storage.py", args: ["a"] } }, { call: { contract: "storage", method: "updte_storage", args: ["x"] } }] }, 'steps[1].call.method: contract "storage" has no method "updte_storage" (did you mean "update_storage"?)', 1],
    ["wrong type", { steps: [{ deploy: { file: "storage.py", args: ["a"] } }, { call: { contract: "storage", method: "update_storage", args: [5] } }] }, 'steps[1].call.args[0]: expected string for "new_storage", got 5', 1],
    ["ctor type", { steps: [{ deploy: { file: "token.py", args: ["lots"] } }] }, 'steps[0].deploy.args[0]: expected int for "supply", got "lots"', 0],
    ["call a view", { steps: [{ deploy: { file: "storage.py", args: ["a"] } }, { call: { contract: "storage", method: "get_storage" } }] }, 'steps[1].call.method: "get_storage" is a view; read it with a view step', 1],
    ["view a write", { steps: [{ deploy: { file: "storage.py", args: ["a"] } }, { view: { contract: "storage", method: "update_storage", args: ["x"] } }] }, 'steps[1].view.method: "update_storage" writes; send it with a call step', 1],
    ["expect view of unknown method", { steps: [{ deploy: { file: "storage.py", args: ["a"] } }, { expect: { contract: "storage", view: "get", equals: 1 } }] }, 'steps[1].expect.view: contract "storage" has no method "get"; it has "get_storage", "update_storage"', 1],
    ["value to non-payable", { accounts: { a: "5" }, steps: [{ deploy: { file: "token.py", args: [1] } }, { call: { contract: "token", method: "transfer", args: ["@a", 1], value: "1" } }] }, 'steps[1].call.value: "transfer" is not payable (mark it @gl.public.write.payable to accept value)', 1],
    ["unknown @name", { steps: [{ deploy: { file: "token.py", args: [1] } }, { call: { contract: "token", method: "transfer", args: ["@carol", 1] } }] }, 'steps[1].call.args[0]: unknown name "@carol" for "to" (an account, a deployed contract label or a validator id)', 1],
    ["@contract deployed later", { steps: [{ deploy: { file: "token.py", args: [1] } }, { call: { contract: "token", method: "transfer", args: ["@storage", 1] } }, { deploy: { file: "storage.py", args: ["a"] } }] }, 'steps[1].call.args[0]: unknown name "@storage" for "to" (an account, a deployed contract label or a validator id)', 1],
    ["missing file", { steps: [{ deploy: { file: "missing.py" } }] }, "steps[0].deploy.file: cannot read missing.py (ENOENT: no such file or directory, open 'missing.py')", 0],
    ["syntax error", { steps: [{ deploy: { file: "bad.py" } }] }, "steps[0].deploy.file: bad.py:4: SyntaxError: invalid syntax", 0],
    ["inline syntax error", { contracts: { Bad: "SYNTAX ERROR AT 2" }, steps: [{ deploy: { contract: "Bad" } }] }, "steps[0].deploy.contract: contracts.Bad:2: SyntaxError: invalid syntax", 0],
    ["too many args", { steps: [{ deploy: { file: "storage.py", args: ["a", "b"] } }] }, "steps[0].deploy.args: the constructor takes 1 positional argument, got 2", 0],
  ];
  it.each(cases)("%s", async (_, doc, message, step) => {
    const { report, net } = await run(doc);
    expect(report.error).toEqual({ step, message });
    expect(report.ok).toBe(false);
    expect(net.txs).toHaveLength(0);
    expect(net.disposed).toBe(true);
  });

  it("stops at a step the network rejects, keeping what ran", async () => {
    const { report } = await run({
      accounts: { alice: "10" },
      steps: [{ deploy: { file: "token.py", args: [1] } }, { call: { contract: "token", method: "deposit", value: "11" } }, { run: {} }],
    });
    expect(report.error).toEqual({ step: 1, message: `steps[1].call: insufficient balance: ${accountAddress("alice").toChecksum()} has 10 wei, needs 11` });
    expect(report.transactions).toHaveLength(1);
    expect(report.contracts[0].label).toBe("token");
    expect(report.steps).toHaveLength(2);
  });

  it("reports a factory failure", async () => {
    const report = await runScenario(scenario({ steps: [] }), {
      createNetwork: () => {
        throw new Error("no workers");
      },
      loadSource: () => "",
    });
    expect(report.error).toEqual({ step: null, message: "network: no workers" });
  });
});
