/**
 * Owns one validator's Python worker: boots it, runs executions with a compute-time limit, and
 * recycles the worker after a timeout, a crash or a memory blow-up so later executions still work.
 * Environment-free: the browser and Node adapters supply `spawn`.
 */
import type { Remote } from "comlink";
import type { EngineInfo, SnapshotSource } from "../../../workers/python-engine";
import type { ValidatorWorkerApi } from "../../../workers/validator-api";
import { isBootProgressMessage, type BootStage } from "../../../workers/boot-progress";
import { createChannelBuffer, SyncResponder } from "./sync-channel";
import type { ApiDoc, Diagnostic } from "./editor-analysis-types";

export interface SpawnedWorker {
  api: Remote<ValidatorWorkerApi>;
  /** The worker's end of the host channel, already marked for transfer. */
  channelPortForWorker: unknown;
  onChannelMessage(cb: (msg: unknown) => void): void;
  onExit(cb: (reason: string) => void): void;
  terminate(): void;
}

export interface PythonRuntimeOptions {
  spawn: () => SpawnedWorker;
  sdkFiles: Record<string, string>;
  indexURL?: string;
  /** Recycle the worker when its linear memory grew past this many bytes. */
  memoryRecycleBytes?: number;
  /** An enclave worker: what its enclave boots from (read at every boot, so a restarted worker
   * gets the latest sealed state). */
  enclave?: () => unknown;
  /**
   * Where a boot may start from an interpreter snapshot (null: start Python). Asked at every boot;
   * `failed` hears why a snapshot it gave could not be used (the worker then booted normally).
   */
  snapshot?: { get(): Promise<SnapshotSource | null>; failed(reason: string): void };
  /** Waited for before the first boot (not before restarts): e.g. the editor's worker lets the validators' go first. */
  bootAfter?: () => Promise<void>;
  /** The interpreter's code compiled once for every worker (browser); null or absent: each compiles its own. */
  wasmModule?: () => Promise<WebAssembly.Module | null>;
}

/** What the runtime's worker is doing now, for progress bars. */
export interface RuntimeStatus {
  state: "booting" | "ready" | "failed";
  stage: BootStage;
  /** Share of the boot done, 0..1. */
  progress: number;
  /** False while `progress` is a guess rather than measured. */
  measured: boolean;
  /** How many times a worker was replaced after a crash, a timeout or a memory blow-up. */
  restarts: number;
  /** The last boot's duration once ready. */
  bootMs?: number;
  python?: string;
  /** How the last boot started the interpreter: Python's start-up or a restored snapshot. */
  startedFrom?: EngineInfo["started"];
  /** One line: why the boot failed, or why the last worker was replaced. */
  message?: string;
}

/** How the crash test hook kills the worker. */
export type CrashMode = "throw" | "terminate";

export const CRASH_DETAIL = "validator worker crashed; restarted";

export type HostHandler = (request: Uint8Array) => Promise<Uint8Array>;

export type RawOutcome =
  | { ok: true; response: Uint8Array; computeMs: number; extra?: unknown }
  | { ok: false; reason: "timeout" | "crashed"; detail: string; computeMs: number };

const SKIPPED: RawOutcome = { ok: false, reason: "crashed", detail: "skipped: no longer needed", computeMs: 0 };

interface LiveWorker {
  spawned: SpawnedWorker;
  responder: { handler: HostHandler; pendingSince: number | null; hostMs: number };
  info: EngineInfo;
  dead: string | null;
}

export class PythonRuntime {
  private live: Promise<LiveWorker> | null = null;
  private current: LiveWorker | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private terminated = false;
  private readonly listeners = new Set<(status: RuntimeStatus) => void>();
  private statusNow: RuntimeStatus = { state: "booting", stage: "loading Pyodide", progress: 0, measured: false, restarts: 0 };
  bootCount = 0;

  constructor(private readonly options: PythonRuntimeOptions) {}

  get status(): RuntimeStatus {
    return this.statusNow;
  }

