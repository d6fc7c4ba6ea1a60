/**
 * A validator's LLM: a button in the validators table showing the provider, opening a dialog to
 * pick it (scripted rules, WebLLM in this browser, an OpenAI-compatible server, recorded answers)
 * and set its model and sampling. Every change runs the `validators.llm` action.
 */
import { useEffect, useId, useState, type ReactNode } from "react";
import type { LlmConfig } from "../../core/consensus/types";
import { DEFAULT_WEBLLM_MODEL, parseModelRef } from "../../core/intelligence/webllm-catalog";
import type { ScenarioValidator } from "../../core/scenario/format";
import { useApp } from "../use-session";
import { getApiKey } from "./secrets";
import { WebLlmSection } from "./WebLlmSection";
import "./llm-settings.css";

export const PROVIDERS = [
  { id: "scripted", name: "Scripted", short: "Scripted", about: "deterministic rules" },
  { id: "webllm", name: "WebLLM", short: "WebLLM", about: "in this browser, WebGPU" },
  { id: "openai", name: "OpenAI-compatible", short: "OpenAI", about: "Ollama, LM Studio, llama.cpp, OpenAI…" },
  { id: "recorded", name: "Recorded", short: "Recorded", about: "answers recorded in a scenario" },
] as const;

export const DEFAULT_OPENAI_BASE_URL = "http://localhost:11434/v1";
export const DEFAULT_OPENAI_MODEL = "llama3.2";

/** The config a provider starts with, keeping the sampling settings. */
function switchProvider(llm: LlmConfig, provider: string): LlmConfig {
  const sampling = { temperature: llm.temperature, seed: llm.seed, maxTokens: llm.maxTokens };
  if (provider === "webllm") return { provider, model: llm.provider === "webllm" ? llm.model : DEFAULT_WEBLLM_MODEL, ...sampling };
  if (provider === "openai")
    return { provider, baseUrl: llm.baseUrl ?? DEFAULT_OPENAI_BASE_URL, model: llm.provider === "openai" ? llm.model : DEFAULT_OPENAI_MODEL, ...sampling };
  return { provider, ...sampling };
}

/** "WebLLM · SmolLM2-360M…" for the table. */
export function providerSummary(llm: LlmConfig): string {
  const p = PROVIDERS.find((x) => x.id === llm.provider);
  if (llm.provider === "webllm") {
    let id = llm.model ?? DEFAULT_WEBLLM_MODEL;
    try {
      id = parseModelRef(llm.model).id;
    } catch {
      /* shown as typed */
    }
    return `WebLLM · ${id}`;
  }
  if (llm.provider === "openai") return `OpenAI-compatible · ${llm.model ?? "?"}`;
  return p?.name ?? llm.provider;
}

/** `disabled` while the network is busy or locked; `locked` (it has transactions) also says so. */
export function LlmSettings({ validator, disabled, locked = false }: { validator: ScenarioValidator; disabled: boolean; locked?: boolean }) {
  const [open, setOpen] = useState(false);
  const short = PROVIDERS.find((p) => p.id === validator.llm.provider)?.short ?? validator.llm.provider;
  return (
    <>
      <button
        type="button"
        className={`llm-cell llm-cell-${validator.llm.provider}`}
        aria-label={`LLM of ${validator.id}`}
        title={`${providerSummary(validator.llm)} (change the LLM of ${validator.id})`}
        onClick={() => setOpen(true)}
      >
        {short}
      </button>
      {open && <LlmDialog validator={validator} disabled={disabled} locked={locked} onClose={() => setOpen(false)} />}
    </>
  );
}

function LlmDialog({ validator, disabled, locked, onClose }: { validator: ScenarioValidator; disabled: boolean; locked: boolean; onClose(): void }) {
  const { actions } = useApp();
  const llm = validator.llm;
  const titleId = useId();
  const apply = (next: LlmConfig) => actions.run("validators.llm", { id: validator.id, llm: next });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && onClose();
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);
  const about = PROVIDERS.find((p) => p.id === llm.provider);
  return (
    <div className="llm-backdrop" onClick={onClose}>
      <div className="llm-dialog" role="dialog" aria-modal="true" aria-labelledby={titleId} onClick={(e) => e.stopPropagation()}>
        <header className="llm-head">
          <h3 id={titleId}>LLM of {validator.id}</h3>
          <button type="button" className="ghost" aria-label="Close" onClick={onClose}>
            ✕
          </button>
        </header>
        {locked && <p className="notice">The network has transactions: reset it (Validators → Reset network) to change this validator.</p>}
        <label className="llm-field">
          <span>Provider</span>
          <select aria-label="Provider" autoFocus disabled={disabled} value={llm.provider} onChange={(e) => apply(switchProvider(llm, e.target.value))}>
            {PROVIDERS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} — {p.about}
              </option>
            ))}
            {!about && <option value={llm.provider}>{llm.provider}</option>}
          </select>
        </label>
        {llm.provider === "scripted" && <p className="hint">Answers come from the rules: prompt patterns, template answers and web fixtures.</p>}
        {llm.provider === "recorded" && <p className="hint">Replays the LLM and web answers recorded in a scenario (its "recordings"); a request that was not recorded fails.</p>}
        {llm.provider === "webllm" && <WebLlmSection llm={llm} disabled={disabled} apply={apply} />}
        {llm.provider === "openai" && <OpenAiSection llm={llm} disabled={disabled} apply={apply} />}
        {(llm.provider === "webllm" || llm.provider === "openai") && <SamplingFields llm={llm} disabled={disabled} apply={apply} />}
        <footer className="llm-foot">
          <button type="button" className="primary" onClick={onClose}>
            Done
          </button>
        </footer>
      </div>
    </div>
  );
}

