/** The gallery's cards: every bundled example scenario with its name, one line and tags. */
import { parseScenario } from "../../core/scenario/parse";
import type { Scenario } from "../../core/scenario/format";
import { inlineScenario } from "../../core/session/scenario-loader";
import { EXAMPLE_FILES, resolveExamplePath } from "../example-files";

export interface GalleryCard {
  /** "scenarios/prediction-market.scenario.json" */
  path: string;
  /** "prediction-market" (used in `#example=`). */
  id: string;
  title: string;
  line: string;
  tags: string[];
}

/** The gallery's order of tags; examples without tags get "basics" (or "consensus" for the walkthrough). */
export const TAG_ORDER = ["LLM", "web", "nondet", "tokens", "appeals", "consensus", "extension", "confidential", "basics"];

function firstSentence(text: string): string {
  const m = /^(.+?[.!?])(\s|$)/.exec(text.trim());
  return (m ? m[1] : text).trim();
}

let cache: GalleryCard[] | null = null;

export function galleryCards(): GalleryCard[] {
  if (cache) return cache;
  const cards: GalleryCard[] = [];
  for (const [path, text] of Object.entries(EXAMPLE_FILES)) {
    if (!path.endsWith(".scenario.json")) continue;
    let doc: { name?: unknown; description?: unknown; tags?: unknown };
    try {
      doc = JSON.parse(text);
    } catch {
      continue;
    }
    const tags = Array.isArray(doc.tags) ? doc.tags.filter((t): t is string => typeof t === "string") : [];
    if (path.includes("/consensus/") && !tags.includes("consensus")) tags.push("consensus");
    if (tags.length === 0) tags.push("basics");
    const name = typeof doc.name === "string" ? doc.name : path;
    const line = typeof doc.description === "string" ? firstSentence(doc.description) : "";
    cards.push({ path, id: exampleId(path), title: name, line, tags });
  }
  const rank = (c: GalleryCard) => (c.tags.includes("consensus") ? 2 : c.tags.includes("basics") ? 1 : 0);
  cache = cards.sort((a, b) => rank(a) - rank(b) || a.title.localeCompare(b.title));
  return cache;
}

/** "scenarios/consensus/outvoted.scenario.json" → "consensus/outvoted". */
export function exampleId(path: string): string {
  return path.replace(/^scenarios\//, "").replace(/\.scenario\.json$/, "");
}

export function cardsWithTag(cards: readonly GalleryCard[], tag: string | null, query = ""): GalleryCard[] {
  const q = query.trim().toLowerCase();
  return cards.filter((c) => (tag === null || c.tags.includes(tag)) && (!q || `${c.title} ${c.line}`.toLowerCase().includes(q)));
}

export function galleryTags(cards: readonly GalleryCard[]): string[] {
  const present = new Set(cards.flatMap((c) => c.tags));
  return [...TAG_ORDER.filter((t) => present.has(t)), ...[...present].filter((t) => !TAG_ORDER.includes(t)).sort()];
}

/** The example scenario `id` with its contract sources inlined, or one line saying why not. */
export function loadExample(id: string): { ok: true; scenario: Scenario } | { ok: false; message: string } {
  const path = `scenarios/${id}.scenario.json`;
  const text = EXAMPLE_FILES[path];
  if (text === undefined) return { ok: false, message: `there is no example "${id}" in the gallery` };
  const parsed = parseScenario(JSON.parse(text));
  if (!parsed.ok) return { ok: false, message: `example ${id}: ${parsed.errors[0]}` };
  try {
    return {
      ok: true,
      scenario: inlineScenario(parsed.scenario, (file) => {
        const source = EXAMPLE_FILES[resolveExamplePath(path, file)];
        if (source === undefined) throw new Error(`no such file: ${file}`);
        return source;
      }),
    };
  } catch (e) {
    return { ok: false, message: `example ${id}: ${e instanceof Error ? e.message : String(e)}` };
  }
}
