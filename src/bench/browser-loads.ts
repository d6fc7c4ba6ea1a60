/**
 * One page load of the app in headless Chromium, measured: until a network is ready (boot), until
 * the editor takes typing (time to interactive, bytes downloaded by then), and which scripts load
 * before and after a validator is switched to WebLLM. Each load runs in a Chromium started on a
 * profile folder: a fresh folder is a cold cache, a folder used before is a warm one.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page, type Request } from "playwright-core";
import { encodePayload } from "../core/share/codec";
import { parseScenario } from "../core/scenario/parse";
import { browserCpuMs, browserMemory, chromiumProcesses, pageWorkerThreadsCpuMs, type BrowserMemory } from "./chromium-processes";
import { installPageProbe, type PageMarks, type WorkerMilestones } from "./page-probe";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** The e2e tests' flags (e2e/playwright.config.ts). */
export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
/** Typed into the editor to see that it takes input. */
const MARKER = "zq_bench_typed";
const LOAD_TIMEOUT_MS = 240_000;
/** Wait after ready before reading memory (workers settle, the browser writes its caches). */
export const SETTLE_MS = 2000;

export function newProfile(): string {
  return mkdtempSync(join(tmpdir(), "genlayer-bench-profile-"));
}

export function dropProfile(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Chromium on `profile` with the page probe installed; `extraArgs` e.g. for WebGPU. */
export async function openBrowser(profile: string, extraArgs: string[] = []): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: [...CHROMIUM_ARGS, ...extraArgs],
    headless: true,
    viewport: { width: 1366, height: 768 },
  });
  // As source text: tsx keeps function names with a `__name` helper the page does not have.
  await ctx.addInitScript({ content: `globalThis.__name ??= (f) => f;\n(${installPageProbe.toString()})(${JSON.stringify(MARKER)});` });
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  return { ctx, page };
}

/** A share link (`#s=v1.j.…`) that opens a network of `validators` scripted validators on `runtimes` Python workers (default: the app's choice). */
export async function networkLink(base: string, validators: number, runtimes?: number): Promise<string> {
  const parsed = parseScenario({ version: 1, name: `bench: ${validators} validators`, seed: "bench", network: { validators: { count: validators }, ...(runtimes && { runtimes }) }, steps: [] });
  if (!parsed.ok) throw new Error(parsed.errors[0]);
  return `${base}/#${`s=${await encodePayload(parsed.scenario, "j")}`}`;
}

async function marksOf(page: Page): Promise<PageMarks> {
  return page.evaluate(() => (window as unknown as { __benchMarks: PageMarks }).__benchMarks);
}

/** Waits until the probe's condition holds; a failed boot ends the wait with its one line. */
async function waitMarks(page: Page, until: "network" | "typed"): Promise<PageMarks> {
  await page.waitForFunction(
    (what) => {
      const m = (window as unknown as { __benchMarks?: PageMarks }).__benchMarks;
      if (!m) return false;
      if (m.failed) return true;
      if (what === "typed") return m.typed !== null;
      return m.ready !== null && m.workers.length > 0 && m.workers.every((w) => w.ready !== undefined);
    },
    until,
    { timeout: LOAD_TIMEOUT_MS, polling: 100 },
  );
  const marks = await marksOf(page);
  if (marks.failed) throw new Error(`the app's network failed to start: ${marks.failed}`);
  return marks;
}

/** What Chromium's tracing says about the interpreter's wasm in one load. */
export interface WasmCacheEvents {
  /** Modules compiled from a fetched response as it streamed in (cacheable). */
  streamed: number;
  /** Compiled code found in the profile's code cache. */
  hits: number;
  /** Compiled code written to the code cache. */
  writes: number;
}

