/**
 * What keeps one contract execution from affecting the next, and from reaching the worker's
 * files, clock and entropy, at the level Python cannot reach (JavaScript, outside the wasm):
 *
 * - **a fresh interpreter per execution**: the interpreter's linear memory right after boot is
 *   kept as an image and put back after every execution (the heap above it is zeroed), so nothing
 *   a contract changes in Python — builtins, stdlib or SDK modules, audit hooks, caches, leftover
 *   objects with finalizers — survives it; `id()` and default `repr`/`hash` of objects are the same
 *   on every validator, as in a VM started fresh for each execution. File descriptors, the working
 *   directory and the host device's buffers (JavaScript state) are put back too.
 * - **files**: while Python runs, the only file it may write is the response, and it may read only
 *   the stdlib and SDK (under /lib) and the request; creating, deleting, renaming, linking or
 *   changing any file or directory fails with EPERM.
 * - **clock and entropy**: `Date.now`/`performance.now` stand still and the entropy source gives
 *   a fixed stream while Python runs (the SDK gives contracts the transaction's time and seeded
 *   randomness; this closes every other route to the real ones). Both are real again while the
 *   host answers a request.
 */

/** The parts of Emscripten's FS this module uses. */
export interface EmscriptenFs {
  streams: (EmStream | null | undefined)[];
  currentPath: string;
  open(path: string, flags: number | string, mode?: number): EmStream;
  close(stream: EmStream): void;
  write(stream: EmStream, ...rest: unknown[]): number;
  lookupPath(path: string, opts?: { follow?: boolean }): { path: string; node: { mode: number } };
  isDir(mode: number): boolean;
  modeStringToFlags(mode: string): number;
  cwd(): string;
  ErrnoError: new (errno: number) => Error;
  [op: string]: unknown;
}

interface EmStream {
  fd: number;
  path: string;
}

/** The parts of the Emscripten module (Pyodide's `_module`) this module uses. */
export interface EmscriptenModule {
  HEAPU8: Uint8Array;
  _sbrk(increment: number): number;
}

export interface IsolatedPaths {
  request: string;
  response: string;
  /** The host device: written through the descriptor opened at boot only. */
  device: string;
}

const EPERM = 63; // Emscripten's errno numbering (WASI)
const O_ACCMODE = 3;
const O_CREAT = 0o100;
const O_TRUNC = 0o1000;
const O_APPEND = 0o2000;
const READABLE_ROOT = "/lib/";
/** FS operations that change files or directories: refused while Python runs. */
const MUTATING_OPS = [
  "unlink", "rmdir", "rename", "mkdir", "mknod", "symlink", "chmod", "lchmod", "fchmod", "chown", "lchown",
  "fchown", "truncate", "ftruncate", "utime", "chdir", "msync", "dupStream",
];
/** What `Date.now()` and `performance.now()` say while Python runs: the epoch. */
const FROZEN_NOW = 0;

export class InterpreterIsolation {
  private running = false;
  private dirty = false;
  private inAllowedOpen = 0;
  private image: Uint8Array | null = null;
  private imageTop = 0;
  private savedStreams: (EmStream | null | undefined)[] = [];
  private savedCwd = "/";
  private entropy = 0;
  /** Called before each execution (the device drops half-written requests). */
  onReset: (() => void) | null = null;
  private readonly thawed: { dateNow: () => number; perfNow: () => number; fill: ((view: Uint8Array) => unknown) | null };

  constructor(
    private readonly fs: EmscriptenFs,
    private readonly mod: EmscriptenModule,
    private readonly paths: IsolatedPaths,
    private readonly entropyTarget: EntropyTarget | null,
  ) {
    this.thawed = {
      dateNow: Date.now,
      perfNow: performance.now.bind(performance),
      fill: entropyTarget ? entropyTarget.get() : null,
    };
    this.guardFiles();
  }

