/**
 * One schema field: a checkbox (bool), a select (optional bool), a text area (JSON kinds) or a
 * text input, with its label, a one-line help text and the inline validation message
 * (aria-invalid / aria-describedby point at it).
 */
import type { FieldInput as FieldValue, FieldSpec } from "../../core/forms";

export interface FieldInputProps {
  /** Unique id prefix for this form (ids: `${idPrefix}-${index}`). */
  id: string;
  spec: FieldSpec;
  value: FieldValue;
  /** The message to show, or null (valid or not yet touched). */
  message: string | null;
  disabled?: boolean;
  onChange(value: FieldValue): void;
}

export function FieldInput({ id, spec, value, message, disabled, onChange }: FieldInputProps) {
  const helpId = `${id}-help`;
  const msgId = `${id}-msg`;
  const describedBy = message ? `${msgId} ${helpId}` : helpId;
  const common = {
    id,
    disabled,
    "aria-invalid": message ? true : undefined,
    "aria-describedby": describedBy,
  } as const;
  const optionalBool = spec.kind === "optional" && spec.inner?.kind === "bool";
  let control;
  if (spec.kind === "bool") {
    control = <input type="checkbox" {...common} checked={value === true} onChange={(e) => onChange(e.target.checked)} />;
  } else if (optionalBool) {
    const v = value === true ? "true" : value === false ? "false" : String(value);
    control = (
      <select {...common} value={v} onChange={(e) => onChange(e.target.value)}>
        <option value="">None</option>
        <option value="true">True</option>
        <option value="false">False</option>
      </select>
    );
  } else if (spec.multiline) {
    const text = String(value);
    control = (
      <textarea
        {...common}
        value={text}
        placeholder={spec.placeholder}
        spellCheck={false}
        rows={Math.min(6, Math.max(1, text.split("\n").length))}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  } else {
    control = (
      <input
        type="text"
        {...common}
        value={String(value)}
        placeholder={spec.placeholder}
        spellCheck={false}
        autoComplete="off"
        inputMode={spec.kind === "int" ? "numeric" : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  }
  return (
    <div className={`mf-field mf-${spec.kind}${message ? " mf-invalid" : ""}`}>
      {spec.kind === "bool" ? (
        <label className="mf-check" htmlFor={id}>
          {control}
          <span>
            {spec.name} <span className="mf-type">(bool)</span>
            {spec.keyword && <span className="mf-kw"> keyword</span>}
          </span>
        </label>
      ) : (
        <>
          <label htmlFor={id}>
            {spec.name} <span className="mf-type">({spec.label.slice(spec.name.length + 2, -1)})</span>
            {spec.keyword && <span className="mf-kw"> keyword</span>}
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
      </div>
    </div>
  );
}
