/**
 * One schema field: a checkbox (bool), a select (optional bool), a text area (JSON kinds) or a
 * text input, with its label, a one-line help text and the inline validation message
 * (aria-invalid / aria-describedby point at it). An encrypted field (`gl.EncryptedField` of a
 * confidential contract) carries a lock mark and is uncontrolled: what is typed stays in the input
 * element only (`value` is just its starting value) and the form reads it once, on submit.
 */
import type { FieldInput as FieldValue, FieldSpec } from "../../core/forms";
import { LockIcon } from "../panels/LockIcon";

export interface FieldInputProps {
  /** Unique id prefix for this form (ids: `${idPrefix}-${index}`). */
  id: string;
  spec: FieldSpec;
  value: FieldValue;
  /** The message to show, or null (valid or not yet touched). */
  message: string | null;
  disabled?: boolean;
  /** Encrypted to the contract's committee: lock mark, uncontrolled input. */
  encrypted?: boolean;
  onChange(value: FieldValue): void;
}

export const ENCRYPTED_TITLE = "Encrypted in this browser to the contract's committee before it is sent: only the committee's attested enclaves can read it. Cleared after each submit.";

export function FieldInput({ id, spec, value, message, disabled, encrypted = false, onChange }: FieldInputProps) {
  const helpId = `${id}-help`;
  const msgId = `${id}-msg`;
  const describedBy = message ? `${msgId} ${helpId}` : helpId;
  const common = {
    id,
    disabled,
    "aria-invalid": message ? true : undefined,
    "aria-describedby": describedBy,
  } as const;
  // Encrypted fields are uncontrolled: React never holds what is typed, only the starting value.
  const text = (v: string) => (encrypted ? { defaultValue: v } : { value: v });
  const optionalBool = spec.kind === "optional" && spec.inner?.kind === "bool";
  let control;
  if (spec.kind === "bool") {
    control = <input type="checkbox" {...common} {...(encrypted ? { defaultChecked: value === true } : { checked: value === true })} onChange={(e) => onChange(e.target.checked)} />;
  } else if (optionalBool) {
    const v = value === true ? "true" : value === false ? "false" : String(value);
    control = (
      <select {...common} {...text(v)} onChange={(e) => onChange(e.target.value)}>
        <option value="">None</option>
        <option value="true">True</option>
        <option value="false">False</option>
      </select>
    );
  } else if (spec.multiline) {
    const body = String(value);
    control = (
      <textarea
        {...common}
        {...text(body)}
        placeholder={spec.placeholder}
        spellCheck={false}
        autoComplete="off"
        rows={Math.min(6, Math.max(1, body.split("\n").length))}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  } else {
    control = (
      <input
        type="text"
        {...common}
        {...text(String(value))}
        placeholder={spec.placeholder}
        spellCheck={false}
        autoComplete="off"
        inputMode={spec.kind === "int" ? "numeric" : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  }
  const mark = encrypted && (
    <span className="mf-encrypted" title={ENCRYPTED_TITLE} data-testid="encrypted-mark">
      <LockIcon size={9} /> encrypted to the committee
    </span>
  );
  return (
    <div className={`mf-field mf-${spec.kind}${message ? " mf-invalid" : ""}${encrypted ? " mf-sealed" : ""}`}>
      {spec.kind === "bool" ? (
        <label className="mf-check" htmlFor={id}>
          {control}
          <span>
            {spec.name} <span className="mf-type">(bool)</span>
            {spec.keyword && <span className="mf-kw"> keyword</span>} {mark}
          </span>
        </label>
      ) : (
        <>
          <label htmlFor={id}>
            {spec.name} <span className="mf-type">({spec.label.slice(spec.name.length + 2, -1)})</span>
            {spec.keyword && <span className="mf-kw"> keyword</span>} {mark}
          </label>
          {control}
        </>
      )}
      {message && (
        <div id={msgId} className="mf-msg" role="status">
          {message}
        </div>
      )}
      <div id={helpId} className="mf-help">
        {spec.help}
        {encrypted && " · encrypted before sending, cleared after submit"}
      </div>
    </div>
  );
}
