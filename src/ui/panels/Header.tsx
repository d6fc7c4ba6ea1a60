/** Title, network status (Python workers booting/restarting/ready, a bar per worker) and the palette hint. */
import { useNetworkMode } from "../remote/remote-store";
import { useApp, useSessionState } from "../use-session";
import { ActionButton } from "./common";
import { clockText } from "./format";
import { HeaderWorkerBars, poolSummary, workerPhase } from "./WorkerBoot";

export function Header() {
  const st = useSessionState();
  const boot = st.boot;
  const failed = st.network === "failed" ? (st.errors.find((e) => e.scope === "network")?.message ?? "network failed") : boot.find((b) => b.state === "failed")?.message;
  const pool = poolSummary(boot);
  const ready = !failed && st.network === "ready" && pool.total > 0 && pool.ready === pool.total;
  const restarting = boot.findIndex((b) => workerPhase(b) === "restarting");
  const ms = Math.max(0, ...boot.map((b) => b.ms ?? 0));
  const kind = failed ? "failed" : ready ? "ready" : restarting >= 0 ? "restarting" : "booting";
  const workers = `${boot.length} Python ${boot.length === 1 ? "worker" : "workers"}`;
  const text = failed
    ? failed
    : ready
      ? `Validator ready — ${st.validators.length} validators on ${workers} (Python ${boot[0].python}, booted in ${ms} ms)`
      : restarting >= 0
        ? `Restarting Python worker ${restarting + 1} (${boot[restarting].stage ?? "starting"}) — ${pool.ready}/${pool.total} workers ready`
        : `Starting validators (Pyodide + SDK)… ${pool.ready}/${pool.total || "?"} workers`;
  return (
    <header className="app-header">
      <h1>GenLayer Playground</h1>
      <div className="net-status">
        <span className={`boot boot-${kind}`} data-testid="boot-status" title={text}>
          {text}
        </span>
        <HeaderWorkerBars boot={boot} />
      </div>
      <span className="clock" data-testid="clock">
        {clockText(st.clock)}
      </span>
      <NetworkSelect />
      <ActionButton id="gallery.open" className="ghost" title="Browse the examples gallery">
        Gallery
      </ActionButton>
      <ActionButton id="share.open" className="ghost" title="Share a link to this setup and run">
        Share
      </ActionButton>
      <ActionButton id="palette.open" className="ghost">
        Commands <kbd>Ctrl+K</kbd>
      </ActionButton>
    </header>
  );
}

/** In-browser (the default) or a real GenLayer network at a JSON-RPC URL, through genlayer-js. */
function NetworkSelect() {
  const { actions } = useApp();
  const mode = useNetworkMode();
  return (
    <select aria-label="Network" className="network-select" value={mode} onChange={(e) => actions.run("network.mode", e.target.value)}>
      <option value="browser">In-browser network</option>
      <option value="remote">GenLayer JSON-RPC URL</option>
    </select>
  );
}
