import { describe, expect, it, vi } from "vitest";
import { createAutosaver } from "./autosave";

describe("createAutosaver", () => {
  it("coalesces bursts into one save of the latest value", async () => {
    vi.useFakeTimers();
    const saved: number[] = [];
    const a = createAutosaver(async (v: number) => (saved.push(v), { ok: true }), { delayMs: 100 });
    a.schedule(1);
    a.schedule(2);
    vi.advanceTimersByTime(50);
    a.schedule(3);
    expect(a.pending).toBe(true);
    await vi.advanceTimersByTimeAsync(100);
    expect(saved).toEqual([3]);
    expect(a.pending).toBe(false);
    vi.useRealTimers();
  });

  it("flush saves at once; a failed save stays pending and is reported", async () => {
    const results: boolean[] = [];
    let fail = true;
    const saved: string[] = [];
    const a = createAutosaver(
      async (v: string) => {
        if (fail) throw new Error("QuotaExceededError");
        saved.push(v);
        return { ok: true };
      },
      { delayMs: 10_000, onResult: (r) => results.push(r.ok) },
    );
    a.schedule("x");
    expect(await a.flush()).toEqual({ ok: false, message: "QuotaExceededError" });
    expect(a.pending).toBe(true);
    fail = false;
    expect(await a.flush()).toEqual({ ok: true });
    expect(saved).toEqual(["x"]);
    expect(results).toEqual([false, true]);
    expect(await a.flush()).toEqual({ ok: true }); // nothing pending
    expect(saved).toEqual(["x"]);
  });
});

describe("createAutosaver bounds and retries", () => {
  it("maxWaitMs writes a value that keeps being rescheduled", async () => {
    vi.useFakeTimers();
    const saved: number[] = [];
    const a = createAutosaver(async (v: number) => (saved.push(v), { ok: true }), { delayMs: 600, maxWaitMs: 2000 });
    // A change every 300 ms never leaves the 600 ms debounce quiet.
    for (let i = 1; i <= 8; i++) {
      a.schedule(i);
      await vi.advanceTimersByTimeAsync(300);
    }
    // Without the bound nothing would be written yet (2400 ms of changes 300 ms apart); with it,
    // the value current 2000 ms after the first change (the 7th, scheduled at 1800 ms) is.
    expect(saved).toEqual([7]);
    await vi.advanceTimersByTimeAsync(700);
    expect(saved[saved.length - 1]).toBe(8);
    vi.useRealTimers();
  });

  it("without maxWaitMs the debounce waits for a quiet moment", async () => {
    vi.useFakeTimers();
    const saved: number[] = [];
    const a = createAutosaver(async (v: number) => (saved.push(v), { ok: true }), { delayMs: 600 });
    for (let i = 1; i <= 8; i++) {
      a.schedule(i);
      await vi.advanceTimersByTimeAsync(300);
    }
    expect(saved).toEqual([]);
    await vi.advanceTimersByTimeAsync(300);
    expect(saved).toEqual([8]);
    vi.useRealTimers();
  });

  it("retryMs tries a failed save again by itself and reports the quota flag", async () => {
    vi.useFakeTimers();
    let full = true;
    const saved: string[] = [];
    const results: { ok: boolean; quota?: boolean }[] = [];
    const a = createAutosaver(
      async (v: string) => {
        if (full) return { ok: false, message: "browser storage is full", quota: true };
        saved.push(v);
        return { ok: true };
      },
      { delayMs: 100, retryMs: 1000, onResult: (r) => results.push({ ok: r.ok, ...(r.quota && { quota: true }) }) },
    );
    a.schedule("draft");
    await vi.advanceTimersByTimeAsync(100);
    expect(results).toEqual([{ ok: false, quota: true }]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(results).toHaveLength(2); // retried, still full
    full = false;
    await vi.advanceTimersByTimeAsync(1000);
    expect(saved).toEqual(["draft"]);
    expect(results[results.length - 1]).toEqual({ ok: true });
    expect(a.pending).toBe(false);
    await vi.advanceTimersByTimeAsync(5000);
    expect(results).toHaveLength(3); // no more tries once saved
    vi.useRealTimers();
  });
});
