/**
 * The app's "GenLayer JSON-RPC URL" network mode against a real `cli serve` node: connect, fund,
 * deploy the open file with its constructor form, read, write, watch statuses to FINALIZED (through
 * genlayer-js in the page, with this browser's own key), and back to the in-browser network.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
let server: ChildProcess;
let endpoint = "";

test.beforeAll(async () => {
  server = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", "serve", "--port", "0", "--validators", "3"], { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] });
  endpoint = await new Promise<string>((ready, failed) => {
    let text = "";
    server.stderr!.on("data", (c: Buffer) => {
      text += c.toString();
      const m = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(text);
      if (m) ready(`${m[1]}/api`);
    });
    server.once("exit", (code) => failed(new Error(`serve exited (${code}): ${text}`)));
  });
});

test.afterAll(() => {
  server?.kill("SIGINT");
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
  await deploy.getByLabel(/^initial_storage/).fill("remote hello");
  await deploy.getByRole("button", { name: "Deploy", exact: true }).click();
  await expect(remote.getByTestId("remote-tx-storage")).toContainText(/ACCEPTED|FINALIZED/, { timeout: 60_000 });
  await remote.getByTestId("remote-method-get_storage").getByRole("button", { name: "Read" }).click();
  await expect(remote.getByTestId("remote-result-get_storage")).toContainText('"remote hello"');

  await remote.getByTestId("remote-method-update_storage").getByLabel(/^new_storage/).fill("changed remotely");
  await remote.getByTestId("remote-method-update_storage").getByRole("button", { name: "Send" }).click();
  await expect(remote.getByTestId("remote-tx-update_storage#1")).toContainText(/ACCEPTED|FINALIZED/, { timeout: 60_000 });
  await fetch(endpoint, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "sim_advanceTime", params: [31] }) });
  await expect(remote.getByTestId("remote-tx-update_storage#1")).toContainText("FINALIZED", { timeout: 60_000 });
  await remote.getByTestId("remote-method-get_storage").getByRole("button", { name: "Read" }).click();
  await expect(remote.getByTestId("remote-result-get_storage")).toContainText('"changed remotely"');
  await page.screenshot({ path: testInfo.outputPath("remote-network-1366.png") });

  // Back to the in-browser network: its stepper and transactions are where they were.
  await page.getByLabel("Network", { exact: true }).selectOption("browser");
  await expect(page.getByText("Next phase")).toBeVisible();
});
