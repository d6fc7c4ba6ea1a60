/**
 * The confidential chain (issue 6): the emulated enclave hardware (clearly labelled), each enclave
 * validator's attestation, each confidential contract's committee (t of n, threshold key, members,
 * auditors) and the evidence of bad shares. Public data only, as the chain publishes it.
 */
import type { ConfidentialView, CommitteeView } from "../../core/session/confidential-view";
import type { SessionState } from "../../core/session";
import { useSessionState } from "../use-session";
import { ErrorLine, Panel } from "./common";
import { clipHex, nameOf } from "./confidential-format";
import { short } from "./format";
import "./confidential-panel.css";
import { LockIcon } from "./LockIcon";

/** Whether the app has anything confidential to show (the tab is listed only then). */
export function hasConfidential(st: SessionState): boolean {
  return st.confidential !== null || st.setup.validators.some((v) => v.enclave);
}

export function EmulatedNote() {
  return (
    <p className="conf-emulated" role="note" data-testid="conf-emulated">
      <strong>Emulated TEE.</strong> Enclave isolation and attestation quotes are emulated: each enclave is a Web Worker of this page. The cryptography is
      real: threshold keys from a DKG, encryption to the committee, verified decryption shares and enclave signatures.
    </p>
  );
}

function Hex({ hex, head = 10, tail = 6 }: { hex: string; head?: number; tail?: number }) {
  return (
    <code className="conf-hex" title={hex}>
      {clipHex(hex, head, tail)}
    </code>
  );
}