  /** Calls `listener` on every status change (boot stages, ready, failed, restarts). */
  onStatus(listener: (status: RuntimeStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private setStatus(patch: Partial<RuntimeStatus>): void {
    this.statusNow = { ...this.statusNow, ...patch };
    for (const l of [...this.listeners]) l(this.statusNow);
  }

  /**
   * Test hook: really kills the current worker. "throw" makes it die of an uncaught error (only
   * while it is idle: a busy worker reads the request after its execution); "terminate" kills it
   * from outside at once, even mid-execution. Either way the runtime treats it as a crash: a call
   * in flight fails with a one-line reason and a fresh worker boots.
   */
  async crash(mode: CrashMode = "throw"): Promise<void> {
    const live = await this.worker();
    if (mode === "throw") {
      await live.spawned.api.crash();
    } else {
      this.died(live, "worker terminated by a test hook");
    }
  }

  /** Boots the worker if needed and returns its engine info. */
  async boot(): Promise<EngineInfo> {
    return (await this.worker()).info;
  }

  /**
   * Runs one execution. Calls are serialised (one interpreter runs one thing at a time).
   * `timeoutMs` bounds Python compute time; time spent waiting for the host does not count.
   */
  execute(request: Uint8Array, host: HostHandler, timeoutMs: number, skip?: () => boolean): Promise<RawOutcome> {
    // `skip`: asked when the execution's turn comes; true drops it unrun (the worker stays as it is)
    const run = this.queue.then(() =>
      skip?.() ? SKIPPED : this.executeNow((api) => api.execute(request), host, timeoutMs),
    );
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Runs one confidential execution in this enclave worker (`extra` carries the enclave's reply:
   * share reports, evidence, signature). Same limits and crash handling as `execute`.
   */
  executeInEnclave(request: unknown, host: HostHandler, timeoutMs: number): Promise<RawOutcome> {
    const run = this.queue.then(() =>
      this.executeNow(async (api) => {
        const reply = await api.enclaveExecute(request as never);
        return { response: reply.response ?? new Uint8Array(0), memoryBytes: reply.memoryBytes, extra: reply };
      }, host, timeoutMs),
    );
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** One allow-listed request to this worker's enclave (attestation, DKG, shares). */
  enclaveRequest(request: unknown): Promise<unknown> {
    return this.enqueue(async () => (await this.worker()).spawned.api.enclaveRequest(request as never));
  }

  /** Editor diagnostics for `code` (static analysis in the SDK); queued like `execute`. */
  lint(code: string): Promise<Diagnostic[]> {
    return this.enqueue(async () => (await this.worker()).spawned.api.lint(code));
  }

  /** The SDK's API description for completions and hovers; queued like `execute`. */
  describeApi(): Promise<ApiDoc> {
    return this.enqueue(async () => (await this.worker()).spawned.api.describeApi());
  }

  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(job);
    this.queue = run.catch(() => undefined);
    return run;
  }

  terminate(): void {
    this.terminated = true;
    const live = this.live;
    this.live = null;
    this.current = null;
    void live?.then((w) => w.spawned.terminate()).catch(() => undefined);
  }

  private worker(): Promise<LiveWorker> {
    if (!this.live) {
      this.live = this.spawnAndBoot();
      this.live.catch(() => {
        this.live = null;
      });
    }
    return this.live;
  }

  private async spawnAndBoot(): Promise<LiveWorker> {
    if (this.bootCount === 0 && this.options.bootAfter) await this.options.bootAfter().catch(() => undefined);
    const spawned = this.options.spawn();
    const channelBuffer = createChannelBuffer();
    const state: LiveWorker["responder"] = {
      handler: async () => new Uint8Array(0),
      pendingSince: null,
      hostMs: 0,
    };
    const responder = new SyncResponder(channelBuffer, async (req) => {
      state.pendingSince = performance.now();
      try {
        return await state.handler(req);
      } finally {
        state.hostMs += performance.now() - (state.pendingSince ?? performance.now());
        state.pendingSince = null;
      }
    });
    const live: LiveWorker = { spawned, responder: state, info: null as unknown as EngineInfo, dead: null };
    spawned.onChannelMessage((msg) => {
      if (!isBootProgressMessage(msg)) responder.onMessage(msg);
      else if (this.current === null && !live.dead && this.statusNow.state === "booting") this.setStatus(msg.progress);
    });
    const died = new Promise<never>((_, reject) => {
      spawned.onExit((reason) => {
        if (live.info) this.died(live, reason);
        live.dead ??= reason;
        reject(new Error(`validator worker failed to start: ${reason}`));
      });
    });
    died.catch(() => undefined);
    this.setStatus({ state: "booting", stage: "loading Pyodide", progress: 0, measured: false, bootMs: undefined });
    const started = performance.now();
    try {
      const [snapshot, wasmModule] = await Promise.all([
        this.options.snapshot?.get().catch(() => null),
        this.options.wasmModule?.().catch(() => null),
      ]);
      const init = { indexURL: this.options.indexURL, sdkFiles: this.options.sdkFiles, channelBuffer };
      live.info = await Promise.race([
        spawned.api.boot(
          { ...init, ...(snapshot && { snapshot }), ...(wasmModule && { wasmModule }) },
          spawned.channelPortForWorker as never,
          this.options.enclave?.() as never,
        ),
        died,
      ]);
    } catch (e) {
      spawned.terminate();
      const error = new Error(`validator failed to start: ${lastLine(e)}`);
      this.setStatus({ state: "failed", message: error.message });
      throw error;
    }
    this.bootCount++;
    if (live.info.snapshotError) this.options.snapshot?.failed(live.info.snapshotError);
    this.current = live;
    this.setStatus({
      state: "ready",
      stage: "ready",
      progress: 1,
      measured: true,
      bootMs: Math.round(performance.now() - started),
      python: live.info.pythonVersion,
      startedFrom: live.info.started,
    });
    return live;
  }

  /** A booted worker died on its own (or was killed by the test hook): replace it. */
  private died(live: LiveWorker, reason: string): void {
    if (live.dead) return;
    live.dead = `${CRASH_DETAIL} (${lastLine(reason)})`;
    this.recycle(live, live.dead);
  }

  private async executeNow(
    invoke: (api: SpawnedWorker["api"]) => Promise<{ response: Uint8Array; memoryBytes: number; extra?: unknown }>,
    host: HostHandler,
    timeoutMs: number,
  ): Promise<RawOutcome> {
    const live = await this.worker();
    live.responder.handler = host;
    live.responder.hostMs = 0;
    const started = performance.now();
    const computeMs = () => {
      const waiting = live.responder.pendingSince === null ? 0 : performance.now() - live.responder.pendingSince;
      return performance.now() - started - live.responder.hostMs - waiting;
    };
    let timer: ReturnType<typeof setInterval> | undefined;
    const watchdog = new Promise<RawOutcome>((resolve) => {
      timer = setInterval(() => {
        if (live.dead) resolve({ ok: false, reason: "crashed", detail: live.dead, computeMs: computeMs() });
        else if (computeMs() > timeoutMs)
          resolve({ ok: false, reason: "timeout", detail: `no result after ${timeoutMs} ms of compute`, computeMs: computeMs() });
      }, 20);
    });
    let memoryBytes = 0;
    const work = invoke(live.spawned.api).then(
      (reply): RawOutcome => {
        memoryBytes = reply.memoryBytes;
        return { ok: true, response: reply.response, computeMs: computeMs(), extra: reply.extra };
      },
      (e: unknown): RawOutcome => ({ ok: false, reason: "crashed", detail: `${CRASH_DETAIL} (${lastLine(e)})`, computeMs: computeMs() }),
    );
    const outcome = await Promise.race([work, watchdog]);
    clearInterval(timer);
    if (!outcome.ok) {
      this.recycle(live, outcome.reason === "timeout" ? `replaced after a ${outcome.detail}` : outcome.detail);
    } else if (this.options.memoryRecycleBytes && memoryBytes > this.options.memoryRecycleBytes) {
      this.recycle(live, `replaced after its memory grew to ${Math.round(memoryBytes / 2 ** 20)} MB`);
    }
    return outcome;
  }

  /** Drops a worker and boots its replacement right away, so the next call finds it warm. */
  private recycle(live: LiveWorker, why: string): void {
    live.spawned.terminate();
    if (this.current !== live) return;
    this.current = null;
    this.live = null;
    if (this.terminated) return;
    this.setStatus({ restarts: this.statusNow.restarts + 1, message: why });
    void this.worker().catch(() => undefined);
  }
}

/** One line from an error that may carry a whole Python traceback. */
function lastLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  const lines = text.split("\n").map((l) => l.trim()).filter(Boolean);
  return (lines.at(-1) ?? "unknown error").replace(/^validator worker failed to start: /, "");
}
