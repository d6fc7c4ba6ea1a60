/** Share: a link carrying the setup, steps and recorded answers (never the resulting state), its
 * size, an optional deep link to the selected transaction, and the .json file when it is too big. */
import { useEffect, useState } from "react";
import type { Phase } from "../../core/consensus/network-core";
import { PHASES, type ShareOptions } from "../../core/share/codec";
import { formatChars, MAX_LINK_PAYLOAD, planShare, type SharePlan } from "../../core/share/plan";
import { useApp, useSessionState } from "../use-session";
import { shareableScenario } from "./share-actions";
import type { TempWorkspace } from "./temp-workspace";

function download(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function ShareDialog({ temp, onClose }: { temp?: TempWorkspace; onClose(): void }) {
  const { session } = useApp();
  const st = useSessionState();
  const [plan, setPlan] = useState<SharePlan | null>(null);
  const [deep, setDeep] = useState(false);
  const [phase, setPhase] = useState<Phase>("commit");
  const [round, setRound] = useState(1);
  const [autorun, setAutorun] = useState(false);
  const [copied, setCopied] = useState<string | null>(null);
  const selected = st.selectedTx;
  const txRef = selected ? (st.txLabels[selected] ?? selected) : null;

  useEffect(() => {
    let live = true;
    const options: ShareOptions = { autorun, ...(deep && txRef && { deep: { tx: txRef, round, phase } }) };
    const base = location.href.replace(/#.*$/, "");
    planShare(shareableScenario(session, temp), base, options).then(
      (p) => live && setPlan(p),
      (e) => live && setPlan({ kind: "refused", message: e instanceof Error ? e.message.split("\n")[0] : String(e) }),
    );
    return () => void (live = false);
  }, [session, temp, deep, txRef, round, phase, autorun, st.transactions, st.files]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && onClose();
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);

  const copy = async (url: string) => {
    const ok = await navigator.clipboard?.writeText(url).then(() => true, () => false);
    setCopied(ok ? "Copied to the clipboard." : "Copy it from the box above (the clipboard is not available).");
  };
  const steps = temp && !temp.started ? temp.scenario.steps.length : st.transactions.length;

  return (
    <div className="overlay-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="dialog share-dialog" role="dialog" aria-modal="true" aria-label="Share" data-testid="share-dialog">
        <header className="dialog-head">
          <h2>Share</h2>
          <button type="button" className="ghost" onClick={onClose} aria-label="Close">
            ✕
          </button>
        </header>
        <p className="hint">
          The link carries the setup, not the resulting state: contract sources, validators and network settings, the seed, the steps and every recorded LLM and web answer. Whoever opens it presses Run and gets the same transactions, votes and results, without a model or the network.
          {temp && !temp.started ? ` (The scenario as opened: ${steps} steps.)` : ` (${steps} transactions so far.)`}
        </p>
        <div className="share-options">
          <label title={txRef ? undefined : "Select a transaction first"}>
            <input type="checkbox" checked={deep && !!txRef} disabled={!txRef} onChange={(e) => setDeep(e.target.checked)} /> Open at transaction <code>{txRef ?? "(none selected)"}</code>
          </label>
          <label>
            round <input className="num short" type="number" min={1} max={99} value={round} disabled={!deep || !txRef} onChange={(e) => setRound(Math.max(1, Number(e.target.value) || 1))} aria-label="Round" />
          </label>
          <label>
            phase{" "}
            <select value={phase} disabled={!deep || !txRef} onChange={(e) => setPhase(e.target.value as Phase)} aria-label="Phase">
              {PHASES.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
          </label>
          <label>
            <input type="checkbox" checked={autorun} onChange={(e) => setAutorun(e.target.checked)} /> run on open
          </label>
        </div>
        {!plan && <p className="hint">Encoding…</p>}
        {plan?.kind === "refused" && (
          <p className="error" role="alert" data-testid="share-error" title={plan.message}>
            Cannot share: {plan.message}
          </p>
        )}
        {plan?.kind === "link" && (
          <>
            <input className="share-url" readOnly value={plan.url} aria-label="Share link" data-testid="share-url" onFocus={(e) => e.currentTarget.select()} />
            <div className="row">
              <button type="button" className="primary" onClick={() => void copy(plan.url)}>
                Copy link
              </button>
              <span className="hint" data-testid="share-size">
                {formatChars(plan.payloadChars)} of the {formatChars(MAX_LINK_PAYLOAD)} a link can carry
              </span>
              <button type="button" className="link" onClick={() => download(`${(temp?.scenario.name ?? "playground").toLowerCase().replace(/[^a-z0-9]+/g, "-")}.scenario.json`, JSON.stringify(shareableScenario(session, temp), null, 2))}>
                or download .json
              </button>
            </div>
            {copied && <p className="hint">{copied}</p>}
          </>
        )}
        {plan?.kind === "file" && (
          <>
            <p className="notice" data-testid="share-too-big">
              No link: {plan.reason}.
            </p>
            <div className="row">
              <button type="button" className="primary" onClick={() => download(plan.fileName, plan.json)}>
                Download {plan.fileName}
              </button>
            </div>
          </>
        )}
        {plan && plan.kind !== "refused" && plan.removed.length > 0 && <p className="hint">Left out (secrets never travel): {plan.removed.join(", ")}</p>}
      </div>
    </div>
  );
}
