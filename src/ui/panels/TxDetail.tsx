/** One transaction: decoded input, result, every round (leader receipt, commit/reveal order,
 * votes with reasons), gas and intelligence gas, appeals, children, rewards and slashing. */
import type { NetworkEvent } from "../../core/consensus/events";
import type { Receipt, Round, Transaction } from "../../core/consensus/types";
import { DEFAULT_LLM_TOKEN_LIMIT } from "../../core/runtime/executor";
import { useApp, useSessionState } from "../use-session";
import { Panel, StatusBadge } from "./common";
import { calldataText, clockText, gen, outcomeText, short } from "./format";
import { NondetCompare } from "./NondetCompare";
import { ConfidentialTxSection } from "./ConfidentialTxSection";

function ReceiptCells({ r }: { r: Receipt | undefined }) {
  if (!r) return <td colSpan={3} className="hint">not executed</td>;
  return (
    <>
      <td>{outcomeText(r.outcome)}</td>
      <td className="num">{r.gasUsed.toString()}</td>
      <td className="num">{r.llmTokens}</td>
    </>
  );
}

/** Compute gas and LLM tokens (intelligence gas): the leaders' executions, then every node's. */
function gasText(tx: Transaction): string {
  const receipts = tx.rounds.flatMap((r) => [...(r.leaderReceipt ? [r.leaderReceipt] : []), ...r.validatorReceipts]);
  const leaders = tx.rounds.flatMap((r) => (r.leaderReceipt ? [r.leaderReceipt] : []));
  const sum = (rs: Receipt[]) => [rs.reduce((a, r) => a + r.gasUsed, 0n), rs.reduce((a, r) => a + r.llmTokens, 0)] as const;
  const [lg, lt] = sum(leaders);
  const [ag, at] = sum(receipts);
  if (receipts.length === 0) return "not executed yet";
  return `leader ${lg} compute · ${lt} LLM tokens; all ${receipts.length} executions ${ag} compute · ${at} LLM tokens (limit ${DEFAULT_LLM_TOKEN_LIMIT.toLocaleString("en")} tokens per execution)`;
}

function RoundView({ tx, round, events }: { tx: Transaction; round: Round; events: NetworkEvent[] }) {
  const mine = events.filter((e) => "round" in e && e.round === round.index);
  const commits = mine.filter((e) => e.type === "vote_committed");
  const reveals = mine.flatMap((e) => (e.type === "vote_revealed" ? [e] : []));
  const lead = round.leaderReceipt;
  const leaderVote = round.votes.find((x) => x.validator === round.leader) ?? reveals.find((x) => x.validator === round.leader);
  return (
    <div className="round" data-testid={`round-${round.index}`}>
      <h4>
        Round {round.index + 1}: {round.label || round.kind} {round.result && <StatusBadge status={round.result} />}
      </h4>
      <table className="grid votes">
        <thead>
          <tr>
            <th>validator</th>
            <th>vote</th>
            <th>reason</th>
            <th>outcome</th>
            <th>gas</th>
            <th>LLM tokens</th>
          </tr>
        </thead>
        <tbody>
          <tr className="leader-row">
            <td>
              <span className="crown">★</span> {round.leader} (leader)
            </td>
            <td>{leaderVote ? <span className={`vote vote-${leaderVote.vote}`}>{leaderVote.vote}</span> : commits.some((c) => "validator" in c && c.validator === round.leader) ? "committed" : "—"}</td>
            <td className="reason">{leaderVote?.reason}</td>
            <ReceiptCells r={lead ?? undefined} />
          </tr>
          {round.validators
            .filter((v) => v !== round.leader)
            .map((v) => {
              const vote = round.votes.find((x) => x.validator === v) ?? reveals.find((x) => x.validator === v);
              return (
                <tr key={v}>
                  <td>{v}</td>
                  <td>{vote ? <span className={`vote vote-${vote.vote}`}>{vote.vote}</span> : commits.some((c) => "validator" in c && c.validator === v) ? "committed" : "—"}</td>
                  <td className="reason">{vote?.reason}</td>
                  <ReceiptCells r={round.validatorReceipts.find((x) => x.validator === v)} />
                </tr>
              );
            })}
        </tbody>
      </table>
      {commits.length > 0 && (
        <p className="order">
          commit order: {commits.map((c) => ("validator" in c ? c.validator : "")).join(" → ")}
          {reveals.length > 0 && <> · reveal order: {reveals.map((r) => r.validator).join(" → ")}</>}
        </p>
      )}
      <NondetCompare round={round} revealed={reveals} />
      {lead && lead.nondet.length > 0 && (
        <details>
          <summary>Leader's non-deterministic results ({lead.nondet.length}) — validators re-ran these and compared</summary>
          <ol>
            {lead.nondet.map((b, i) => (
              <li key={i}>
                <code>{calldataText(b)}</code>
              </li>
            ))}
          </ol>
        </details>
      )}
      {lead?.stdout && <pre className="stdout">{lead.stdout}</pre>}
    </div>
  );
}

