/**
 * Debounced saving: many `schedule(value)` calls within `delayMs` become one `save(latest)`.
 * `flush()` saves at once (call it on `pagehide` / before a reset or export); saves never overlap.
 * `maxWaitMs` bounds the debounce: a value scheduled again and again (a long consensus run emits
 * changes every few hundred ms) is still written at least that often, so a crash mid-run finds a
 * recent save. A failed save is reported through `onResult`, the value stays pending and, with
 * `retryMs`, is tried again after that long (e.g. once the browser has storage again).
 */
export interface SaveOutcome {
  ok: boolean;
  message?: string;
  /** The save failed because browser storage is full. */
  quota?: boolean;
}

export interface Autosaver<T> {
  schedule(value: T): void;
  /** Saves the pending value now (resolves when written; no-op when nothing is pending). */
  flush(): Promise<SaveOutcome>;
  /** True while a value waits to be written or is being written. */
  readonly pending: boolean;
  cancel(): void;
}

export interface AutosaveOptions {
  delayMs?: number;
  /** The longest a scheduled value waits while newer values keep coming (default: no bound). */
  maxWaitMs?: number;
  /** Try a failed save again after this long (default: only on the next schedule or flush). */
  retryMs?: number;
  onResult?: (r: SaveOutcome) => void;
}

export function createAutosaver<T>(save: (value: T) => Promise<SaveOutcome>, opts: AutosaveOptions = {}): Autosaver<T> {
  const delay = opts.delayMs ?? 400;
  let latest: { value: T } | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  /** When the oldest unsaved value was scheduled (null: nothing waits). */
  let waitingSince: number | null = null;
  let running: Promise<SaveOutcome> = Promise.resolve({ ok: true });
  let writing = false;

  const clear = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };
  const arm = (ms: number) => {
    clear();
    timer = setTimeout(() => void flush(), ms);
  };

  const flush = (): Promise<SaveOutcome> => {
    clear();
    running = running.then(async () => {
      if (!latest) return { ok: true };
      const item = latest;
      latest = null;
      waitingSince = null;
      writing = true;
      let r: SaveOutcome;
      try {
        r = await save(item.value);
      } catch (e) {
        r = { ok: false, message: e instanceof Error ? e.message : String(e) };
      }
      writing = false;
      if (!r.ok && !latest) {
        latest = item; // keep it for the next try
        if (opts.retryMs !== undefined && timer === null) arm(opts.retryMs);
      }
      opts.onResult?.(r);
      return r;
    });
    return running;
  };

  return {
    schedule(value: T) {
      latest = { value };
      const now = Date.now();
      waitingSince ??= now;
      const left = opts.maxWaitMs === undefined ? delay : Math.min(delay, Math.max(0, waitingSince + opts.maxWaitMs - now));
      arm(left);
    },
    flush,
    get pending() {
      return latest !== null || writing;
    },
    cancel() {
      clear();
      latest = null;
      waitingSince = null;
    },
  };
}
