/**
 * A form for one contract method or the constructor, generated from its schema entry: one input
 * per positional param, then the keyword params; inline validation as the user types; submit
 * disabled while any field is invalid; a wei value input for payable methods (and deploys) with
 * the amount in GEN; a Strict/Fast consensus toggle for writes and deploys; the decoded result or
 * the error under the button. The sender account picker belongs to the parent (pass it as
 * `children`, shown above the button).
 *
 * Encrypted parameters (`method.encrypted`, a confidential contract's `gl.EncryptedField`s) are
 * never kept in React state: their inputs are uncontrolled, only whether they parse is kept, the
 * value is read from the input on submit and the input is cleared right after.
 */
import { useId, useMemo, useState, type FormEvent, type ReactNode } from "react";
import type { CalldataValue } from "../../core/calldata";
import type { ConsensusMode } from "../../core/consensus/types";
import { buildFields, formatResult, parseField, parseWei, type FieldInput as FieldValue, type FieldSpec } from "../../core/forms";
import type { NameResolver, ParamsSchema } from "../../core/scenario/args";
import { FieldInput } from "./FieldInput";
import { ModeToggle, ValueInput } from "./extras";
import "./forms.css";

export interface MethodSubmit {
  args: CalldataValue[];
  kwargs: Map<string, CalldataValue>;
  /** Wei; only for payable methods and deploys. */
  value?: bigint;
  /** Only for writes and deploys. */
  mode?: ConsensusMode;
}

export interface MethodFormProps {
  /** Method name, or the title for a constructor form (e.g. "constructor"). */
  name: string;
  /** The schema entry: a method (`methods[name]`) or `ctor`. */
  method: ParamsSchema & { readonly?: boolean; payable?: boolean };
  /** A constructor form: "Deploy" button, value and mode inputs. */
  deploy?: boolean;
  /** Overrides `method.readonly`. */
  readonly?: boolean;
  /** Overrides `method.payable`; a payable form gets the value input. */
  payable?: boolean;
  busy?: boolean;
  /** The decoded result to show (a view's return value, a write's return value). */
  result?: CalldataValue;
  /** An error to show under the button (one line, or a few). */
  error?: string;
  /** Resolves `@name` in address fields. */
  resolve?: NameResolver;
  submitLabel?: string;
  defaultMode?: ConsensusMode;
  /** No Strict/Fast toggle: the network decides how it runs consensus (a remote node). */
  hideMode?: boolean;
  /** Shown above the submit button (e.g. the sender account picker). */
  children?: ReactNode;
  /** Why the form cannot be sent now (e.g. bad committee options); disables the button. */
  blocked?: string | null;
  onSubmit(submit: MethodSubmit): void;
}

type Check = { ok: true } | { ok: false; message: string };

/** The starting (and cleared) input of an encrypted field: empty, so a value is always typed on purpose. */
function sealedStart(f: FieldSpec): FieldValue {
  return f.kind === "bool" ? false : f.multiline ? f.default : "";
}

function checkOf(f: FieldSpec, input: FieldValue, resolve: NameResolver | undefined): Check {
  const r = parseField(f, input, resolve);
  return r.ok ? { ok: true } : { ok: false, message: r.message };
}

/** What an input element holds now (encrypted fields are read from the DOM only). */
function readInput(form: HTMLFormElement, id: string): FieldValue | undefined {
  const el = form.querySelector(`#${CSS.escape(id)}`);
  if (el instanceof HTMLInputElement) return el.type === "checkbox" ? el.checked : el.value;
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return el.value;
  return undefined;
}

function clearInput(form: HTMLFormElement, id: string, start: FieldValue): void {
  const el = form.querySelector(`#${CSS.escape(id)}`);
  if (el instanceof HTMLInputElement && el.type === "checkbox") el.checked = start === true;
  else if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) el.value = String(start);
}

