/**
 * One validator's Python: a Pyodide instance with our `genlayer` SDK, reachable from contract code
 * only through the `/dev/glhost` device (see src/sdk/README.md). Runs inside a worker (browser
 * module Worker or Node worker_threads); the adapters in ./browser and ./node expose it.
 */
import { loadPyodide, type PyodideInterface } from "pyodide";
import { SyncRequester, type ChannelMessage } from "../src/core/runtime/sync-channel";
import { DEFAULT_MEMORY_LIMIT_BYTES, installCompiledModule, installWasmMemoryCap, releaseBuffer } from "./wasm-memory-cap";
import { entropyTargetHere, InterpreterIsolation, type EmscriptenFs, type EmscriptenModule } from "./interpreter-isolation";
import { STAGE_START, type BootStage } from "./boot-progress";
import { withSparseSnapshotCopy } from "./sparse-copy";
import { trackPyodideDownload } from "./download-progress";
import type { ApiDoc, Diagnostic } from "../src/core/runtime/editor-analysis-types";

export interface EngineInit {
  /** Where pyodide.asm.wasm & co live (browser); omitted in Node. */
  indexURL?: string;
  /** SDK files: path relative to the SDK root (e.g. "genlayer/gl/__init__.py") → source. */
  sdkFiles: Record<string, string>;
  /** Shared buffer of the synchronous host channel. */
  channelBuffer: SharedArrayBuffer;
  /** Upper bound of the interpreter's linear memory (default 1 GiB). */
  memoryLimitBytes?: number;
  /**
   * Start from a memory snapshot of an interpreter that already imported the SDK (made by
   * `PythonEngine.makeSnapshot` with the same SDK files) instead of starting Python: the bytes, or
   * where they are in the browser's Cache Storage. A snapshot that does not load means a normal boot.
   */
  snapshot?: SnapshotSource;
  /** The interpreter's code compiled once by the page, with the default memory cap applied. */
  wasmModule?: WebAssembly.Module;
}

export type SnapshotSource = { bytes: Uint8Array } | { cacheName: string; key: string };

export { DEFAULT_MEMORY_LIMIT_BYTES };

export interface EngineInfo {
  pythonVersion: string;
  pyodideVersion: string;
  bootMs: number;
  /** How the interpreter started: Python's own start-up, or a restored snapshot. */
  started: "boot" | "snapshot";
  /** One line: why a snapshot that was given could not be used (the worker booted normally). */
  snapshotError?: string;
}

import { BOOT_PY, DEVICE_PATH, LOCKDOWN_PY, REQUEST_PATH, RESPONSE_PATH, SDK_ROOT, TOOL_INPUT_PATH, TOOL_OUTPUT_PATH } from "./engine-boot-script";

/**
 * Answers a host request inside the worker (an enclave's own requests: sealed state, in-enclave
 * LLM) or returns undefined to send it to the main thread as usual.
 */
export type LocalHost = (request: Uint8Array) => Uint8Array | undefined;

/** Globals a contract must never reach, even if it escapes Python. */
const WORKER_GLOBALS_TO_REMOVE = [
  "process",
  "require",
  "fetch",
  "XMLHttpRequest",
  "WebSocket",
  "WebSocketStream",
  "EventSource",
  "BroadcastChannel",
  "indexedDB",
  "caches",
  "importScripts",
  "open",
  "Request",
  "Response",
];

export class PythonEngine {
  private constructor(
    private readonly py: PyodideInterface,
    private readonly entry: () => void,
    private readonly toolEntry: () => void,
    readonly info: EngineInfo,
    private readonly isolation: InterpreterIsolation,
  ) {}

  /**
   * Boots Pyodide and the SDK. `onProgress` hears each stage and, where the browser lets us
   * measure it, the share of Pyodide's download that has arrived.
   */
  static async create(
    init: EngineInit,
    post: (msg: ChannelMessage) => void,
    onProgress: (stage: BootStage, progress: number, measured: boolean) => void = () => {},
  ): Promise<PythonEngine> {
    const started = performance.now();
    let py: PyodideInterface | null = null;
    let snapshotError: string | undefined;
    if (init.snapshot) {
      const bytes = snapshotBytes(init.snapshot);
      try {
        py = await startPyodide(init, onProgress, bytes);
        // copied into the interpreter's memory: free the 30-40 MB now rather than at the next GC
        void bytes.then((b) => releaseBuffer(b.buffer)).catch(() => undefined);
        installSdk(py, init.sdkFiles); // files are not in the snapshot; the imported modules are
      } catch (e) {
        snapshotError = `the interpreter snapshot did not load (${oneLine(e)}); started Python instead`;
      }
    }
    if (!py) {
      py = await startPyodide(init, onProgress);
      installSdk(py, init.sdkFiles);
      py.runPython(BOOT_PY);
    }
    onProgress("installing SDK", STAGE_START["installing SDK"], true);
    const requester = new SyncRequester(init.channelBuffer, post);
    let localHost: LocalHost | null = null;
    const isolation = new InterpreterIsolation(
      py.FS as unknown as EmscriptenFs,
      (py as unknown as { _module: EmscriptenModule })._module,
      { request: REQUEST_PATH, response: RESPONSE_PATH, device: DEVICE_PATH },
      entropyTargetHere(),
    );
    isolation.onReset = installDevice(py, (request) => isolation.hostCall(() => localHost?.(request) ?? requester.request(request)));
    py.FS.mkdirTree("/glhost");
    py.runPython("_gl_open_device()");
    onProgress("installing SDK", 0.95, true);
    const entry = py.globals.get("_gl_entry") as (() => void) & { copy?: () => unknown };
    const toolEntry = py.globals.get("_gl_tool_entry") as () => void;
    const pythonVersion = py.runPython("import sys; sys.version.split()[0]") as string;
    lockDown(py);
    // Every execution starts from the interpreter exactly as it is now.
    isolation.capture();
    onProgress("ready", 1, true);
    const engine = new PythonEngine(
      py,
      entry,
      toolEntry,
      {
        pythonVersion,
        pyodideVersion: py.version,
        bootMs: Math.round(performance.now() - started),
        started: init.snapshot && !snapshotError ? "snapshot" : "boot",
        ...(snapshotError && { snapshotError }),
      },
      isolation,
    );
    engine.setLocalHost = (host) => {
      localHost = host;
    };
    return engine;
  }

