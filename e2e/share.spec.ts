/**
 * Share links end to end: a gallery run shared and replayed in a fresh browser context gives the
 * same hashes, votes and state; a deep link lands on its phase; a broken link opens nothing; the
 * user's own workspace is never touched by a temporary one.
 */
import { expect, test, type Page } from "@playwright/test";

const fingerprint = (page: Page) => page.evaluate(() => (window as any).genlayerPlayground.runFingerprint());
const editor = (page: Page) => page.locator(".monaco-editor .view-lines").first();

async function shareLink(page: Page): Promise<string> {
  await page.getByRole("button", { name: "Share", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Share" });
  await expect(dialog.getByTestId("share-url")).toHaveValue(/#s=v1\.d\./);
  await expect(dialog.getByTestId("share-size")).toContainText(/KB of the 8\.0 KB a link can carry/);
  return dialog.getByTestId("share-url").inputValue();
}

test("a shared run replays identically in a new browser context; deep and broken links; my workspace stays mine", async ({ page, browser }, testInfo) => {
  test.setTimeout(420_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto("/");
  await expect(page.getByTestId("boot-status")).toContainText("Validator ready", { timeout: 90_000 });

  // My own work: an edit to storage.py, autosaved.
  await editor(page).click();
  await page.keyboard.press("Control+Home");
  await page.keyboard.type("# my own edit", { delay: 20 });
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("save-status")).toContainText("saved in this browser");

  // The prediction market from the gallery, run.
  await page.getByRole("button", { name: "Gallery" }).click();
  await page.getByTestId("card-prediction-market").click();
  await expect(page.getByTestId("temp-banner")).toContainText("Prediction market settled by a quorum of sources");
  await page.getByTestId("temp-run").click();
  await expect(page.getByTestId("temp-status")).toContainText(/ran 23 of 23 steps · all \d+ expectations held/, { timeout: 240_000 });
  const original = await fingerprint(page);
  expect(original.transactions.length).toBeGreaterThanOrEqual(10);
  expect(original.transactions.every((t: { rounds: { votes: unknown[] }[] }) => t.rounds.every((r) => r.votes.length === 5) || t.rounds.length === 0)).toBe(true);

  // Share: the link, its size; screenshots of the dialog.
  const url = await shareLink(page);
  const shareDialog = page.getByRole("dialog", { name: "Share" });
  await page.screenshot({ path: testInfo.outputPath("share-dialog-1366.png") });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.screenshot({ path: testInfo.outputPath("share-dialog-1920.png") });
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.keyboard.press("Escape");

  // A deep link: resolve#1, round 1, before its reveal.
  await page.getByTestId("tx-resolve#1").click();
  await page.getByRole("button", { name: "Share", exact: true }).click();
  await shareDialog.getByLabel("Open at transaction").check();
  await shareDialog.getByLabel("Phase").selectOption("reveal");
  await expect(shareDialog.getByTestId("share-url")).toHaveValue(/&tx=resolve%231&round=1&phase=reveal$/);
  const deepUrl = await shareDialog.getByTestId("share-url").inputValue();
  await page.keyboard.press("Escape");

  // A new browser context: no storage, no model, no network beyond the page itself.
  const other = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const b = await other.newPage();
  await b.goto(url);
  await expect(b.getByTestId("temp-banner")).toContainText("Shared link: Prediction market settled by a quorum of sources");
  await expect(b.getByTestId("temp-status")).toContainText("Nothing has run yet");
  await expect(b.getByTestId("boot-status")).toContainText("5 validators", { timeout: 90_000 });
  expect((await fingerprint(b)).transactions).toEqual([]);
  await b.getByTestId("temp-run").click();
  await expect(b.getByTestId("temp-status")).toContainText(/^ran (\d+) of \1 steps$/, { timeout: 240_000 });
  const replay = await fingerprint(b);
  expect(replay.transactions).toEqual(original.transactions);
  expect(replay.contracts).toEqual(original.contracts);
  expect(replay.results).toEqual(original.results);
  expect(replay.balances).toEqual(original.balances);
  await expect(b.getByTestId("result-get_market")).toHaveText(await page.getByTestId("result-get_market").innerText());

  // The deep link stops before resolve#1's reveal, with it selected.
  const deep = await other.newPage();
  await deep.goto(deepUrl);
  await expect(deep.getByTestId("temp-status")).toContainText("Run stops at resolve#1 round 1, reveal");
  await deep.getByTestId("temp-run").click();
  await expect(deep.getByTestId("temp-status")).toContainText("stopped before reveal of round 1 (Continue F8 goes on) · ran 13 of", { timeout: 240_000 });
  await expect(deep.getByTestId("next-phase")).toHaveText("next: reveal (resolve#1)");
  await expect(deep.getByTestId("phase-reveal")).toHaveClass(/next/);
  await expect(deep.getByTestId("tx-resolve#1")).toContainText(/COMMITTING|REVEALING/);
  await expect(deep.getByTestId("tx-detail")).toContainText("Transaction resolve#1");
  await deep.screenshot({ path: testInfo.outputPath("deep-link-1366.png") });
  await deep.close();

  // Broken links: one line, nothing opened (the plain workspace of this context, no banner).
  const payload = url.slice(url.indexOf("#s=") + 3);
  for (const [broken, why] of [
    [`${url.slice(0, url.indexOf("#"))}#s=${payload.slice(0, payload.length - 60)}`, /damaged or cut short/],
    [`${url.slice(0, url.indexOf("#"))}#s=${payload.replace(/^v1/, "v7")}`, /made by a newer playground \(link format v7/],
    [`${url.slice(0, url.indexOf("#"))}#s=v1.d.%%%`, /damaged/],
  ] as const) {
    const p = await other.newPage();
    await p.goto(broken);
    const err = p.getByTestId("start-error");
    await expect(err).toContainText(why);
    await expect(err).toContainText("Could not open the shared link: ");
    expect((await err.innerText()).trim().split("\n")).toHaveLength(1);
    await expect(p.getByTestId("temp-banner")).toHaveCount(0);
    await expect(editor(p)).toContainText("class Storage");
    expect(new URL(p.url()).hash).toBe("");
    expect((await fingerprint(p)).transactions).toEqual([]);
    await p.close();
  }

  // Save to my workspace (context B): its files join B's own, nothing replaced.
  await b.getByRole("button", { name: "Save to my workspace" }).click();
  await expect(b.getByTestId("temp-banner")).toHaveCount(0);
  await expect(b.locator(".ce-tab").filter({ hasText: "market.py" }).first()).toBeVisible();
  await expect(b.locator(".ce-tab").filter({ hasText: "storage.py" }).first()).toBeVisible();
  await other.close();

  // Back in A: my edited file and empty chain are as I left them, after Back and after a reload.
  await page.screenshot({ path: testInfo.outputPath("temp-banner-1366.png") });
  await page.getByRole("button", { name: "Back to my workspace" }).click();
  await expect(page.getByTestId("temp-banner")).toHaveCount(0);
  await expect(editor(page)).toContainText("# my own edit");
  await expect(page.getByTestId("save-status")).toBeVisible();
  expect((await fingerprint(page)).transactions).toEqual([]);
  await page.reload();
  await expect(editor(page)).toContainText("# my own edit");
  await expect(page.locator(".ce-tab").filter({ hasText: "market.py" })).toHaveCount(0);
});