  /** Keeps the interpreter as it is now: every later execution starts from exactly this. */
  capture(): void {
    this.imageTop = this.mod._sbrk(0);
    this.image = this.mod.HEAPU8.slice(0, this.imageTop);
    this.savedStreams = this.fs.streams.slice();
    this.savedCwd = this.fs.cwd();
  }

  /**
   * Runs one execution of Python with files guarded and time and entropy frozen. The interpreter
   * is put back as captured before the next execution; the copy is done right after this one
   * when the worker is idle (off the reply's path), or at the latest before the next run.
   */
  run<T>(python: () => T): T {
    this.restoreIfDirty();
    this.onReset?.();
    this.running = true;
    this.dirty = true;
    this.freeze();
    try {
      return python();
    } finally {
      this.thaw();
      this.running = false;
      setTimeout(() => this.restoreIfDirty(), 0);
    }
  }

  /** Puts the interpreter back as captured if anything ran since (editor tools call this too). */
  restoreIfDirty(): void {
    if (!this.dirty) return;
    this.dirty = false;
    this.restore();
  }

  /** Python ran outside `run` (editor tools): restore before the next execution. */
  markDirty(): void {
    this.dirty = true;
  }

  /** The host answers a request: real time and entropy, files as usual (JavaScript only). */
  hostCall<T>(answer: () => T): T {
    if (!this.running) return answer();
    this.thaw();
    const wasRunning = this.running;
    this.running = false;
    try {
      return answer();
    } finally {
      this.running = wasRunning;
      this.freeze();
    }
  }

  private restore(): void {
    if (!this.image) return;
    const top = this.mod._sbrk(0);
    const heap = this.mod.HEAPU8;
    heap.set(this.image, 0);
    if (top > this.imageTop) heap.fill(0, this.imageTop, top);
    const streams = this.fs.streams;
    for (let fd = 0; fd < Math.max(streams.length, this.savedStreams.length); fd++) {
      const saved = this.savedStreams[fd];
      const now = streams[fd];
      if (now === saved) continue;
      if (now) {
        try {
          this.fs.close(now);
        } catch {
          /* already closed */
        }
      }
      if (saved) streams[fd] = saved;
      else delete streams[fd];
    }
    this.fs.currentPath = this.savedCwd;
  }

  private freeze(): void {
    Date.now = () => FROZEN_NOW;
    Object.defineProperty(performance, "now", { value: () => FROZEN_NOW, configurable: true, writable: true });
    this.entropy = 0x9e3779b9;
    this.entropyTarget?.set((view) => this.fixedStream(view));
  }

  private thaw(): void {
    Date.now = this.thawed.dateNow;
    delete (performance as { now?: unknown }).now;
    if (typeof performance.now !== "function") Object.defineProperty(performance, "now", { value: this.thawed.perfNow, configurable: true, writable: true });
    if (this.thawed.fill) this.entropyTarget?.set(this.thawed.fill);
  }

  /** The same bytes on every validator (xorshift32 from a fixed start). */
  private fixedStream(view: Uint8Array): Uint8Array {
    let x = this.entropy;
    for (let i = 0; i < view.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      view[i] = x & 0xff;
    }
    this.entropy = x >>> 0 || 1;
    return view;
  }

