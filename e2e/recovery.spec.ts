import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { join } from "node:path";

/** The app's crash test hook (src/ui/scenario-bridge.ts). */
type Hook = { genlayerPlayground: { debug: { crashWorker(i: number, mode?: "throw" | "terminate"): Promise<void> } } };

/** Screenshots go to the test's output folder, or to $RECOVERY_SHOTS when set (to keep them). */
function shot(testInfo: TestInfo, name: string): string {
  const dir = process.env.RECOVERY_SHOTS;
  return dir ? join(dir, name) : testInfo.outputPath(name);
}

async function waitReady(page: Page) {
  await expect(page.getByTestId("boot-status")).toContainText("Validator ready", { timeout: 90_000 });
}

async function crashWorker(page: Page, index: number, mode: "throw" | "terminate") {
  await page.evaluate(([i, m]) => (window as unknown as Hook).genlayerPlayground.debug.crashWorker(i as number, m as "throw"), [index, mode] as const);
}

async function expectNoStackTrace(page: Page) {
  const body = page.locator("body");
  await expect(body).not.toContainText("Traceback");
  await expect(body).not.toContainText(/\bat \S+ \(.*:\d+:\d+\)/);
  await expect(page.locator(".app-header")).toBeVisible();
}

test("crashed validator workers are restarted with a visible boot bar and the network goes on", async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto("/");
  await waitReady(page);
  const bars = page.locator("[data-testid^=worker-bar-]");
  await expect(bars.first()).toBeVisible();
  const n = await bars.count();
  expect(n).toBeGreaterThanOrEqual(2);
  const all = Array.from({ length: n }, (_, i) => i);
  for (let i = 1; i <= n; i++) await expect(page.getByTestId(`worker-bar-${i}`)).toHaveAttribute("data-state", "ready");

  // Deploy the storage example.
  await page.getByLabel("Open example").selectOption("storage.py");
  await waitReady(page);
  const deploy = page.getByTestId("deploy");
  await deploy.getByLabel("initial_storage").fill("hello");
  await deploy.getByRole("button", { name: "Deploy", exact: true }).click();
  await page.getByRole("tab", { name: "Contract" }).click();
  await expect(page.getByTestId("contract").locator(".contract-head")).toContainText("ACCEPTED", { timeout: 90_000 });

  // Worker 2 dies of an uncaught error: the header and the Validators panel show it restarting.
  await page.getByRole("tab", { name: "Validators" }).click();
  await crashWorker(page, 1, "throw");
  await expect(page.getByTestId("worker-bar-2")).toHaveAttribute("data-state", "restarting");
  await expect(page.getByTestId("boot-status")).toContainText("Restarting Python worker 2");
  const worker2 = page.getByTestId("worker-2");
  await expect(worker2).toHaveAttribute("data-state", "restarting");
  await expect(worker2).toContainText("restarting:");
  await expect(page.getByTestId("pool-line")).toContainText(`${n - 1}/${n} ready`);
  await expect(page.getByTestId("pool-v1")).toHaveAttribute("title", new RegExp(`${n - 1}/${n} ready`));
  await page.screenshot({ path: shot(testInfo, "recovery-restarting-1366.png") });
  await waitReady(page);
  await expect(worker2).toHaveAttribute("data-state", "ready");
  await expect(worker2).toContainText("1 restart");
  await expect(worker2).toContainText("validator worker crashed; restarted");
  await expect(page.getByTestId("pool-line")).toContainText(`${n}/${n} ready`);
  await page.getByTestId("validators").screenshot({ path: shot(testInfo, "recovery-validators-1366.png") });
  await page.screenshot({ path: shot(testInfo, "recovery-ready-1366.png") });

  // Every worker is killed from outside; they all come back and a write still reaches ACCEPTED.
  for (const i of all) await crashWorker(page, i, "terminate");
  await expect(page.getByTestId("boot-status")).toContainText("Restarting Python worker");
  await waitReady(page);
  await page.getByRole("tab", { name: "Contract" }).click();
  await page.getByTestId("method-update_storage").getByLabel("new_storage").fill("after the crash");
  await page.getByTestId("method-update_storage").getByRole("button", { name: "Send" }).click();
  await expect(page.getByTestId("tx-update_storage#1")).toContainText("ACCEPTED", { timeout: 90_000 });
  await page.getByTestId("method-get_storage").getByRole("button", { name: "Read" }).click();
  await expect(page.getByTestId("result-get_storage")).toContainText('"after the crash"');

  // A worker killed while a transaction runs: the transaction still ends, it does not hang.
  await page.getByTestId("method-update_storage").getByLabel("new_storage").fill("mid-flight");
  await page.getByTestId("method-update_storage").getByRole("button", { name: "Send" }).click();
  for (const i of all) await crashWorker(page, i, "terminate");
  await expect(page.getByTestId("tx-update_storage#2")).toContainText(/ACCEPTED|UNDETERMINED|FINALIZED|LEADER_TIMEOUT/, { timeout: 120_000 });
  await waitReady(page);

  await expectNoStackTrace(page);
  expect(pageErrors).toEqual([]);
});