  /**
   * Starts Python, imports the SDK (the boot script, before any device, lockdown or execution)
   * and returns the interpreter's memory as a snapshot for `EngineInit.snapshot`. The interpreter
   * is not usable afterwards: every worker, this one's successor included, restores the same bytes.
   */
  static async makeSnapshot(init: Omit<EngineInit, "channelBuffer" | "snapshot">): Promise<Uint8Array> {
    const py = await startPyodide(init, () => {}, undefined, true);
    installSdk(py, init.sdkFiles);
    py.runPython(BOOT_PY);
    return py.makeMemorySnapshot();
  }

  /** Routes host requests through `host` first (null: everything goes to the main thread). */
  setLocalHost: (host: LocalHost | null) => void = () => {};

  /** Runs one execution (calldata request → calldata response). Blocks the worker thread. */
  execute(request: Uint8Array): Uint8Array {
    this.py.FS.writeFile(REQUEST_PATH, request);
    this.isolation.run(this.entry);
    const out = this.py.FS.readFile(RESPONSE_PATH) as Uint8Array;
    this.py.FS.unlink(RESPONSE_PATH);
    return out;
  }

  /** Editor diagnostics for a contract's source (`genlayer._lint.lint`; nothing is executed). */
  lint(code: string): Diagnostic[] {
    return this.runTool("lint", code) as Diagnostic[];
  }

  /** The SDK's API for completions and hovers (`genlayer._api_docs.describe_api`). */
  describeApi(): ApiDoc {
    return this.runTool("describe_api", "") as ApiDoc;
  }

  /** Text in through the FS, JSON text out: Python never gets a JavaScript object. */
  private runTool(name: string, input: string): unknown {
    this.isolation.restoreIfDirty();
    this.py.FS.writeFile(TOOL_INPUT_PATH, `${name}\n${input}`);
    this.isolation.markDirty();
    this.toolEntry();
    const out = this.py.FS.readFile(TOOL_OUTPUT_PATH, { encoding: "utf8" }) as string;
    this.py.FS.unlink(TOOL_OUTPUT_PATH);
    const parsed = JSON.parse(out) as { ok?: unknown; error?: string };
    if (parsed.error !== undefined) throw new Error(parsed.error);
    return parsed.ok;
  }

  /** Size of the interpreter's linear memory; grows after memory-hungry executions. */
  memoryBytes(): number {
    const mod = (this.py as unknown as { _module: { HEAP8: Int8Array } })._module;
    return mod.HEAP8.byteLength;
  }
}

/** Loads Pyodide (the interpreter starting, or restored from `snapshot`), reporting download progress. */
async function startPyodide(
  init: Omit<EngineInit, "channelBuffer">,
  onProgress: (stage: BootStage, progress: number, measured: boolean) => void,
  snapshot?: Promise<Uint8Array>,
  makeSnapshot = false,
): Promise<PyodideInterface> {
  const limit = init.memoryLimitBytes ?? DEFAULT_MEMORY_LIMIT_BYTES;
  const wasmCompiled = init.wasmModule !== undefined && limit === DEFAULT_MEMORY_LIMIT_BYTES;
  if (wasmCompiled) installCompiledModule(init.wasmModule!);
  else installWasmMemoryCap(limit);
  onProgress("loading Pyodide", STAGE_START["loading Pyodide"], false);
  // Once the download is in, what is left of loadPyodide is compiling the wasm and starting Python.
  const downloadSpan = STAGE_START["starting Python"] - STAGE_START["loading Pyodide"];
  const stopTracking = trackPyodideDownload((fraction) => {
    if (fraction >= 1) onProgress("starting Python", STAGE_START["starting Python"], true);
    else onProgress("loading Pyodide", STAGE_START["loading Pyodide"] + downloadSpan * fraction, true);
  }, { wasmCompiled });
  try {
    const load = () =>
      loadPyodide({
        indexURL: init.indexURL,
        env: { PYTHONHASHSEED: "0", TZ: "UTC", HOME: "/home/contract" },
        stdout: () => {},
        stderr: () => {},
        ...(snapshot && { _loadSnapshot: snapshot }),
        ...(makeSnapshot && { _makeSnapshot: true }),
      });
    const py = snapshot ? await withSparseSnapshotCopy(snapshot, load) : await load();
    // the snapshot's bytes are in the interpreter's memory now; do not keep a second copy
    const config = (py as unknown as { _api?: { config?: { _loadSnapshot?: unknown } } })._api?.config;
    if (config) config._loadSnapshot = undefined;
    return py;
  } finally {
    stopTracking();
  }
}

