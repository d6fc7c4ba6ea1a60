/**
 * The app's "GenLayer JSON-RPC URL" network mode against a real `cli serve` node: connect, fund,
 * deploy the open file with its constructor form, read, write, watch statuses to FINALIZED (through
 * genlayer-js in the page, with this browser's own key), and back to the in-browser network.
 */
import { startServeProcess, type ServeProcess } from "../src/cli/serve-process";
import { expect, test } from "@playwright/test";

let server: ServeProcess;
let endpoint = "";

test.beforeAll(async () => {
  server = await startServeProcess(3);
  endpoint = server.endpoint;
});

test.afterAll(() => {
  server?.stop();
});

test("a contract deployed, written and read on a GenLayer JSON-RPC node from the app", async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto("/");
  await expect(page.getByTestId("boot-status")).toContainText("Validator ready", { timeout: 90_000 });

  await page.getByLabel("Network", { exact: true }).selectOption("remote");
  const remote = page.getByTestId("remote");
  await remote.getByLabel("JSON-RPC URL").fill("http://127.0.0.1:1/api");
  await remote.getByRole("button", { name: "Connect" }).click();
  await expect(remote.getByTestId("remote-error")).toContainText("could not connect:");
  await remote.getByLabel("JSON-RPC URL").fill(endpoint);
  await remote.getByRole("button", { name: "Connect" }).click();
  await expect(remote.getByTestId("remote-status")).toContainText(/connected to .* \(chain 61127\) · account 0x/, { timeout: 60_000 });
  await remote.getByRole("button", { name: "Fund 100 GEN" }).click();
  await expect(remote.getByTestId("remote-status")).toContainText("100.0000 GEN");

  const deploy = remote.getByTestId("remote-deploy");
  // the remote node runs its own consensus: no Strict/Fast toggle that would do nothing
  await expect(deploy.getByRole("button", { name: "Deploy", exact: true })).toBeVisible();
  await expect(deploy.getByRole("radio", { name: "Fast" })).toHaveCount(0);
  await expect(remote.getByTestId("remote-deploy").getByText("Strict", { exact: true })).toHaveCount(0);
  await deploy.getByLabel(/^initial_storage/).fill("remote hello");
  await deploy.getByRole("button", { name: "Deploy", exact: true }).click();
  await expect(remote.getByTestId("remote-tx-storage")).toContainText(/ACCEPTED|FINALIZED/, { timeout: 60_000 });
  await remote.getByTestId("remote-method-get_storage").getByRole("button", { name: "Read" }).click();
  await expect(remote.getByTestId("remote-result-get_storage")).toContainText('"remote hello"');

  await expect(remote.getByTestId("remote-method-update_storage").getByRole("radio")).toHaveCount(0);
  await remote.getByTestId("remote-method-update_storage").getByLabel(/^new_storage/).fill("changed remotely");
  await remote.getByTestId("remote-method-update_storage").getByRole("button", { name: "Send" }).click();
  await expect(remote.getByTestId("remote-tx-update_storage#1")).toContainText(/ACCEPTED|FINALIZED/, { timeout: 60_000 });
  await fetch(endpoint, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "sim_advanceTime", params: [31] }) });
  await expect(remote.getByTestId("remote-tx-update_storage#1")).toContainText("FINALIZED", { timeout: 60_000 });
  await remote.getByTestId("remote-method-get_storage").getByRole("button", { name: "Read" }).click();
  await expect(remote.getByTestId("remote-result-get_storage")).toContainText('"changed remotely"');
  // The transaction view: what the node reports (result, votes), no stepping.
  await remote.getByTestId("remote-tx-update_storage#1").click();
  await expect(remote.getByTestId("remote-tx-view").getByTestId("remote-tx-result")).toContainText("return");
  await expect(remote.getByTestId("remote-tx-view").getByTestId("remote-tx-votes")).toContainText("agree");
  await page.screenshot({ path: testInfo.outputPath("remote-network-1366.png") });

  // Back to the in-browser network: its stepper and transactions are where they were.
  await page.getByLabel("Network", { exact: true }).selectOption("browser");
  await expect(page.getByText("Next phase")).toBeVisible();
});

test("with an injected wallet (window.ethereum), the wallet holds the account and sends the transactions", async ({ page }) => {
  test.setTimeout(240_000);
  const { privateKeyToAccount } = await import("viem/accounts");
  const wallet = privateKeyToAccount(("0x" + "42".repeat(32)) as `0x${string}`);
  const sent: string[] = [];
  // The wallet's signer lives in the test (as a wallet extension's lives outside the page).
  await page.exposeFunction("__walletSend", async (tx: { to: `0x${string}`; data: `0x${string}`; nonce: string; gas: string; value?: string }) => {
    const raw = await wallet.signTransaction({ to: tx.to, data: tx.data, nonce: Number(tx.nonce), gas: BigInt(tx.gas), gasPrice: 0n, value: BigInt(tx.value ?? "0x0"), chainId: 61127, type: "legacy" });
    const res = await fetch(endpoint, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_sendRawTransaction", params: [raw] }) });
    const body = (await res.json()) as { result?: string; error?: { message: string } };
    if (!body.result) throw new Error(body.error?.message ?? "send failed");
    sent.push(body.result);
    return body.result;
  });
  await page.addInitScript(
    ({ address, endpoint }) => {
      (window as any).ethereum = {
        async request({ method, params }: { method: string; params?: unknown[] }) {
          if (method === "eth_requestAccounts" || method === "eth_accounts") return [address];
          if (method === "eth_chainId") return "0xeec7";
          if (method === "eth_sendTransaction") return (window as any).__walletSend((params as unknown[])[0]);
          const res = await fetch(endpoint, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params: params ?? [] }) });
          const body = await res.json();
          if (body.error) throw Object.assign(new Error(body.error.message), { code: body.error.code });
          return body.result;
        },
      };
    },
    { address: wallet.address, endpoint },
  );
  await page.goto("/");
  await expect(page.getByTestId("boot-status")).toContainText("Validator ready", { timeout: 90_000 });
  await page.getByLabel("Network", { exact: true }).selectOption("remote");
  const remote = page.getByTestId("remote");
  await remote.getByLabel("JSON-RPC URL").fill(endpoint);
  await remote.getByLabel("my browser wallet").check();
  await remote.getByRole("button", { name: "Connect" }).click();
  await expect(remote.getByTestId("remote-status")).toContainText(`account ${wallet.address.slice(0, 8)}`, { timeout: 60_000 });
  await remote.getByRole("button", { name: "Fund 100 GEN" }).click();
  await expect(remote.getByTestId("remote-status")).toContainText("100.0000 GEN");
  await remote.getByTestId("remote-deploy").getByLabel(/^initial_storage/).fill("from my wallet");
  await remote.getByTestId("remote-deploy").getByRole("button", { name: "Deploy", exact: true }).click();
  await expect(remote.getByTestId("remote-tx-storage")).toContainText(/ACCEPTED|FINALIZED/, { timeout: 60_000 });
  expect(sent).toHaveLength(1);
  await remote.getByTestId("remote-method-get_storage").getByRole("button", { name: "Read" }).click();
  await expect(remote.getByTestId("remote-result-get_storage")).toContainText('"from my wallet"');
});
