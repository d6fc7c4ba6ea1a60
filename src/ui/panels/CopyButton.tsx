/** A small "Copy" button: puts `text` on the clipboard and says so for a moment. */
import { useEffect, useState } from "react";

export function CopyButton({ text, label = "Copy", title }: { text: string; label?: string; title?: string }) {
  const [said, setSaid] = useState<string | null>(null);
  useEffect(() => {
    if (said === null) return;
    const t = setTimeout(() => setSaid(null), 1500);
    return () => clearTimeout(t);
  }, [said]);
  return (
    <button
      type="button"
      className="link copy-button"
      title={title ?? "Copy to the clipboard"}
      onClick={async () => {
        const ok = await (navigator.clipboard?.writeText(text).then(() => true, () => false) ?? Promise.resolve(false));
        setSaid(ok ? "copied" : "clipboard not available");
      }}
    >
      {said ?? label}
    </button>
  );
}
