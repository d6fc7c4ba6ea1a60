/**
 * The browser figures of `npm run bench` (issue 9), in headless Chromium on a production build:
 * boot until a network can take a transaction (cold and warm cache, per extra validator and per
 * extra Python worker), memory (PSS of the browser's processes; the page's renderer, which also
 * runs its workers), time to interactive and bytes downloaded until then, and the proof that
 * web-llm loads only once a validator uses WebLLM. Same row shape as the Node figures.
 */
import { availableParallelism } from "node:os";
import type { Figure } from "./node-bench";
import { startBenchServer, type BenchServer } from "./bench-server";
import { bootRun, dropProfile, networkLink, newProfile, SETTLE_MS, ttiRun, webLlmProof, type BootRun, type TtiRun } from "./browser-loads";
import type { WorkerMilestones } from "./page-probe";

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? NaN : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Least-squares slope of y over x. */
export function slope(points: [number, number][]): number {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return sxx === 0 ? NaN : sxy / sxx;
}

const CORES = availableParallelism();

/** "met", or how far off: "missed by 1.2 s (1.6×)". */
export function verdict(value: number, limit: number, unit: "ms" | "MB"): string {
  if (value <= limit) return "met";
  const over = value - limit;
  const amount = unit === "ms" ? (over >= 1000 ? `${(over / 1000).toFixed(1)} s` : `${Math.round(over)} ms`) : `${Math.round(over)} MB`;
  return `missed by ${amount} (${(value / limit).toFixed(1)}×)`;
}

const list = (xs: number[], digits = 0) => xs.map((x) => x.toFixed(digits)).join(", ");

interface NetworkConfig {
  validators: number;
  /** Python workers; undefined: the app's choice (min(validators, 3)). */
  runtimes?: number;
}

const key = (c: NetworkConfig) => `${c.validators}/${c.runtimes ?? "app"}`;

/** The boot stages of the worker that was ready last (it gates the network), ms. */
function criticalPath(run: BootRun) {
  const last = run.workers.reduce<WorkerMilestones>((a, b) => ((b.ready ?? 0) > (a.ready ?? 0) ? b : a), {});
  const created = Math.min(...run.workers.map((w) => w.created ?? Infinity));
  const d = (a?: number, b?: number) => (a !== undefined && b !== undefined ? b - a : NaN);
  return {
    page: created,
    workerStart: d(last.created, last.started),
    download: d(last.started, last.downloaded),
    compileStart: d(last.downloaded, last.pythonUp),
    sdk: d(last.pythonUp, last.ready),
    workerBootMs: last.bootMs ?? NaN,
  };
}

function breakdownNote(runs: BootRun[]): string {
  const paths = runs.map(criticalPath);
  const m = (k: keyof ReturnType<typeof criticalPath>) => Math.round(median(paths.map((p) => p[k])));
  return `page until workers start ${m("page")} ms, worker script ${m("workerStart")} ms, Pyodide download ${m("download")} ms, compile + Python start ${m("compileStart")} ms, SDK + lockdown ${m("sdk")} ms`;
}

/**
 * CPU time, which other programs on the machine hardly change: the whole browser's from navigation
 * to ready, and each Python worker's boot (its thread's CPU; the pool's workers and the editor's
 * are the busiest dedicated-worker threads of the page).
 */
function cpuFigures(cache: "cold" | "warm", runs: BootRun[], tracedRun: BootRun): Figure[] {
  const pythonWorkers = (r: BootRun) => r.workerCpuMs.slice(0, r.workers.length + 1);
  const perWorker = median(runs.flatMap(pythonWorkers));
  const total = median(runs.map((r) => r.cpuMs));
  const traced = tracedRun.wasmCache ? [tracedRun.wasmCache] : [];
  const streamed = median(traced.map((w) => w.streamed));
  return [
    { name: `wasm code-cache hits per load, 5 validators, ${cache}`, value: median(traced.map((w) => w.hits)), unit: "", note: `${streamed === 0 ? "no compile from a streamed response: the workers compile the interpreter from bytes (the memory cap patches them), which Chromium never caches" : `of ${streamed} compiles from a streamed response`}; ${median(traced.map((w) => w.writes))} cache writes by ${SETTLE_MS / 1000} s after ready (Chromium trace events)` },
    { name: `browser CPU time until ready, 5 validators, ${cache} (all processes)`, value: total, unit: "ms", note: `≥ ${Math.round(total / CORES)} ms of wall time on ${CORES} idle cores; runs ${list(runs.map((r) => r.cpuMs))}` },
    { name: `CPU per Python worker boot, ${cache} (the worker thread's CPU time)`, value: perWorker, unit: "ms", note: `${runs[0]?.workers.length ?? "?"} pool workers + the editor's; threads ${runs.map((r) => list(pythonWorkers(r))).join(" | ")}` },
  ];
}

