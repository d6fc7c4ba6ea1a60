/** A confidential contract's deploy: its committee's size n, threshold t and auditors (accounts
 * that may ask for outputs re-encrypted to them). Empty numbers leave the chain's defaults. */
import type { CommitteeInputs } from "./confidential-format";
import { LockIcon } from "./LockIcon";

export interface CommitteeOptionsProps {
  value: CommitteeInputs;
  /** Enclave validators, and the committee size used when n is left empty. */
  enclaves: number;
  defaultSize: number;
  accounts: readonly string[];
  message: string | null;
  disabled?: boolean;
  onChange(v: CommitteeInputs): void;
}

export function CommitteeOptions({ value, enclaves, defaultSize, accounts, message, disabled, onChange }: CommitteeOptionsProps) {
  return (
    <fieldset className="mf-committee" disabled={disabled} data-testid="committee-options">
      <legend>
        <LockIcon /> Committee ({enclaves} enclave validator{enclaves === 1 ? "" : "s"})
      </legend>
      <label>
        n
        <input className="num" inputMode="numeric" aria-label="Committee size n" placeholder={String(defaultSize)} value={value.n} onChange={(e) => onChange({ ...value, n: e.target.value })} />
      </label>
      <label>
        t
        <input className="num" inputMode="numeric" aria-label="Threshold t" placeholder="auto" value={value.t} onChange={(e) => onChange({ ...value, t: e.target.value })} />
      </label>
      <span className="mf-committee-auditors">
        auditors:{" "}
        {accounts.map((a) => (
          <label key={a}>
            <input
              type="checkbox"
              aria-label={`Auditor ${a}`}
              checked={value.auditors.includes(a)}
              onChange={(e) => onChange({ ...value, auditors: e.target.checked ? [...value.auditors, a] : value.auditors.filter((x) => x !== a) })}
            />
            {a}
          </label>
        ))}
      </span>
      {message && (
        <span className="mf-msg" role="status">
          {message}
        </span>
      )}
    </fieldset>
  );
}
