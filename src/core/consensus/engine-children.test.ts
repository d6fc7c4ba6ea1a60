import { describe, expect, it } from "vitest";
import { encode } from "../calldata";
import { contractAddress, saltedContractAddress } from "../chain";
import { ALICE, BOB, call, eventsOf, GEN, makeNet, storedValue, submitDeploy } from "./engine-fixtures";

async function twoContracts(settings = {}) {
  const env = makeNet({ validators: 15, settings });
  const p = submitDeploy(env.net, 0n);
  const c = submitDeploy(env.net, 100n);
  await env.net.runUntilIdle();
  return { ...env, parent: p.address, target: c.address };
}

describe("Network: child transactions", () => {
  it("on='accepted' messages become children at acceptance", async () => {
    const { net, parent, target } = await twoContracts();
    const h = net.submit({ kind: "call", from: ALICE, to: parent, calldata: call("emit", target, "inc", "accepted") });
    await net.step(); // select
    await net.step(); // lead
    await net.step(); // commit
    const r = await net.step(); // reveal → ACCEPTED, child created
    expect(r).toMatchObject({ phase: "reveal", to: "ACCEPTED" });
    const tx = net.getTx(h)!;
    expect(tx.children).toHaveLength(1);
    const child = net.getTx(tx.children[0])!;
    expect(child).toMatchObject({ kind: "call", parent: h, triggeredOn: "accepted", status: "PENDING" });
    expect(child.from.equals(parent)).toBe(true);
    expect(child.origin.equals(ALICE)).toBe(true);
    expect(child.to.equals(target)).toBe(true);
    expect(eventsOf(net, "child_tx")[0]).toMatchObject({ parent: h, child: child.hash, on: "accepted", kind: "call" });
    const applied = net.events.findIndex((e) => e.type === "state_applied" && e.tx === h);
    const created = net.events.findIndex((e) => e.type === "child_tx");
    expect(applied).toBeLessThan(created);
    await net.runUntilIdle();
    expect(child.status).toBe("ACCEPTED");
    expect(storedValue(net, target)).toEqual(encode(101n));
  });

  it("on='finalized' messages wait for the parent's finalization", async () => {
    const { net, parent, target } = await twoContracts();
    const h = net.submit({ kind: "call", from: ALICE, to: parent, calldata: call("emit", target, "inc", "finalized") });
    await net.runUntilIdle();
    expect(net.getTx(h)!.children).toHaveLength(0);
    net.advanceTime(30_001);
    const tx = net.getTx(h)!;
    expect(tx.status).toBe("FINALIZED");
    expect(tx.children).toHaveLength(1);
    const child = net.getTx(tx.children[0])!;
    expect(child.triggeredOn).toBe("finalized");
    expect(child.createdAt).toBe(30_001);
    await net.runUntilIdle();
    expect(storedValue(net, target)).toEqual(encode(101n));
  });

  it("value messages: transfers to accounts apply at once; a contract without funds gets a CANCELED child", async () => {
    const { net, parent } = await twoContracts();
    const broke = net.submit({ kind: "call", from: ALICE, to: parent, calldata: call("transfer", BOB, GEN, "accepted") });
    await net.runUntilIdle();
    expect(net.getTx(net.getTx(broke)!.children[0])!.status).toBe("CANCELED");
    net.fund(parent, 5n * GEN);
    const bobBefore = net.balanceOf(BOB);
    const ok = net.submit({ kind: "call", from: ALICE, to: parent, calldata: call("transfer", BOB, 2n * GEN, "accepted") });
    await net.runUntilIdle();
    const child = net.getTx(net.getTx(ok)!.children[0])!;
    expect(child).toMatchObject({ kind: "transfer", status: "FINALIZED" });
    expect(net.balanceOf(BOB)).toBe(bobBefore + 2n * GEN);
    expect(net.balanceOf(parent)).toBe(3n * GEN);
  });

  it("value-only messages to a contract are calls (its __receive__) and credit it on acceptance", async () => {
    const { net, parent, target } = await twoContracts();
    net.fund(parent, 5n * GEN);
    const h = net.submit({ kind: "call", from: ALICE, to: parent, calldata: call("transfer", target, GEN, "accepted") });
    await net.runUntilIdle();
    const child = net.getTx(net.getTx(h)!.children[0])!;
    expect(child).toMatchObject({ kind: "call", status: "ACCEPTED", value: GEN });
    expect(net.balanceOf(target)).toBe(GEN);
    expect(net.balanceOf(parent)).toBe(4n * GEN);
  });

  it("EthSend effects become transfers at finalization", async () => {
    const { net, parent } = await twoContracts();
    net.fund(parent, GEN);
    const h = net.submit({ kind: "call", from: ALICE, to: parent, calldata: call("eth_send", BOB, GEN) });
    await net.runUntilIdle();
    expect(net.getTx(h)!.children).toHaveLength(0);
    net.advanceTime(30_001);
    expect(net.getTx(net.getTx(h)!.children[0])!).toMatchObject({ kind: "transfer", triggeredOn: "finalized", status: "FINALIZED" });
  });

  it("contract deploys: salted address as the SDK computes it, otherwise from the contract's nonce", async () => {
    const { net, parent } = await twoContracts();
    const salted = net.submit({ kind: "call", from: ALICE, to: parent, calldata: call("deploy_child", "child code", 42n, "accepted") });
    const plain = net.submit({ kind: "call", from: ALICE, to: parent, calldata: call("deploy_child", "child code", 0n, "accepted") });
    await net.runUntilIdle();
    const s = net.getTx(net.getTx(salted)!.children[0])!;
    expect(s.kind).toBe("deploy");
    expect(s.to.equals(saltedContractAddress(parent, 42n, 61127n))).toBe(true);
    expect(net.contractState(s.to)!.code).toBe("child code");
    expect(storedValue(net, s.to)).toEqual(encode(7n));
    const p = net.getTx(net.getTx(plain)!.children[0])!;
    expect(p.to.equals(contractAddress(parent, 1n))).toBe(true);
    expect(p.status).toBe("ACCEPTED");
  });

  it("a rolled-back parent cancels its children that have not started; re-acceptance emits them again", async () => {
    let parentTx = "";
    const { net: n } = makeNet({
      validators: 15,
      executor: { vote: (_v, tx, round) => (tx.hash === parentTx && tx.rounds[round].kind === "validator_appeal" ? "disagree" : undefined) },
    });
    const p = submitDeploy(n, 0n);
    const c = submitDeploy(n, 100n);
    await n.runUntilIdle();
    parentTx = n.submit({ kind: "call", from: ALICE, to: p.address, calldata: call("emit", c.address, "inc", "accepted") });
    while (n.getTx(parentTx)!.status !== "ACCEPTED") await n.step();
    const firstChild = n.getTx(parentTx)!.children[0];
    expect(n.getTx(firstChild)!.status).toBe("PENDING");
    n.appeal(parentTx, { by: BOB });
    await n.runUntilIdle();
    expect(n.getTx(firstChild)!.status).toBe("CANCELED");
    expect(eventsOf(n, "tx_rolled_back").map((e) => e.type === "tx_rolled_back" && e.tx)).toContain(firstChild);
    const children = n.getTx(parentTx)!.children;
    expect(children).toHaveLength(2);
    expect(n.getTx(children[1])!.status).toBe("ACCEPTED");
    expect(storedValue(n, c.address)).toEqual(encode(101n));
  });
});
