import { expect, test, type Page } from "@playwright/test";

async function waitReady(page: Page) {
  await expect(page.getByTestId("boot-status")).toContainText("Validator ready", { timeout: 90_000 });
}

test("a new user deploys, calls, steps through consensus phase by phase and finalizes", async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto("/");
  await waitReady(page);
  await page.screenshot({ path: testInfo.outputPath("01-start-1366.png") });

  // Load the storage example and make v2 always disagree (the network rebuilds on the booted workers).
  await page.getByLabel("Open example").selectOption("storage.py");
  // Edit it: a comment at the top (kept across the reload at the end).
  const lines = page.locator(".monaco-editor .view-lines").first();
  await expect(lines).toContainText("class Storage");
  await lines.click();
  await page.keyboard.press("Control+Home");
  await page.keyboard.type("# edited by a new user", { delay: 10 });
  await page.keyboard.press("Enter");
  await expect(lines).toContainText("# edited by a new user");
  await page.getByRole("tab", { name: "Validators" }).click();
  await page.getByLabel("Behaviour of v2").selectOption("always_disagree");
  await expect(page.getByLabel("Behaviour of v2")).toHaveValue("always_disagree");
  await waitReady(page);

  // Check, then deploy with the constructor form.
  await page.getByRole("button", { name: /Check contract/ }).click();
  const deploy = page.getByTestId("deploy");
  await deploy.getByLabel("initial_storage").fill("hello");
  await deploy.getByRole("button", { name: "Deploy", exact: true }).click();
  await page.getByRole("tab", { name: "Contract" }).click();
  const contract = page.getByTestId("contract");
  await expect(contract.locator(".contract-head")).toContainText("ACCEPTED", { timeout: 90_000 });
  await page.getByTestId("method-get_storage").getByRole("button", { name: "Read" }).click();
  await expect(page.getByTestId("result-get_storage")).toContainText('"hello"');
  // The state inspector decodes the storage fields by itself.
  await expect(page.getByTestId("state-storage")).toContainText('"hello"');

  // Call a write method in step mode and walk its consensus phase by phase.
  await page.getByLabel("Step mode").check();
  await page.getByTestId("method-update_storage").getByLabel("new_storage").fill("bye");
  await page.getByTestId("method-update_storage").getByRole("button", { name: "Send" }).click();
  const next = page.getByTestId("next-phase");
  await expect(next).toContainText("next: select");
  await page.keyboard.press("F10");
  await expect(next).toContainText("next: lead");
  await page.getByTestId("step-next").click();
  await expect(next).toContainText("next: commit", { timeout: 60_000 });
  await expect(page.getByTestId("node-v1")).toContainText("proposed");
  await page.keyboard.press("F10");
  await expect(next).toContainText("next: reveal", { timeout: 60_000 });
  await expect(page.getByTestId("node-v2")).toContainText("committed");
  await page.screenshot({ path: testInfo.outputPath("02-committed-1366.png") });

  // Back one phase, then forward again.
  await page.keyboard.press("Shift+F10");
  await expect(next).toContainText("next: commit");
  await page.keyboard.press("F10");
  await expect(next).toContainText("next: reveal", { timeout: 60_000 });
  await page.keyboard.press("F10");
  await expect(page.getByTestId("node-v2")).toContainText("disagree");
  await expect(next).toContainText("idle");
  await expect(page.getByTestId("tx-update_storage#1")).toContainText("ACCEPTED");
  const detail = page.getByTestId("tx-detail");
  await expect(detail).toContainText("update_storage");
  await expect(detail.locator(".vote-disagree").first()).toHaveText("disagree");
  await page.screenshot({ path: testInfo.outputPath("03-revealed-1366.png") });

  // Errors show as one line where the user acted: with 3 validators there is nobody left to appeal.
  await page.getByTestId("appeal").click();
  await expect(page.getByTestId("error-clock")).toContainText("no validators left for an appeal");
  await expect(page.locator("body")).not.toContainText("Traceback");

  // Advance the virtual clock past the finality window.
  await page.getByTestId("advance-clock").click();
  await expect(page.getByTestId("tx-update_storage#1")).toContainText("FINALIZED");
  await page.getByTestId("method-get_storage").getByRole("button", { name: "Read" }).click();
  await expect(page.getByTestId("result-get_storage")).toContainText('"bye"');

  // Logs filtered by validator.
  await page.getByRole("tab", { name: "Logs" }).click();
  await page.getByLabel("Filter by validator").selectOption("v2");
  await expect(page.getByTestId("log-lines")).toContainText("revealed disagree");
  await page.screenshot({ path: testInfo.outputPath("04-logs-1366.png") });

  // Command palette.
  await page.keyboard.press("Control+k");
  await expect(page.getByRole("dialog", { name: "Command palette" })).toContainText("Next phase");
  await page.keyboard.press("Escape");

  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.getByRole("tab", { name: "Contract" }).click();
  await expect(page.getByTestId("state-storage")).toContainText('"bye"');
  await page.screenshot({ path: testInfo.outputPath("05-final-1920.png") });

  // Reload: files, validators, transactions and contract state all come back from IndexedDB.
  await expect(page.getByTestId("save-status")).toContainText("saved in this browser");
  await page.reload();
  await waitReady(page);
  await expect(page.locator(".monaco-editor .view-lines").first()).toContainText("# edited by a new user");
  await expect(page.getByTestId("tx-update_storage#1")).toContainText("FINALIZED");
  await expect(page.getByTestId("tx-storage")).toContainText("FINALIZED");
  await page.getByRole("tab", { name: "Contract" }).click();
  await expect(page.getByTestId("state-storage")).toContainText('"bye"');
  await page.getByTestId("tx-update_storage#1").click();
  await expect(page.getByTestId("tx-detail").locator(".vote-disagree").first()).toHaveText("disagree");
  await page.getByRole("tab", { name: "Validators" }).click();
  await expect(page.getByLabel("Behaviour of v2")).toHaveValue("always_disagree");
  await page.screenshot({ path: testInfo.outputPath("06-after-reload-1920.png") });

  // The chain goes on after the reload.
  await page.getByRole("tab", { name: "Contract" }).click();
  await page.getByTestId("method-update_storage").getByLabel("new_storage").fill("again");
  await page.getByTestId("method-update_storage").getByRole("button", { name: "Send" }).click();
  await expect(page.getByTestId("next-phase")).toContainText("next: select");
  await page.keyboard.press("F8");
  await expect(page.getByTestId("tx-update_storage#2")).toContainText("ACCEPTED", { timeout: 90_000 });
  await expect(page.getByTestId("state-storage")).toContainText('"again"');

  // Network stats (Validators tab): three transactions, a histogram, every validator's executions.
  await page.getByRole("tab", { name: "Validators" }).click();
  const stats = page.getByTestId("network-stats");
  await expect(stats.getByTestId("stats-summary")).toContainText(/^3 transactions · 2 finalized · execution p50 \d/);
  await expect(stats.getByTestId("stats-validators").locator("tbody tr")).toHaveCount(3);
  await stats.screenshot({ path: testInfo.outputPath("07-network-stats.png") });
});
