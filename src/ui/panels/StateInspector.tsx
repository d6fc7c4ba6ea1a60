/** The deployed contract's storage fields, decoded by the SDK (`#state`) and re-read whenever the
 * contract's accepted state root changes. A confidential contract's sealed values show as a
 * "sealed" badge and their ciphertext, never as plaintext (the dump holds only the ciphertext). */
import { useEffect, useRef } from "react";
import type { ContractView } from "../../core/session";
import type { JsonValue } from "../../core/scenario/format";
import { isConfidentialSchema } from "../../core/scenario/args";
import { useApp, useSessionState } from "../use-session";
import { clipHex, hexBytes, sealedHex } from "./confidential-format";
import "./state-inspector.css";
import "./confidential-panel.css";
import { LockIcon } from "./LockIcon";

function SealedView({ hex }: { hex: string }) {
  return (
    <span className="sv-sealed" data-testid="sealed-value" title={`Sealed with the contract's state key (AES-GCM-SIV); only the committee's enclaves can open it.\n${hex}`}>
      <span className="sealed-badge">
        <LockIcon size={9} /> sealed
      </span>
      <code className="sv-leaf">{clipHex(hex, 12, 6)}</code> <small className="hint">({hexBytes(hex)} bytes)</small>
    </span>
  );
}

/** `sealing`: the contract is confidential, so `{"sealed": "0x…"}` is a sealed value (not a map). */
function ValueView({ v, sealing }: { v: JsonValue; sealing: boolean }) {
  if (v === null || typeof v !== "object") return <code className="sv-leaf">{JSON.stringify(v)}</code>;
  const sealed = sealing ? sealedHex(v) : null;
  if (sealed !== null) return <SealedView hex={sealed} />;
  const entries: [string, JsonValue][] = Array.isArray(v) ? v.map((x, i) => [String(i), x]) : Object.entries(v);
  if (entries.length === 0) return <code className="sv-leaf">{Array.isArray(v) ? "[]" : "{}"}</code>;
  return (
    <details className="sv-node" open={entries.length <= 8}>
      <summary>
        {Array.isArray(v) ? `list (${v.length})` : `map (${entries.length})`}
      </summary>
      <ul>
        {entries.map(([k, x]) => (
          <li key={k}>
            <span className="sv-key">{k}</span>: <ValueView v={x} sealing={sealing} />
          </li>
        ))}
      </ul>
    </details>
  );
}

function holdsSealed(v: JsonValue): boolean {
  if (v === null || typeof v !== "object") return false;
  if (sealedHex(v) !== null) return true;
  return (Array.isArray(v) ? v : Object.values(v)).some(holdsSealed);
}

/** An auditor named at deploy opens this field's sealed values (re-encrypted to its own key by an enclave). */
function AuditorOpen({ label, field, sender, result }: { label: string; field: string; sender: string; result?: { ok: boolean; value?: JsonValue } }) {
  const { actions } = useApp();
  return (
    <div className="sv-audit">
      <button type="button" className="ghost" onClick={() => actions.run("contract.audit", { contract: label, field })} title="An enclave of the committee re-encrypts the sealed values to this auditor's key; they are opened here">
        <LockIcon size={9} /> open as {sender} (auditor)
      </button>
      {result?.ok && (
        <output className="sv-audit-result" data-testid={`audit-${field}`}>
          {JSON.stringify(result.value)}
        </output>
      )}
    </div>
  );
}

export function StateInspector({ c }: { c: ContractView }) {
  const { actions } = useApp();
  const st = useSessionState();
  const view = st.contractStates[c.label];
  const asked = useRef<string | null>(null);
  const ready = st.network === "ready" && c.stateRoot !== "";
  const sealing = isConfidentialSchema(c.schema);
  const committee = st.confidential?.committees.find((x) => x.contract.toLowerCase() === c.address.toLowerCase());
  const me = st.accounts.find((a) => a.name === st.sender)?.address.toLowerCase();
  const auditor = !!me && !!committee?.auditors.includes(me);
  useEffect(() => {
    // Re-read when the state changed since the last read (once per root).
    if (!ready || st.busy || view?.root === c.stateRoot || asked.current === `${c.label}@${c.stateRoot}`) return;
    asked.current = `${c.label}@${c.stateRoot}`;
    actions.run("contract.state", c.label);
  }, [ready, st.busy, view?.root, c.stateRoot, c.label, actions]);
  return (
    <section className="state-inspector" data-testid="contract-state" aria-label="Contract state">
      <h3>
        State <small className="hint">{!ready ? "after the deploy is accepted" : view?.root === c.stateRoot ? "live" : "reading…"}</small>
      </h3>
      {view && !view.ok && <p className="error">{view.error}</p>}
      {view?.ok && view.fields!.length === 0 && <p className="hint">no storage fields</p>}
      {view?.ok && (
        <table className="grid state-fields">
          <tbody>
            {view.fields!.map(([k, v]) => (
              <tr key={k} data-testid={`state-${k}`}>
                <th>{k}</th>
                <td>
                  <ValueView v={v} sealing={sealing} />
                  {auditor && holdsSealed(v) && (
                    <AuditorOpen label={c.label} field={k} sender={st.sender} result={st.results[`${c.label}#audit:${k}`]} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
