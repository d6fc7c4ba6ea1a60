/** The tab strip above the editor: one tab per file with its problem count, "+" to add a file. */
import type { Diagnostic } from "../../core/runtime/editor-analysis-types";

export interface EditorTabsProps {
  files: { path: string }[];
  active: string;
  diagnostics: Record<string, Diagnostic[]>;
  onSelect(path: string): void;
  onCreate?(): void;
  onClose?(path: string): void;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

export function EditorTabs({ files, active, diagnostics, onSelect, onCreate, onClose }: EditorTabsProps) {
  return (
    <div className="ce-tabs" role="tablist">
      {files.map((f) => {
        const list = diagnostics[f.path] ?? [];
        const errors = list.filter((d) => d.severity === "error").length;
        const warnings = list.length - errors;
        const isActive = f.path === active;
        return (
          <div key={f.path} className={isActive ? "ce-tab ce-tab-active" : "ce-tab"} title={f.path}>
            <button
              type="button"
              role="tab"
              aria-selected={isActive}
              className="ce-tab-label"
              onClick={() => onSelect(f.path)}
              onAuxClick={(e) => {
                if (e.button === 1 && onClose) onClose(f.path);
              }}
            >
              {baseName(f.path)}
              {errors > 0 && <span className="ce-badge ce-badge-error" aria-label={`${errors} errors`}>{errors}</span>}
              {errors === 0 && warnings > 0 && (
                <span className="ce-badge ce-badge-warning" aria-label={`${warnings} warnings`}>{warnings}</span>
              )}
            </button>
            {onClose && (
              <button type="button" className="ce-tab-close" aria-label={`Close ${f.path}`} onClick={() => onClose(f.path)}>
                ×
              </button>
            )}
          </div>
        );
      })}
      {onCreate && (
        <button type="button" className="ce-tab-new" aria-label="New file" title="New file" onClick={onCreate}>
          +
        </button>
      )}
    </div>
  );
}
