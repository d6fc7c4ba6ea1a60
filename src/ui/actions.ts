/**
 * The one action registry: buttons, menus, the command palette (Ctrl+K) and keyboard shortcuts all
 * run actions from here. An action may take an argument (e.g. which method to call); actions that
 * need one are kept out of the palette.
 */
export interface Action<A = unknown> {
  id: string;
  label: string;
  /** e.g. "Mod+Enter", "Shift+F10" (Mod = Ctrl, or Cmd on macOS). */
  shortcut?: string;
  /** Palette group ("Consensus", "Contract"...). */
  group?: string;
  /** false: not listed in the command palette (needs an argument). */
  palette?: boolean;
  run(arg?: A): void | Promise<void>;
  enabled?(arg?: A): boolean;
}

type KeyLike = { key: string; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean };

export class ActionRegistry {
  private readonly actions = new Map<string, Action>();

  register<A>(action: Action<A>): () => void {
    this.actions.set(action.id, action as Action);
    return () => this.actions.delete(action.id);
  }

  get(id: string): Action | undefined {
    return this.actions.get(id);
  }

  list(): Action[] {
    return [...this.actions.values()];
  }

  isEnabled(id: string, arg?: unknown): boolean {
    const a = this.actions.get(id);
    return !!a && (a.enabled?.(arg) ?? true);
  }

  run(id: string, arg?: unknown): void {
    const a = this.actions.get(id);
    if (a && (a.enabled?.(arg) ?? true)) void a.run(arg);
  }

  /** Runs the action bound to this key event, if any; returns true when one ran. */
  handleKey(e: KeyLike): boolean {
    for (const a of this.actions.values()) {
      if (a.shortcut && matches(a.shortcut, e) && (a.enabled?.() ?? true)) {
        void a.run();
        return true;
      }
    }
    return false;
  }
}

/** "Mod+Enter" → "Ctrl+Enter" for display. */
export function shortcutText(shortcut: string): string {
  return shortcut.replace("Mod", "Ctrl");
}

function matches(shortcut: string, e: KeyLike) {
  const parts = shortcut.split("+");
  const key = parts.pop()!.toLowerCase();
  const want = new Set(parts.map((p) => p.toLowerCase()));
  const mod = e.ctrlKey || e.metaKey;
  return e.key.toLowerCase() === key && want.has("mod") === mod && want.has("shift") === e.shiftKey && want.has("alt") === e.altKey;
}
