import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { makeNet, submitDeploy } from "../consensus/engine-fixtures";
import { FakeExecutor } from "../consensus/fake-executor";
import { createWorkspaceDocument, loadWorkspace, networkSection, restoreNetwork, workspaceToText, WORKSPACE_VERSION } from "./index";

const fixture = (name: string): string => readFileSync(new URL(`./testdata/${name}`, import.meta.url), "utf8");

describe("workspace documents: versions and migrations", () => {
  it("v1 (files as a map) migrates to v2 (sorted file list, session, ui)", () => {
    const r = loadWorkspace(fixture("workspace-v1-minimal.json"));
    if (!r.ok) throw new Error(r.message);
    expect(r.fromVersion).toBe(1);
    expect(r.doc.version).toBe(2);
    expect(r.doc.files).toEqual([
      { path: "a.py", text: "print('a')\n" },
      { path: "b.py", text: "print('b')\n" },
    ]);
    expect(r.doc.session).toEqual({ accounts: [], contracts: [], sender: null });
    expect(r.doc.ui).toEqual({});
    expect(r.doc.settings).toEqual({ fontSize: 14 });
    expect(r.doc.savedAt).toBe("2026-10-01T08:30:00.000Z");
    expect(r.network).toBeNull();
  });

  it("v1 with a network: accounts move to session, the mid-consensus marker is added, the chain restores", async () => {
    const r = loadWorkspace(fixture("workspace-v1-network.json"));
    if (!r.ok) throw new Error(r.message);
    expect(r.doc.session.accounts[0].label).toBe("Alice");
    expect(r.doc.session.contracts[0]).toMatchObject({ label: "Storage", file: "contracts/storage.py" });
    expect(r.doc.session.sender).toBe(r.doc.session.accounts[0].address);
    expect(r.doc.network!.midConsensus).toEqual([expect.objectContaining({ status: "COMMITTING", phase: "commit", executionsLost: false })]);
    expect(r.interrupted).toHaveLength(1);
    const { network } = restoreNetwork(r.network!, new FakeExecutor());
    const hash = r.interrupted[0].hash;
    expect(network.getTx(hash)!.status).toBe("COMMITTING");
    await network.runUntilIdle();
    expect(network.getTx(hash)!.status).toBe("ACCEPTED");
    network.advanceTime(60_000);
    const address = r.doc.session.contracts[0].address;
    expect(network.contractState(address)!.finalizedRoot).not.toBeNull();
  });

  it("v2 loads as is; saving and loading again gives the same document", () => {
    const r = loadWorkspace(fixture("workspace-v2.json"));
    if (!r.ok) throw new Error(r.message);
    expect(r.fromVersion).toBe(2);
    const again = loadWorkspace(workspaceToText(r.doc));
    expect(again.ok && again.doc).toEqual(r.doc);
  });

  it("a whole current workspace round-trips through its export text", async () => {
    const { net } = makeNet({ seed: "export-1" });
    submitDeploy(net, 3n);
    await net.runUntilIdle();
    const doc = createWorkspaceDocument({
      files: [{ path: "z.py", text: "z" }, { path: "a.py", text: "a" }],
      settings: { theme: "light" },
      network: networkSection(net),
      ui: { panel: "transactions" },
    });
    expect(doc.version).toBe(WORKSPACE_VERSION);
    expect(doc.files.map((f) => f.path)).toEqual(["a.py", "z.py"]);
    const r = loadWorkspace(workspaceToText(doc));
    if (!r.ok) throw new Error(r.message);
    expect(r.doc).toEqual(doc);
    const { network } = restoreNetwork(r.network!, new FakeExecutor());
    expect(network.events.length).toBe(net.events.length);
    expect(network.transactions().map((t) => t.status)).toEqual(["ACCEPTED"]);
  });
});

describe("workspace documents: refusals are one clear line", () => {
  const refuse = (input: unknown): string => {
    const r = loadWorkspace(input);
    if (r.ok) throw new Error("expected a refusal");
    expect(r.message).not.toContain("\n");
    return r.message;
  };

  it("newer versions", () => {
    expect(refuse(fixture("workspace-v7.json"))).toBe("workspace from a newer version (v7); this playground reads up to v2");
  });

  it("foreign files, non-JSON, wrong shapes", () => {
    expect(refuse(fixture("foreign.json"))).toBe("this file is not a playground workspace");
    expect(refuse("PK\u0003\u0004 zip bytes")).toBe("this file is not a playground workspace (not JSON)");
    expect(refuse("[1,2]")).toBe("this file is not a playground workspace");
    expect(refuse(null)).toBe("this file is not a playground workspace");
    expect(refuse({ format: "genlayer-playground-workspace", version: "2" })).toMatch(/bad version "2"/);
    expect(refuse({ format: "genlayer-playground-workspace", version: 0 })).toMatch(/bad version 0/);
  });

  it("corrupted content", () => {
    const good = JSON.parse(fixture("workspace-v2.json"));
    expect(refuse({ ...good, files: [{ path: "a" }] })).toBe("corrupted workspace: files[0] must be {path, text}");
    expect(refuse({ ...good, files: [{ path: "a", text: "" }, { path: "a", text: "" }] })).toBe("corrupted workspace: file a appears twice");
    expect(refuse({ ...good, session: { ...good.session, sender: "bob" } })).toBe("corrupted workspace: session.sender must be an address or null");
    expect(refuse({ ...good, network: { encoding: "tagged-json-1", config: {}, snapshot: {}, events: [] } })).toMatch(/^corrupted workspace: network state: bad network config/);
    const v1 = JSON.parse(fixture("workspace-v1-minimal.json"));
    expect(refuse({ ...v1, files: [] })).toBe("cannot upgrade workspace v1 to v2: v1 files must be a map of path to text");
  });
});
