/** The wei value input (with the amount in GEN) and the Strict/Fast consensus toggle. */
import type { ConsensusMode } from "../../core/consensus/types";
import { formatGen, type IntResult } from "../../core/forms";

export interface ValueInputProps {
  id: string;
  text: string;
  result: IntResult;
  disabled?: boolean;
  onChange(text: string): void;
}

export function ValueInput({ id, text, result, disabled, onChange }: ValueInputProps) {
  const helpId = `${id}-help`;
  return (
    <div className={`mf-field mf-value${result.ok ? "" : " mf-invalid"}`}>
      <label htmlFor={id}>
        Value <span className="mf-type">(wei)</span>
      </label>
      <input
        id={id}
        type="text"
        value={text}
        placeholder="0"
        spellCheck={false}
        autoComplete="off"
        disabled={disabled}
        aria-invalid={result.ok ? undefined : true}
        aria-describedby={helpId}
        onChange={(e) => onChange(e.target.value)}
      />
      <div id={helpId} className={result.ok ? "mf-help" : "mf-msg"} role="status">
        {result.ok ? `= ${formatGen(result.value)} · 1 GEN = 10^18 wei; "1.5 GEN" works too` : result.message}
      </div>
    </div>
  );
}

export interface ModeToggleProps {
  name: string;
  mode: ConsensusMode;
  disabled?: boolean;
  onChange(mode: ConsensusMode): void;
}

const MODES: { mode: ConsensusMode; label: string; title: string }[] = [
  { mode: "strict", label: "Strict", title: "Full consensus: a leader and validators vote" },
  { mode: "fast", label: "Fast", title: "Leader only: no validation, accepted at once" },
];

export function ModeToggle({ name, mode, disabled, onChange }: ModeToggleProps) {
  return (
    <fieldset className="mf-mode" disabled={disabled}>
      <legend>Consensus</legend>
      {MODES.map((m) => (
        <label key={m.mode} title={m.title} className={mode === m.mode ? "mf-on" : undefined}>
          <input type="radio" name={name} value={m.mode} checked={mode === m.mode} onChange={() => onChange(m.mode)} />
          {m.label}
        </label>
      ))}
    </fieldset>
  );
}
