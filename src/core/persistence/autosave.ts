/**
 * Debounced saving: many `schedule(value)` calls within `delayMs` become one `save(latest)`.
 * `flush()` saves at once (call it on `pagehide` / before a reset or export); saves never overlap.
 * A failed save is reported through `onResult` and the value stays pending for the next try.
 */
export interface SaveOutcome {
  ok: boolean;
  message?: string;
}

export interface Autosaver<T> {
  schedule(value: T): void;
  /** Saves the pending value now (resolves when written; no-op when nothing is pending). */
  flush(): Promise<SaveOutcome>;
  /** True while a value waits to be written or is being written. */
  readonly pending: boolean;
  cancel(): void;
}

export function createAutosaver<T>(
  save: (value: T) => Promise<SaveOutcome>,
  opts: { delayMs?: number; onResult?: (r: SaveOutcome) => void } = {},
): Autosaver<T> {
  const delay = opts.delayMs ?? 400;
  let latest: { value: T } | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<SaveOutcome> = Promise.resolve({ ok: true });
  let writing = false;

  const clear = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };

  const flush = (): Promise<SaveOutcome> => {
    clear();
    running = running.then(async () => {
      if (!latest) return { ok: true };
      const item = latest;
      latest = null;
      writing = true;
      let r: SaveOutcome;
      try {
        r = await save(item.value);
      } catch (e) {
        r = { ok: false, message: e instanceof Error ? e.message : String(e) };
      }
      writing = false;
      if (!r.ok && !latest) latest = item; // keep it for the next try
      opts.onResult?.(r);
      return r;
    });
    return running;
  };

  return {
    schedule(value: T) {
      latest = { value };
      clear();
      timer = setTimeout(() => void flush(), delay);
    },
    flush,
    get pending() {
      return latest !== null || writing;
    },
    cancel() {
      clear();
      latest = null;
    },
  };
}
