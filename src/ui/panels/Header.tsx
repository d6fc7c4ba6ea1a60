/** Title, network status (workers booting/ready, a bar per validator) and the palette hint. */
import { useSessionState } from "../use-session";
import { ActionButton } from "./common";
import { clockText } from "./format";

export function Header() {
  const st = useSessionState();
  const boot = st.boot;
  const failed = st.network === "failed" ? (st.errors.find((e) => e.scope === "network")?.message ?? "network failed") : boot.find((b) => b.state === "failed")?.message;
  const ready = !failed && st.network === "ready" && boot.length > 0 && boot.every((b) => b.state === "ready");
  const ms = Math.max(0, ...boot.map((b) => b.ms ?? 0));
  const kind = failed ? "failed" : ready ? "ready" : "booting";
  const text = failed
    ? failed
    : ready
      ? `Validator ready — ${st.validators.length} validators on ${boot.length} Python ${boot.length === 1 ? "worker" : "workers"} (Python ${boot[0].python}, booted in ${ms} ms)`
      : `Starting validators (Pyodide + SDK)… ${boot.filter((b) => b.state === "ready").length}/${boot.length || "?"} workers`;
  return (
    <header className="app-header">
      <h1>GenLayer Playground</h1>
      <div className="net-status">
        <span className={`boot boot-${kind}`} data-testid="boot-status">
          {text}
        </span>
        <div className="boot-bars" aria-label="Validators">
          {st.validators.map((v) => (
            <span key={v.id} className={`boot-bar boot-bar-${kind}`} title={`${v.id}: ${kind} (${v.behaviour})`}>
              <span className="boot-bar-name">{v.id}</span>
              <span className="boot-bar-track">
                <span className="boot-bar-fill" />
              </span>
            </span>
          ))}
        </div>
      </div>
      <span className="clock" data-testid="clock">
        {clockText(st.clock)}
      </span>
      <ActionButton id="palette.open" className="ghost">
        Commands <kbd>Ctrl+K</kbd>
      </ActionButton>
    </header>
  );
}
