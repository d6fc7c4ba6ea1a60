/**
 * WebLLM's model catalog seen from the app, DOM-free: which prebuilt models this GPU can start
 * (SwiftShader and many laptops have no `shader-f16`, so only the f32 builds run there), the
 * references a validator's `llm.model` may hold (a prebuilt id, or a custom model by URL), and
 * what the GPU check found. The catalog itself comes from web-llm inside its worker.
 */

/** One model of web-llm's prebuilt list, as the worker reports it. */
export interface WebLlmModelInfo {
  id: string;
  /** Video memory it needs (MB), when the catalog says. */
  vramMB?: number;
  /** Marked by web-llm as small enough for phones and weak GPUs. */
  lowResource: boolean;
  /** Needs the WebGPU feature shader-f16 (listed in required_features, or an f16 quantization). */
  needsF16: boolean;
  /** "LLM" (chat), "embedding" or "VLM" (chat with images). */
  type: "LLM" | "embedding" | "VLM";
}

/** What the WebGPU check found (on the main thread or in the worker). */
export type GpuInfo =
  | { available: false; reason: string }
  | {
      available: true;
      vendor: string;
      architecture: string;
      description: string;
      /** e.g. SwiftShader, a CPU implementation. */
      fallback: boolean;
      shaderF16: boolean;
      maxStorageBufferBindingSize: number;
    };

/** The smallest prebuilt model that runs without shader-f16. */
export const DEFAULT_WEBLLM_MODEL = "SmolLM2-360M-Instruct-q4f32_1-MLC";

/** A validator's `llm.model` for WebLLM: a prebuilt id, or a custom model by absolute URLs. */
export type WebLlmModelRef = { kind: "prebuilt"; id: string } | { kind: "custom"; id: string; modelUrl: string; libUrl: string };

/** True when a model id names an f16 quantization (e.g. q4f16_1, q0f16). */
export function isF16Quantization(id: string): boolean {
  return /(^|[-_])q\d+f16(_\d+)?([-_]|$)/i.test(id);
}

/** The chat models (LLM and VLM) this GPU can start, smallest video memory first. */
export function usableModels(models: readonly WebLlmModelInfo[], gpu: Pick<Extract<GpuInfo, { available: true }>, "shaderF16">): WebLlmModelInfo[] {
  return models
    .filter((m) => m.type !== "embedding" && (gpu.shaderF16 || !m.needsF16))
    .sort((a, b) => (a.vramMB ?? Infinity) - (b.vramMB ?? Infinity) || a.id.localeCompare(b.id));
}

/** How a GPU reads in the settings: "WebGPU: google swiftshader (fallback adapter), 1 GB buffers". */
export function describeGpu(gpu: GpuInfo): string {
  if (!gpu.available) return `WebGPU unavailable: ${gpu.reason}`;
  const name = [gpu.vendor, gpu.architecture, gpu.description].filter((s) => s.trim() !== "").join(" ") || "unnamed adapter";
  const parts = [`${name}${gpu.fallback ? " (fallback adapter)" : ""}`];
  if (gpu.shaderF16) parts.push("shader-f16");
  const mb = gpu.maxStorageBufferBindingSize / 2 ** 20;
  if (mb > 0) parts.push(mb >= 1024 ? `${+(mb / 1024).toFixed(1)} GB buffers` : `${Math.round(mb)} MB buffers`);
  return `WebGPU: ${parts.join(", ")}`;
}

/** Custom models are stored in `llm.model` as "<model URL> <model_lib URL>" (URLs hold no spaces). */
export function customModelText(modelUrl: string, libUrl: string): string {
  return `${checkedUrl(modelUrl, "model URL")} ${checkedUrl(libUrl, "model library (.wasm) URL")}`;
}

