/**
 * The WebLLM worker: the only module that imports `@mlc-ai/web-llm`. One MLCEngine per model,
 * shared by every validator using that model; requests to one engine run one at a time. Errors
 * leave this worker as one-line messages (see `webLlmErrorLine`).
 */
import * as Comlink from "comlink";
import { MLCEngine, prebuiltAppConfig, type AppConfig, type ChatCompletionRequestNonStreaming, type ModelRecord } from "@mlc-ai/web-llm";
import {
  detectGpu,
  isF16Quantization,
  modelInfoFromRecord,
  parseModelRef,
  type GpuInfo,
  type GpuLike,
  type WebLlmModelRef,
} from "../../src/core/intelligence/webllm-catalog";
import { webLlmRequestBody, webLlmResponse, type WebLlmCompletion } from "../../src/core/intelligence/webllm-model";
import { webLlmErrorLine } from "../../src/core/intelligence/webllm-state";
import type { LoadProgress, WebLlmWorkerApi } from "./webllm-api";

interface LoadedEngine {
  /** Set once the GPU check passed. */
  engine: MLCEngine | null;
  /** Resolves when the model can answer. */
  loading: Promise<void>;
  /** The tail of this engine's request queue. */
  queue: Promise<unknown>;
}

const engines = new Map<string, LoadedEngine>();
let gpuCheck: Promise<GpuInfo> | null = null;

function gpuInfo(): Promise<GpuInfo> {
  gpuCheck ??= detectGpu((navigator as unknown as { gpu?: GpuLike }).gpu, self.isSecureContext);
  return gpuCheck;
}

/** The model's record and an app config holding it: the prebuilt list, or one custom entry. */
function recordFor(ref: WebLlmModelRef): { record: ModelRecord; appConfig: AppConfig } {
  if (ref.kind === "prebuilt") {
    const record = prebuiltAppConfig.model_list.find((m) => m.model_id === ref.id);
    if (!record) throw new Error(`unknown WebLLM model ${ref.id}`);
    return { record, appConfig: prebuiltAppConfig };
  }
  const record: ModelRecord = { model: ref.modelUrl, model_id: ref.id, model_lib: ref.libUrl };
  if (isF16Quantization(ref.id) || isF16Quantization(ref.libUrl)) record.required_features = ["shader-f16"];
  return { record, appConfig: { model_list: [record], cacheBackend: "cache" } };
}

/** Checks the GPU (web-llm downloads the config and model library before it looks), then loads. */
async function loadInto(entry: LoadedEngine, key: string, onProgress?: (p: LoadProgress) => void): Promise<void> {
  const ref = parseModelRef(key);
  const gpu = await gpuInfo();
  if (!gpu.available) throw new Error("WebGPU is not available in this browser");
  const { record, appConfig } = recordFor(ref);
  if (record.required_features?.includes("shader-f16") && !gpu.shaderF16) throw new Error("this GPU lacks shader-f16: pick an f32 model");
  entry.engine = new MLCEngine({ appConfig, logLevel: "WARN", initProgressCallback: (r) => onProgress?.({ fraction: r.progress, text: r.text }) });
  await entry.engine.reload(record.model_id);
}

const api: WebLlmWorkerApi = {
  gpuInfo,

  async listModels() {
    return prebuiltAppConfig.model_list.map(modelInfoFromRecord);
  },

  async load(model, onProgress) {
    const existing = engines.get(model);
    if (existing) return existing.loading;
    const entry: LoadedEngine = { engine: null, loading: Promise.resolve(), queue: Promise.resolve() };
    entry.loading = loadInto(entry, model, onProgress).catch(async (e: unknown) => {
      if (engines.get(model) === entry) engines.delete(model);
      await entry.engine?.unload().catch(() => undefined);
      throw new Error(webLlmErrorLine(e, "load"));
    });
    engines.set(model, entry);
    return entry.loading;
  },

  async complete(model, req: WebLlmCompletion) {
    const entry = engines.get(model);
    if (!entry) throw new Error("the WebLLM model is not loaded: press Load in the validator's LLM settings");
    await entry.loading;
    const engine = entry.engine!;
    const run = entry.queue.then(async () => {
      const body = webLlmRequestBody(req) as unknown as ChatCompletionRequestNonStreaming;
      return webLlmResponse(await engine.chat.completions.create(body));
    });
    entry.queue = run.catch(() => undefined);
    try {
      return await run;
    } catch (e) {
      throw new Error(webLlmErrorLine(e, "complete"));
    }
  },

  async unload(model) {
    const keys = model === undefined ? [...engines.keys()] : [model];
    for (const key of keys) {
      const entry = engines.get(key);
      engines.delete(key);
      await entry?.engine?.unload().catch(() => undefined);
    }
  },
};

Comlink.expose(api);
