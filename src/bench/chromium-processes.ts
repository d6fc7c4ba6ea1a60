/**
 * The Chromium this bench started, read from /proc (Linux only): every chromium process below
 * this Node process in the process tree (so other people's browsers on the machine are left out),
 * its type from the command line, its PSS from /proc/<pid>/smaps_rollup and its CPU time, and the
 * CPU time of each dedicated-worker thread. PSS shares each page among the processes mapping it,
 * so the processes' PSS add up to what the browser really takes. CPU time, unlike wall time,
 * hardly moves when other programs compete for the cores.
 */
import { readdirSync, readFileSync } from "node:fs";

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const TICKS_PER_S = 100;

export interface ChromiumProcess {
  pid: number;
  /** "browser", "renderer", "gpu-process", "zygote", "crashpad", "utility:<sub-type>"… */
  type: string;
  pssKb: number;
  /** User + system CPU time so far, ms. */
  cpuMs: number;
  /** CPU time of each dedicated worker thread (renderers), ms. */
  workerThreadsCpuMs: number[];
}

function read(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

/** ppid and CPU ms from a /proc stat line ("pid (comm) state ppid …"; comm may hold spaces). */
function statOf(path: string): { ppid: number; cpuMs: number } | null {
  const stat = read(path);
  if (stat === null) return null;
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // After ")": state(0) ppid(1) … utime(11) stime(12)
  return { ppid: Number(f[1]), cpuMs: ((Number(f[11]) + Number(f[12])) * 1000) / TICKS_PER_S };
}

export function processType(cmdline: string): string {
  // Chromium rewrites its children's argv into one space-separated title.
  const args = cmdline.replace(/\0/g, " ");
  if (/chrome_crashpad_handler/.test(args.split(" ")[0] ?? "")) return "crashpad";
  const type = /--type=(\S+)/.exec(args)?.[1];
  if (!type) return "browser";
  const sub = /--utility-sub-type=(\S+)/.exec(args)?.[1];
  return sub ? `${type}:${sub.replace(/\.mojom\./, ".")}` : type;
}

function workerThreadsCpuMs(pid: number): number[] {
  const out: number[] = [];
  let tasks: string[] = [];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tasks) {
    if (read(`/proc/${pid}/task/${tid}/comm`)?.trim() !== "DedicatedWorker") continue;
    const st = statOf(`/proc/${pid}/task/${tid}/stat`);
    if (st) out.push(st.cpuMs);
  }
  return out.sort((a, b) => b - a);
}

/** The chromium processes descended from `root` (default: this process). */
export function chromiumProcesses(root = process.pid): ChromiumProcess[] {
  const children = new Map<number, number[]>();
  const cpu = new Map<number, number>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const st = statOf(`/proc/${name}/stat`);
    if (!st) continue;
    children.set(st.ppid, [...(children.get(st.ppid) ?? []), Number(name)]);
    cpu.set(Number(name), st.cpuMs);
  }
  const out: ChromiumProcess[] = [];
  const queue = [...(children.get(root) ?? [])];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    queue.push(...(children.get(pid) ?? []));
    const cmdline = read(`/proc/${pid}/cmdline`) ?? "";
    if (!/chrom/i.test(cmdline.split(/[\0 ]/)[0] ?? "")) continue;
    const pss = /^Pss:\s+(\d+) kB/m.exec(read(`/proc/${pid}/smaps_rollup`) ?? "");
    if (!pss) continue;
    const type = processType(cmdline);
    out.push({ pid, type, pssKb: Number(pss[1]), cpuMs: cpu.get(pid) ?? 0, workerThreadsCpuMs: type === "renderer" ? workerThreadsCpuMs(pid) : [] });
  }
  return out;
}

export interface BrowserMemory {
  /** Sum of PSS over every chromium process, MB. */
  totalMb: number;
  /** The biggest renderer: the app's page with its dedicated workers (they run in its process), MB. */
  rendererMb: number;
  /** PSS by process type, MB. */
  byType: Record<string, number>;
}

/** Started by the bench's tracing, not by the app. */
const BENCH_ONLY = new Set(["utility:tracing.TracingService"]);

export function browserMemory(all: ChromiumProcess[]): BrowserMemory {
  const procs = all.filter((p) => !BENCH_ONLY.has(p.type));
  const mb = (kb: number) => kb / 1024;
  const byType: Record<string, number> = {};
  for (const p of procs) byType[p.type] = (byType[p.type] ?? 0) + mb(p.pssKb);
  return {
    totalMb: mb(procs.reduce((s, p) => s + p.pssKb, 0)),
    rendererMb: mb(Math.max(0, ...procs.filter((p) => p.type === "renderer").map((p) => p.pssKb))),
    byType,
  };
}

/** CPU time of the whole browser so far, ms. */
export function browserCpuMs(procs: ChromiumProcess[]): number {
  return procs.reduce((s, p) => s + p.cpuMs, 0);
}

/** The page's renderer (the biggest one): its dedicated workers' CPU times, ms, largest first. */
export function pageWorkerThreadsCpuMs(procs: ChromiumProcess[]): number[] {
  const renderers = procs.filter((p) => p.type === "renderer").sort((a, b) => b.pssKb - a.pssKb);
  return renderers[0]?.workerThreadsCpuMs ?? [];
}
