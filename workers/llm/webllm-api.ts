/**
 * The WebLLM worker's interface (comlink). Types only: the main thread imports this file, never
 * `@mlc-ai/web-llm` itself, so the 6 MB engine stays in the worker's chunk.
 */
import type { ChatResponse } from "../../src/core/intelligence/chat-model";
import type { GpuInfo, WebLlmModelInfo } from "../../src/core/intelligence/webllm-catalog";
import type { WebLlmCompletion } from "../../src/core/intelligence/webllm-model";

export interface LoadProgress {
  /** 0…1 */
  fraction: number;
  text: string;
}

export interface WebLlmWorkerApi {
  /** The worker's own WebGPU check (adapter, shader-f16, buffer limit). */
  gpuInfo(): Promise<GpuInfo>;
  /** web-llm's prebuilt catalog. */
  listModels(): Promise<WebLlmModelInfo[]>;
  /**
   * Loads a model (a prebuilt id, or "<model URL> <model_lib URL>") into its own engine; resolves
   * when it can answer. Rejects with one line ("could not download the model: …").
   */
  load(model: string, onProgress?: (p: LoadProgress) => void): Promise<void>;
  /** One chat completion on a loaded model (requests to the same model run one at a time). */
  complete(model: string, req: WebLlmCompletion): Promise<ChatResponse>;
  /** Frees a model's engine (all of them without an argument). */
  unload(model?: string): Promise<void>;
}
