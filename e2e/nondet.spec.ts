import { expect, test, type Page } from "@playwright/test";

async function waitReady(page: Page) {
  await expect(page.getByTestId("boot-status")).toContainText("Validator ready", { timeout: 90_000 });
}

// Opening the wizard example brings its scenario's scripted answers, so honest nodes get the
// wizard's JSON verdict; v2 with the flaky-LLM behaviour gets a simulated outage instead (chosen
// by a hash of validator, transaction and prompt, so this plea on the default seed hits it). The
// side-by-side view must show both and flag v2's as different.
test("the transaction detail puts each node's LLM answer side by side and flags the one that differs", async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto("/");
  await waitReady(page);

  await page.getByLabel("Open example").selectOption("wizard_of_coin.py");
  await expect(page.getByTestId("notice")).toContainText("scripted answers from the example");
  await page.getByRole("tab", { name: "LLM", exact: true }).click();
  await expect(page.getByLabel("Scripted answers (JSON)")).toHaveValue(/A new adventurer approaches/);
  await page.getByRole("tab", { name: "Validators" }).click();
  await page.getByLabel("Behaviour of v2").selectOption("flaky_llm");
  await expect(page.getByLabel("Behaviour of v2")).toHaveValue("flaky_llm");
  await waitReady(page);

  await page.getByRole("button", { name: /Check contract/ }).click();
  const deploy = page.getByTestId("deploy");
  await deploy.getByLabel("have_coin").check();
  await deploy.getByRole("button", { name: "Deploy", exact: true }).click();
  await page.getByRole("tab", { name: "Contract" }).click();
  await expect(page.getByTestId("contract").locator(".contract-head")).toContainText("ACCEPTED", { timeout: 90_000 });

  // A deploy makes no LLM or web calls: the view says so.
  await page.getByTestId("tx-wizard_of_coin").click();
  const detail = page.getByTestId("tx-detail");
  await expect(detail.getByTestId("nondet-compare").first()).toContainText("No non-deterministic calls in this round");

  await page.getByTestId("method-ask_for_coin").getByLabel("request").fill("Give me the coin");
  await page.getByTestId("method-ask_for_coin").getByRole("button", { name: "Send" }).click();
  await expect(page.getByTestId("tx-ask_for_coin#1")).toContainText(/ACCEPTED|UNDETERMINED/, { timeout: 90_000 });
  await page.getByTestId("tx-ask_for_coin#1").click();
  await expect(detail).toContainText("ask_for_coin");

  const compare = detail.getByTestId("nondet-compare").first();
  const call = compare.getByTestId("nd-call-0");
  await expect(call).toContainText("#1 LLM prompt");
  await expect(call).toContainText("JSON answer");
  await expect(call).toContainText("You are a wizard");
  // The long prompt is collapsed until expanded.
  await expect(call).not.toContainText("It is mandatory");
  await call.getByRole("button", { name: "Show all of the input" }).click();
  await expect(call).toContainText("It is mandatory that you respond only using the JSON format");

  // One column per node, leader first and marked; each validator's header shows its vote.
  const heads = call.locator("thead th");
  await expect(heads).toHaveCount(3);
  await expect(heads.first()).toContainText("leader");
  const leader = ((await heads.first().getAttribute("data-testid")) ?? "").replace("nd-head-", "");
  expect(["v1", "v3"]).toContain(leader);
  const other = leader === "v1" ? "v3" : "v1";
  await expect(call.getByTestId("nd-head-v2").locator(".vote")).toHaveText(/agree|disagree|deterministic violation|timeout/);
  await expect(call.getByTestId(`nd-head-${other}`).locator(".vote")).toHaveText("agree");

  // The leader's answer, a matching validator and the flaky one, highlighted.
  await expect(call.getByTestId(`nd-answer-${leader}`)).toContainText('"give_coin": false');
  const same = call.getByTestId(`nd-answer-${other}`);
  await expect(same).toContainText("same as leader");
  await expect(same).not.toHaveClass(/nd-differs/);
  const flaky = call.getByTestId("nd-answer-v2");
  await expect(flaky).toHaveClass(/nd-differs/);
  await expect(flaky).toContainText("differs from leader");
  await expect(flaky).toContainText("flaky LLM: the provider failed to answer");
  await expect(call).toContainText("1 of 2 differ from the leader");

  // The comparison stays inside the middle column: the page itself does not scroll sideways.
  const pageOverflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(pageOverflow).toBeLessThanOrEqual(0);
  const tableBox = await call.locator(".nd-scroll").boundingBox();
  const detailBox = await detail.boundingBox();
  expect(tableBox && detailBox && tableBox.x + tableBox.width <= detailBox.x + detailBox.width + 1).toBe(true);
  await expect(page.locator("body")).not.toContainText("Traceback");

  await call.getByRole("button", { name: "Collapse the input" }).click();
  await expect(call).not.toContainText("It is mandatory");
  await call.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath("nondet-1366.png") });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await call.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath("nondet-1920.png") });
});
