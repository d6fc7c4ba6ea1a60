/**
 * The in-page JSON-RPC provider (`window.genlayerPlayground.request`): Studio-compatible answers
 * against the chain this page runs. A transaction signed outside the page (as genlayer-js signs it)
 * deploys through the provider and shows in the app; a read goes through `gen_call`.
 */
import { expect, test } from "@playwright/test";
import { readFileSync } from "node:fs";
import { encodeFunctionData, parseEventLogs, toHex, toRlp, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { decode, encode, makeCalldataObject } from "../src/core/calldata";

const CONSENSUS = "0xb7278A61aa25c888815aFC32Ad3cC52fF24fE575";
const ADD_TX = [{
  type: "function", name: "addTransaction", stateMutability: "nonpayable", outputs: [],
  inputs: [
    { name: "_sender", type: "address" }, { name: "_recipient", type: "address" }, { name: "_numOfInitialValidators", type: "uint256" },
    { name: "_maxRotations", type: "uint256" }, { name: "_txData", type: "bytes" },
  ],
}] as const;
const NEW_TX = [{
  type: "event", name: "NewTransaction", anonymous: false,
  inputs: [{ indexed: true, name: "txId", type: "bytes32" }, { indexed: true, name: "recipient", type: "address" }, { indexed: true, name: "activator", type: "address" }],
}] as const;

test("the in-page provider answers JSON-RPC and takes a signed deploy", async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto("/");
  await expect(page.getByTestId("boot-status")).toContainText("Validator ready", { timeout: 90_000 });
  const rpc = (method: string, params: unknown[] = []) =>
    page.evaluate(
      async ([m, p]) => {
        try {
          return { result: await (window as any).genlayerPlayground.request({ method: m, params: p }) };
        } catch (e) {
          return { error: { code: (e as { code?: number }).code, message: (e as Error).message } };
        }
      },
      [method, params] as const,
    );

  expect(await rpc("eth_chainId")).toEqual({ result: "0xeec7" });
  expect(await rpc("eth_mine")).toEqual({ error: { code: -32601, message: "method not found: eth_mine" } });
  expect(await rpc("eth_getBalance", ["bob"])).toMatchObject({ error: { code: -32602 } });

  const account = privateKeyToAccount(("0x" + "11".repeat(32)) as Hex);
  expect(await rpc("sim_fundAccount", [account.address, 1e20])).toEqual({ result: "0x56bc75e2d63100000" });

  // A deploy as genlayer-js builds it: addTransaction(sender, 0x0, 5, 3, RLP([code, calldata, leaderOnly])).
  const code = readFileSync(new URL("../contracts-examples/storage.py", import.meta.url), "utf8");
  const txData = toRlp([toHex(code), toHex(encode(makeCalldataObject(undefined, ["from the provider"], {}))), toHex(false)]);
  const data = encodeFunctionData({ abi: ADD_TX, functionName: "addTransaction", args: [account.address, "0x0000000000000000000000000000000000000000", 5n, 3n, txData] });
  const nonce = Number(((await rpc("eth_getTransactionCount", [account.address, "latest"])) as { result: string }).result);
  const raw = await account.signTransaction({ to: CONSENSUS, data, nonce, gas: 200_000n, gasPrice: 0n, chainId: 61127, type: "legacy" });
  const sent = (await rpc("eth_sendRawTransaction", [raw])) as { result: Hex };
  expect(sent.result).toMatch(/^0x[0-9a-f]{64}$/);
  const receipt = (await rpc("eth_getTransactionReceipt", [sent.result])) as { result: { status: string; logs: { address: Hex; topics: [Hex, ...Hex[]]; data: Hex }[] } };
  expect(receipt.result.status).toBe("0x1");
  const [event] = parseEventLogs({ abi: NEW_TX, logs: receipt.result.logs as never });
  const txId = (event as unknown as { args: { txId: Hex; recipient: Hex } }).args;
  const tx = (await rpc("eth_getTransactionByHash", [txId.txId])) as { result: { status: string; to_address: string } };
  expect(tx.result.status).toBe("ACCEPTED");
  // The app shows the transaction it did not send itself.
  await expect(page.getByText(/TRANSACTIONS \(1\)/i)).toBeVisible({ timeout: 30_000 });

  const read = (await rpc("gen_call", [{ type: "read", to: tx.result.to_address, from: account.address, data: toRlp([toHex(encode(makeCalldataObject("get_storage", [], {}))), toHex(false)]), transaction_hash_variant: "latest-nonfinal" }])) as { result: string };
  expect(decode(Uint8Array.from(Buffer.from(read.result, "hex")))).toBe("from the provider");
});

test("genlayer-js created inside the page talks to the in-page endpoint", async ({ page }) => {
  test.setTimeout(240_000);
  // The unmodified npm package, bundled for the browser here (the app itself does not ship it).
  const { build } = await import("esbuild");
  const bundled = await build({
    stdin: { contents: 'export { createClient, createAccount } from "genlayer-js"; export { localnet } from "genlayer-js/chains";', resolveDir: process.cwd(), loader: "js" },
    bundle: true, format: "iife", globalName: "GenLayerJS", platform: "browser", write: false, logLevel: "silent",
  });
  await page.goto("/");
  await expect(page.getByTestId("boot-status")).toContainText("Validator ready", { timeout: 90_000 });
  await page.addScriptTag({ content: bundled.outputFiles[0]!.text });
  const code = readFileSync(new URL("../contracts-examples/storage.py", import.meta.url), "utf8");
  const out = await page.evaluate(async (source) => {
    const { createClient, createAccount, localnet } = (window as any).GenLayerJS;
    const account = createAccount();
    const client = createClient({ chain: localnet, endpoint: (window as any).genlayerPlayground.rpcEndpoint, account });
    await client.fundAccount({ address: account.address, amount: 1e20 });
    const hash = await client.deployContract({ code: source, args: ["made in the page"] });
    const deployed = await client.waitForTransactionReceipt({ hash, status: "ACCEPTED", retries: 20, interval: 200 });
    const address = deployed.to_address;
    const first = await client.readContract({ address, functionName: "get_storage", args: [] });
    const write = await client.writeContract({ address, functionName: "update_storage", args: ["changed"], value: 0n });
    await client.request({ method: "sim_advanceTime", params: [31] });
    const final = await client.waitForTransactionReceipt({ hash: write, status: "FINALIZED", retries: 20, interval: 200 });
    const second = await client.readContract({ address, functionName: "get_storage", args: [] });
    return { first, second, status: final.status_name, address };
  }, code);
  expect(out).toMatchObject({ first: "made in the page", second: "changed", status: "FINALIZED" });
  await expect(page.getByText(/TRANSACTIONS \(2\)/i)).toBeVisible({ timeout: 30_000 });
});
