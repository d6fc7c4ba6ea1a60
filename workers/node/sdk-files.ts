/** Reads our Python SDK from disk (Node): path relative to src/sdk → source. */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

export const SDK_DIR = fileURLToPath(new URL("../../src/sdk", import.meta.url));

export function readSdkFiles(root = join(SDK_DIR, "genlayer")): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) {
        if (name !== "__pycache__") walk(full);
      } else if (name.endsWith(".py")) {
        out[relative(SDK_DIR, full).split("\\").join("/")] = readFileSync(full, "utf8");
      }
    }
  };
  walk(root);
  return out;
}
