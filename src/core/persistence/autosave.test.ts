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
