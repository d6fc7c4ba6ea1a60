import { describe, expect, it } from "vitest";
import { webLlmErrorLine, WebLlmStore } from "./webllm-state";

describe("WebLLM load states", () => {
  it("goes idle → loading (progress only forward) → ready, and tells subscribers", () => {
    const store = new WebLlmStore();
    let changes = 0;
    const stop = store.subscribe(() => changes++);
    expect(store.model("m")).toEqual({ phase: "idle" });
    expect(store.startLoading("m")).toBe(true);
    expect(store.startLoading("m")).toBe(false); // one load at a time
    store.progress("m", 0.4, "Fetching param cache[3/10]:\n 40MB");
    store.progress("m", 0.2, "late report");
    expect(store.model("m")).toEqual({ phase: "loading", fraction: 0.4, text: "late report" });
    store.progress("m", 7, "done");
    expect(store.model("m")).toMatchObject({ fraction: 1 });
    store.loaded("m", 1234);
    expect(store.model("m")).toEqual({ phase: "ready", ms: 1234 });
    expect(store.startLoading("m")).toBe(false);
    stop();
    const before = changes;
    store.unloaded("m");
    expect(changes).toBe(before);
    expect(store.model("m")).toEqual({ phase: "idle" });
  });

  it("a failure ends the load; stale progress or success reports after it are ignored; it can be retried", () => {
    const store = new WebLlmStore();
    store.startLoading("m");
    store.failed("m", "could not download the model:\nFailed to fetch");
    store.progress("m", 0.9, "late");
    store.loaded("m", 5);
    expect(store.model("m")).toEqual({ phase: "failed", message: "could not download the model: Failed to fetch" });
    expect(store.startLoading("m")).toBe(true);
    expect(store.getState().models).toEqual({ m: { phase: "loading", fraction: 0, text: "starting" } });
  });
});

describe("WebLLM error lines", () => {
  const cases: [string, "load" | "complete", string][] = [
    ["Error: Unable to find a compatible GPU. This issue might be because your computer doesn't have a GPU, or your system settings are not allowing the browser to use it.", "load", "WebGPU is not available in this browser"],
    ["WebGPU is not supported in your current environment, but it is necessary to run the WebLLM engine. Please make sure...", "load", "WebGPU is not available in this browser"],
    ['This model requires WebGPU extension shader-f16, which is not enabled in this browser. You can try to launch Chrome Canary in command line with flag "--enable-dawn-features=allow_unsafe_apis".', "load", "this GPU lacks shader-f16: pick an f32 model"],
    ["TypeError: Failed to fetch", "load", "could not download the model: Failed to fetch (offline or blocked)"],
    [`SyntaxError: Unexpected token '<', "<!doctype "... is not valid JSON`, "load", "could not download the model: the model files were not found (got a web page)"],
    ["TypeError: Failed to construct 'URL': Invalid URL", "load", "could not download the model: the model URL must be absolute (https://…)"],
    ["The WebGPU device was lost while loading the model. This issue often occurs due to running out of memory (OOM).", "load", "the GPU ran out of memory (device lost): pick a smaller model"],
    ["Cannot find model record in appConfig for Foo-MLC. Please check if the model ID is correct", "load", "unknown WebLLM model Foo-MLC"],
    ["Prompt tokens exceed context window size: number of prompt tokens: 5000; context window size: 4096\nConsider shortening", "complete", "the prompt (5000 tokens) is longer than the model's context window (4096 tokens)"],
    ["Model not loaded before trying to complete ChatCompletionRequest.", "complete", "the WebLLM model is not loaded: press Load in the validator's LLM settings"],
    ["something odd\n  at stack line", "complete", "WebLLM failed: something odd at stack line"],
    ["weird wasm trap", "load", "could not load the model: weird wasm trap"],
  ];
  it.each(cases)("%s", (raw, stage, line) => {
    expect(webLlmErrorLine(new Error(raw), stage)).toBe(line);
  });

  it("is one line, bounded, and mapping a mapped line again changes nothing", () => {
    const long = webLlmErrorLine("x".repeat(1000), "complete");
    expect(long.length).toBeLessThanOrEqual(240);
    for (const [raw, stage] of cases) {
      const once = webLlmErrorLine(raw, stage);
      expect(once).not.toMatch(/\n/);
      expect(webLlmErrorLine(new Error(once), "load")).toBe(once);
      expect(webLlmErrorLine(once, "complete")).toBe(once);
    }
  });
});
