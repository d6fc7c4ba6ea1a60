import { expect, test } from "@playwright/test";

test("a validator boots in a worker and checks the example contract", async ({ page }, testInfo) => {
  await page.goto("/");
  await expect(page.getByTestId("boot-status")).toContainText("Validator ready", { timeout: 90_000 });
  await page.getByRole("button", { name: /Check contract/ }).click();
  const output = page.getByTestId("output");
  await expect(output).toContainText('"update_storage"');
  await expect(output).toContainText('"initial_storage"');
  await page.screenshot({ path: testInfo.outputPath("shell-schema.png") });

  // A broken contract gets one line with the line number, not a stack trace.
  // Replace the file in the Monaco editor the way a user would: select all, paste.
  await page.locator(".monaco-editor .view-lines").first().click();
  await page.keyboard.press("Control+a");
  await page.keyboard.insertText("from genlayer import *\n\nclass Broken(gl.Contract:\n    pass\n");
  await expect(page.locator(".monaco-editor .view-lines").first()).toContainText("class Broken(gl.Contract:");
  await page.keyboard.press("Control+Enter");
  await expect(output.locator(".error")).toContainText("line 3");
  await expect(output).not.toContainText("Traceback");
});
