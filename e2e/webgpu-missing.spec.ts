import { expect, test } from "@playwright/test";

// The default project (GPU off, no --enable-unsafe-webgpu): navigator.gpu exists but finds no adapter.
test("without WebGPU, choosing WebLLM says why in one line and nothing breaks", async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  const workers: string[] = [];
  page.on("worker", (w) => workers.push(w.url()));
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto("/");
  await expect(page.getByTestId("boot-status")).toContainText("Validator ready", { timeout: 90_000 });

  await page.getByRole("tab", { name: "Validators" }).click();
  await page.getByRole("button", { name: "LLM of v1" }).click();
  const dialog = page.getByRole("dialog", { name: "LLM of v1" });
  await dialog.getByLabel("Provider").selectOption("webllm");
  await expect(dialog.getByTestId("webgpu-status")).toHaveText("WebGPU unavailable: no GPU adapter was found");
  await expect(dialog.getByRole("button", { name: "Load" })).toHaveCount(0);
  await expect(dialog).toContainText("SmolLM2-360M-Instruct-q4f32_1-MLC");
  await dialog.screenshot({ path: testInfo.outputPath("webllm-unavailable-1366.png") });

  // The OpenAI-compatible form: key kept in this browser, CORS hint with this page's origin.
  await dialog.getByLabel("Provider").selectOption("openai");
  await expect(dialog.getByLabel("Base URL")).toHaveValue("http://localhost:11434/v1");
  await expect(dialog).toContainText(`OLLAMA_ORIGINS=${new URL(page.url()).origin}`);
  await dialog.getByLabel("API key").fill("sk-local-only");
  await dialog.getByLabel("Model", { exact: true }).fill("qwen2.5:0.5b");
  await dialog.getByLabel("Model", { exact: true }).press("Enter");
  await expect(page.getByRole("button", { name: "LLM of v1" })).toHaveAttribute("title", /^OpenAI-compatible · qwen2\.5:0\.5b /);
  expect(await page.evaluate(() => localStorage.getItem("genlayer-playground:api-key:http://localhost:11434/v1"))).toBe("sk-local-only");
  await dialog.screenshot({ path: testInfo.outputPath("openai-settings-1366.png") });
  // The exported scenario names the server and model, never the key.
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.keyboard.press("Control+k");
  await page.getByRole("textbox", { name: "Command" }).fill("scenario JSON");
  await page.getByRole("textbox", { name: "Command" }).press("Enter");
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toContain("qwen2.5:0.5b");
  expect(await page.evaluate(() => navigator.clipboard.readText())).not.toContain("sk-local-only");

  await page.getByRole("button", { name: "LLM of v1" }).click();
  await dialog.getByLabel("Provider").selectOption("scripted");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("button", { name: "LLM of v1" })).toHaveText("Scripted");
  // The WebLLM worker never started: the GPU check runs on the main thread first.
  expect(workers.filter((u) => /webllm/i.test(u))).toEqual([]);
  expect(pageErrors).toEqual([]);
});