/** The snapshot's bytes, from the message or from Cache Storage (read here, not copied through the page). */
async function snapshotBytes(source: SnapshotSource): Promise<Uint8Array> {
  if ("bytes" in source) return source.bytes;
  const cache = await (globalThis as { caches?: CacheStorage }).caches?.open(source.cacheName);
  const found = await cache?.match(source.key);
  if (!found) throw new Error("not in the browser's cache");
  return new Uint8Array(await found.arrayBuffer());
}

function oneLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split("\n").map((l) => l.trim()).filter(Boolean)[0]?.slice(0, 160) ?? "unknown error";
}

function installSdk(py: PyodideInterface, files: Record<string, string>): void {
  for (const [rel, source] of Object.entries(files)) {
    const full = `${SDK_ROOT}/${rel}`;
    py.FS.mkdirTree(full.slice(0, full.lastIndexOf("/")));
    py.FS.writeFile(full, source);
  }
}

/**
 * `/dev/glhost`: Python writes `u32 length ‖ request`, then reads `u32 length ‖ answer`.
 * Returns a function that drops whatever a previous execution left half-written or unread.
 */
function installDevice(py: PyodideInterface, request: (bytes: Uint8Array) => Uint8Array): () => void {
  const FS = py.FS;
  const dev = FS.makedev(64, 0);
  let inbox = new Uint8Array(0);
  let outbox = new Uint8Array(0);
  let outPos = 0;
  FS.registerDevice(dev, {
    open() {},
    close() {},
    read(_stream: unknown, buffer: Uint8Array, offset: number, length: number) {
      const n = Math.min(length, outbox.length - outPos);
      buffer.set(outbox.subarray(outPos, outPos + n), offset);
      outPos += n;
      return n;
    },
    write(_stream: unknown, buffer: Uint8Array, offset: number, length: number) {
      const merged = new Uint8Array(inbox.length + length);
      merged.set(inbox);
      merged.set(buffer.subarray(offset, offset + length), inbox.length);
      inbox = merged;
      if (inbox.length >= 4) {
        const need = new DataView(inbox.buffer).getUint32(0, true);
        if (inbox.length >= 4 + need) {
          const answer = request(inbox.slice(4, 4 + need));
          inbox = inbox.slice(4 + need);
          outbox = new Uint8Array(4 + answer.length);
          new DataView(outbox.buffer).setUint32(0, answer.length, true);
          outbox.set(answer, 4);
          outPos = 0;
        }
      }
      return length;
    },
  });
  FS.mkdev(DEVICE_PATH, dev);
  return () => {
    inbox = new Uint8Array(0);
    outbox = new Uint8Array(0);
    outPos = 0;
  };
}

/**
 * After boot, contract code must not reach JavaScript: drop the `js`/`pyodide_js` modules and
 * every Pyodide Python module, and remove network and storage APIs from the worker's globals.
 */
function lockDown(py: PyodideInterface): void {
  py.runPython(LOCKDOWN_PY);
  for (const name of ["js", "pyodide_js"]) {
    try {
      py.unregisterJsModule(name);
    } catch {
      /* already gone */
    }
  }
  sealCodeEvaluation();
  const g = globalThis as Record<string, unknown>;
  for (const name of WORKER_GLOBALS_TO_REMOVE) {
    try {
      delete g[name];
      if (name in g) Object.defineProperty(g, name, { value: undefined, configurable: false });
    } catch {
      /* not removable here */
    }
  }
}

/**
 * Python can still build JavaScript objects through Pyodide internals found on its heap; without a
 * way to compile code from a string, such an object cannot be turned into the worker's global.
 */
function sealCodeEvaluation(): void {
  const refuse = function () {
    throw new EvalError("code evaluation is disabled in validator workers");
  };
  const samples = [function () {}, async function () {}, function* () {}, async function* () {}];
  for (const sample of samples) {
    Object.defineProperty(Object.getPrototypeOf(sample), "constructor", {
      value: refuse,
      writable: false,
      configurable: false,
    });
  }
  const g = globalThis as Record<string, unknown>;
  Object.defineProperty(g, "Function", { value: refuse, writable: false, configurable: false });
  Object.defineProperty(g, "eval", { value: refuse, writable: false, configurable: false });
}
