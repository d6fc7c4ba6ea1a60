import { expect, test } from "@playwright/test";

test("an edit survives a reload (files autosave to IndexedDB)", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto("/");
  const lines = page.locator(".monaco-editor .view-lines").first();
  await expect(lines).toContainText("class Storage");
  await lines.click();
  await page.keyboard.press("Control+Home");
  await page.keyboard.type("# my persisted edit", { delay: 20 });
  await page.keyboard.press("Enter");
  await expect(lines).toContainText("# my persisted edit");
  await expect(page.getByTestId("save-status")).toContainText("saved in this browser");
  await page.screenshot({ path: testInfo.outputPath("workspace-edited-1366.png") });

  await page.reload();
  await expect(page.locator(".monaco-editor .view-lines").first()).toContainText("# my persisted edit");
  await expect(page.getByTestId("save-status")).toContainText("stored");

  // Reset files from the command palette brings the example back.
  await page.keyboard.press("Escape");
  await page.locator("h1").click();
  await page.keyboard.press("Control+k");
  const palette = page.getByRole("dialog", { name: "Command palette" });
  await expect(palette).toContainText("Export workspace");
  await expect(palette).toContainText("Import workspace");
  await expect(palette).toContainText("Reset network and forget its saved state");
  await palette.getByText("Reset files").click();
  await expect(page.locator(".monaco-editor .view-lines").first()).not.toContainText("# my persisted edit");
  await page.reload();
  await expect(page.locator(".monaco-editor .view-lines").first()).toContainText("class Storage");
  await expect(page.locator(".monaco-editor .view-lines").first()).not.toContainText("# my persisted edit");
});

test("the open tab and step mode survive a reload; Reset settings puts them back", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto("/");
  await page.getByRole("tab", { name: "Logs" }).click();
  await page.getByLabel("Step mode").check();
  await expect(page.getByTestId("save-status")).toContainText("saved in this browser");
  await page.reload();
  await expect(page.getByRole("tab", { name: "Logs" })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByLabel("Step mode")).toBeChecked();

  await page.locator("h1").click();
  await page.keyboard.press("Control+k");
  await page.getByRole("dialog", { name: "Command palette" }).getByText("Reset settings").click();
  await expect(page.getByRole("tab", { name: "Contract" })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByLabel("Step mode")).not.toBeChecked();
  await expect(page.getByTestId("save-status")).toContainText("saved in this browser");
  await page.reload();
  await expect(page.getByRole("tab", { name: "Contract" })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByLabel("Step mode")).not.toBeChecked();
});