function Attestations({ view }: { view: ConfidentialView }) {
  const pending = view.enclaveValidators.filter((v) => !view.attestations.some((a) => a.validator === v));
  if (view.attestations.length === 0)
    return <p className="hint">No attestation yet: the enclaves of {view.enclaveValidators.join(", ") || "no validator"} quote and register when the first confidential contract is deployed.</p>;
  return (
    <div className="conf-scroll">
      <table className="grid conf-table" data-testid="conf-attestations">
        <thead>
          <tr>
            <th>validator</th>
            <th>status</th>
            <th>enclave key</th>
            <th>TCB</th>
            <th>height</th>
          </tr>
        </thead>
        <tbody>
          {view.attestations.map((a) => (
            <tr key={a.validator} data-testid={`attestation-${a.validator}`}>
              <td>{a.validator}</td>
              <td>{a.valid ? <span className="conf-ok">valid</span> : <span className="conf-bad" title={a.invalidReason ?? ""}>invalid: {a.invalidReason}</span>}</td>
              <td>
                <Hex hex={a.enclaveKey} head={6} tail={4} />
              </td>
              <td>{a.tcbStatus}</td>
              <td className="num" title={`registered at height ${a.registeredAtHeight}, valid until height ${a.expiresAtHeight}`}>
                {a.registeredAtHeight} → {a.expiresAtHeight}
              </td>
            </tr>
          ))}
          {pending.map((v) => (
            <tr key={v} data-testid={`attestation-${v}`}>
              <td>{v}</td>
              <td colSpan={4} className="hint">
                not attested yet
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Committee({ c, view, st }: { c: CommitteeView; view: ConfidentialView; st: SessionState }) {
  const label = nameOf(st.contracts.map((x) => ({ name: x.label, address: x.address })), c.contract);
  const accounts = st.accounts.map((a) => ({ name: a.name, address: a.address }));
  const attested = (validator: string, key: string) => {
    const a = view.attestations.find((x) => x.validator === validator);
    if (!a) return { ok: false, why: "no attestation" };
    if (!a.valid) return { ok: false, why: a.invalidReason ?? "invalid" };
    return a.enclaveKey === key ? { ok: true, why: "" } : { ok: false, why: "re-registered with another enclave key" };
  };
  return (
    <section className="conf-committee" data-testid={`committee-${label ?? c.contract}`} aria-label={`Committee of ${label ?? c.contract}`}>
      <h4>
        <LockIcon />{" "}
        {label ?? "contract"} <code title={c.contract}>{short(c.contract)}</code>
      </h4>
      <dl className="facts">
        <dt>committee</dt>
        <dd>
          <Hex hex={c.id} />
        </dd>
        <dt>threshold</dt>
        <dd data-testid="committee-threshold">
          t = {c.threshold} of n = {c.members.length}
          <span className="hint"> (any {c.threshold} members can decrypt)</span>
        </dd>
        <dt>public key Y</dt>
        <dd>
          <Hex hex={c.publicKey} />
        </dd>
        <dt>key generation</dt>
        <dd>
          {c.keyGeneration} · epoch {c.epoch}
          {c.previousCommitteeId && (
            <>
              {" "}
              · reshared from <Hex hex={c.previousCommitteeId} head={8} />
            </>
          )}
        </dd>
        <dt>auditors</dt>
        <dd>{c.auditors.length === 0 ? <span className="hint">none</span> : c.auditors.map((a) => <code key={a} title={a}>{nameOf(accounts, a) ?? short(a)} </code>)}</dd>
        {c.disqualified.length > 0 && (
          <>
            <dt>disqualified</dt>
            <dd>
              {c.disqualified.map((d) => (
                <div key={d.validator} className="conf-bad">
                  {d.validator}: {d.reason}
                </div>
              ))}
            </dd>
          </>
        )}
      </dl>
      <div className="conf-scroll">
        <table className="grid conf-table" data-testid="committee-members">
          <thead>
            <tr>
              <th>member</th>
              <th>id</th>
              <th>attested now</th>
              <th>share key</th>
            </tr>
          </thead>
          <tbody>
            {c.members.map((m) => {
              const a = attested(m.validator, m.enclaveKey);
              return (
                <tr key={m.validator} data-testid={`member-${m.validator}`}>
                  <td>{m.validator}</td>
                  <td className="num">{m.participantId}</td>
                  <td>{a.ok ? <span className="conf-ok">yes</span> : <span className="conf-bad">no: {a.why}</span>}</td>
                  <td>
                    <Hex hex={m.shareKey} head={6} tail={4} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function ConfidentialPanel() {
  const st = useSessionState();
  const view = st.confidential;
  const enclaves = st.setup.validators.filter((v) => v.enclave).map((v) => v.id);
  return (
    <Panel title="Confidential contracts" testId="confidential">
      <EmulatedNote />
      {enclaves.length === 0 && <p className="hint">No validator runs an enclave. Turn on “enclave” for some validators (tab Validators) to deploy confidential contracts.</p>}
      {enclaves.length > 0 && !view?.ready && <p className="hint">Enclaves of {enclaves.join(", ")} are starting and attesting…</p>}
      {view?.ready && (
        <>
          <dl className="facts" data-testid="conf-facts">
            <dt>MRENCLAVE</dt>
            <dd>
              <Hex hex={view.measurement} head={14} />
            </dd>
            <dt>chain</dt>
            <dd>
              height {view.height} · epoch {view.epoch}
            </dd>
            <dt>fee</dt>
            <dd>confidential transactions pay validators ×{view.feeMultiplier} the fee</dd>
            <dt>enclaves</dt>
            <dd>{view.enclaveValidators.join(", ") || "none"}</dd>
          </dl>
          <h3 className="conf-h">Attestations</h3>
          <Attestations view={view} />
          <h3 className="conf-h">Committees</h3>
          {view.committees.length === 0 && <p className="hint">Deploy a confidential contract: its committee runs a key ceremony (DKG) first.</p>}
          {view.committees.map((c) => (
            <Committee key={c.id} c={c} view={view} st={st} />
          ))}
          {view.evidence.length > 0 && (
            <>
              <h3 className="conf-h">Evidence of bad shares</h3>
              <ul className="plain" data-testid="conf-evidence">
                {view.evidence.map((e, i) => (
                  <li key={i} className="conf-bad">
                    {e.validator} in {st.txLabels[e.txHash] ?? short(e.txHash)}: {e.reason}
                    {e.shareKind === "state" ? " (state share)" : ""}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
      <ErrorLine scope="network" />
    </Panel>
  );
}
