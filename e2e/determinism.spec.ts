import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";

const golden = JSON.parse(readFileSync(new URL("./golden/outvoted.run.json", import.meta.url), "utf8"));

test("a scenario run in Chromium is identical to the same run in Node", async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto("/");
  await expect(page.getByTestId("boot-status")).toContainText("Validator ready", { timeout: 90_000 });
  const run = await page.evaluate(async () => {
    const api = (window as unknown as { genlayerPlayground: { runScenario(path: string): Promise<unknown> } }).genlayerPlayground;
    return JSON.parse(JSON.stringify(await api.runScenario("scenarios/consensus/outvoted.scenario.json")));
  });
  expect(run.report.ok).toBe(true);
  expect(run.events.length).toBe(golden.events.length);
  expect(run).toEqual(golden);
});
