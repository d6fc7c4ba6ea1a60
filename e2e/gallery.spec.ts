/** The examples gallery: cards with tags, tag filter, one click opens contract + scenario in a
 * temporary workspace, Run replays the scenario and its expectations hold. */
import { expect, test } from "@playwright/test";

test("gallery cards, tag filter, and an example opened and run in a temporary workspace", async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto("/");
  await expect(page.getByTestId("boot-status")).toContainText("Validator ready", { timeout: 90_000 });
  await page.getByRole("button", { name: "Gallery" }).click();
  const gallery = page.getByRole("dialog", { name: "Examples gallery" });
  const cards = gallery.locator(".card");
  expect(await cards.count()).toBeGreaterThanOrEqual(20);
  const market = gallery.getByTestId("card-prediction-market");
  await expect(market.locator(".card-title")).toHaveText("Prediction market settled by a quorum of sources");
  await expect(market.locator(".card-line")).toContainText("Bettors stake GEN on YES or NO");
  await expect(market.locator(".tag")).toHaveText(["LLM", "web", "tokens", "extension"]);
  await page.screenshot({ path: testInfo.outputPath("gallery-1366.png") });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.screenshot({ path: testInfo.outputPath("gallery-1920.png") });
  await page.setViewportSize({ width: 1366, height: 768 });

  // Filter by a tag: every card left has it; the market (no "appeals") is gone.
  await gallery.getByRole("button", { name: /^appeals/ }).click();
  const shown = await cards.count();
  expect(shown).toBeGreaterThan(0);
  for (let i = 0; i < shown; i++) await expect(cards.nth(i).locator(".tag")).toContainText(["appeals"]);
  await expect(market).toHaveCount(0);
  await gallery.getByRole("button", { name: /^All/ }).click();
  await gallery.getByLabel("Search examples").fill("quorum");
  await expect(cards).toHaveCount(1);

  // The Files panel's Examples select opens the gallery too.
  await page.keyboard.press("Escape");
  await expect(gallery).toHaveCount(0);
  await page.getByLabel("Open example").selectOption("#gallery");
  await expect(gallery).toBeVisible();

  // One click: the contract and its scenario, in a temporary workspace; nothing has run.
  await gallery.getByTestId("card-prediction-market").click();
  const banner = page.getByTestId("temp-banner");
  await expect(banner).toContainText("Example: Prediction market settled by a quorum of sources");
  await expect(page.getByTestId("temp-status")).toContainText("Nothing has run yet");
  await expect(page.locator(".monaco-editor .view-lines").first()).toContainText("class PredictionMarket", { timeout: 30_000 });
  await expect(page.getByTestId("boot-status")).toContainText("5 validators", { timeout: 90_000 });
  await expect(page.getByTestId("save-status")).toHaveCount(0);
  expect(await page.evaluate(() => (window as any).genlayerPlayground.runFingerprint().transactions.length)).toBe(0);
  await page.screenshot({ path: testInfo.outputPath("temp-banner-1366.png") });

  await page.getByTestId("temp-run").click();
  await expect(page.getByTestId("temp-status")).toContainText(/ran 23 of 23 steps · all \d+ expectations held/, { timeout: 240_000 });
  await expect(page.getByTestId("tx-resolve#1")).toContainText(/ACCEPTED|FINALIZED/);
  const fp = await page.evaluate(() => (window as any).genlayerPlayground.runFingerprint());
  expect(fp.results["market.payout_of"]).toBe("0");
  expect(fp.transactions.find((t: { label: string }) => t.label === "resolve#1").status).toBe("FINALIZED");
  await page.screenshot({ path: testInfo.outputPath("temp-banner-ran-1366.png") });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.screenshot({ path: testInfo.outputPath("temp-banner-ran-1920.png") });
});
