import { afterEach, describe, expect, it } from "vitest";
import { WorkspaceLease, type LeaseRole, type LockManagerLike } from "./workspace-lease";

/** An in-memory exclusive lock manager with the Web Locks semantics this uses
 * (ifAvailable, waiting with an abort signal, steal, release when the callback's promise settles). */
class FakeLocks implements LockManagerLike {
  private holder: { reject(e: unknown): void } | null = null;
  private waiting: (() => void)[] = [];

  request(_name: string, o: { ifAvailable?: boolean; steal?: boolean; signal?: AbortSignal }, cb: (lock: unknown) => unknown): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const grant = () => {
        const me = { reject };
        this.holder = me;
        Promise.resolve(cb({ name: "lock" })).then(
          (v) => {
            if (this.holder === me) this.next();
            resolve(v);
          },
          reject,
        );
      };
      if (o.steal) {
        this.holder?.reject(new DOMException("stolen", "AbortError"));
        return grant();
      }
      if (!this.holder) return grant();
      if (o.ifAvailable) return Promise.resolve(cb(null)).then(resolve, reject);
      const entry = () => grant();
      this.waiting.push(entry);
      o.signal?.addEventListener("abort", () => {
        const i = this.waiting.indexOf(entry);
        if (i < 0) return;
        this.waiting.splice(i, 1);
        reject(new DOMException("aborted", "AbortError"));
      });
    });
  }

  /** The tab holding the lock went away (closed, crashed): the browser releases it. */
  drop(): void {
    this.next();
  }

  private next(): void {
    this.holder = null;
    this.waiting.shift()?.();
  }
}

const channels: BroadcastChannel[] = [];
function tab(locks: FakeLocks, name: string, opts: { startWaitMs?: number; handOverTimeoutMs?: number } = {}) {
  const channel = new BroadcastChannel(name);
  channels.push(channel);
  const lease = new WorkspaceLease({ locks, channel, name, startWaitMs: 50, handOverTimeoutMs: 300, goneAfterMs: 20, ...opts });
  const roles: LeaseRole[] = [];
  lease.subscribe((r) => roles.push(r));
  const saves: boolean[] = [];
  lease.onHandOver(async (save) => void saves.push(save));
  return { lease, roles, saves };
}

afterEach(() => {
  for (const c of channels.splice(0)) c.close();
});

describe("WorkspaceLease", () => {
  it("the first tab writes, a second one reads; take-over makes the writer save and step down", async () => {
    const locks = new FakeLocks();
    const a = tab(locks, "ws-1");
    const b = tab(locks, "ws-1");
    expect(await a.lease.acquire()).toBe("writer");
    expect(await b.lease.acquire()).toBe("reader");
    await b.lease.takeOver();
    expect(a.saves).toEqual([true]); // saved what it had before letting go
    expect(a.lease.role).toBe("handed-over");
    expect(a.roles).toEqual(["writer", "handed-over"]);
    // b holds the lock now: a third tab reads.
    const c = tab(locks, "ws-1");
    expect(await c.lease.acquire()).toBe("reader");
  });

  it("a starting tab waits a moment for the lock a reloading tab still holds", async () => {
    const locks = new FakeLocks();
    const before = tab(locks, "ws-2");
    expect(await before.lease.acquire()).toBe("writer");
    const after = tab(locks, "ws-2", { startWaitMs: 500 });
    const role = after.lease.acquire();
    setTimeout(() => locks.drop(), 30); // the old page is unloaded
    expect(await role).toBe("writer");
  });

  it("taking over from a tab that closed needs no answer", async () => {
    const locks = new FakeLocks();
    const a = tab(locks, "ws-3");
    const b = tab(locks, "ws-3");
    await a.lease.acquire();
    await b.lease.acquire();
    locks.drop(); // a crashed
    await b.lease.takeOver();
    expect(a.saves).toEqual([]);
    expect(await tab(locks, "ws-3").lease.acquire()).toBe("reader");
  });

  it("a writer that does not answer loses the lock after the timeout and stops without saving", async () => {
    const locks = new FakeLocks();
    const hung = new WorkspaceLease({ locks, channel: null, name: "ws-4", startWaitMs: 50 }); // hears nothing
    const stops: boolean[] = [];
    hung.onHandOver(async (save) => void stops.push(save));
    await hung.acquire();
    const b = tab(locks, "ws-4", { handOverTimeoutMs: 100 });
    await b.lease.acquire();
    const t0 = Date.now();
    await b.lease.takeOver();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(90);
    await new Promise((r) => setTimeout(r, 10));
    expect(stops).toEqual([false]);
    expect(hung.role).toBe("handed-over");
  });

  it("a reader, and a tab that handed over, learn when the writing tab closes (not when it reloads), then take over at once", async () => {
    const settle = () => new Promise((r) => setTimeout(r, 60));
    const locks = new FakeLocks();
    const a = tab(locks, "ws-6");
    const b = tab(locks, "ws-6");
    await a.lease.acquire();
    await b.lease.acquire();
    // a reloads: its lock is free for a moment, then its new page holds it again
    locks.drop();
    expect(await tab(locks, "ws-6", { startWaitMs: 500 }).lease.acquire()).toBe("writer");
    await settle();
    expect(b.roles).toEqual(["reader"]);
    locks.drop(); // now it is closed
    await settle();
    expect(b.roles).toEqual(["reader", "writer-gone"]);
    await b.lease.takeOver(); // nobody to ask
    expect(a.saves).toEqual([]);
    expect(b.lease.role).toBe("writer");
    // the lock is b's now: a new tab reads, and nobody is told the writer is gone
    const c = tab(locks, "ws-6");
    expect(await c.lease.acquire()).toBe("reader");
    await settle();
    expect(c.roles).toEqual(["reader"]);
    // c takes over from b; b, handed over, hears when c closes
    await c.lease.takeOver();
    expect(b.roles.at(-1)).toBe("handed-over");
    locks.drop();
    await settle();
    expect(b.roles.at(-1)).toBe("writer-gone");
  });

  it("without Web Locks every tab writes (the old behaviour)", async () => {
    const lease = new WorkspaceLease({ locks: null, channel: null, name: "ws-5" });
    expect(await lease.acquire()).toBe("writer");
  });
});
