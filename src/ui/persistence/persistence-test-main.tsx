/** Test page for the IndexedDB workspace store (driven by e2e/persistence.spec.ts through
 * `window.persistenceTest`). Builds a network over the fake executor, so no Pyodide is needed. */
import { createRoot } from "react-dom/client";
import { openDB } from "idb";
import { ALICE, call, makeNet, submitDeploy } from "../../core/consensus/engine-fixtures";
import { FakeExecutor } from "../../core/consensus/fake-executor";
import type { Network } from "../../core/consensus";
import { restoreNetwork, stringifyTagged } from "../../core/persistence";
import { openWorkspaceStore, type WorkspaceStore } from "./workspace-store";

const DB = "persistence-test";

function fingerprint(net: Network): string {
  return stringifyTagged({ events: net.events, txs: net.transactions(), validators: net.validatorsState(), peek: net.peek() }, { shareRefs: false });
}

async function store(name = DB): Promise<WorkspaceStore> {
  const r = await openWorkspaceStore(name);
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

async function unwrap<T>(p: Promise<{ ok: true; value: T } | { ok: false; message: string }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

const api = {
  /** Saves files, a network with one transaction mid-consensus, session, settings and ui. */
  async seed(): Promise<{ fingerprint: string; contract: string }> {
    const s = await store();
    const { net } = makeNet({ seed: "e2e-persist" });
    const { address } = submitDeploy(net, 5n);
    await net.runUntilIdle();
    net.submit({ kind: "call", from: ALICE, to: address, calldata: call("inc") });
    await net.step();
    await net.step(); // COMMITTING
    await unwrap(s.saveFiles([{ path: "contracts/storage.py", text: "# storage\n" }, { path: "notes.md", text: "hello ✓\n" }]));
    await unwrap(s.saveFile({ path: "contracts/extra.py", text: "# extra\n" }));
    await unwrap(s.saveNetwork(net, { accounts: [{ label: "Alice", address: ALICE.toHex() }], contracts: [{ address: address.toHex(), label: "Storage", file: "contracts/storage.py", schema: { methods: ["inc"] } }], sender: ALICE.toHex() }));
    await unwrap(s.saveSettings({ theme: "dark", fontSize: 15 }, { openTabs: ["notes.md"] }));
    s.close();
    return { fingerprint: fingerprint(net), contract: address.toHex() };
  },

  /** Loads everything and rebuilds the network; `runAfter` finishes the interrupted transaction. */
  async load(name = DB) {
    const s = await store(name);
    const r = await unwrap(s.load());
    s.close();
    let fp: string | null = null;
    let statusesAfterRun: string[] = [];
    if (r.network) {
      const { network } = restoreNetwork(r.network, new FakeExecutor());
      fp = fingerprint(network);
      await network.runUntilIdle();
      statusesAfterRun = network.transactions().map((t) => t.status);
    }
    return { doc: r.doc, empty: r.empty, warnings: r.warnings, interrupted: r.interrupted, fingerprint: fp, statusesAfterRun };
  },

  async reset(area: "files" | "network" | "settings"): Promise<void> {
    const s = await store();
    await unwrap(area === "files" ? s.resetFiles() : area === "network" ? s.resetNetwork() : s.resetSettings());
    s.close();
  },

  async exportText(): Promise<{ text: string; fileName: string; type: string }> {
    const s = await store();
    const r = await unwrap(s.exportWorkspace());
    s.close();
    return { text: await r.blob.text(), fileName: r.fileName, type: r.blob.type };
  },

  async importText(text: string): Promise<{ ok: boolean; message?: string }> {
    const s = await store();
    const r = await s.importWorkspace(new Blob([text], { type: "application/json" }));
    s.close();
    return r.ok ? { ok: true } : { ok: false, message: r.message };
  },

  async storage() {
    const s = await store();
    const usage = await s.usage();
    const persist = await s.requestPersistence();
    s.close();
    return { usage, persist };
  },

  /** Writes a schema-v1 database (one "workspace" store) holding `doc`, as early builds did. */
  async seedLegacy(name: string, doc: unknown): Promise<void> {
    const db = await openDB(name, 1, { upgrade: (d) => void d.createObjectStore("workspace") });
    await db.put("workspace", doc, "current");
    db.close();
  },

  /** Overwrites the stored network with garbage (as a half-written or foreign record would be). */
  async corruptNetwork(): Promise<void> {
    const db = await openDB(DB);
    await db.put("network", { version: 2, savedAt: new Date().toISOString(), value: { encoding: "tagged-json-1", config: { $big: "x" } } }, "network");
    db.close();
  },

  async storeNames(name: string): Promise<string[]> {
    const db = await openDB(name);
    const names = [...db.objectStoreNames];
    db.close();
    return names.sort();
  },
};

declare global {
  interface Window {
    persistenceTest: typeof api;
  }
}
window.persistenceTest = api;

createRoot(document.getElementById("root")!).render(<p data-testid="persistence-ready">persistence test page ready</p>);