export function MethodForm(props: MethodFormProps) {
  const { name, method, deploy = false, busy = false, resolve, onSubmit } = props;
  const readonly = !deploy && (props.readonly ?? method.readonly ?? false);
  const payable = deploy || (!readonly && (props.payable ?? method.payable ?? false));
  const fields = useMemo(() => buildFields(method), [method]);
  const sig = useMemo(() => JSON.stringify([method.params, method.kwparams, method.encrypted ?? []]), [method]);
  const sealed = useMemo(() => new Set(method.encrypted ?? []), [method]);
  const fresh = () => ({
    sig,
    inputs: fields.map((f, i) => (sealed.has(i) ? sealedStart(f) : f.default)),
    touched: fields.map(() => false),
    checks: fields.map((f, i): Check | null => (sealed.has(i) ? checkOf(f, sealedStart(f), resolve) : null)),
  });
  const [state, setState] = useState(fresh);
  const current = state.sig === sig ? state : fresh();
  if (current !== state) setState(current);
  const [valueText, setValueText] = useState("");
  const [mode, setMode] = useState<ConsensusMode>(props.defaultMode ?? "strict");
  const [tried, setTried] = useState(false);
  const uid = useId().replace(/:/g, "");
  const idPrefix = `mf-${uid}`;

  const results: Check[] = fields.map((f, i) => current.checks[i] ?? parseField(f, current.inputs[i] ?? f.default, resolve));
  const wei = payable ? parseWei(valueText) : undefined;
  const invalid = fields.filter((_, i) => !results[i].ok).map((f) => f.name);
  const valid = invalid.length === 0 && (wei === undefined || wei.ok) && !props.blocked;

  const change = (i: number, v: FieldValue) =>
    setState({
      sig,
      // An encrypted field keeps only whether it parses, never what was typed.
      inputs: sealed.has(i) ? current.inputs : current.inputs.map((x, j) => (j === i ? v : x)),
      touched: current.touched.map((x, j) => x || j === i),
      checks: sealed.has(i) ? current.checks.map((c, j) => (j === i ? checkOf(fields[i], v, resolve) : c)) : current.checks,
    });

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setTried(true);
    if (!valid || busy) return;
    const form = e.currentTarget;
    const args: CalldataValue[] = [];
    const kwargs = new Map<string, CalldataValue>();
    for (const [i, f] of fields.entries()) {
      const r = parseField(f, sealed.has(i) ? (readInput(form, `${idPrefix}-${i}`) ?? sealedStart(f)) : (current.inputs[i] ?? f.default), resolve);
      if (!r.ok) return;
      if (f.keyword) kwargs.set(f.name, r.value);
      else args.push(r.value);
    }
    onSubmit({ args, kwargs, ...(payable && wei?.ok && { value: wei.value }), ...(!readonly && { mode }) });
    if (sealed.size === 0) return;
    // The plaintext is on its way to be encrypted: clear it from the page.
    for (const i of sealed) clearInput(form, `${idPrefix}-${i}`, sealedStart(fields[i]));
    setState((s) => ({
      ...s,
      touched: s.touched.map((t, j) => (sealed.has(j) ? false : t)),
      checks: s.checks.map((c, j) => (sealed.has(j) ? checkOf(fields[j], sealedStart(fields[j]), resolve) : c)),
    }));
    setTried(false);
  };

  const label = props.submitLabel ?? (deploy ? "Deploy" : readonly ? "Call" : "Send");
  const kind = deploy ? "deploy" : readonly ? "view" : "write";
  return (
    <form className={`mf mf-form-${kind}`} onSubmit={submit} aria-label={deploy ? `Deploy ${name}` : `${name} (${kind})`} noValidate>
      {!deploy && (
        <div className="mf-title">
          <span className="mf-name">{name}</span>
          <span className={`mf-badge mf-badge-${kind}`}>{readonly ? "view" : payable ? "write · payable" : "write"}</span>
        </div>
      )}
      {fields.length === 0 && <div className="mf-none">no parameters</div>}
      {fields.map((f, i) => {
        const r = results[i];
        const show = !r.ok && (current.touched[i] || tried);
        return (
          <FieldInput
            key={`${sig}-${i}`}
            id={`${idPrefix}-${i}`}
            spec={f}
            value={current.inputs[i] ?? f.default}
            message={show && !r.ok ? r.message : null}
            disabled={busy}
            encrypted={sealed.has(i)}
            onChange={(v) => change(i, v)}
          />
        );
      })}
      {payable && <ValueInput id={`${idPrefix}-value`} text={valueText} result={wei!} disabled={busy} onChange={setValueText} />}
      {!readonly && !props.hideMode && <ModeToggle name={`${idPrefix}-mode`} mode={mode} disabled={busy} onChange={setMode} />}
      {props.children}
      <div className="mf-actions">
        <button type="submit" disabled={!valid || busy} aria-busy={busy || undefined}>
          {busy ? `${label}…` : label}
        </button>
        {!valid && (
          <span className="mf-pending" role="note">
            {invalid.length > 0 ? `check: ${invalid.join(", ")}` : (props.blocked ?? "check the value")}
          </span>
        )}
      </div>
      {props.error && (
        <div className="mf-error" role="alert">
          {props.error}
        </div>
      )}
      {props.result !== undefined && !props.error && (
        <output className="mf-result" aria-label={`${name} result`}>
          <pre>{formatResult(props.result)}</pre>
        </output>
      )}
    </form>
  );
}
