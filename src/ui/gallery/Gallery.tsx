/** The examples gallery: a card per example scenario (title, one line, tags), filtered by tag or
 * text; one click opens the contract and its scenario in a temporary workspace. */
import { useEffect, useMemo, useState } from "react";
import { useApp } from "../use-session";
import { cardsWithTag, galleryCards, galleryTags } from "./gallery-data";
import "./gallery.css";

export function Gallery({ onClose }: { onClose(): void }) {
  const { actions } = useApp();
  const cards = useMemo(galleryCards, []);
  const tags = useMemo(() => galleryTags(cards), [cards]);
  const [tag, setTag] = useState<string | null>(null);
  const [query, setQuery] = useState("");
  const shown = cardsWithTag(cards, tag, query);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && onClose();
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);

  return (
    <div className="overlay-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="dialog gallery" role="dialog" aria-modal="true" aria-label="Examples gallery" data-testid="gallery">
        <header className="dialog-head">
          <h2>Examples gallery</h2>
          <span className="hint">Each opens in a temporary workspace: your own files stay as they are.</span>
          <button type="button" className="ghost" onClick={onClose} aria-label="Close">
            ✕
          </button>
        </header>
        <div className="gallery-filters" role="group" aria-label="Filter by tag">
          <button type="button" className={tag === null ? "chip on" : "chip"} aria-pressed={tag === null} onClick={() => setTag(null)}>
            All <small>{cards.length}</small>
          </button>
          {tags.map((t) => (
            <button key={t} type="button" className={tag === t ? "chip on" : "chip"} aria-pressed={tag === t} onClick={() => setTag(tag === t ? null : t)}>
              {t} <small>{cards.filter((c) => c.tags.includes(t)).length}</small>
            </button>
          ))}
          <input type="search" placeholder="Search…" value={query} onChange={(e) => setQuery(e.target.value)} aria-label="Search examples" />
        </div>
        <ul className="gallery-cards">
          {shown.map((c) => (
            <li key={c.id}>
              <button type="button" className="card" data-testid={`card-${c.id}`} onClick={() => actions.run("gallery.openExample", c.id)} title={`Open “${c.title}” in a temporary workspace`}>
                <strong className="card-title">{c.title}</strong>
                <span className="card-line">{c.line}</span>
                <span className="card-tags">
                  {c.tags.map((t) => (
                    <span key={t} className={`tag tag-${t.toLowerCase()}`}>
                      {t}
                    </span>
                  ))}
                </span>
              </button>
            </li>
          ))}
          {shown.length === 0 && <li className="hint">No example matches.</li>}
        </ul>
      </div>
    </div>
  );
}
