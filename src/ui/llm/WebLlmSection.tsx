/**
 * WebLLM settings: the WebGPU check (on the main thread, before the worker starts), the model
 * picker (models this GPU can run: without shader-f16 only the f32 builds), a custom model by URL,
 * and Load with its progress. The worker starts when this section shows on a browser with WebGPU.
 */
import { useEffect, useState, useSyncExternalStore } from "react";
import type { LlmConfig } from "../../core/consensus/types";
import {
  customModelText,
  describeGpu,
  modelKey,
  parseModelRef,
  usableModels,
  type WebLlmModelInfo,
  type WebLlmModelRef,
} from "../../core/intelligence/webllm-catalog";
import type { ModelLoadState } from "../../core/intelligence/webllm-state";
import { webLlm } from "../../../workers/browser/webllm-client";
import { useApp } from "../use-session";

interface Props {
  llm: LlmConfig;
  disabled: boolean;
  apply(next: LlmConfig): void;
}

function useWebLlm() {
  return useSyncExternalStore(webLlm.store.subscribe, webLlm.store.getState);
}

function readRef(model: string | undefined): { ref: WebLlmModelRef | null; error: string } {
  try {
    return { ref: parseModelRef(model), error: "" };
  } catch (e) {
    return { ref: null, error: e instanceof Error ? e.message : String(e) };
  }
}

export function WebLlmSection({ llm, disabled, apply }: Props) {
  const state = useWebLlm();
  const gpu = state.gpu.phase === "done" ? state.gpu.info : null;
  useEffect(() => void webLlm.prepare(), []);
  const { ref, error } = readRef(llm.model);
  const load: ModelLoadState = ref ? (state.models[modelKey(ref)] ?? { phase: "idle" }) : { phase: "idle" };
  return (
    <section className="llm-section" aria-label="WebLLM">
      <p className={`llm-gpu ${gpu && !gpu.available ? "llm-gpu-missing" : ""}`} data-testid="webgpu-status">
        {gpu ? describeGpu(gpu) : "Checking WebGPU…"}
      </p>
      {gpu && !gpu.available && (
        <p className="hint">
          This browser cannot run WebLLM: a validator set to it votes with this reason. Chrome or Edge with a GPU can (headless Chromium needs{" "}
          <code>--enable-unsafe-webgpu</code>).
        </p>
      )}
      {gpu?.available && !gpu.shaderF16 && <p className="hint" data-testid="webgpu-f16">This GPU has no shader-f16, so f16 models cannot run: only f32 models are listed.</p>}
      {gpu?.available && (
        <>
          <ModelPicker llm={llm} disabled={disabled} apply={apply} current={ref} gpuF16={gpu.shaderF16} catalog={state.catalog} />
          <CustomModel llm={llm} disabled={disabled} apply={apply} current={ref} />
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          {ref && <LoadRow model={llm.model} load={load} />}
        </>
      )}
      {gpu && !gpu.available && (
        <p className="llm-model-line">
          Model: <code>{ref?.id ?? llm.model}</code>
        </p>
      )}
    </section>
  );
}

function vram(m: WebLlmModelInfo): string {
  return m.vramMB === undefined ? "" : ` · ${m.vramMB >= 1024 ? `${(m.vramMB / 1024).toFixed(1)} GB` : `${Math.round(m.vramMB)} MB`}`;
}

function ModelPicker(props: Props & { current: WebLlmModelRef | null; gpuF16: boolean; catalog: ReturnType<typeof webLlm.store.getState>["catalog"] }) {
  const { llm, disabled, apply, current, catalog } = props;
  if (catalog.phase === "failed")
    return (
      <p className="error" role="alert">
        {catalog.message}
      </p>
    );
  const models = catalog.phase === "ready" ? usableModels(catalog.models, { shaderF16: props.gpuF16 }) : [];
  const value = current?.kind === "prebuilt" ? current.id : current ? "custom" : "";
  const listed = models.some((m) => m.id === value);
  return (
    <label className="llm-field">
      <span>Model</span>
      <select
        aria-label="Model"
        disabled={disabled || catalog.phase !== "ready"}
        value={value}
        onChange={(e) => e.target.value !== "custom" && apply({ ...llm, model: e.target.value })}
      >
        {catalog.phase !== "ready" && <option value={value}>loading the model list…</option>}
        {catalog.phase === "ready" && !listed && value !== "" && (
          <option value={value}>{current?.kind === "custom" ? `custom: ${current.id}` : `${value} (not runnable here)`}</option>
        )}
        {models.map((m) => (
          <option key={m.id} value={m.id}>
            {m.id}
            {vram(m)}
            {m.type === "VLM" ? " · images" : ""}
          </option>
        ))}
      </select>
    </label>
  );
}

function CustomModel({ llm, disabled, apply, current }: Props & { current: WebLlmModelRef | null }) {
  const custom = current?.kind === "custom" ? current : null;
  const [modelUrl, setModelUrl] = useState(custom?.modelUrl ?? "");
  const [libUrl, setLibUrl] = useState(custom?.libUrl ?? "");
  const [error, setError] = useState("");
  const use = () => {
    try {
      // Relative URLs are resolved against this page (web-llm needs absolute ones).
      const abs = (u: string) => (u.trim() === "" ? u : new URL(u.trim(), location.href).href);
      apply({ ...llm, model: customModelText(abs(modelUrl), abs(libUrl)) });
      setError("");
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <details className="llm-custom" open={custom !== null}>
      <summary>Custom model by URL</summary>
      <label className="llm-field">
        <span>Model URL</span>
        <input value={modelUrl} disabled={disabled} placeholder="https://huggingface.co/mlc-ai/…-q4f32_1-MLC" onChange={(e) => setModelUrl(e.target.value)} />
      </label>
      <label className="llm-field">
        <span>Library URL</span>
        <input value={libUrl} disabled={disabled} placeholder="https://…/…-webgpu.wasm" onChange={(e) => setLibUrl(e.target.value)} />
      </label>
      <div className="row">
        <button type="button" disabled={disabled || modelUrl.trim() === "" || libUrl.trim() === ""} onClick={use}>
          Use this model
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </details>
  );
}

function LoadRow({ model, load }: { model: string | undefined; load: ModelLoadState }) {
  const { actions } = useApp();
  const busy = load.phase === "loading";
  return (
    <div className="llm-load" data-testid="webllm-load">
      <div className="row">
        <button type="button" disabled={busy || load.phase === "ready"} onClick={() => actions.run("webllm.load", model)}>
          {load.phase === "failed" ? "Retry" : load.phase === "ready" ? "Loaded" : "Load"}
        </button>
        {busy && <progress max={1} value={load.fraction} aria-label="Model download" />}
        <span className="llm-load-text" data-testid="webllm-state">
          {load.phase === "idle" && "not loaded: validators using it vote with an error until you load it"}
          {load.phase === "loading" && `${Math.round(load.fraction * 100)}% · ${load.text}`}
          {load.phase === "ready" && `ready (loaded in ${(load.ms / 1000).toFixed(1)} s), shared by the validators using this model`}
        </span>
      </div>
      {load.phase === "failed" && (
        <p className="error" role="alert" data-testid="webllm-error" title={load.message}>
          {load.message}
        </p>
      )}
    </div>
  );
}
