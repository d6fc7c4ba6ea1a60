import "./early-python"; // first: starts Python's workers while the rest loads
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { PlaygroundSession } from "../core/session";
import { sessionOptionsFromScenario } from "../core/session/scenario-loader";
import { App } from "./App";
import "./app.css";
import { EXAMPLE_FILES } from "./example-files";
import { installScenarioBridge } from "./scenario-bridge";
import { installRpcProvider } from "./rpc-provider";
import { createSessionNetwork } from "./session-network";
import { readStart, reloadOnWorkspaceChange } from "./share/navigation";
import { openTemporary } from "./share/open-temporary";
import type { TempWorkspace } from "./share/temp-workspace";
import { WorkspacePersistence } from "./workspace";

installScenarioBridge();

export const DEFAULT_FILES = [{ path: "storage.py", text: EXAMPLE_FILES["storage.py"] ?? "" }];

/**
 * Test hook, not a user feature: `window.genlayerPlayground.runFingerprint()` returns what must be
 * identical when a shared run is replayed (hashes, statuses, every vote, state roots, view results).
 */
function exposeRunFingerprint(session: PlaygroundSession): void {
  const w = window as unknown as { genlayerPlayground?: Record<string, unknown> };
  w.genlayerPlayground = {
    ...(w.genlayerPlayground ?? {}),
    runFingerprint: () => {
      const st = session.getState();
      return {
        transactions: st.transactions.map((t) => ({ hash: t.hash, label: st.txLabels[t.hash] ?? null, status: t.status, rounds: t.rounds.map((r) => ({ leader: r.leader, votes: r.votes.map((v) => [v.validator, v.vote]) })) })),
        contracts: st.contracts.map((c) => [c.label, c.address, c.stateRoot]),
        results: Object.fromEntries(Object.entries(st.results).map(([k, r]) => [k, r.ok ? r.value : { error: r.error }])),
        balances: st.accounts.map((a) => [a.name, a.balance.toString()]),
      };
    },
  };
}

/** A scenario from a share link, the gallery or a file: never autosaved, the user's workspace untouched. */
function startTemporary(temp: TempWorkspace) {
  const session = new PlaygroundSession({ createNetwork: createSessionNetwork, ...sessionOptionsFromScenario(temp.scenario) });
  exposeRunFingerprint(session);
  installRpcProvider(session);
  createRoot(document.getElementById("root")!).render(
    <StrictMode>
      <App session={session} defaultFiles={DEFAULT_FILES} temp={temp} />
    </StrictMode>,
  );
  if (temp.options.autorun) void temp.run(session);
}

async function start() {
  let req = readStart(location.hash);
  let problem: string | undefined;
  if (req.kind !== "user") {
    const opened = await openTemporary(req, DEFAULT_FILES);
    if (opened.ok) {
      reloadOnWorkspaceChange(req);
      return startTemporary(opened.temp);
    }
    // A broken link opens nothing: the user's own workspace, with one line saying why.
    problem = opened.message;
    history.replaceState(null, "", location.pathname + location.search);
    req = { kind: "user" };
  }
  reloadOnWorkspaceChange(req);
  // Saved files, settings and the chain come back before the session starts.
  const { ws, initial } = await WorkspacePersistence.open();
  const session = new PlaygroundSession({ createNetwork: createSessionNetwork, files: initial.files ?? DEFAULT_FILES, restore: initial.chain ?? undefined });
  for (const w of initial.warnings) session.addNotice(`storage: ${w}`);
  if (initial.activeFile && initial.files?.some((f) => f.path === initial.activeFile)) session.openFile(initial.activeFile);
  ws.attach(session);
  exposeRunFingerprint(session);
  installRpcProvider(session);
  createRoot(document.getElementById("root")!).render(
    <StrictMode>
      <App session={session} workspace={ws} defaultFiles={DEFAULT_FILES} initialUi={initial.ui} startProblem={problem} />
    </StrictMode>,
  );
}

// Whatever goes wrong at start-up, the page says so in one line instead of staying blank.
void start().catch((e: unknown) => {
  const root = document.getElementById("root");
  if (root && root.childElementCount === 0) root.textContent = `The playground could not start: ${(e instanceof Error ? e.message : String(e)).split("\n")[0]}. Reload the page (your saved files are kept).`;
});
