/**
 * One validator's Python: a Pyodide instance with our `genlayer` SDK, reachable from contract code
 * only through the `/dev/glhost` device (see src/sdk/README.md). Runs inside a worker (browser
 * module Worker or Node worker_threads); the adapters in ./browser and ./node expose it.
 */
import { loadPyodide, type PyodideInterface } from "pyodide";
import { SyncRequester, type ChannelMessage } from "../src/core/runtime/sync-channel";
import { installWasmMemoryCap } from "./wasm-memory-cap";
import { entropyTargetHere, InterpreterIsolation, type EmscriptenFs, type EmscriptenModule } from "./interpreter-isolation";
import { STAGE_START, type BootStage } from "./boot-progress";
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
}

export const DEFAULT_MEMORY_LIMIT_BYTES = 1024 * 1024 * 1024;

export interface EngineInfo {
  pythonVersion: string;
  pyodideVersion: string;
  bootMs: number;
}

const SDK_ROOT = "/lib/glsdk";
const DEVICE_PATH = "/dev/glhost";
const REQUEST_PATH = "/glhost/request";
const RESPONSE_PATH = "/glhost/response";
const TOOL_INPUT_PATH = "/glhost/tool-input";
const TOOL_OUTPUT_PATH = "/glhost/tool-output";

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
    installWasmMemoryCap(init.memoryLimitBytes ?? DEFAULT_MEMORY_LIMIT_BYTES);
    onProgress("loading Pyodide", STAGE_START["loading Pyodide"], false);
    // Once the download is in, what is left of loadPyodide is compiling the wasm and starting Python.
    const downloadSpan = STAGE_START["starting Python"] - STAGE_START["loading Pyodide"];
    const stopTracking = trackPyodideDownload((fraction) => {
      if (fraction >= 1) onProgress("starting Python", STAGE_START["starting Python"], true);
      else onProgress("loading Pyodide", STAGE_START["loading Pyodide"] + downloadSpan * fraction, true);
    });
    let py: PyodideInterface;
    try {
      py = await loadPyodide({
        indexURL: init.indexURL,
        env: { PYTHONHASHSEED: "0", TZ: "UTC", HOME: "/home/contract" },
        stdout: () => {},
        stderr: () => {},
      });
    } finally {
      stopTracking();
    }
    onProgress("installing SDK", STAGE_START["installing SDK"], true);
    installSdk(py, init.sdkFiles);
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
    py.runPython(BOOT_PY);
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
      { pythonVersion, pyodideVersion: py.version, bootMs: Math.round(performance.now() - started) },
      isolation,
    );
    engine.setLocalHost = (host) => {
      localHost = host;
    };
    return engine;
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

const BOOT_PY = `
import sys, os, struct
sys.path.insert(0, ${JSON.stringify(SDK_ROOT)})
sys.dont_write_bytecode = True

def _gl_make_backend():
    _open, _write, _read, _pack, _unpack = os.open, os.write, os.read, struct.pack, struct.unpack
    # opened now, so the descriptor is part of the interpreter every execution starts from
    state = {"fd": _open(${JSON.stringify(DEVICE_PATH)}, os.O_RDWR)}
    def read_exact(fd, n):
        parts = []
        while n > 0:
            chunk = _read(fd, n)
            if not chunk:
                raise RuntimeError("host channel closed")
            parts.append(chunk)
            n -= len(chunk)
        return b"".join(parts)
    def backend(request):
        fd = state["fd"]
        if fd is None:
            fd = state["fd"] = _open(${JSON.stringify(DEVICE_PATH)}, os.O_RDWR)
        _write(fd, _pack("<I", len(request)) + request)
        n = _unpack("<I", read_exact(fd, 4))[0]
        return read_exact(fd, n)
    return backend

import genlayer._host
genlayer._host.set_backend(_gl_make_backend())
import genlayer._runner
_gl_execute = genlayer._runner.execute
# finds the SDK's caches once, so the interpreter image every execution starts from knows them
getattr(genlayer._runner, "_reset_caches", lambda: None)()

# \`open\` and the runner are bound now: a contract that replaces them cannot stop its response
def _gl_entry(_open=open, _execute=_gl_execute):
    with _open(${JSON.stringify(REQUEST_PATH)}, "rb") as f:
        request = f.read()
    response = _execute(request)
    with _open(${JSON.stringify(RESPONSE_PATH)}, "wb") as f:
        f.write(response)

# the only audit hook: it refuses new ones (a contract's hook could break the runner's own calls)
def _gl_no_audit_hooks(event, args):
    if event == "sys.addaudithook":
        raise RuntimeError("audit hooks are not available to contracts")
sys.addaudithook(_gl_no_audit_hooks)

def _gl_make_tools():
    import json
    tools = {}
    try:
        import genlayer._lint, genlayer._api_docs
        tools["lint"] = genlayer._lint.lint
        tools["describe_api"] = lambda _text: genlayer._api_docs.describe_api()
    except ImportError:
        pass  # a stand-in SDK (tests) without the editor helpers
    def tool_entry():
        with open(${JSON.stringify(TOOL_INPUT_PATH)}, "r", encoding="utf-8", newline="") as f:
            name, _, text = f.read().partition("\\n")
        try:
            fn = tools.get(name)
            if fn is None:
                raise LookupError(f"no editor tool {name!r} in this SDK")
            out = {"ok": fn(text)}
        except Exception as e:
            out = {"error": f"{type(e).__name__}: {e}"}
        with open(${JSON.stringify(TOOL_OUTPUT_PATH)}, "w", encoding="utf-8") as f:
            f.write(json.dumps(out))
    return tool_entry

_gl_tool_entry = _gl_make_tools()
`;

const LOCKDOWN_PY = `
import sys, gc
def _gl_lockdown():
    bridge = ("js", "pyodide_js", "_pyodide_core")
    for name in list(sys.modules):
        if name in bridge or name.split(".")[0] in ("pyodide", "_pyodide", "pyodide_js"):
            module = sys.modules.pop(name)
            # Empty the module too, so objects still holding it (found through gc) lead nowhere.
            try:
                module.__dict__.clear()
            except Exception:
                pass
    # finders may be instances or classes; either way their module was just emptied
    sys.meta_path[:] = [f for f in sys.meta_path if "pyodide" not in type(f).__module__ and "pyodide" not in (getattr(f, "__module__", "") or "")]
    sys.path_hooks[:] = [h for h in sys.path_hooks if "pyodide" not in getattr(h, "__module__", "")]
    gc.collect()
_gl_lockdown()
del _gl_lockdown
`;