export function TxDetail() {
  const { actions } = useApp();
  const st = useSessionState();
  const tx = st.transactions.find((t) => t.hash === st.selectedTx);
  if (!tx) return <Panel title="Transaction">{<p className="hint">Select a transaction to see its rounds and votes.</p>}</Panel>;
  const events = st.events.filter((e) => ("tx" in e && e.tx === tx.hash) || (e.type === "child_tx" && e.parent === tx.hash));
  const money = events.flatMap((e) => (e.type === "slashed" || e.type === "rewarded" ? [e] : []));
  const appeals = events.flatMap((e) => (e.type === "appeal_submitted" || e.type === "appeal_decided" ? [e] : []));
  return (
    <Panel title={<>Transaction {st.txLabels[tx.hash] ?? ""}</>} testId="tx-detail" actions={<StatusBadge status={tx.status} />}>
      <dl className="facts">
        <dt>hash</dt>
        <dd>
          <code>{tx.hash}</code>
        </dd>
        <dt>{tx.kind}</dt>
        <dd>
          <code>{short(tx.from.toChecksum())}</code> → <code>{short(tx.to.toChecksum())}</code> · {tx.mode} · {gen(tx.value)}
        </dd>
        <dt>input</dt>
        <dd>
          <code>{calldataText(tx.calldata)}</code>
          {tx.confidential && <small className="hint"> (null: an encrypted argument)</small>}
        </dd>
        <dt>result</dt>
        <dd>{outcomeText(tx.result)}</dd>
        <dt>gas</dt>
        <dd data-testid="tx-gas">{gasText(tx)}</dd>
        <dt>statuses</dt>
        <dd>{tx.statusHistory.join(" → ")}</dd>
        <dt>times</dt>
        <dd>
          created {clockText(tx.createdAt)}
          {tx.decidedAt !== null && <> · decided {clockText(tx.decidedAt)}</>}
          {tx.finalizedAt !== null && <> · finalized {clockText(tx.finalizedAt)}</>}
        </dd>
        {(tx.parent || tx.children.length > 0) && (
          <>
            <dt>family</dt>
            <dd>
              {tx.parent && (
                <button type="button" className="link" onClick={() => actions.run("tx.select", tx.parent)}>
                  parent {short(tx.parent)}
                </button>
              )}
              {tx.children.map((c) => (
                <button key={c} type="button" className="link" onClick={() => actions.run("tx.select", c)}>
                  child {short(c)}
                </button>
              ))}
            </dd>
          </>
        )}
      </dl>
      <ConfidentialTxSection tx={tx} />
      {tx.rounds.map((r) => (
        <RoundView key={r.index} tx={tx} round={r} events={events} />
      ))}
      {appeals.length > 0 && (
        <ul className="plain">
          {appeals.map((e) => (
            <li key={e.seq}>{e.type === "appeal_submitted" ? `${e.kind} appeal submitted, bond ${gen(BigInt(e.bond))}` : `appeal ${e.successful ? "succeeded" : "failed"}: ${e.label}`}</li>
          ))}
        </ul>
      )}
      {money.length > 0 && (
        <ul className="plain money">
          {money.map((e) => (
            <li key={e.seq} className={e.type}>
              {e.validator} {e.type === "slashed" ? `slashed ${gen(BigInt(e.amount))}: ${e.reason}` : `rewarded ${gen(BigInt(e.amount))}`}
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
