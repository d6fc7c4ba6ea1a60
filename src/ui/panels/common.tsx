/** Small shared pieces: buttons that run registry actions, one-line errors, status badges. */
import { Component, type ReactNode } from "react";
import type { ErrorScope } from "../../core/session";
import { shortcutText } from "../actions";
import { useApp, useSessionState } from "../use-session";

export function ActionButton(props: { id: string; arg?: unknown; children?: ReactNode; className?: string; title?: string; testId?: string }) {
  const { actions } = useApp();
  useSessionState(); // re-render when enabled() may change
  const a = actions.get(props.id);
  const enabled = actions.isEnabled(props.id, props.arg);
  const tip = props.title ?? (a?.shortcut ? `${a.label} (${shortcutText(a.shortcut)})` : a?.label);
  return (
    <button type="button" className={props.className} disabled={!enabled} title={tip} data-testid={props.testId} onClick={() => actions.run(props.id, props.arg)}>
      {props.children ?? a?.label}
      {a?.shortcut && props.children === undefined && <kbd>{shortcutText(a.shortcut)}</kbd>}
    </button>
  );
}

export function ErrorLine({ scope }: { scope: ErrorScope }) {
  const st = useSessionState();
  const e = st.errors.find((x) => x.scope === scope);
  return e ? (
    <p className="error" role="alert" data-testid={`error-${scope}`}>
      {e.message}
    </p>
  ) : null;
}

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge-${status.toLowerCase()}`}>{status}</span>;
}

export function Panel(props: { title: ReactNode; children: ReactNode; className?: string; actions?: ReactNode; testId?: string }) {
  return (
    <section className={`panel ${props.className ?? ""}`} data-testid={props.testId}>
      <header className="panel-head">
        <h2>{props.title}</h2>
        {props.actions}
      </header>
      {props.children}
    </section>
  );
}

/** Keeps the app visible when a panel throws: the panel shows one line instead. */
export class ErrorBoundary extends Component<{ name: string; children: ReactNode }, { message: string | null }> {
  state = { message: null as string | null };
  static getDerivedStateFromError(e: unknown) {
    return { message: (e instanceof Error ? e.message : String(e)).split("\n")[0] };
  }
  render() {
    if (this.state.message === null) return this.props.children;
    return (
      <div className="panel crashed" role="alert">
        <p className="error">
          {this.props.name} failed: {this.state.message}
        </p>
        <button type="button" onClick={() => this.setState({ message: null })}>
          Try again
        </button>
      </div>
    );
  }
}
