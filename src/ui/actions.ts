/** The one action registry: buttons, menus and keyboard shortcuts all run actions from here. */
export interface Action {
  id: string;
  label: string;
  /** e.g. "Mod+Enter" (Mod = Ctrl, or Cmd on macOS). */
  shortcut?: string;
  run(): void | Promise<void>;
  enabled?(): boolean;
}

export class ActionRegistry {
  private readonly actions = new Map<string, Action>();

  register(action: Action): () => void {
    this.actions.set(action.id, action);
    return () => this.actions.delete(action.id);
  }

  get(id: string): Action | undefined {
    return this.actions.get(id);
  }

  run(id: string): void {
    const a = this.actions.get(id);
    if (a && (a.enabled?.() ?? true)) void a.run();
  }

  /** Runs the action bound to this key event, if any; returns true when one ran. */
  handleKey(e: { key: string; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }): boolean {
    for (const a of this.actions.values()) {
      if (a.shortcut && matches(a.shortcut, e) && (a.enabled?.() ?? true)) {
        void a.run();
        return true;
      }
    }
    return false;
  }
}

function matches(shortcut: string, e: { key: string; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }) {
  const parts = shortcut.split("+");
  const key = parts.pop()!.toLowerCase();
  const want = new Set(parts.map((p) => p.toLowerCase()));
  const mod = e.ctrlKey || e.metaKey;
  return (
    e.key.toLowerCase() === key &&
    want.has("mod") === mod &&
    want.has("shift") === e.shiftKey &&
    want.has("alt") === e.altKey
  );
}