/** Reads `llm.model`; throws a one-line Error for a malformed custom reference. */
export function parseModelRef(model: string | undefined): WebLlmModelRef {
  const text = (model ?? "").trim();
  if (text === "") return { kind: "prebuilt", id: DEFAULT_WEBLLM_MODEL };
  const parts = text.split(/\s+/);
  if (parts.length === 1 && !/^[a-z]+:\/\//i.test(text)) return { kind: "prebuilt", id: text };
  if (parts.length !== 2) throw new Error('a custom WebLLM model needs two absolute URLs: the model folder and its model library (.wasm), separated by a space');
  const modelUrl = checkedUrl(parts[0], "model URL");
  const libUrl = checkedUrl(parts[1], "model library (.wasm) URL");
  return { kind: "custom", id: customModelId(modelUrl), modelUrl, libUrl };
}

/** The engine key of a reference: one engine per distinct model. */
export function modelKey(ref: WebLlmModelRef): string {
  return ref.kind === "prebuilt" ? ref.id : `${ref.modelUrl} ${ref.libUrl}`;
}

/** A short name for a custom model: the last folder of its URL before any /resolve/<branch>/. */
export function customModelId(modelUrl: string): string {
  const path = new URL(modelUrl).pathname.replace(/\/resolve\/[^/]+\/?.*$/, "");
  const last = path.split("/").filter((s) => s !== "").pop();
  return last ? decodeURIComponent(last) : new URL(modelUrl).host;
}

function checkedUrl(text: string, what: string): string {
  const t = text.trim();
  let url: URL;
  try {
    url = new URL(t);
  } catch {
    throw new Error(`the ${what} must be an absolute URL (https://…), got ${JSON.stringify(t.slice(0, 80))}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`the ${what} must start with http:// or https://, got ${t.slice(0, 80)}`);
  return url.href;
}

/** The fields of a web-llm `ModelRecord` the catalog reads. */
export interface CatalogRecord {
  model_id: string;
  vram_required_MB?: number;
  low_resource_required?: boolean;
  required_features?: string[];
  /** web-llm's ModelType: 0 LLM, 1 embedding, 2 VLM. */
  model_type?: number;
}

const MODEL_TYPES = ["LLM", "embedding", "VLM"] as const;

export function modelInfoFromRecord(r: CatalogRecord): WebLlmModelInfo {
  const info: WebLlmModelInfo = {
    id: r.model_id,
    lowResource: r.low_resource_required === true,
    needsF16: (r.required_features ?? []).includes("shader-f16") || isF16Quantization(r.model_id),
    type: MODEL_TYPES[r.model_type ?? 0] ?? "LLM",
  };
  if (typeof r.vram_required_MB === "number") info.vramMB = r.vram_required_MB;
  return info;
}

/** The parts of `navigator.gpu` the check uses (typed here: the project has no WebGPU types). */
export interface GpuLike {
  requestAdapter(options?: { powerPreference?: string }): Promise<AdapterLike | null>;
}
export interface AdapterLike {
  features: { has(name: string): boolean };
  limits: { maxStorageBufferBindingSize?: number };
  info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
}

/** Checks for a WebGPU adapter (`navigator.gpu` of a page or a worker); never throws. */
export async function detectGpu(gpu: GpuLike | undefined, secureContext = true): Promise<GpuInfo> {
  if (!gpu) {
    const reason = secureContext ? "this browser has no WebGPU (navigator.gpu is missing)" : "WebGPU needs a secure context (https or localhost)";
    return { available: false, reason };
  }
  let adapter: AdapterLike | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: "high-performance" });
  } catch (e) {
    return { available: false, reason: `the adapter request failed: ${(e instanceof Error ? e.message : String(e)).split("\n")[0]}` };
  }
  if (!adapter) return { available: false, reason: "no GPU adapter was found" };
  const info = adapter.info ?? {};
  return {
    available: true,
    vendor: info.vendor ?? "",
    architecture: info.architecture ?? "",
    description: info.description ?? "",
    fallback: info.isFallbackAdapter === true || adapter.isFallbackAdapter === true,
    shaderF16: adapter.features.has("shader-f16"),
    maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize ?? 0,
  };
}
