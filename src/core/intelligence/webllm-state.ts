/**
 * WebLLM's state as the UI shows it, DOM-free: the GPU check, the prebuilt catalog and one load
 * state per model (idle → loading with progress → ready, or failed with one line), plus the
 * mapping of web-llm's long error messages to one clear line each.
 */
import type { GpuInfo, WebLlmModelInfo } from "./webllm-catalog";

export type ModelLoadState =
  | { phase: "idle" }
  | { phase: "loading"; fraction: number; text: string }
  | { phase: "ready"; ms: number }
  | { phase: "failed"; message: string };

export interface WebLlmState {
  gpu: { phase: "unknown" } | { phase: "checking" } | { phase: "done"; info: GpuInfo };
  catalog: { phase: "idle" } | { phase: "loading" } | { phase: "ready"; models: WebLlmModelInfo[] } | { phase: "failed"; message: string };
  /** By model key (see `modelKey`). */
  models: Readonly<Record<string, ModelLoadState>>;
}

export const IDLE: ModelLoadState = { phase: "idle" };

/** An observable WebLlmState with guarded transitions (stale progress after a failure is ignored). */
export class WebLlmStore {
  private state: WebLlmState = { gpu: { phase: "unknown" }, catalog: { phase: "idle" }, models: {} };
  private readonly listeners = new Set<() => void>();

  readonly getState = (): WebLlmState => this.state;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  model(key: string): ModelLoadState {
    return this.state.models[key] ?? IDLE;
  }

  setGpu(gpu: WebLlmState["gpu"]): void {
    this.set({ ...this.state, gpu });
  }

  setCatalog(catalog: WebLlmState["catalog"]): void {
    this.set({ ...this.state, catalog });
  }

  /** Starts a load; false when the model is already loading or loaded. */
  startLoading(key: string): boolean {
    const now = this.model(key).phase;
    if (now === "loading" || now === "ready") return false;
    this.setModel(key, { phase: "loading", fraction: 0, text: "starting" });
    return true;
  }

  /** Progress of a running load; the bar never moves backwards. */
  progress(key: string, fraction: number, text: string): void {
    const now = this.model(key);
    if (now.phase !== "loading") return;
    const f = Number.isFinite(fraction) ? Math.min(1, Math.max(now.fraction, fraction)) : now.fraction;
    this.setModel(key, { phase: "loading", fraction: f, text: oneLine(text) || now.text });
  }

  loaded(key: string, ms: number): void {
    if (this.model(key).phase === "loading") this.setModel(key, { phase: "ready", ms });
  }

  failed(key: string, message: string): void {
    this.setModel(key, { phase: "failed", message: oneLine(message) });
  }

  unloaded(key: string): void {
    this.setModel(key, IDLE);
  }

  private setModel(key: string, s: ModelLoadState): void {
    this.set({ ...this.state, models: { ...this.state.models, [key]: s } });
  }

  private set(next: WebLlmState): void {
    this.state = next;
    for (const l of [...this.listeners]) l();
  }
}

/** Where a failure happened: loading a model, or answering a prompt. */
export type WebLlmStage = "load" | "complete";

/** Lines this module made: mapping them again changes nothing. */
const ALREADY_CLEAR =
  /^(could not (download|load) the model: |WebGPU is not available in this browser$|this GPU lacks shader-f16|the GPU ran out of memory|unknown WebLLM model |the prompt \(\d+ tokens\)|the WebLLM model is not loaded|WebLLM failed: )/;
const NETWORK = /failed to fetch|networkerror|network response was not ok|unable to fetch|cannot fetch|load failed|request failed|err_|status (4|5)\d\d|failed to load wasm/i;

/** One clear line for an error raised by web-llm (or by our own checks around it). */
export function webLlmErrorLine(raw: unknown, stage: WebLlmStage): string {
  const text = oneLine(raw instanceof Error ? raw.message : String(raw)).replace(/^(Uncaught )?(\w*Error): /, "");
  if (ALREADY_CLEAR.test(text)) return clip(text);
  if (/unable to find a compatible gpu|webgpu is not supported|cannot find webgpu|no available adapters|webgpu is not available/i.test(text))
    return "WebGPU is not available in this browser";
  if (/shader-f16/i.test(text)) return "this GPU lacks shader-f16: pick an f32 model";
  if (/device was lost|out of memory|\boom\b/i.test(text)) return "the GPU ran out of memory (device lost): pick a smaller model";
  if (/cannot find model record in appconfig for (\S+)/i.test(text)) return `unknown WebLLM model ${/for (\S+?)\.?( |$)/i.exec(text)?.[1] ?? ""}`.trim();
  const ctx = /number of prompt tokens: (\d+); context window size: (\d+)/i.exec(text);
  if (ctx) return `the prompt (${ctx[1]} tokens) is longer than the model's context window (${ctx[2]} tokens)`;
  if (/unexpected token '<'|<!doctype|<html|is not valid json/i.test(text))
    return "could not download the model: the model files were not found (got a web page)";
  if (/invalid url|failed to construct 'url'/i.test(text)) return "could not download the model: the model URL must be absolute (https://…)";
  if (stage === "load" && NETWORK.test(text)) return clip(`could not download the model: ${text} (offline or blocked)`);
  if (/model not loaded|not loaded before trying/i.test(text)) return "the WebLLM model is not loaded: press Load in the validator's LLM settings";
  return clip(stage === "load" ? `could not load the model: ${text}` : `WebLLM failed: ${text}`);
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

function clip(s: string): string {
  return s.length > 240 ? s.slice(0, 237) + "..." : s;
}
