/** Page helpers shared by the crash-and-reload and storage specs (the app at "/", booted). */
import { expect, type BrowserContext, type Page, type TestInfo } from "@playwright/test";
import { join } from "node:path";

/** Screenshots go to the test's output folder, or to $CRASH_SHOTS when set (to keep them). */
export function shot(testInfo: TestInfo, name: string): string {
  const dir = process.env.CRASH_SHOTS;
  return dir ? join(dir, name) : testInfo.outputPath(name);
}

export async function waitReady(page: Page) {
  await expect(page.getByTestId("boot-status")).toContainText("Validator ready", { timeout: 90_000 });
}

export async function open(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto("/");
  await waitReady(page);
  return page;
}

export async function saved(page: Page) {
  await expect(page.getByTestId("save-status")).toContainText("saved in this browser", { timeout: 30_000 });
}

export function editorLines(page: Page) {
  return page.locator(".monaco-editor .view-lines").first();
}

/** Types a line at the top of the open file (where the editor shows it without scrolling). */
export async function typeLine(page: Page, text: string) {
  await editorLines(page).click();
  await page.keyboard.press("Control+Home");
  await page.keyboard.type(`${text}\n`, { delay: 10 });
}
