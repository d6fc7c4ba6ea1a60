/** Live list of transactions with status badges; clicking one opens its detail. */
import { useApp, useSessionState } from "../use-session";
import { Panel, StatusBadge } from "./common";
import { InterruptedBadge } from "../persistence/WorkspaceBanners";
import { short } from "./format";

export function TransactionsPanel() {
  const { actions } = useApp();
  const st = useSessionState();
  return (
    <Panel title={`Transactions (${st.transactions.length})`} testId="transactions" className="txs">
      {st.transactions.length === 0 && <p className="hint">Deploys and calls appear here.</p>}
      <ul className="tx-list">
        {[...st.transactions].reverse().map((t) => (
          <li key={t.hash} className={t.hash === st.selectedTx ? "selected" : ""}>
            <button type="button" onClick={() => actions.run("tx.select", t.hash)} data-testid={`tx-${st.txLabels[t.hash] ?? t.hash}`}>
              <span className="tx-label">{st.txLabels[t.hash] ?? (t.parent ? `child of ${short(t.parent, 4)}` : t.kind)}</span>
              <code>{short(t.hash)}</code>
              <span className="tx-meta">
                {t.mode} · {t.rounds.length} round{t.rounds.length === 1 ? "" : "s"}
                <InterruptedBadge hash={t.hash} />
              </span>
              <StatusBadge status={t.status} />
            </button>
          </li>
        ))}
      </ul>
    </Panel>
  );
}