/** Starts recording Chromium's wasm code-cache trace events (browser-wide, so workers too); call the result to stop. */
async function traceWasmCache(ctx: BrowserContext): Promise<() => Promise<WasmCacheEvents>> {
  const cdp = await ctx.browser()!.newBrowserCDPSession();
  const names: string[] = [];
  cdp.on("Tracing.dataCollected", (e) => names.push(...(e.value as { name: string }[]).map((v) => v.name)));
  const complete = new Promise((resolve) => cdp.once("Tracing.tracingComplete", resolve));
  await cdp.send("Tracing.start", { traceConfig: { includedCategories: ["disabled-by-default-devtools.timeline"] }, transferMode: "ReportEvents" });
  return async () => {
    await cdp.send("Tracing.end");
    await complete;
    await cdp.detach();
    const count = (name: string) => names.filter((n) => n === name).length;
    return { streamed: count("v8.wasm.streamFromResponseCallback"), hits: count("v8.wasm.moduleCacheHit"), writes: count("v8.wasm.cachedModule") };
  };
}

export interface BootRun {
  /** Navigation start → the header says the network is ready. */
  readyMs: number;
  workers: WorkerMilestones[];
  /** CPU time of all the browser's processes from navigation until ready was seen, ms. */
  cpuMs: number;
  /** CPU time of each dedicated worker thread of the page at ready (largest first), ms. */
  workerCpuMs: number[];
  /** PSS of the browser's processes, SETTLE_MS after ready. */
  memory: BrowserMemory;
  wasmCache: WasmCacheEvents | null;
}

/**
 * Loads `url` (a network link) and waits until every worker of the pool booted. With `trace`,
 * Chromium's wasm code-cache events are recorded too (tracing starts a service process of its
 * own, which the memory figures leave out).
 */
export async function bootRun(profile: string, url: string, options: { trace?: boolean; screenshot?: string } = {}): Promise<BootRun> {
  const { ctx, page } = await openBrowser(profile);
  const { trace, screenshot } = options;
  try {
    const stopTrace = trace ? await traceWasmCache(ctx) : null;
    const cpu0 = browserCpuMs(chromiumProcesses());
    await page.goto(url, { waitUntil: "commit" });
    const marks = await waitMarks(page, "network");
    const atReady = chromiumProcesses();
    // Chromium writes compiled wasm to its cache a while after tier-up: let that happen in this load.
    await page.waitForTimeout(SETTLE_MS);
    const memory = browserMemory(chromiumProcesses());
    if (screenshot) await page.screenshot({ path: screenshot });
    const wasmCache = stopTrace ? await stopTrace() : null;
    return { readyMs: marks.ready!, workers: marks.workers, cpuMs: browserCpuMs(atReady) - cpu0, workerCpuMs: pageWorkerThreadsCpuMs(atReady), memory, wasmCache };
  } finally {
    await ctx.close();
  }
}

export interface TtiRun {
  /** Navigation start → a character typed into the editor is rendered. */
  ttiMs: number;
  /** Navigation start → Monaco mounted with the file's lines. */
  editorMs: number;
  /** Bytes received (headers and encoded bodies, page and workers) for requests finished by `ttiMs`. */
  bytes: number;
  requests: number;
}

/**
 * Loads the app's own workspace (`/`; the saved workspace is cleared first, so it opens the
 * default file), focuses the editor as soon as it is mounted, types a marker and times its
 * appearance. The HTTP cache and compiled-code caches of the profile are kept.
 */