export interface BrowserBench {
  sections: [string, () => Promise<Figure[]>][];
  close(): Promise<void>;
}

export function browserBench(quick: boolean): BrowserBench {
  const reps = { warm: quick ? 3 : 5, warmOther: 3, cold: quick ? 1 : 3 };
  const shots = process.env.BENCH_SCREENSHOTS;
  let server: Promise<BenchServer> | null = null;
  const serve = () => (server ??= startBenchServer());
  const warmProfile = newProfile();
  const cold: TtiRun[] = [];

  /** The first load on the warm profile (a cold-cache TTI sample); everything after it is warm. */
  let primed: Promise<void> | null = null;
  const prime = () =>
    (primed ??= (async () => {
      const { url } = await serve();
      process.stderr.write("  priming the warm profile (a cold load)…\n");
      cold.push(await ttiRun(warmProfile, url));
    })());

  const configs: NetworkConfig[] = quick
    ? [{ validators: 5 }, { validators: 20 }, { validators: 50 }, { validators: 5, runtimes: 1 }]
    : [{ validators: 5 }, { validators: 10 }, { validators: 20 }, { validators: 50 }, { validators: 5, runtimes: 1 }, { validators: 5, runtimes: 5 }];
  let networkRuns: Promise<{ warm: Map<string, BootRun[]>; cold: BootRun[]; traced: { cold: BootRun; warm: BootRun } }> | null = null;
  const runNetworks = () =>
    (networkRuns ??= (async () => {
      const { url } = await serve();
      await prime();
      // Chromium's tracing slows a load down: timed runs are not traced; one more run of each kind is,
      // for the wasm code-cache figure only.
      const coldRuns: BootRun[] = [];
      let coldTraced: BootRun | null = null;
      for (let i = 0; i <= reps.cold; i++) {
        const trace = i === reps.cold;
        process.stderr.write(`  cold boot ${trace ? "(traced, for the code cache)" : `${i + 1}/${reps.cold}`} (fresh profile)…\n`);
        const profile = newProfile();
        try {
          const run = await bootRun(profile, await networkLink(url, 5), { trace });
          if (trace) coldTraced = run;
          else coldRuns.push(run);
        } finally {
          dropProfile(profile);
        }
      }
      // the warm profile has seen "/" only: one boot makes its interpreter snapshot, as a first visit does
      process.stderr.write("  priming the warm profile's interpreter snapshot (a first boot)…\n");
      await bootRun(warmProfile, await networkLink(url, 5), {});
      process.stderr.write("  warm boot (traced, for the code cache)…\n");
      const warmTraced = await bootRun(warmProfile, await networkLink(url, 5), { trace: true });
      const warm = new Map<string, BootRun[]>();
      for (const c of configs) {
        const n = c.validators === 5 && c.runtimes === undefined ? reps.warm : reps.warmOther;
        const runs: BootRun[] = [];
        for (let i = 0; i < n; i++) {
          process.stderr.write(`  warm boot, ${c.validators} validators on ${c.runtimes ?? "the app's"} workers, ${i + 1}/${n}…\n`);
          const screenshot = shots && i === 0 ? `${shots}/boot-${c.validators}v-${c.runtimes ?? "app"}w.png` : undefined;
          runs.push(await bootRun(warmProfile, await networkLink(url, c.validators, c.runtimes), { screenshot }));
        }
        warm.set(key(c), runs);
      }
      return { warm, cold: coldRuns, traced: { cold: coldTraced!, warm: warmTraced } };
    })());

  const workersOf = (runs: BootRun[]) => runs[0]?.workers.length ?? 0;

  async function bootFigures(): Promise<Figure[]> {
    const { warm, cold: coldRuns, traced } = await runNetworks();
    const ready = (c: NetworkConfig) => (warm.get(key(c)) ?? []).map((r) => r.readyMs);
    const five = warm.get(key({ validators: 5 }))!;
    const coldMs = coldRuns.map((r) => r.readyMs);
    const figures: Figure[] = [
      { name: "boot, 5 validators, cold cache (fresh profile): navigation → network ready", value: median(coldMs), unit: "ms", target: "≤ 5 s", note: `${verdict(median(coldMs), 5000, "ms")}; runs ${list(coldMs)}; ${breakdownNote(coldRuns)}` },
      { name: "boot, 5 validators, warm cache (same profile again)", value: median(ready({ validators: 5 })), unit: "ms", target: "≤ 2.0 s", note: `${verdict(median(ready({ validators: 5 })), 2000, "ms")}; ${workersOf(five)} workers; runs ${list(ready({ validators: 5 }))}; ${breakdownNote(five)}` },
      ...cpuFigures("cold", coldRuns, traced.cold),
      ...cpuFigures("warm", five, traced.warm),
    ];
    const byValidators = configs.filter((c) => c.runtimes === undefined);
    for (const c of byValidators.filter((c) => c.validators !== 5)) {
      const runs = warm.get(key(c))!;
      figures.push({ name: `boot, ${c.validators} validators, warm`, value: median(ready(c)), unit: "ms", note: `${workersOf(runs)} shared workers; runs ${list(ready(c))}` });
    }
    figures.push({
      name: `boot cost per extra validator (warm, ${byValidators.map((c) => c.validators).join("/")} validators on the app's workers)`,
      value: slope(byValidators.map((c) => [c.validators, median(ready(c))])),
      unit: "ms",
      note: "least-squares slope; validators share min(n, 3) Python workers, so a validator adds no worker",
    });
    const byWorkers = configs.filter((c) => c.validators === 5).map((c) => ({ c, workers: c.runtimes ?? workersOf(warm.get(key(c))!) }));
    for (const { c, workers } of byWorkers.filter(({ c }) => c.runtimes !== undefined))
      figures.push({ name: `boot, 5 validators on ${workers} Python worker${workers === 1 ? "" : "s"}, warm`, value: median(ready(c)), unit: "ms", note: `runs ${list(ready(c))}` });
    figures.push({
      name: `boot cost per extra Python worker (warm, 5 validators on ${byWorkers.map((w) => w.workers).join("/")} workers)`,
      value: slope(byWorkers.map(({ c, workers }) => [workers, median(ready(c))])),
      unit: "ms",
      note: "least-squares slope; workers boot in parallel on the machine's cores",
    });
    return figures;
  }

  async function memoryFigures(): Promise<Figure[]> {
    const { warm } = await runNetworks();
    const mem = (c: NetworkConfig) => warm.get(key(c))!.map((r) => r.memory);
    const total = (c: NetworkConfig) => median(mem(c).map((m) => m.totalMb));
    const renderer = (c: NetworkConfig) => median(mem(c).map((m) => m.rendererMb));
    const figures: Figure[] = [];
    const byValidators = configs.filter((c) => c.runtimes === undefined && c.validators !== 10);
    for (const c of byValidators) {
      const t = total(c);
      const types = Object.entries(mem(c)[0]!.byType).map(([k, v]) => `${k} ${Math.round(v)}`).join(", ");
      figures.push({ name: `whole browser PSS, ${c.validators} validators (${workersOf(warm.get(key(c))!)} shared workers + the editor's)`, value: t, unit: "MB", target: c.validators === 50 ? "≤ 2 GB" : undefined, note: `${c.validators === 50 ? `${verdict(t, 2048, "MB")}; ` : ""}by process type (MB): ${types}` });
    }
    figures.push({ name: "renderer PSS, 5 validators (the page and its dedicated workers: one process)", value: renderer({ validators: 5 }), unit: "MB" });
    for (const c of byValidators) {
      const per = total(c) / c.validators;
      figures.push({ name: `PSS per validator, ${c.validators} validators (whole browser ÷ validators)`, value: per, unit: "MB", target: "≤ 60 MB", note: `${verdict(per, 60, "MB")}; validators share the workers` });
    }
    figures.push({ name: `PSS per extra validator (whole browser, ${byValidators.map((c) => c.validators).join("/")} validators)`, value: slope(byValidators.map((c) => [c.validators, total(c)])), unit: "MB", note: "least-squares slope: a validator is JS state on the main thread" });
    const byWorkers = configs.filter((c) => c.validators === 5).map((c) => ({ c, workers: c.runtimes ?? workersOf(warm.get(key(c))!) }));
    const perWorker = slope(byWorkers.map(({ c, workers }) => [workers, renderer(c)]));
    figures.push({
      name: `PSS per Python worker (renderer, 5 validators on ${byWorkers.map((w) => w.workers).join("/")} workers)`,
      value: perWorker,
      unit: "MB",
      target: "≤ 60 MB per validator",
      note: `${verdict(perWorker, 60, "MB")} if every validator had its own worker; least-squares slope of the renderer's PSS (workers live in the page's renderer process); whole browser per worker ${slope(byWorkers.map(({ c, workers }) => [workers, total(c)])).toFixed(1)} MB`,
    });
    return figures;
  }

  async function pageFigures(): Promise<Figure[]> {
    const { url } = await serve();
    await prime();
    for (let i = cold.length; i < reps.cold; i++) {
      process.stderr.write(`  cold page load ${i + 1}/${reps.cold} (fresh profile)…\n`);
      const profile = newProfile();
      try {
        cold.push(await ttiRun(profile, url));
      } finally {
        dropProfile(profile);
      }
    }
    const warm: TtiRun[] = [];
    for (let i = 0; i < reps.warm; i++) {
      process.stderr.write(`  warm page load ${i + 1}/${reps.warm}…\n`);
      warm.push(await ttiRun(warmProfile, url, shots && i === 0 ? `${shots}/tti-warm.png` : undefined));
    }
    const tti = (rs: TtiRun[]) => median(rs.map((r) => r.ttiMs));
    const kb = (rs: TtiRun[]) => median(rs.map((r) => r.bytes)) / 1024;
    return [
      { name: "time to interactive, warm: navigation → a key typed into the editor shows", value: tti(warm), unit: "ms", target: "≤ 1.5 s", note: `${verdict(tti(warm), 1500, "ms")}; Monaco mounted at ${Math.round(median(warm.map((r) => r.editorMs)))} ms; runs ${list(warm.map((r) => r.ttiMs))}` },
      { name: "time to interactive, cold (fresh profile)", value: tti(cold), unit: "ms", note: `runs ${list(cold.map((r) => r.ttiMs))}` },
      { name: "bytes downloaded before the editor is usable, cold (page and workers)", value: kb(cold), unit: "KB", note: `${median(cold.map((r) => r.requests))} requests finished by then; as sent by vite preview (gzip)` },
      { name: "bytes downloaded before the editor is usable, warm", value: kb(warm), unit: "KB", note: `${median(warm.map((r) => r.requests))} requests (revalidations: vite preview sends Cache-Control: no-cache)` },
    ];
  }

  async function webLlmFigures(): Promise<Figure[]> {
    const s = await serve();
    await prime();
    const proof = await webLlmProof(warmProfile, s.url, s.outDir, shots);
    const isChunk = (f: string) => proof.chunks.includes(f);
    const before = proof.before.filter(isChunk);
    const after = proof.after.filter(isChunk);
    return [
      { name: "web-llm scripts requested before a validator uses WebLLM", value: before.length, unit: "files", target: "0", note: `${before.length === 0 ? "met" : `missed: ${before.join(", ")}`}; ${proof.before.length} scripts loaded until the network was ready; web-llm is in ${proof.chunks.join(", ") || "no built file (not found)"}` },
      { name: "web-llm scripts requested after choosing WebLLM for v1 (WebGPU on SwiftShader)", value: after.length, unit: "files", note: `${after.join(", ") || "none"}; all scripts after: ${proof.after.join(", ") || "none"}; GPU: ${proof.gpu}` },
    ];
  }

  return {
    sections: [
      ["browser: page load (Chromium)", pageFigures],
      ["browser: boot (Chromium)", bootFigures],
      ["browser: memory (Chromium PSS)", memoryFigures],
      ["browser: web-llm on demand", webLlmFigures],
    ],
    async close() {
      dropProfile(warmProfile);
      if (server) await (await server.catch(() => null))?.stop();
    },
  };
}
