// Installs dependencies on a fresh clone before `npm start` / `npm test` (a no-op afterwards).
import { existsSync } from "node:fs";
import { execSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const marker = new URL("../../node_modules/.package-lock.json", import.meta.url);
if (!existsSync(marker) || !existsSync(new URL("../../node_modules/vite/package.json", import.meta.url))) {
  console.log("Installing dependencies (first run)...");
  execSync("npm install --no-audit --no-fund", { cwd: root, stdio: "inherit" });
}
