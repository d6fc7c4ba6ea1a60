/** "Network stats" in the Validators tab: throughput, a latency histogram and per-validator execution time. */
import { useMemo } from "react";
import { networkStats } from "../../core/session/network-stats";
import { useSessionState } from "../use-session";

export function NetworkStatsView() {
  const st = useSessionState();
  const s = useMemo(() => networkStats(st.transactions), [st.transactions]);
  if (s.transactions === 0) return null;
  const max = Math.max(1, ...s.histogram.map((b) => b.count));
  const ms = (v: number | null) => (v === null ? "–" : `${v.toFixed(v < 10 ? 1 : 0)} ms`);
  return (
    <section className="net-stats" data-testid="network-stats" aria-label="Network stats">
      <h3>Network stats</h3>
      <p className="hint" data-testid="stats-summary">
        {s.transactions} transactions · {s.finalized} finalized · execution p50 {ms(s.p50)} · p95 {ms(s.p95)}
        {s.throughput !== null && ` · ≈ ${s.throughput.toFixed(0)} tx/s of execution time`}
      </p>
      <div className="stats-histogram" data-testid="stats-histogram" title="Execution time per transaction (leader + slowest validator, per round)">
        {s.histogram.map((b) => (
          <div key={b.label} className="stats-bar">
            <span className="stats-bar-fill" style={{ height: `${(b.count / max) * 100}%` }} />
            <small>{b.label}</small>
            <small className="stats-count">{b.count}</small>
          </div>
        ))}
      </div>
      <table className="grid" data-testid="stats-validators">
        <thead>
          <tr>
            <th>validator</th>
            <th>executions</th>
            <th>median</th>
          </tr>
        </thead>
        <tbody>
          {s.validators.map((v) => (
            <tr key={v.id}>
              <td>{v.id}</td>
              <td>{v.executions}</td>
              <td>{ms(v.medianMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
