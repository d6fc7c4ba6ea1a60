/** Engine events and contract prints, filterable by transaction, role and validator. */
import { useState } from "react";
import { filterLog, type LogEntry } from "../../core/session";
import { useSessionState } from "../use-session";
import { Panel } from "./common";
import { clockText, short } from "./format";

export function LogsPanel() {
  const st = useSessionState();
  const [tx, setTx] = useState("");
  const [role, setRole] = useState<"" | LogEntry["role"]>("");
  const [validator, setValidator] = useState("");
  const [printsOnly, setPrintsOnly] = useState(false);
  const rows = filterLog(st.log, { tx: tx || null, role: role || null, validator: validator || null }).filter((e) => !printsOnly || e.kind === "print");
  return (
    <Panel title={`Logs (${rows.length})`} testId="logs" className="logs">
      <div className="row filters">
        <select aria-label="Filter by transaction" value={tx} onChange={(e) => setTx(e.target.value)}>
          <option value="">all transactions</option>
          {st.transactions.map((t) => (
            <option key={t.hash} value={t.hash}>
              {st.txLabels[t.hash] ?? short(t.hash)}
            </option>
          ))}
        </select>
        <select aria-label="Filter by role" value={role} onChange={(e) => setRole(e.target.value as LogEntry["role"] | "")}>
          <option value="">all roles</option>
          <option value="leader">leader</option>
          <option value="validator">validator</option>
          <option value="network">network</option>
        </select>
        <select aria-label="Filter by validator" value={validator} onChange={(e) => setValidator(e.target.value)}>
          <option value="">all validators</option>
          {st.validators.map((v) => (
            <option key={v.id}>{v.id}</option>
          ))}
        </select>
        <label>
          <input type="checkbox" checked={printsOnly} onChange={(e) => setPrintsOnly(e.target.checked)} /> prints only
        </label>
      </div>
      <ol className="log" data-testid="log-lines">
        {rows.slice(-500).map((e) => (
          <li key={e.id} className={`log-${e.kind} log-${e.type}`}>
            <span className="t">{clockText(e.at)}</span>
            <span className="who" title={e.role}>{e.validator ? `${e.role === "leader" ? "★" : ""}${e.validator}` : "net"}</span>
            <span className="what">{e.text}</span>
          </li>
        ))}
      </ol>
    </Panel>
  );
}
