/**
 * The production build the browser figures load: `vite build` into the bench's own folder (only
 * when a source is newer than the last build), served by `vite preview` on a free port with the
 * app's cross-origin isolation headers. `BENCH_OUT_DIR` and `BENCH_PORT` override the folder and
 * the port (e.g. to keep beside other people's e2e servers).
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const VITE = join(ROOT, "node_modules/vite/bin/vite.js");
/** What a build is made of: a newer file here means the build is stale. */
const SOURCES = ["src", "workers", "public", "contracts-examples", "index.html", "vite.config.ts", "package-lock.json"];

export interface BenchServer {
  url: string;
  outDir: string;
  stop(): Promise<void>;
}

function newestMtime(path: string): number {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) if (name !== "node_modules" && !name.startsWith(".")) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

/** Builds into `outDir` unless its index.html is newer than every source. Returns whether it built. */
export function buildIfNeeded(outDir: string): boolean {
  const built = statSync(join(ROOT, outDir, "index.html"), { throwIfNoEntry: false })?.mtimeMs ?? 0;
  if (built > Math.max(...SOURCES.map((s) => newestMtime(join(ROOT, s))))) return false;
  const run = spawnSync(process.execPath, [VITE, "build", "--logLevel", "error", "--outDir", outDir], { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
  if (run.status !== 0) throw new Error(`vite build failed: ${(run.stderr ?? "").trim().split("\n")[0] ?? `exit ${run.status}`}`);
  return true;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

async function waitUp(url: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > until) throw new Error(`vite preview did not answer at ${url} within ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function startBenchServer(): Promise<BenchServer> {
  const outDir = process.env.BENCH_OUT_DIR ?? "dist-bench-build";
  if (!existsSync(VITE)) throw new Error("vite is not installed (run npm install)");
  if (buildIfNeeded(outDir)) process.stderr.write(`built the app into ${outDir}/\n`);
  const port = Number(process.env.BENCH_PORT ?? 0) || (await freePort());
  const child = spawn(process.execPath, [VITE, "preview", "--port", String(port), "--strictPort", "--outDir", outDir], { cwd: ROOT, stdio: "ignore" });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://localhost:${port}`;
  try {
    await Promise.race([waitUp(url, 30_000), exited.then(() => Promise.reject(new Error(`vite preview exited (is port ${port} taken?)`)))]);
  } catch (e) {
    child.kill();
    throw e;
  }
  return {
    url,
    outDir: join(ROOT, outDir),
    async stop() {
      child.kill();
      await exited;
    },
  };
}
