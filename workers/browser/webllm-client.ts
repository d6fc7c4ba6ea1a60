/**
 * The main thread's side of WebLLM: the WebGPU check (here, before any worker starts), the WebLLM
 * worker started lazily (when a validator uses WebLLM or its settings open), one engine per model
 * shared by validators, load progress for the UI (`store`), and ChatModels over it. Only types
 * come from web-llm's side: the engine itself lives in workers/llm/webllm.worker.ts.
 */
import * as Comlink from "comlink";
import type { ChatResponse } from "../../src/core/intelligence/chat-model";
import { detectGpu, modelKey, parseModelRef, type GpuInfo, type GpuLike, type WebLlmModelInfo } from "../../src/core/intelligence/webllm-catalog";
import { WebLlmChatModel, type WebLlmCompletion, type WebLlmEngine } from "../../src/core/intelligence/webllm-model";
import { webLlmErrorLine, WebLlmStore, type ModelLoadState } from "../../src/core/intelligence/webllm-state";
import type { LoadProgress, WebLlmWorkerApi } from "../llm/webllm-api";

export class WebLlmClient implements WebLlmEngine {
  readonly store = new WebLlmStore();
  private worker: Worker | null = null;
  private api: Comlink.Remote<WebLlmWorkerApi> | null = null;
  private gpu: Promise<GpuInfo> | null = null;
  private catalog: Promise<WebLlmModelInfo[]> | null = null;
  private readonly loads = new Map<string, Promise<void>>();

  /** The WebGPU check on the main thread (cached): no worker is started for it. */
  checkGpu(): Promise<GpuInfo> {
    if (!this.gpu) {
      this.store.setGpu({ phase: "checking" });
      const gpu = (navigator as unknown as { gpu?: GpuLike }).gpu;
      this.gpu = detectGpu(gpu, globalThis.isSecureContext !== false).then((info) => {
        this.store.setGpu({ phase: "done", info });
        return info;
      });
    }
    return this.gpu;
  }

  /** Checks WebGPU and, when there is an adapter, starts the worker and fetches the catalog. Never rejects. */
  async prepare(): Promise<GpuInfo> {
    const gpu = await this.checkGpu();
    if (gpu.available) await this.listModels().catch(() => undefined);
    return gpu;
  }

  /** web-llm's prebuilt catalog (starts the worker). */
  listModels(): Promise<WebLlmModelInfo[]> {
    if (!this.catalog) {
      this.store.setCatalog({ phase: "loading" });
      this.catalog = this.worker_()
        .listModels()
        .then((models) => {
          this.store.setCatalog({ phase: "ready", models });
          return models;
        })
        .catch((e: unknown) => {
          const message = `could not start WebLLM: ${oneLine(e)}`;
          this.store.setCatalog({ phase: "failed", message });
          this.catalog = null;
          throw new Error(message);
        });
    }
    return this.catalog;
  }

  /** Loads a model (`llm.model` text); resolves when ready, rejects with one line. Loading twice shares one load. */
  load(model: string | undefined): Promise<void> {
    let key: string;
    try {
      key = modelKey(parseModelRef(model));
    } catch (e) {
      return Promise.reject(new Error(oneLine(e)));
    }
    const running = this.loads.get(key);
    if (running && this.store.model(key).phase !== "failed") return running;
    this.store.startLoading(key);
    const started = Date.now();
    const load = (async () => {
      const gpu = await this.checkGpu();
      if (!gpu.available) throw new Error("WebGPU is not available in this browser");
      await this.worker_().load(
        key,
        Comlink.proxy((p: LoadProgress) => this.store.progress(key, p.fraction, p.text)),
      );
    })().then(
      () => this.store.loaded(key, Date.now() - started),
      (e: unknown) => {
        const message = webLlmErrorLine(e, "load");
        this.store.failed(key, message);
        throw new Error(message);
      },
    );
    this.loads.set(key, load);
    return load;
  }

  async unload(model: string | undefined): Promise<void> {
    const key = modelKey(parseModelRef(model));
    this.loads.delete(key);
    this.store.unloaded(key);
    await this.api?.unload(key);
  }

  /** A ChatModel over the shared engine of `llm.model`. */
  chatModel(model: string | undefined): WebLlmChatModel {
    return new WebLlmChatModel(this, parseModelRef(model));
  }

  state(key: string): ModelLoadState {
    return this.store.model(key);
  }

  whenLoaded(key: string): Promise<void> {
    return this.loads.get(key) ?? Promise.reject(new Error("the WebLLM model is not loaded: press Load in the validator's LLM settings"));
  }

  complete(key: string, req: WebLlmCompletion): Promise<ChatResponse> {
    return this.worker_().complete(key, req);
  }

  /** Stops the worker and forgets every model (for tests and resets). */
  terminate(): void {
    this.api?.[Comlink.releaseProxy]();
    this.worker?.terminate();
    this.worker = null;
    this.api = null;
    this.catalog = null;
    for (const key of this.loads.keys()) this.store.unloaded(key);
    this.loads.clear();
    this.store.setCatalog({ phase: "idle" });
  }

  private worker_(): Comlink.Remote<WebLlmWorkerApi> {
    if (!this.api) {
      this.worker = new Worker(new URL("../llm/webllm.worker.ts", import.meta.url), { type: "module", name: "webllm" });
      this.worker.addEventListener("error", (e) => {
        const message = `the WebLLM worker failed: ${e.message || "it could not be loaded"}`;
        for (const [key, s] of Object.entries(this.store.getState().models)) if (s.phase === "loading") this.store.failed(key, message);
      });
      this.api = Comlink.wrap<WebLlmWorkerApi>(this.worker);
    }
    return this.api;
  }
}

function oneLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/\s+/g, " ").trim();
}

/** The app's one WebLLM client. */
export const webLlm = new WebLlmClient();
