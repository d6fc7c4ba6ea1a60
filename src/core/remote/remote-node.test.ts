/** The remote-network store through genlayer-js, against a real `cli serve` node. */
import { startServeProcess, type ServeProcess } from "../../cli/serve-process";
import { readFileSync } from "node:fs";
import { generatePrivateKey } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RemoteNode } from "./remote-node";

let server: ServeProcess;
let endpoint = "";

beforeAll(async () => {
  server = await startServeProcess(3);
  endpoint = server.endpoint;
}, 60_000);

afterAll(() => {
  server?.stop();
});

async function until(node: RemoteNode, ok: (s: ReturnType<RemoteNode["getState"]>) => boolean, ms = 60_000): Promise<void> {
  const start = Date.now();
  while (!ok(node.getState())) {
    if (Date.now() - start > ms) throw new Error(`timed out: ${JSON.stringify(node.getState()).slice(0, 400)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("RemoteNode (genlayer-js) against cli serve", () => {
  it("connects, funds, deploys, writes, reads and follows statuses to FINALIZED", { timeout: 180_000 }, async () => {
    const node = new RemoteNode({ privateKey: generatePrivateKey(), pollMs: 100 });
    await node.connect("http://127.0.0.1:1/nothing");
    expect(node.getState()).toMatchObject({ status: "failed", error: expect.stringMatching(/^could not connect: /) });

    await node.connect(endpoint);
    expect(node.getState()).toMatchObject({ status: "connected", chainId: 61127, balance: "0" });
    await node.fund(10n ** 20n);
    expect(node.getState().balance).toBe("100000000000000000000");

    const code = readFileSync(new URL("../../../contracts-examples/storage.py", import.meta.url), "utf8");
    const deployHash = await node.deploy("storage", code, ["remote hello"], new Map());
    expect(deployHash).toMatch(/^0x[0-9a-f]{64}$/);
    await until(node, (s) => s.contracts.length === 1);
    await node.read("storage", "get_storage", [], new Map());
    expect(node.getState().results["storage.get_storage"]).toEqual({ ok: true, value: "remote hello" });

    await node.call("storage", "update_storage", ["changed remotely"], new Map());
    await until(node, (s) => s.transactions[0]?.status === "ACCEPTED" || s.transactions[0]?.status === "FINALIZED");
    await (node as unknown as { need(): { request(r: unknown): Promise<unknown> } }).need().request({ method: "sim_advanceTime", params: [31] });
    await until(node, (s) => s.transactions.every((t) => t.status === "FINALIZED"));
    await node.read("storage", "get_storage", [], new Map());
    expect(node.getState().results["storage.get_storage"]).toEqual({ ok: true, value: "changed remotely" });
    expect(node.getState().transactions.map((t) => t.label)).toEqual(["update_storage#1", "storage"]);
    // The transaction view's facts, as the node reports them.
    const detail = node.getState().transactions[0]!.detail!;
    expect(detail.result?.status).toBe("return");
    expect(Object.values(detail.votes ?? {})).toEqual(["agree", "agree", "agree"]);
    expect(detail.from?.toLowerCase()).toBe(node.getState().account!.toLowerCase());

    await node.read("nowhere", "get_storage", [], new Map());
    expect(node.getState().error).toBe("no deployed contract nowhere");
  });
});
