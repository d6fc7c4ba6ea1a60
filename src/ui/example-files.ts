/** The examples folder (contracts and scenarios) bundled as text, addressed by relative path. */
const files = import.meta.glob(["../../contracts-examples/**/*.py", "../../contracts-examples/**/*.json"], {
  query: "?raw",
  import: "default",
  eager: true,
}) as Record<string, string>;

/** "scenarios/consensus/outvoted.scenario.json" → its text. */
export const EXAMPLE_FILES: Record<string, string> = Object.fromEntries(
  Object.entries(files).map(([path, text]) => [path.replace(/^.*\/contracts-examples\//, ""), text]),
);

/** Resolves `relative` against the folder of `from` (both inside contracts-examples). */
export function resolveExamplePath(from: string, relative: string): string {
  const parts = from.split("/").slice(0, -1);
  for (const p of relative.split("/")) {
    if (p === "..") parts.pop();
    else if (p !== ".") parts.push(p);
  }
  return parts.join("/");
}
