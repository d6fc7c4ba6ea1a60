/**
 * The playground: files and editor on the left with the deploy box; the consensus stepper,
 * transactions and a transaction's detail in the middle; contract, accounts, validators and logs
 * on the right. Everything the user does runs through the ActionRegistry (app-actions.ts).
 */
import { useEffect, useMemo, useState, type CSSProperties } from "react";
import type { PlaygroundSession } from "../core/session";
import { ActionRegistry } from "./actions";
import { registerAppActions, type CheckOutput } from "./app-actions";
import { AccountsPanel } from "./panels/AccountsPanel";
import { CommandPalette } from "./panels/CommandPalette";
import { ErrorBoundary } from "./panels/common";
import { ContractPanel } from "./panels/ContractPanel";
import { DeployPanel } from "./panels/DeployPanel";
import { FilesPanel } from "./panels/FilesPanel";
import { Header } from "./panels/Header";
import { IntelligencePanel } from "./panels/IntelligencePanel";
import { LogsPanel } from "./panels/LogsPanel";
import { StepperPanel } from "./panels/StepperPanel";
import { TransactionsPanel } from "./panels/TransactionsPanel";
import { TxDetail } from "./panels/TxDetail";
import { ValidatorsPanel } from "./panels/ValidatorsPanel";
import { ConfidentialPanel, hasConfidential } from "./panels/ConfidentialPanel";
import { ColumnSplitter, LEFT_MIN, OTHERS_MIN } from "./panels/ColumnSplitter";
import { Gallery } from "./gallery/Gallery";
import { registerShareActions, type Overlay } from "./share/share-actions";
import { ShareDialog } from "./share/ShareDialog";
import { ProblemBanner, TempBanner } from "./share/TempBanner";
import type { TempWorkspace } from "./share/temp-workspace";
import { AppContext, useSessionState } from "./use-session";
import type { WorkspaceFile } from "../core/persistence";
import type { WorkspacePersistence } from "./workspace";
import { registerRemoteActions } from "./remote/remote-actions";
import { RemotePanel } from "./remote/RemotePanel";
import { useNetworkMode } from "./remote/remote-store";
import { registerPersistenceActions } from "./persistence/persistence-actions";
import { WorkspaceBanners } from "./persistence/WorkspaceBanners";

export const TABS = [
  { id: "contract", label: "Contract", Panel: ContractPanel },
  { id: "accounts", label: "Accounts", Panel: AccountsPanel },
  { id: "validators", label: "Validators", Panel: ValidatorsPanel },
  { id: "confidential", label: "TEE", title: "Confidential contracts: enclaves (TEE), attestations, committees", Panel: ConfidentialPanel },
  { id: "intelligence", label: "LLM", Panel: IntelligencePanel },
  { id: "logs", label: "Logs", Panel: LogsPanel },
] as const;

type TabId = (typeof TABS)[number]["id"];

/** UI state kept in the browser between visits (the `ui` part of the saved workspace). */
export interface UiState {
  tab?: string;
  leftWidth?: number | null;
}

export interface AppProps {
  session: PlaygroundSession;
  workspace?: WorkspacePersistence;
  defaultFiles?: readonly WorkspaceFile[];
  initialUi?: UiState;
  /** Set when the app shows a temporary workspace (share link, gallery, scenario file): no autosave. */
  temp?: TempWorkspace;
  /** One line shown at start (e.g. a share link that could not be opened). */
  startProblem?: string;
}

