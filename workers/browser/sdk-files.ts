/** Our Python SDK bundled as text by Vite: path relative to src/sdk → source. */
const modules = import.meta.glob("../../src/sdk/genlayer/**/*.py", {
  query: "?raw",
  import: "default",
  eager: true,
}) as Record<string, string>;

export const SDK_FILES: Record<string, string> = Object.fromEntries(
  Object.entries(modules).map(([path, source]) => [path.replace(/^.*\/src\/sdk\//, ""), source]),
);
