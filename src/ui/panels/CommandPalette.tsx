/** Ctrl+K: every palette action of the registry, filtered as you type; Enter runs the first. */
import { useEffect, useRef, useState } from "react";
import { shortcutText } from "../actions";
import { useApp, useSessionState } from "../use-session";

export function CommandPalette({ onClose }: { onClose(): void }) {
  const { actions } = useApp();
  useSessionState();
  const [q, setQ] = useState("");
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  const list = actions
    .list()
    .filter((a) => a.palette !== false && a.id !== "palette.open")
    .filter((a) => `${a.group ?? ""} ${a.label}`.toLowerCase().includes(q.toLowerCase()));
  const run = (id: string) => {
    onClose();
    actions.run(id);
  };
  return (
    <div className="palette-backdrop" onClick={onClose}>
      <div className="palette" role="dialog" aria-label="Command palette" onClick={(e) => e.stopPropagation()}>
        <input
          ref={input}
          aria-label="Command"
          placeholder="Type a command…"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Escape") onClose();
            if (e.key === "Enter") {
              const first = list.find((a) => actions.isEnabled(a.id));
              if (first) run(first.id);
            }
          }}
        />
        <ul>
          {list.map((a) => (
            <li key={a.id}>
              <button type="button" disabled={!actions.isEnabled(a.id)} onClick={() => run(a.id)}>
                <span className="group">{a.group}</span> {a.label}
                {a.shortcut && <kbd>{shortcutText(a.shortcut)}</kbd>}
              </button>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
