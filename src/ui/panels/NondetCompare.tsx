/** A round's non-deterministic calls side by side: per call (LLM prompt, template, web request or
 * render), what was asked and each node's answer, leader first; answers that differ from the
 * leader's are highlighted. The model comes from `core/session/nondet-compare`. */
import { useState, type CSSProperties } from "react";
import type { Round, Vote } from "../../core/consensus/types";
import { clipText, compareNondet, type CallAnswer, type CompareCell, type CompareRow, type NodeColumn } from "../../core/session/nondet-compare";
import "./nondet-compare.css";

function ClippedText({ text, maxChars = 240, maxLines = 4, label }: { text: string; maxChars?: number; maxLines?: number; label: string }) {
  const [open, setOpen] = useState(false);
  const clip = clipText(text, maxChars, maxLines);
  if (text.trim() === "") return <span className="hint">(empty)</span>;
  return (
    <div className="nd-text">
      <pre>{open || !clip.clipped ? text.replace(/^\s*\n/, "").trimEnd() : clip.text}</pre>
      {clip.clipped && (
        <button type="button" className="link nd-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? `Collapse ${label}` : `Show all of ${label}`}
        </button>
      )}
    </div>
  );
}

function ColumnHead({ col }: { col: NodeColumn }) {
  return (
    <th scope="col" className={col.role === "leader" ? "nd-leader" : undefined} data-testid={`nd-head-${col.validator}`}>
      {col.role === "leader" ? (
        <>
          <span className="crown">★</span> {col.validator} <span className="nd-role">leader</span>
        </>
      ) : (
        <>
          {col.validator} <VoteLabel vote={col.vote} reason={col.reason} executed={col.executed} />
        </>
      )}
    </th>
  );
}

function VoteLabel({ vote, reason, executed }: { vote: Vote | null; reason: string; executed: boolean }) {
  if (vote) {
    return (
      <span className={`vote vote-${vote}`} title={reason}>
        {vote.replace("_", " ")}
      </span>
    );
  }
  return <span className="nd-role">{executed ? "vote pending" : "not run"}</span>;
}

const STATUS_LABEL: Record<CallAnswer["status"], string> = { ok: "", error: "error", abort: "aborted" };

function AnswerCell({ cell, col, leader }: { cell: CompareCell; col: NodeColumn; leader: boolean }) {
  const testId = `nd-answer-${col.validator}`;
  if (cell.kind === "not_run")
    return (
      <td className="nd-cell nd-missing" data-testid={testId}>
        not run yet
      </td>
    );
  if (cell.kind === "no_call")
    return (
      <td className={`nd-cell nd-missing${leader ? "" : " nd-differs"}`} data-testid={testId}>
        made no such call
      </td>
    );
  const differs = !leader && !(cell.sameAnswer && cell.sameInput);
  return (
    <td className={`nd-cell${differs ? " nd-differs" : ""}${leader ? " nd-leader" : ""}`} data-testid={testId}>
      <div className="nd-meta">
        {differs && <span className="nd-flag">differs from leader</span>}
        {!leader && !differs && <span className="nd-same">same as leader</span>}
        {cell.answer.status !== "ok" && <span className={`nd-status nd-status-${cell.answer.status}`}>{STATUS_LABEL[cell.answer.status]}</span>}
      </div>
      {!cell.sameInput && !leader && (
        <div className="nd-asked">
          asked differently ({cell.input.title}):
          <ClippedText text={cell.input.text} label="the input" maxLines={2} maxChars={120} />
        </div>
      )}
      <ClippedText text={cell.answer.text} label="the answer" maxLines={8} maxChars={400} />
    </td>
  );
}

function CallRow({ row, columns }: { row: CompareRow; columns: NodeColumn[] }) {
  return (
    <div className="nd-call" data-testid={`nd-call-${row.index}`}>
      <div className="nd-call-head">
        <strong>
          #{row.index + 1} {row.input.title}
        </strong>
        {row.input.facts.map((f) => (
          <span key={f} className="nd-fact">
            {f}
          </span>
        ))}
        <span className={`nd-summary${row.differing > 0 ? " nd-summary-differs" : ""}`}>
          {row.differing === 0 ? "all answers match" : `${row.differing} of ${columns.length - 1} differ from the leader`}
        </span>
      </div>
      <ClippedText text={row.input.text} label="the input" />
      <div className="nd-scroll">
        <table className="nd-table" style={{ "--nd-cols": columns.length } as CSSProperties}>
          <thead>
            <tr>
              {columns.map((c) => (
                <ColumnHead key={c.validator} col={c} />
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              {row.cells.map((cell, i) => (
                <AnswerCell key={columns[i].validator} cell={cell} col={columns[i]} leader={i === 0} />
              ))}
            </tr>
          </tbody>
        </table>
      </div>
    </div>
  );
}

export function NondetCompare({ round, revealed = [] }: { round: Round; revealed?: readonly { validator: string; vote: Vote; reason?: string }[] }) {
  const cmp = compareNondet(round, revealed);
  return (
    <section className="nondet-compare" data-testid="nondet-compare" aria-label={`Non-deterministic calls of round ${round.index + 1}`}>
      <h5>Non-deterministic calls: leader vs validators</h5>
      {cmp.rows.length === 0 ? (
        <p className="hint">
          {cmp.executed ? "No non-deterministic calls in this round (no LLM prompts or web requests)." : "Nothing executed yet in this round."}
        </p>
      ) : (
        cmp.rows.map((row) => <CallRow key={row.index} row={row} columns={cmp.columns} />)
      )}
    </section>
  );
}
