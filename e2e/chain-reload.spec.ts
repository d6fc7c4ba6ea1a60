import { expect, test } from "@playwright/test";

test("a transaction saved mid-consensus is marked after a reload and resumes", async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto("/");
  await expect(page.getByTestId("boot-status")).toContainText("Validator ready", { timeout: 90_000 });
  await page.getByLabel("Open example").selectOption("storage.py");
  await page.getByLabel("Step mode").check();

  const deploy = page.getByTestId("deploy");
  await deploy.getByLabel("initial_storage").fill("kept");
  await deploy.getByRole("button", { name: "Deploy", exact: true }).click();
  const next = page.getByTestId("next-phase");
  await expect(next).toContainText("next: select");
  await page.keyboard.press("F10");
  await expect(next).toContainText("next: lead");
  await page.keyboard.press("F10");
  await expect(next).toContainText("next: commit", { timeout: 60_000 });
  await expect(page.getByTestId("tx-storage")).toContainText("COMMITTING");
  await expect(page.getByTestId("save-status")).toContainText("saved in this browser");

  await page.reload();
  await expect(page.getByTestId("boot-status")).toContainText("Validator ready", { timeout: 90_000 });
  await expect(page.getByTestId("tx-storage")).toContainText("COMMITTING");
  await expect(page.getByTestId("interrupted-banner")).toContainText("storage stopped at COMMITTING when the page reloaded (next: validator voting (commit))");
  await expect(next).toContainText("next: commit");
  await page.screenshot({ path: testInfo.outputPath("chain-reload-marked-1366.png") });

  await page.keyboard.press("F8");
  await expect(page.getByTestId("tx-storage")).toContainText("ACCEPTED", { timeout: 90_000 });
  await expect(page.getByTestId("interrupted-banner")).toHaveCount(0);
  await page.getByRole("tab", { name: "Contract" }).click();
  await expect(page.getByTestId("state-storage")).toContainText('"kept"');

  // Reset network forgets the chain; files stay.
  await page.locator("h1").click();
  await page.keyboard.press("Control+k");
  await page.getByRole("dialog", { name: "Command palette" }).getByText("Reset network and forget its saved state").click();
  await expect(page.getByTestId("tx-storage")).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId("boot-status")).toContainText("Validator ready", { timeout: 90_000 });
  await expect(page.getByTestId("tx-storage")).toHaveCount(0);
  await expect(page.locator(".monaco-editor .view-lines").first()).toContainText("class Storage");
});