  private guardFiles(): void {
    const fs = this.fs;
    const refuse = () => new fs.ErrnoError(EPERM);
    const open = fs.open.bind(fs);
    fs.open = (path, flags, mode) => {
      if (!this.guarded()) return open(path, flags, mode);
      if (!this.mayOpen(path, typeof flags === "string" ? fs.modeStringToFlags(flags) : flags)) throw refuse();
      // an allowed open may create, truncate or chmod the response file itself
      this.inAllowedOpen++;
      try {
        return open(path, flags, mode);
      } finally {
        this.inAllowedOpen--;
      }
    };
    const write = fs.write.bind(fs);
    fs.write = (stream, ...rest) => {
      if (this.guarded() && !this.mayWrite(stream)) throw refuse();
      return write(stream, ...rest);
    };
    const close = fs.close.bind(fs);
    fs.close = (stream) => {
      if (this.guarded() && this.savedStreams.includes(stream)) throw refuse();
      return close(stream);
    };
    // file times are the worker's boot (or request) time: every file looks as old as the epoch
    for (const op of ["stat", "lstat", "fstat"]) {
      const original = fs[op] as (...a: unknown[]) => Record<string, unknown>;
      if (typeof original !== "function") continue;
      fs[op] = (...args: unknown[]) => {
        const stat = original.apply(fs, args);
        return this.running ? { ...stat, atime: new Date(0), mtime: new Date(0), ctime: new Date(0) } : stat;
      };
    }
    for (const op of MUTATING_OPS) {
      const original = fs[op];
      if (typeof original !== "function") continue;
      fs[op] = (...args: unknown[]) => {
        if (this.guarded()) throw refuse();
        return (original as (...a: unknown[]) => unknown).apply(fs, args);
      };
    }
  }

  private guarded(): boolean {
    return this.running && this.inAllowedOpen === 0;
  }

  private mayWrite(stream: EmStream): boolean {
    const path = this.resolve(stream.path);
    return path === this.paths.response || (path === this.paths.device && this.savedStreams.includes(stream));
  }

  private mayOpen(path: string, flags: number): boolean {
    const full = this.resolve(path);
    const writes = (flags & O_ACCMODE) !== 0 || (flags & (O_CREAT | O_TRUNC | O_APPEND)) !== 0;
    if (writes) return full === this.paths.response;
    if (full === this.paths.request || full.startsWith(READABLE_ROOT)) return true;
    try {
      return this.fs.isDir(this.fs.lookupPath(full, { follow: true }).node.mode);
    } catch {
      return false;
    }
  }

  /** The absolute path with links followed (as far as it exists). */
  private resolve(path: string): string {
    const absolute = path.startsWith("/") ? path : `${this.fs.cwd()}/${path}`;
    try {
      return this.fs.lookupPath(absolute, { follow: true }).path;
    } catch {
      const parts: string[] = [];
      for (const p of absolute.split("/")) {
        if (p === "" || p === ".") continue;
        if (p === "..") parts.pop();
        else parts.push(p);
      }
      return "/" + parts.join("/");
    }
  }
}

/** Where the interpreter's entropy comes from in this realm: get the function, put one in. */
export interface EntropyTarget {
  get(): (view: Uint8Array) => unknown;
  set(fill: (view: Uint8Array) => unknown): void;
}

/**
 * Emscripten fills entropy with `require("node:crypto").randomFillSync` in Node and
 * `crypto.getRandomValues` elsewhere, looked up at each call; call before `process` is removed.
 */
export function entropyTargetHere(): EntropyTarget | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: (name: string) => unknown } }).process;
  const nodeCrypto = proc?.getBuiltinModule?.("node:crypto") as { randomFillSync?: (view: Uint8Array) => unknown } | undefined;
  if (nodeCrypto?.randomFillSync) {
    return {
      get: () => nodeCrypto.randomFillSync!,
      set: (fill) => {
        nodeCrypto.randomFillSync = fill;
      },
    };
  }
  const web = (globalThis as { crypto?: { getRandomValues?: (view: Uint8Array) => unknown } }).crypto;
  if (!web?.getRandomValues) return null;
  const real = web.getRandomValues;
  const ownProperty = Object.getOwnPropertyDescriptor(web, "getRandomValues");
  return {
    get: () => real,
    set: (fill) => {
      if (fill !== real) Object.defineProperty(web, "getRandomValues", { value: fill, configurable: true, writable: true });
      else if (ownProperty) Object.defineProperty(web, "getRandomValues", ownProperty);
      else delete (web as { getRandomValues?: unknown }).getRandomValues;
    },
  };
}
