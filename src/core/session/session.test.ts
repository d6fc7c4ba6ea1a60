/** The playground session on the consensus engine with its fake executor (no Python). */
import { describe, expect, it } from "vitest";
import { FakeExecutor } from "../consensus/fake-executor";
import { storageProgram } from "../scenario/testing/storage-program";
import { createEngineNetwork } from "../scenario/engine-network";
import { parseScenario } from "../scenario/parse";
import { runScenario } from "../scenario/runner";
import { filterLog } from "./log";
import { PlaygroundSession } from "./session";
import type { SessionNetworkFactory } from "./types";

const program = storageProgram("initial_storage");

let builds = 0;
const factory: SessionNetworkFactory = (spec, onBoot) => {
  builds++;
  onBoot([{ id: "fake", state: "ready", ms: 0 }]);
  return createEngineNetwork(spec, new FakeExecutor({ program, executionTimeoutMs: spec.settings.executionTimeoutMs }));
};

function session() {
  return new PlaygroundSession({ createNetwork: factory, files: [{ path: "storage.py", text: "# storage" }] });
}

describe("PlaygroundSession", () => {
  it("deploys, calls, views and finalizes; state snapshots are immutable", async () => {
    const s = session();
    await s.ready();
    expect(s.getState().network).toBe("ready");
    expect(s.getState().validators.map((v) => v.id)).toEqual(["v1", "v2", "v3"]);
    const before = s.getState();
    const deployTx = await s.deploy("storage.py", ["hello"]);
    expect(deployTx).toMatch(/^0x/);
    const st = s.getState();
    expect(st).not.toBe(before);
    expect(before.transactions).toHaveLength(0);
    expect(st.contracts[0]).toMatchObject({ label: "storage", status: "ACCEPTED" });
    expect(s.getState()).toBe(s.getState());

    const call = await s.call("storage", "update_storage", ["bye"]);
    expect(s.getState().transactions.find((t) => t.hash === call)!.status).toBe("ACCEPTED");
    expect((await s.view("storage", "get_storage"))!.value).toBe("bye");
    expect(s.getState().results["storage.get_storage"].value).toBe("bye");

    await s.advanceTime(s.getState().finalityWindowMs + 1);
    expect(s.getState().transactions.every((t) => t.status === "FINALIZED")).toBe(true);
    expect((await s.view("storage", "get_storage", [], {}, { state: "finalized" }))!.value).toBe("bye");
    expect(s.getState().errors).toEqual([]);
  });

  it("steps phase by phase, stops at breakpoints and steps back", async () => {
    const s = session();
    s.setStepMode(true);
    await s.deploy("storage.py", ["a"]);
    const hash = s.getState().transactions[0].hash;
    expect(s.getState().next).toMatchObject({ tx: hash, phase: "select" });
    await s.step();
    expect(s.getState().next?.phase).toBe("lead");
    await s.step();
    expect(s.getState().transactions[0].status).toBe("COMMITTING");
    await s.back();
    expect(s.getState().transactions[0].status).toBe("PROPOSING");
    expect(s.getState().next?.phase).toBe("lead");
    s.toggleBreakpoint("reveal");
    await s.continue();
    expect(s.getState().next?.phase).toBe("reveal");
    await s.continue();
    expect(s.getState().next).toBeNull();
    expect(s.getState().transactions[0].status).toBe("ACCEPTED");
    // Back through every phase to the submitted transaction.
    while (s.getState().canBack) await s.back();
    expect(s.getState().transactions[0].status).toBe("PENDING");
  });

  it("shows errors as one line in the panel's scope and keeps going", async () => {
    const s = session();
    s.setFile("broken.py", "SYNTAX");
    expect(await s.deploy("broken.py")).toBeUndefined();
    expect(s.getState().errors).toEqual([{ scope: "deploy", message: expect.stringContaining("line 3") }]);
    await s.deploy("storage.py", [42]);
    expect(s.getState().errors[0].message).toMatch(/expected string/);
    await s.deploy("storage.py", ["ok"]);
    expect(s.getState().errors).toEqual([]);
    await s.call("storage", "nope");
    expect(s.getState().errors).toEqual([{ scope: "contract", message: "storage has no method nope" }]);
    const schema = await s.schema("broken.py");
    expect(schema).toMatchObject({ ok: false, line: 3 });
  });

  it("rebuilds the network when validators change before any transaction, else needs a reset", async () => {
    const s = session();
    await s.ready();
    const n = builds;
    await s.addValidator({ behaviour: "always_disagree" });
    expect(builds).toBe(n + 1);
    expect(s.getState().validators.map((v) => [v.id, v.behaviour])).toContainEqual(["v4", "always_disagree"]);
    await s.updateValidator("v4", { stake: "5" });
    expect(s.getState().validators.find((v) => v.id === "v4")!.stake).toBe(5n);
    await s.removeValidator("v4");
    await s.updateValidator("v3", { behaviour: "always_disagree" });
    await s.deploy("storage.py", ["x"]);
    const tx = s.getState().transactions[0];
    expect(tx.status).toBe("ACCEPTED");
    const round = tx.rounds[0];
    for (const v of round.votes) if (v.validator === "v3" && round.leader !== "v3") expect(v.vote).toBe("disagree");
    await s.addValidator();
    expect(s.getState().errors[0]).toMatchObject({ scope: "validators", message: expect.stringContaining("reset") });
    await s.reset();
    expect(s.getState().transactions).toHaveLength(0);
    expect(s.getState().contracts).toHaveLength(0);
    await s.addValidator();
    expect(s.getState().validators).toHaveLength(4);
  });

  it("funds accounts, switches sender and filters the log", async () => {
    const s = session();
    await s.fund("carol", 5n);
    s.setSender("carol");
    expect(s.getState().accounts.find((a) => a.name === "carol")!.balance).toBe(5n);
    expect(s.getState().sender).toBe("carol");
    const hash = (await s.deploy("storage.py", ["p"]))!;
    const log = s.getState().log;
    expect(filterLog(log, { tx: hash }).length).toBeGreaterThan(5);
    const leader = filterLog(log, { tx: hash, role: "leader" });
    expect(leader.length).toBeGreaterThan(0);
    expect(leader.every((e) => e.role === "leader")).toBe(true);
    expect(filterLog(log, { validator: "v2" }).every((e) => e.validator === "v2")).toBe(true);
  });

  it("exports the session as a scenario that replays to the same state", async () => {
    const s = session();
    await s.deploy("storage.py", ["hello"]);
    const upd = (await s.call("storage", "update_storage", ["bye"]))!;
    await s.advanceTime(31_000);
    await s.view("storage", "get_storage");
    const doc = JSON.parse(JSON.stringify(s.toScenario("mine")));
    const parsed = parseScenario(doc);
    if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
    const report = await runScenario(parsed.scenario, { createNetwork: (spec) => factory(spec, () => {}), loadSource: () => "" });
    expect(report.error).toBeUndefined();
    const replayed = report.transactions.find((t) => t.label === "update_storage#1")!;
    expect(replayed.hash).toBe(upd);
    expect(replayed.status).toBe("FINALIZED");
    expect(report.steps.find((x) => x.kind === "view")!.result).toBe("bye");
  });

  it("appeals a decided transaction and records it in the scenario", async () => {
    const s = session();
    await s.addValidator();
    await s.addValidator();
    await s.deploy("storage.py", ["a"]);
    const upd = (await s.call("storage", "update_storage", ["b"]))!;
    await s.appeal(upd, "bob");
    expect(s.getState().errors).toEqual([]);
    expect(s.getState().events.some((e) => e.type === "appeal_submitted" && e.tx === upd)).toBe(true);
    expect(s.toScenario().steps.some((x) => "appeal" in x && x.appeal.tx === "update_storage#1" && x.appeal.by === "bob")).toBe(true);
    await s.advanceTime(100_000);
    expect(s.getState().transactions.find((t) => t.hash === upd)!.status).toBe("FINALIZED");
    await s.appeal(upd);
    expect(s.getState().errors[0].scope).toBe("clock");
  });
});