export function App({ session, workspace, defaultFiles = [], initialUi = {}, temp, startProblem }: AppProps) {
  const [overlay, setOverlay] = useState<Overlay>(null);
  const [problem, setProblem] = useState<string | null>(startProblem ?? null);
  const [check, setCheck] = useState<CheckOutput>({ kind: "none" });
  const [palette, setPalette] = useState(false);
  const [tab, setTab] = useState<TabId>(() => TABS.find((t) => t.id === initialUi.tab)?.id ?? "contract");
  const [leftWidth, setLeftWidth] = useState<number | null>(typeof initialUi.leftWidth === "number" ? initialUi.leftWidth : null);
  useEffect(() => workspace?.saveUi({ tab, leftWidth }), [workspace, tab, leftWidth]);
  const actions = useMemo(() => {
    const r = new ActionRegistry();
    const resetUi = () => {
      setTab("contract");
      setLeftWidth(null);
    };
    registerAppActions(r, session, { setCheck, togglePalette: () => setPalette((p) => !p), resetUi }, workspace && { ws: workspace, defaultFiles });
    registerShareActions(r, session, { setOverlay, setProblem, temp, ws: workspace });
    registerRemoteActions(r);
    registerPersistenceActions(r, workspace);
    for (const t of TABS) r.register({ id: `view.${t.id}`, label: `Show ${"title" in t ? "confidential contracts (TEE)" : t.label}`, group: "View", run: () => setTab(t.id) });
    return r;
  }, [session, workspace, defaultFiles, temp]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // Capture phase: app shortcuts (Ctrl+Enter, F10, Ctrl+K…) win over the editor's own bindings.
      if (actions.handleKey(e)) {
        e.preventDefault();
        e.stopPropagation();
      }
    };
    window.addEventListener("keydown", onKey, true);
    return () => window.removeEventListener("keydown", onKey, true);
  }, [actions]);

  const Right = TABS.find((t) => t.id === tab)!.Panel;
  const remote = useNetworkMode() === "remote";
  return (
    <AppContext.Provider value={{ session, actions, workspace }}>
      <div className="app">
        <ErrorBoundary name="Header">
          <Header />
        </ErrorBoundary>
        {problem && <ProblemBanner message={problem} onDismiss={() => setProblem(null)} />}
        {temp && <TempBanner temp={temp} />}
        {workspace && <WorkspaceBanners />}
        <main className="workspace" style={leftWidth === null ? undefined : ({ "--left-col": `minmax(${LEFT_MIN}px, min(${leftWidth}px, calc(100vw - ${OTHERS_MIN}px)))` } as CSSProperties)}>
          <div className="col col-left">
            <ErrorBoundary name="Files">
              <FilesPanel check={check} />
            </ErrorBoundary>
            {!remote && (
              <ErrorBoundary name="Deploy">
                <DeployPanel check={check} />
              </ErrorBoundary>
            )}
          </div>
          <ColumnSplitter width={leftWidth} onChange={setLeftWidth} />
          {remote ? (
            <div className="col col-mid col-remote">
              <ErrorBoundary name="GenLayer network">
                <RemotePanel />
              </ErrorBoundary>
            </div>
          ) : (
            <>
            <div className="col col-mid">
              <ErrorBoundary name="Consensus">
                <StepperPanel />
              </ErrorBoundary>
              <ErrorBoundary name="Transactions">
                <TransactionsPanel />
              </ErrorBoundary>
              <ErrorBoundary name="Transaction">
                <TxDetail />
              </ErrorBoundary>
            </div>
            <div className="col col-right">
              <TabBar tab={tab} actions={actions} />
              <ErrorBoundary name={tab} key={tab}>
                <Right />
              </ErrorBoundary>
            </div>
            </>
          )}
        </main>
        {palette && <CommandPalette onClose={() => setPalette(false)} />}
        {overlay === "gallery" && <Gallery onClose={() => setOverlay(null)} />}
        {overlay === "share" && <ShareDialog temp={temp} onClose={() => setOverlay(null)} />}
      </div>
    </AppContext.Provider>
  );
}

/** The right column's tabs; "TEE" (confidential contracts) is listed once a validator runs an enclave. */
function TabBar({ tab, actions }: { tab: TabId; actions: ActionRegistry }) {
  const st = useSessionState();
  const shown = TABS.filter((t) => t.id !== "confidential" || t.id === tab || hasConfidential(st));
  return (
    <nav className={shown.length > 5 ? "tabs tabs-dense" : "tabs"} role="tablist">
      {shown.map((t) => (
        <button
          key={t.id}
          role="tab"
          aria-selected={t.id === tab}
          className={t.id === tab ? "tab active" : "tab"}
          {...("title" in t && { title: t.title })}
          onClick={() => actions.run(`view.${t.id}`)}
        >
          {t.label}
        </button>
      ))}
    </nav>
  );
}
