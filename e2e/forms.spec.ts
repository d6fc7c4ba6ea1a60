import { expect, test } from "@playwright/test";

test("schema forms validate as you type and submit parsed arguments", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto("/forms-test.html");
  const deploy = page.getByRole("form", { name: "Deploy Token" });
  const submitted = page.getByTestId("submitted");
  const button = deploy.getByRole("button", { name: "Deploy" });

  // The owner address starts empty, so the form can not be sent yet.
  await expect(button).toBeDisabled();
  await expect(deploy.getByText("check: owner")).toBeVisible();

  const supply = deploy.getByLabel("supply");
  await supply.fill("12abc");
  await expect(supply).toHaveAttribute("aria-invalid", "true");
  await expect(deploy.getByText("enter a whole number, e.g. 42 or -7 (big numbers are fine)")).toBeVisible();
  const describedBy = (await supply.getAttribute("aria-describedby"))!.split(" ")[0];
  await expect(page.locator(`[id="${describedBy}"]`)).toContainText("whole number");

  const limits = deploy.getByLabel("limits");
  await limits.fill('[1, "abc"]');
  await expect(deploy.getByText('this list expects integers: item 2 is "abc"')).toBeVisible();
  await deploy.getByLabel("owner").fill("0x1234");
  await expect(deploy.getByText("an address is 0x followed by 40 hex digits (this has 4)")).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("forms-invalid.png") });

  // Fix everything.
  await supply.fill("1e21");
  await expect(supply).not.toHaveAttribute("aria-invalid", "true");
  await limits.fill("[1, 2, 123456789012345678901234567890]");
  await deploy.getByLabel("owner").fill("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
  await deploy.getByLabel("name (str)").fill("Gold");
  await deploy.getByLabel("active").check();
  await deploy.getByLabel("salt").fill("0x00ff");
  await deploy.getByLabel("weights").fill('{"a": 1}');
  await deploy.getByLabel("cap").fill("0x10");
  await deploy.getByLabel("point").fill('{"x": 1, "y": -2, "label": "p"}');
  await deploy.getByRole("checkbox", { name: "strict (bool) keyword" }).check();
  await deploy.getByLabel("extra").fill('{"k": [true, null]}');
  await deploy.getByLabel("Value").fill("1.5 GEN");
  await expect(deploy.getByText("= 1.5 GEN", { exact: false })).toBeVisible();
  await deploy.getByText("Fast").click();
  await expect(button).toBeEnabled();
  await button.click();

  const got = JSON.parse((await submitted.textContent())!);
  expect(got).toEqual({
    args: [
      "1000000000000000000000",
      "Gold",
      true,
      "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
      "0x00ff",
      ["1", "2", "123456789012345678901234567890"],
      { a: "1" },
      null,
      "16",
      { x: "1", y: "-2", label: "p" },
    ],
    kwargs: { strict: true, extra: { k: [true, null] } },
    value: "1500000000000000000",
    mode: "fast",
  });

  // A view: no value or mode, and its decoded result is shown.
  const echo = page.getByRole("form", { name: "echo (view)" });
  await expect(echo.getByRole("radio")).toHaveCount(0);
  await echo.getByLabel("items").fill("[7, 8]");
  await echo.getByLabel("who").fill("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed");
  await echo.getByRole("button", { name: "Call" }).click();
  const result = echo.getByRole("status", { name: "echo result" }).or(echo.locator("output"));
  await expect(result).toContainText('"items": [7, 8]');
  await expect(result).toContainText("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
  await expect(result).toContainText("0x0102ff");

  // A payable write has a value input and the mode toggle.
  const deposit = page.getByRole("form", { name: "deposit (write)" });
  await expect(deposit.getByLabel("Value")).toBeVisible();
  await expect(deposit.getByRole("radio", { name: "Strict" })).toBeChecked();
  await page.screenshot({ path: testInfo.outputPath("forms-valid.png"), fullPage: true });
});
