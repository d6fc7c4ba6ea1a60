import { expect, test, type Page } from "@playwright/test";

// Runs in the "webgpu" project (Chromium with --enable-unsafe-webgpu): SwiftShader gives an adapter
// without shader-f16. No model can be downloaded here, so Hugging Face and GitHub are blocked: the
// test goes up to the engine boundary (GPU check, catalog, the real load failing with one line).

async function waitReady(page: Page) {
  await expect(page.getByTestId("boot-status")).toContainText("Validator ready", { timeout: 90_000 });
}

const MODEL_HOSTS = /^https:\/\/([^/]*\.)?(huggingface\.co|hf\.co|githubusercontent\.com|github\.com)\//;

test("WebLLM on SwiftShader: adapter shown, only f32 models, a blocked download fails in one line, the validator votes with it", async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  const blocked: string[] = [];
  await page.context().route(MODEL_HOSTS, (route) => {
    blocked.push(route.request().url());
    return route.abort("internetdisconnected");
  });
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto("/");
  await waitReady(page);

  await page.getByRole("tab", { name: "Validators" }).click();
  await page.getByRole("button", { name: "LLM of v1" }).click();
  const dialog = page.getByRole("dialog", { name: "LLM of v1" });
  await dialog.getByLabel("Provider").selectOption("webllm");
  const cell = page.getByRole("button", { name: "LLM of v1" });
  await expect(cell).toHaveText("WebLLM");
  await expect(cell).toHaveAttribute("title", /^WebLLM · SmolLM2-360M-Instruct-q4f32_1-MLC /);

  // The adapter (found on the main thread) and what it lacks.
  await expect(dialog.getByTestId("webgpu-status")).toContainText("swiftshader");
  await expect(dialog.getByTestId("webgpu-status")).not.toContainText("shader-f16");
  await expect(dialog.getByTestId("webgpu-f16")).toContainText("no shader-f16, so f16 models cannot run: only f32 models are listed");

  // The picker lists web-llm's catalog from the worker: only f32 builds.
  const picker = dialog.getByLabel("Model", { exact: true });
  await expect(picker).toBeEnabled();
  await expect(picker).toHaveValue("SmolLM2-360M-Instruct-q4f32_1-MLC");
  const options = await picker.locator("option").allTextContents();
  expect(options.length).toBeGreaterThan(5);
  expect(options.filter((o) => /f16/.test(o))).toEqual([]);
  expect(options.every((o) => /f32/.test(o))).toBe(true);
  expect(options[0]).toMatch(/^SmolLM2-360M-Instruct-q4f32_1-MLC · \d+ MB$/);
  await dialog.screenshot({ path: testInfo.outputPath("webllm-settings-1366.png") });

  // Load: the real loading code runs in the worker and fails on the blocked host, in one line.
  await dialog.getByRole("button", { name: "Load" }).click();
  const error = dialog.getByTestId("webllm-error");
  await expect(error).toContainText("could not download the model", { timeout: 60_000 });
  const line = (await error.textContent()) ?? "";
  expect(line).not.toMatch(/\n|\bat \w+ \(|https?:\/\/\S+\.js/);
  expect(blocked.some((u) => /huggingface\.co|githubusercontent\.com/.test(u))).toBe(true);
  await expect(dialog.getByRole("button", { name: "Retry" })).toBeEnabled();
  await page.screenshot({ path: testInfo.outputPath("webllm-load-failed-1366.png") });
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();
  await page.screenshot({ path: testInfo.outputPath("validators-webllm-1366.png") });

  // v1 (unloaded model) leads or validates a prompt: the transaction still ends, v1's reason says why.
  await page.getByLabel("Open example").selectOption("wizard_of_coin.py");
  await waitReady(page);
  await page.getByRole("button", { name: /Check contract/ }).click();
  const deploy = page.getByTestId("deploy");
  await deploy.getByLabel("have_coin").check();
  await deploy.getByRole("button", { name: "Deploy", exact: true }).click();
  await page.getByRole("tab", { name: "Contract" }).click();
  await expect(page.getByTestId("contract").locator(".contract-head")).toContainText("ACCEPTED", { timeout: 90_000 });
  await page.getByTestId("method-ask_for_coin").getByLabel("request").fill("Give me the coin");
  await page.getByTestId("method-ask_for_coin").getByRole("button", { name: "Send" }).click();
  await expect(page.getByTestId("tx-ask_for_coin#1")).toContainText(/ACCEPTED|UNDETERMINED/, { timeout: 120_000 });
  await page.getByTestId("tx-ask_for_coin#1").click();
  await expect(page.getByTestId("tx-detail")).toContainText("webllm SmolLM2-360M-Instruct-q4f32_1-MLC is not loaded");

  // Back to scripted rules (after a reset: the network has transactions), then a deploy is accepted.
  await page.getByRole("tab", { name: "Validators" }).click();
  await page.getByTestId("validators").getByRole("button", { name: "Reset network" }).first().click();
  await waitReady(page);
  await page.getByRole("button", { name: "LLM of v1" }).click();

  // A custom model by URL (relative URLs resolve against this page): the server has no such files
  // and answers with the app's index.html, which the message names instead of a JSON parse error.
  await dialog.getByText("Custom model by URL").click();
  await dialog.getByLabel("Model URL").fill("/models/Tiny-q4f32_1-MLC");
  await dialog.getByLabel("Library URL").fill("/models/libs/Tiny-q4f32_1-webgpu.wasm");
  await dialog.getByRole("button", { name: "Use this model" }).click();
  await expect(cell).toHaveAttribute("title", /^WebLLM · Tiny-q4f32_1-MLC /);
  await expect(dialog.getByLabel("Model", { exact: true })).toHaveValue("custom");
  await dialog.getByRole("button", { name: "Load" }).click();
  await expect(error).toHaveText(
    "could not download the model: the model files were not found (got a web page)",
    { timeout: 60_000 },
  );
  await dialog.screenshot({ path: testInfo.outputPath("webllm-custom-missing-1366.png") });

  await dialog.getByLabel("Provider").selectOption("scripted");
  await expect(page.getByRole("button", { name: "LLM of v1" })).toHaveText("Scripted");
  await dialog.getByRole("button", { name: "Done" }).click();
  await waitReady(page);
  await page.getByLabel("Open example").selectOption("storage.py");
  await page.getByRole("button", { name: /Check contract/ }).click();
  await deploy.getByLabel("initial_storage").fill("hello");
  await deploy.getByRole("button", { name: "Deploy", exact: true }).click();
  await page.getByRole("tab", { name: "Contract" }).click();
  await expect(page.getByTestId("contract").locator(".contract-head")).toContainText("ACCEPTED", { timeout: 90_000 });
  await expect(page.locator("body")).not.toContainText("Traceback");
  expect(pageErrors).toEqual([]);
});
