/** Saving a session's chain and continuing from it in a new session (as a page reload does). */
import { describe, expect, it } from "vitest";
import { FakeExecutor } from "../consensus/fake-executor";
import { deserializeNetwork, serializeNetwork } from "../persistence/network-state";
import { createEngineNetwork } from "../scenario/engine-network";
import { storageProgram } from "../scenario/testing/storage-program";
import { readSavedSession } from "./saved-session";
import { PlaygroundSession, type SavedChain } from "./session";
import type { SessionNetworkFactory } from "./types";

const program = storageProgram("initial_storage");
const factory: SessionNetworkFactory = (spec, onBoot) => {
  onBoot([{ id: "fake", state: "ready", ms: 0 }]);
  return createEngineNetwork(spec, new FakeExecutor({ program, executionTimeoutMs: spec.settings.executionTimeoutMs }));
};
const FILES = [{ path: "storage.py", text: "# storage" }];

/** Through JSON text, as the browser store keeps it. */
function roundTrip(saved: SavedChain): SavedChain {
  const text = JSON.stringify({ state: saved.state, network: serializeNetwork(saved.network) });
  const back = JSON.parse(text);
  const state = readSavedSession(back.state);
  if (!state.ok) throw new Error(state.message);
  return { state: state.value, network: deserializeNetwork(back.network) };
}

function comparable(s: PlaygroundSession) {
  const st = s.getState();
  return {
    txs: st.transactions.map((t) => ({ hash: t.hash, status: t.status, rounds: t.rounds.length })),
    labels: st.txLabels,
    contracts: st.contracts.map((c) => ({ label: c.label, address: c.address, status: c.status })),
    balances: st.accounts.map((a) => [a.name, a.balance.toString()]),
    events: st.events.length,
    clock: st.clock,
    scenario: s.toScenario(),
  };
}

describe("saving and restoring a session's chain", () => {
  it("a restored session has the same chain and continues exactly like the original", async () => {
    const a = new PlaygroundSession({ createNetwork: factory, files: FILES });
    await a.ready();
    await a.fund("carol", 5n * 10n ** 18n);
    a.setSender("bob");
    await a.deploy("storage.py", ["hello"]);
    await a.view("storage", "get_storage");
    a.setStepMode(true);
    await a.call("storage", "update_storage", ["bye"]);
    await a.step(); // select
    await a.step(); // lead: the call is now COMMITTING
    expect(a.getState().transactions[1].status).toBe("COMMITTING");

    const saved = a.saveChain()!;
    const b = new PlaygroundSession({ createNetwork: factory, files: FILES, restore: roundTrip(saved) });
    await b.ready();
    expect(comparable(b)).toEqual(comparable(a));
    expect(b.getState().sender).toBe("bob");
    expect(b.getState().stepMode).toBe(true);
    expect(b.getState().results["storage.get_storage"].value).toBe("hello");
    expect(b.getState().next).toEqual(a.getState().next);
    expect(b.getState().notices).toEqual([]); // the app marks the interrupted call (persistence/interrupted.ts)

    // Both continue to the same end state.
    await a.continue();
    await b.continue();
    expect(b.getState().notices).toEqual([]);
    expect(comparable(b)).toEqual(comparable(a));
    expect((await b.view("storage", "get_storage"))!.value).toBe("bye");
    await b.advanceTime(b.getState().finalityWindowMs + 1);
    expect(b.getState().transactions.every((t) => t.status === "FINALIZED")).toBe(true);
  });

  it("drops a chain saved with other network settings but keeps files, with a notice", async () => {
    const a = new PlaygroundSession({ createNetwork: factory, files: FILES });
    await a.deploy("storage.py", ["x"]);
    const saved = roundTrip(a.saveChain()!);
    saved.network.config.seed = "someone else's";
    const b = new PlaygroundSession({ createNetwork: factory, files: FILES, restore: saved });
    await b.ready();
    expect(b.getState().transactions).toEqual([]);
    expect(b.getState().contracts).toEqual([]);
    expect(b.getState().files).toEqual(FILES);
    expect(b.getState().notices[0]).toMatch(/fresh network/);
    await b.deploy("storage.py", ["y"]);
    expect(b.getState().contracts[0].status).toBe("ACCEPTED");
  });

  it("refuses saved sessions it cannot read with one line", () => {
    expect(readSavedSession(null)).toEqual({ ok: false, message: "saved session: unknown format" });
    const a = new PlaygroundSession({ createNetwork: factory, files: FILES });
    return a.deploy("storage.py", ["x"]).then(() => {
      const good = JSON.parse(JSON.stringify(a.saveChain()!.state));
      expect(readSavedSession(good).ok).toBe(true);
      const broken = { ...good, contracts: [{ ...good.contracts[0], address: "0x12" }] };
      expect(readSavedSession(broken)).toEqual({ ok: false, message: "saved session: bad address for storage" });
      expect(readSavedSession({ ...good, accounts: [["alice", "-1"]] })).toEqual({ ok: false, message: "saved session: bad accounts" });
    });
  });
});
