/**
 * A confidential transaction in the transaction detail: what the chain shows of it (the
 * ciphertext and the metadata its labels bind, never a plaintext) and, per execution, which
 * enclave ran it, every committee member's decryption and state-key share (valid, invalid with the
 * reason, or missing), evidence of bad shares, and whether the inputs were unavailable.
 */
import { decode } from "../../core/calldata";
import type { ShareReport } from "../../core/confidential/protocol";
import type { Receipt, Round, Transaction } from "../../core/consensus/types";
import type { SessionState } from "../../core/session";
import { useSessionState } from "../use-session";
import { clipHex, hexOf, isExternalProvider, PLAINTEXT_WARNING, shareCount, shareRows } from "./confidential-format";
import { CopyButton } from "./CopyButton";
import { short } from "./format";
import "./confidential-panel.css";
import { LockIcon } from "./LockIcon";

/** The names of the encrypted parameters, from the contract's schema (deploy: the constructor). */
function paramNames(tx: Transaction, st: SessionState): string[] {
  const contract = st.contracts.find((c) => c.address.toLowerCase() === tx.to.toChecksum().toLowerCase());
  if (!contract) return [];
  if (tx.kind === "deploy") return contract.schema.ctor.params.map(([n]) => n);
  try {
    const entry = decode(tx.calldata);
    const method = entry instanceof Map ? entry.get("method") : undefined;
    const m = typeof method === "string" ? contract.schema.methods[method] : undefined;
    return m ? m.params.map(([n]) => n) : [];
  } catch {
    return [];
  }
}

function ShareStatus({ s, kind }: { s: ShareReport | undefined; kind: "decryption" | "state" }) {
  if (!s) return <span className="hint">—</span>;
  return (
    <span className={`share share-${s.status}`} data-kind={kind} data-status={s.status} title={s.reason}>
      {s.status}
      {s.reason && `: ${s.reason}`}
    </span>
  );
}

function ReceiptShares({ r, leader }: { r: Receipt; leader: boolean }) {
  const info = r.confidential!;
  return (
    <div className="ctx-receipt" data-testid={`ctx-receipt-${r.validator}`}>
      <div className="ctx-receipt-head">
        {leader && <span className="crown">★ </span>}
        ran in <strong>{info.enclave}</strong>’s enclave · decryption shares {shareCount(info.shares, "decryption")} · state shares {shareCount(info.shares, "state")}
        {info.signature && (
          <>
            {" "}
            · signed <code title={info.signature}>{clipHex(info.signature, 10, 4)}</code>
          </>
        )}
      </div>
      {info.unavailable && (
        <p className="conf-bad" role="alert" data-testid="ctx-unavailable">
          Confidential inputs unavailable: {info.unavailable}
        </p>
      )}
      <table className="grid conf-table ctx-shares">
        <thead>
          <tr>
            <th>member</th>
            <th>decryption share</th>
            <th>state share</th>
          </tr>
        </thead>
        <tbody>
          {shareRows(info.shares).map((row) => (
            <tr key={row.validator} data-testid={`share-${row.validator}`}>
              <td>{row.validator}</td>
              <td>
                <ShareStatus s={row.decryption} kind="decryption" />
              </td>
              <td>
                <ShareStatus s={row.state} kind="state" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {info.evidence.length > 0 && (
        <ul className="plain">
          {info.evidence.map((e, i) => (
            <li key={i} className="conf-bad">
              evidence against {e.validator}: {e.reason} ({e.shareKind ?? "decryption"} share, {e.share.length} bytes kept for anyone to re-verify)
            </li>
          ))}
        </ul>
      )}
      {info.enclaveCalls.length > 0 && <p className="hint">answered inside the enclave: {info.enclaveCalls.join(", ")}</p>}
    </div>
  );
}

function RoundShares({ round, st, many }: { round: Round; st: SessionState; many: boolean }) {
  const lead = round.leaderReceipt?.confidential ? round.leaderReceipt : null;
  const others = round.validatorReceipts.filter((r) => r.confidential);
  if (!lead && others.length === 0) return null;
  // Enclaves that ran it and ask an LLM server outside this browser: that server saw the plaintext prompts.
  const exposed = [...(lead ? [lead] : []), ...others]
    .map((r) => r.confidential!.enclave)
    .filter((id) => isExternalProvider(st.validators.find((v) => v.id === id)?.llmProvider ?? "scripted"));
  return (
    <div className="ctx-round">
      {many && <h5>Round {round.index + 1}</h5>}
      {exposed.map((id) => (
        <p key={id} className="llm-plaintext-warning" role="note" data-testid={`ctx-plaintext-warning-${id}`}>
          ⚠ {id}: {PLAINTEXT_WARNING}
        </p>
      ))}
      {lead && <ReceiptShares r={lead} leader />}
      {others.length > 0 && (
        <details>
          <summary>
            validators’ enclaves ({others.map((r) => r.validator).join(", ")}): decryption shares {others.map((r) => shareCount(r.confidential!.shares, "decryption")).join(" · ")}
          </summary>
          {others.map((r) => (
            <ReceiptShares key={r.validator} r={r} leader={false} />
          ))}
        </details>
      )}
    </div>
  );
}

export function ConfidentialTxSection({ tx }: { tx: Transaction }) {
  const st = useSessionState();
  const c = tx.confidential;
  if (!c) return null;
  const hex = hexOf(c.ciphertext);
  const names = paramNames(tx, st);
  const accounts = new Map(st.accounts.map((a) => [a.address.toLowerCase(), a.name]));
  return (
    <section className="ctx" data-testid="confidential-tx" aria-label="Confidential transaction">
      <h4>
        <LockIcon /> Confidential {tx.kind} <small className="hint">the chain shows only the ciphertext and its metadata</small>
      </h4>
      <dl className="facts">
        <dt>ciphertext</dt>
        <dd data-testid="ctx-ciphertext">
          <code title={hex}>{clipHex(hex, 18, 8)}</code> <small className="hint">({c.ciphertext.length} bytes, TDH2 to the committee key)</small>
          <CopyButton text={hex} title="Copy the whole ciphertext (hex)" />
        </dd>
        <dt>encrypted</dt>
        <dd data-testid="ctx-args">
          {c.args.map((a) => `#${a.index}${names[a.index] ? ` ${names[a.index]}` : ""} (${a.typeHint})`).join(", ")}
          <small className="hint"> — null in the public input</small>
        </dd>
        <dt>committee</dt>
        <dd>
          <code title={c.committeeId}>{clipHex(c.committeeId)}</code> · key generation {c.keyGeneration} · sender nonce {c.senderNonce.toString()}
        </dd>
        {c.auditors && c.auditors.length > 0 && (
          <>
            <dt>auditors</dt>
            <dd>{c.auditors.map((a) => accounts.get(a.toLowerCase()) ?? short(a)).join(", ")}</dd>
          </>
        )}
      </dl>
      <p className="hint ctx-label">
        Bound by its label to this chain, committee, key generation, contract, method, sender and nonce, and the arguments’ positions and types: copied into
        another transaction it does not decrypt.
      </p>
      {tx.rounds.map((r) => (
        <RoundShares key={r.index} round={r} st={st} many={tx.rounds.length > 1} />
      ))}
    </section>
  );
}