export async function ttiRun(profile: string, base: string, screenshot?: string): Promise<TtiRun> {
  const { ctx, page } = await openBrowser(profile);
  const finished: Promise<{ end: number; bytes: number }>[] = [];
  ctx.on("requestfinished", (req: Request) => {
    finished.push(
      req.sizes().then((s) => ({ end: req.timing().startTime + req.timing().responseEnd, bytes: s.responseBodySize + s.responseHeadersSize })),
    );
  });
  try {
    const cdp = await ctx.newCDPSession(page);
    await cdp.send("Storage.clearDataForOrigin", { origin: base, storageTypes: "indexeddb,local_storage" });
    await cdp.detach();
    await page.goto(`${base}/`, { waitUntil: "commit" });
    // The probe focuses the editor the moment it mounts; one keystroke follows (a single CDP call).
    await page.waitForFunction(() => (window as unknown as { __benchMarks?: PageMarks }).__benchMarks?.editor != null, null, { timeout: LOAD_TIMEOUT_MS, polling: "raf" });
    await page.keyboard.insertText(MARKER);
    const marks = await waitMarks(page, "typed");
    const origin = await page.evaluate(() => performance.timeOrigin);
    if (screenshot) await page.screenshot({ path: screenshot });
    const done = (await Promise.all(finished)).filter((r) => r.end <= origin + marks.typed!);
    return { ttiMs: marks.typed!, editorMs: marks.editor!, bytes: done.reduce((s, r) => s + r.bytes, 0), requests: done.length };
  } finally {
    await ctx.close();
  }
}

/** The built scripts that hold web-llm's code (by markers only web-llm's engine has). */
export function webLlmChunks(outDir: string): string[] {
  const assets = join(outDir, "assets");
  return readdirSync(assets).filter((f) => f.endsWith(".js") && /\bMLCEngine\b|tvmjs/.test(readFileSync(join(assets, f), "utf8")));
}

export interface WebLlmProof {
  /** Scripts (.js) requested from load until the network was ready. */
  before: string[];
  /** Scripts requested after WebLLM was chosen for v1. */
  after: string[];
  chunks: string[];
  gpu: string;
}

const MODEL_HOSTS = /^https:\/\/([^/]*\.)?(huggingface\.co|hf\.co|githubusercontent\.com|github\.com)\//;

/**
 * Opens the app with WebGPU on SwiftShader (so choosing WebLLM starts its worker), lists the
 * scripts requested until the network is ready, then picks WebLLM as v1's provider in the
 * Validators tab and lists what loads next. Model hosts are blocked: nothing is downloaded.
 */
export async function webLlmProof(profile: string, base: string, outDir: string, screenshots?: string): Promise<WebLlmProof> {
  const { ctx, page } = await openBrowser(profile, ["--enable-unsafe-webgpu"]);
  const scripts: string[] = [];
  ctx.on("request", (req) => {
    const path = new URL(req.url()).pathname;
    if (path.endsWith(".js") || path.endsWith(".mjs")) scripts.push(path.split("/").pop()!);
  });
  await ctx.route(MODEL_HOSTS, (route) => route.abort("internetdisconnected"));
  try {
    const cdp = await ctx.newCDPSession(page);
    await cdp.send("Storage.clearDataForOrigin", { origin: base, storageTypes: "indexeddb,local_storage" });
    await cdp.detach();
    await page.goto(`${base}/`, { waitUntil: "commit" });
    await waitMarks(page, "network");
    await page.waitForTimeout(SETTLE_MS);
    const before = [...new Set(scripts)];
    const seen = scripts.length;
    await page.getByRole("tab", { name: "Validators" }).click();
    await page.getByRole("button", { name: "LLM of v1" }).click();
    const dialog = page.getByRole("dialog", { name: "LLM of v1" });
    await dialog.getByLabel("Provider").selectOption("webllm");
    const status = dialog.getByTestId("webgpu-status");
    await status.waitFor({ timeout: 60_000 });
    const chunks = webLlmChunks(outDir);
    // With an adapter the picker fills from the WebLLM worker's catalog; without one no worker starts.
    await dialog.getByLabel("Model", { exact: true }).and(page.locator(":enabled")).waitFor({ timeout: 60_000 }).catch(() => undefined);
    await page.waitForTimeout(SETTLE_MS);
    if (screenshots) {
      mkdirSync(screenshots, { recursive: true });
      await page.screenshot({ path: join(screenshots, "webllm-chosen.png") });
    }
    const gpu = ((await status.textContent()) ?? "").trim();
    return { before, after: [...new Set(scripts.slice(seen))], chunks, gpu };
  } finally {
    await ctx.close();
  }
}
