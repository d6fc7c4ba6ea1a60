import { describe, expect, it } from "vitest";
import {
  customModelText,
  DEFAULT_WEBLLM_MODEL,
  describeGpu,
  detectGpu,
  isF16Quantization,
  modelInfoFromRecord,
  modelKey,
  parseModelRef,
  usableModels,
  type AdapterLike,
  type GpuLike,
} from "./webllm-catalog";

const records = [
  { model_id: "Qwen2.5-0.5B-Instruct-q4f16_1-MLC", vram_required_MB: 944.62, low_resource_required: true },
  { model_id: "SmolLM2-360M-Instruct-q4f32_1-MLC", vram_required_MB: 579.61, low_resource_required: true },
  { model_id: "SmolLM2-135M-Instruct-q0f16-MLC", vram_required_MB: 359.69, low_resource_required: true, required_features: ["shader-f16"] },
  { model_id: "snowflake-arctic-embed-m-q0f32-MLC-b4", vram_required_MB: 1407.51, model_type: 1 },
  { model_id: "Phi-3.5-vision-instruct-q4f32_1-MLC", vram_required_MB: 5879.84, model_type: 2 },
  { model_id: "Llama-3.2-1B-Instruct-q4f32_1-MLC", vram_required_MB: 1128.82, low_resource_required: false },
];
const models = records.map(modelInfoFromRecord);

function adapter(features: string[], info: AdapterLike["info"] = {}): AdapterLike {
  return { features: new Set(features), limits: { maxStorageBufferBindingSize: 1073741824 }, info };
}
const gpuWith = (a: AdapterLike | null): GpuLike => ({ requestAdapter: async () => a });

describe("the WebLLM catalog", () => {
  it("reads web-llm's records: f16 from required_features or from the quantization in the id, types by number", () => {
    expect(models.map((m) => [m.id, m.needsF16, m.type])).toEqual([
      ["Qwen2.5-0.5B-Instruct-q4f16_1-MLC", true, "LLM"], // its record lists no required_features
      ["SmolLM2-360M-Instruct-q4f32_1-MLC", false, "LLM"],
      ["SmolLM2-135M-Instruct-q0f16-MLC", true, "LLM"],
      ["snowflake-arctic-embed-m-q0f32-MLC-b4", false, "embedding"],
      ["Phi-3.5-vision-instruct-q4f32_1-MLC", false, "VLM"],
      ["Llama-3.2-1B-Instruct-q4f32_1-MLC", false, "LLM"],
    ]);
    expect(models[1]).toEqual({ id: "SmolLM2-360M-Instruct-q4f32_1-MLC", vramMB: 579.61, lowResource: true, needsF16: false, type: "LLM" });
    expect(isF16Quantization("TinyLlama-1.1B-Chat-v1.0-q4f16_1-MLC-1k")).toBe(true);
    expect(isF16Quantization("TinyLlama-1.1B-Chat-v1.0-q4f32_1-MLC-1k")).toBe(false);
  });

  it("without shader-f16 offers only the f32 chat models, smallest first; with it every chat model", () => {
    expect(usableModels(models, { shaderF16: false }).map((m) => m.id)).toEqual([
      "SmolLM2-360M-Instruct-q4f32_1-MLC",
      "Llama-3.2-1B-Instruct-q4f32_1-MLC",
      "Phi-3.5-vision-instruct-q4f32_1-MLC",
    ]);
    expect(usableModels(models, { shaderF16: true }).map((m) => m.id)).toEqual([
      "SmolLM2-135M-Instruct-q0f16-MLC",
      "SmolLM2-360M-Instruct-q4f32_1-MLC",
      "Qwen2.5-0.5B-Instruct-q4f16_1-MLC",
      "Llama-3.2-1B-Instruct-q4f32_1-MLC",
      "Phi-3.5-vision-instruct-q4f32_1-MLC",
    ]);
  });

  it("reads model references: prebuilt ids, the default, custom models by two absolute URLs", () => {
    expect(parseModelRef(undefined)).toEqual({ kind: "prebuilt", id: DEFAULT_WEBLLM_MODEL });
    expect(parseModelRef(" Llama-3.2-1B-Instruct-q4f32_1-MLC ")).toEqual({ kind: "prebuilt", id: "Llama-3.2-1B-Instruct-q4f32_1-MLC" });
    const text = customModelText("https://models.test/org/My-Model-q4f32_1-MLC/resolve/main/", "https://models.test/libs/my-webgpu.wasm");
    const ref = parseModelRef(text);
    expect(ref).toEqual({
      kind: "custom",
      id: "My-Model-q4f32_1-MLC",
      modelUrl: "https://models.test/org/My-Model-q4f32_1-MLC/resolve/main/",
      libUrl: "https://models.test/libs/my-webgpu.wasm",
    });
    expect(modelKey(ref)).toBe(text);
    expect(modelKey(parseModelRef("x-q4f32_1-MLC"))).toBe("x-q4f32_1-MLC");
    expect(() => customModelText("/models/x", "https://a.test/x.wasm")).toThrow('the model URL must be an absolute URL (https://…), got "/models/x"');
    expect(() => parseModelRef("https://a.test/model")).toThrow(/needs two absolute URLs/);
    expect(() => parseModelRef("ftp://a.test/m https://a.test/x.wasm")).toThrow("the model URL must start with http:// or https://, got ftp://a.test/m");
  });

  it("checks the GPU without throwing: missing WebGPU, no adapter, a failing request, SwiftShader", async () => {
    expect(await detectGpu(undefined)).toEqual({ available: false, reason: "this browser has no WebGPU (navigator.gpu is missing)" });
    expect(await detectGpu(undefined, false)).toEqual({ available: false, reason: "WebGPU needs a secure context (https or localhost)" });
    const none = await detectGpu(gpuWith(null));
    expect(none.available).toBe(false);
    expect(describeGpu(none)).toBe("WebGPU unavailable: no GPU adapter was found");
    const broken = await detectGpu({ requestAdapter: () => Promise.reject(new Error("GPU process crashed\nat foo")) });
    expect(broken).toEqual({ available: false, reason: "the adapter request failed: GPU process crashed" });

    const swiftshader = await detectGpu(gpuWith(adapter(["subgroups"], { vendor: "google", architecture: "swiftshader", description: "", isFallbackAdapter: true })));
    expect(swiftshader).toEqual({
      available: true,
      vendor: "google",
      architecture: "swiftshader",
      description: "",
      fallback: true,
      shaderF16: false,
      maxStorageBufferBindingSize: 1073741824,
    });
    expect(describeGpu(swiftshader)).toBe("WebGPU: google swiftshader (fallback adapter), 1 GB buffers");
    const real = await detectGpu(gpuWith(adapter(["shader-f16"], { vendor: "nvidia", architecture: "ampere" })));
    expect(real.available && real.shaderF16).toBe(true);
    if (!swiftshader.available) throw new Error("expected an adapter");
    expect(describeGpu({ ...swiftshader, fallback: false, shaderF16: true, maxStorageBufferBindingSize: 256 * 2 ** 20 })).toBe("WebGPU: google swiftshader, shader-f16, 256 MB buffers");
  });
});
