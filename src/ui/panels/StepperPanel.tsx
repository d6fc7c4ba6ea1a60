/** The consensus stepper: phases with breakpoints, Next/Continue/Back, the current round's
 * validators (leader highlighted, commitments then votes arriving, majority line) and the clock. */
import type { Phase } from "../../core/consensus/network-core";
import { useApp, useSessionState } from "../use-session";
import { ActionButton, ErrorLine, Panel, StatusBadge } from "./common";
import { clockText } from "./format";

const PHASES: { phase: Phase; label: string }[] = [
  { phase: "select", label: "Select" },
  { phase: "lead", label: "Leader proposes" },
  { phase: "commit", label: "Commit votes" },
  { phase: "reveal", label: "Reveal & tally" },
  { phase: "appeal", label: "Appeal" },
  { phase: "finalize", label: "Finalize" },
];

function RoundView() {
  const st = useSessionState();
  const hash = st.next?.tx ?? st.selectedTx ?? st.transactions[st.transactions.length - 1]?.hash;
  const tx = st.transactions.find((t) => t.hash === hash);
  const round = tx?.rounds[tx.rounds.length - 1];
  if (!tx || !round) return <p className="hint">Submit a transaction; with step mode on, it waits here before each phase.</p>;
  const events = st.events.filter((e) => "tx" in e && e.tx === tx.hash && "round" in e && e.round === round.index);
  const committed = new Set(events.flatMap((e) => (e.type === "vote_committed" ? [e.validator] : [])));
  const revealed = new Map(events.flatMap((e) => (e.type === "vote_revealed" ? [[e.validator, e.vote] as const] : [])));
  const executed = new Set(events.flatMap((e) => (e.type === "execution_finished" ? [e.validator] : [])));
  const voters = round.validators;
  const agree = [...revealed.values()].filter((v) => v === "agree").length;
  const needed = Math.floor(voters.length / 2) + 1;
  return (
    <div className="round-viz" data-testid="round-viz">
      <p>
        <strong>{st.txLabels[tx.hash] ?? tx.kind}</strong> round {round.index + 1} ({round.kind}) <StatusBadge status={tx.status} />
      </p>
      <div className="validators-ring">
        {round.validators.map((v) => {
          const vote = revealed.get(v);
          const cls = `${v === round.leader ? "leader " : ""}${vote ? `node-vote-${vote}` : committed.has(v) ? "node-committed" : executed.has(v) ? "node-executed" : "node-idle"}`;
          return (
            <div key={v} className={`node ${cls}`} data-testid={`node-${v}`} title={v}>
              <span className="node-id">{v === round.leader ? `★ ${v}` : v}</span>
              <span className="node-state">
                {v === round.leader && (round.leaderReceipt ? "proposed · " : "leader · ")}
                {vote ?? (committed.has(v) ? "committed (sealed)" : executed.has(v) && v !== round.leader ? "executed" : "waiting")}
              </span>
            </div>
          );
        })}
      </div>
      {voters.length > 0 && (
        <div className="majority" title={`${needed} of ${voters.length} validators must agree`}>
          <div className="majority-bar">
            <span className="majority-fill" style={{ width: `${(agree / voters.length) * 100}%` }} />
            <span className="majority-line" style={{ left: `${(needed / voters.length) * 100}%` }} />
          </div>
          <small>
            {agree}/{voters.length} agree · majority {needed}
            {round.result && ` · result: ${round.result}`}
          </small>
        </div>
      )}
    </div>
  );
}

export function StepperPanel() {
  const { actions } = useApp();
  const st = useSessionState();
  const selected = st.transactions.find((t) => t.hash === st.selectedTx);
  const windowLeft = selected?.decidedAt != null && selected.finalizedAt === null ? Math.max(0, selected.decidedAt + st.finalityWindowMs - st.clock) : null;
  return (
    <Panel
      title="Consensus"
      testId="stepper"
      actions={
        <label className="toggle">
          <input type="checkbox" checked={st.stepMode} onChange={() => actions.run("stepper.mode")} aria-label="Step mode" /> Step mode
        </label>
      }
    >
      <ol className="phases">
        {PHASES.map(({ phase, label }) => (
          <li key={phase} className={st.next?.phase === phase ? "next" : ""} data-testid={`phase-${phase}`}>
            <button
              type="button"
              className={`bp ${st.breakpoints.includes(phase) ? "on" : ""}`}
              aria-label={`Breakpoint before ${label}`}
              aria-pressed={st.breakpoints.includes(phase)}
              onClick={() => actions.run("stepper.breakpoint", phase)}
            />
            {label}
          </li>
        ))}
      </ol>
      <div className="row">
        <ActionButton id="stepper.next" className="primary" testId="step-next">
          Next phase <kbd>F10</kbd>
        </ActionButton>
        <ActionButton id="stepper.continue" testId="step-continue">
          Continue <kbd>F8</kbd>
        </ActionButton>
        <ActionButton id="stepper.back" testId="step-back">
          Back <kbd>Shift+F10</kbd>
        </ActionButton>
        {st.busy && st.network === "ready" && <ActionButton id="stepper.pause">Pause</ActionButton>}
        <span className="next-info" data-testid="next-phase">
          {st.busy ? "running…" : st.next ? `next: ${st.next.phase} (${st.txLabels[st.next.tx] ?? st.next.tx.slice(0, 8)})` : "idle"}
        </span>
      </div>
      {st.notices.map((n) => (
        <p key={n} className="hint notice" role="status" data-testid="notice">
          {n}
        </p>
      ))}
      <ErrorLine scope="stepper" />
      <RoundView />
      <div className="row clock-row">
        <span>
          clock <strong>{clockText(st.clock)}</strong>
        </span>
        <ActionButton id="clock.finality" testId="advance-clock">
          Advance {st.finalityWindowMs / 1000} s (finality window)
        </ActionButton>
        <ActionButton id="tx.appeal" testId="appeal">
          Appeal
        </ActionButton>
        {windowLeft !== null && <small>{selected && `${(windowLeft / 1000).toFixed(1)} s left to appeal ${st.txLabels[selected.hash] ?? ""}`}</small>}
      </div>
      <ErrorLine scope="clock" />
    </Panel>
  );
}