interface SectionProps {
  llm: LlmConfig;
  disabled: boolean;
  apply(next: LlmConfig): void;
}

function OpenAiSection({ llm, disabled, apply }: SectionProps) {
  const { actions } = useApp();
  const baseUrl = llm.baseUrl ?? DEFAULT_OPENAI_BASE_URL;
  const [key, setKey] = useState(() => getApiKey(baseUrl) ?? "");
  useEffect(() => setKey(getApiKey(baseUrl) ?? ""), [baseUrl]);
  return (
    <section className="llm-section" aria-label="OpenAI-compatible server">
      <TextField label="Base URL" value={baseUrl} disabled={disabled} placeholder={DEFAULT_OPENAI_BASE_URL} onCommit={(v) => apply({ ...llm, baseUrl: v })} />
      <TextField label="Model" value={llm.model ?? ""} disabled={disabled} placeholder={DEFAULT_OPENAI_MODEL} onCommit={(v) => apply({ ...llm, model: v })} />
      <label className="llm-field">
        <span>API key</span>
        <input
          type="password"
          aria-label="API key"
          autoComplete="off"
          placeholder="none (local servers)"
          value={key}
          onChange={(e) => setKey(e.target.value)}
          onBlur={() => actions.run("llm.apiKey", { baseUrl, key })}
        />
      </label>
      <p className="hint">Kept in this browser only (per base URL): never in scenarios, exports or links.</p>
      <p className="hint">
        The server must accept requests from this page (CORS). Ollama: start it with <code>OLLAMA_ORIGINS={location.origin}</code>.
      </p>
    </section>
  );
}

/** Seed, temperature and max tokens; empty means the model's default. */
function SamplingFields({ llm, disabled, apply }: SectionProps) {
  const [error, setError] = useState("");
  const commit = (field: "seed" | "temperature" | "maxTokens", text: string) => {
    const t = text.trim();
    if (t === "") {
      setError("");
      if (llm[field] !== undefined) apply({ ...llm, [field]: undefined });
      return;
    }
    const n = Number(t);
    const problem =
      field === "temperature"
        ? !(Number.isFinite(n) && n >= 0 && n <= 2) && "temperature must be a number from 0 to 2"
        : field === "seed"
          ? !(Number.isSafeInteger(n) && n >= 0) && "the seed must be a whole number ≥ 0"
          : !(Number.isSafeInteger(n) && n > 0) && "max tokens must be a whole number > 0";
    setError(problem || "");
    if (!problem && llm[field] !== n) apply({ ...llm, [field]: n });
  };
  return (
    <section className="llm-section llm-sampling" aria-label="Sampling">
      <NumberField label="Seed" value={llm.seed} disabled={disabled} placeholder="random" onCommit={(t) => commit("seed", t)} />
      <NumberField label="Temperature" value={llm.temperature} disabled={disabled} placeholder="model's" onCommit={(t) => commit("temperature", t)} />
      <NumberField label="Max tokens" value={llm.maxTokens} disabled={disabled} placeholder="model's" onCommit={(t) => commit("maxTokens", t)} />
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

function NumberField(props: { label: string; value: number | undefined; disabled: boolean; placeholder: string; onCommit(text: string): void }) {
  return <TextField {...props} value={props.value === undefined ? "" : String(props.value)} inputMode="decimal" />;
}

export function TextField(props: {
  label: ReactNode;
  value: string;
  disabled: boolean;
  placeholder?: string;
  inputMode?: "decimal" | "url";
  onCommit(text: string): void;
}) {
  const [text, setText] = useState(props.value);
  useEffect(() => setText(props.value), [props.value]);
  const commit = () => text !== props.value && props.onCommit(text.trim());
  return (
    <label className="llm-field">
      <span>{props.label}</span>
      <input
        value={text}
        disabled={props.disabled}
        placeholder={props.placeholder}
        inputMode={props.inputMode}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === "Enter" && commit()}
      />
    </label>
  );
}
