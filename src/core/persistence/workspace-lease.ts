/**
 * One tab writes a workspace at a time. Two tabs that both autosaved the same store would overwrite
 * each other's files and chain without a word; instead the first tab holds an exclusive lock (Web
 * Locks: released by the browser when the tab closes, crashes or navigates away) and is the
 * writer. A tab opened while another holds it is a reader: it shows the saved workspace and saves
 * nothing. A reader can take over: it asks the writer (over a BroadcastChannel) to save what it
 * has and step down, then holds the lock and reloads from storage. A writer that does not answer
 * (hung) loses the lock after `handOverTimeoutMs` (steal). A reader (or a tab that handed over)
 * learns when the writing tab is gone: its role becomes "writer-gone", and taking over is then
 * immediate.
 *
 * DOM-free: the lock manager and the channel are passed in (`navigator.locks` and a
 * `BroadcastChannel` in the browser; fakes in tests). Without a lock manager every tab writes,
 * as before.
 */

/** The part of the Web Locks `LockManager` this uses. */
export interface LockManagerLike {
  request(name: string, options: { ifAvailable?: boolean; steal?: boolean; signal?: AbortSignal }, callback: (lock: unknown) => unknown): Promise<unknown>;
}

/** The part of `BroadcastChannel` this uses. */
export interface ChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: "message", listener: (event: { data: unknown }) => void): void;
}

/** writer: saves the workspace; reader: another tab was writing when this one opened;
 * handed-over: this tab was the writer and another took over; writer-gone: a reader or handed-over
 * tab whose writing tab has since closed (this tab still saves nothing until it takes over). */
export type LeaseRole = "writer" | "reader" | "handed-over" | "writer-gone";

export interface LeaseOptions {
  locks: LockManagerLike | null;
  channel: ChannelLike | null;
  /** Lock and channel name (one per workspace database). */
  name: string;
  /** How long a starting tab waits for a lock a reloading tab is still releasing (default 1500 ms). */
  startWaitMs?: number;
  /** How long a take-over waits for the writer to save and step down before stealing (default 3000 ms). */
  handOverTimeoutMs?: number;
  /** How long the lock must stay free before the writer counts as gone, not reloading (default 2500 ms). */
  goneAfterMs?: number;
}

type Message = { type: "take-over" };

export class WorkspaceLease {
  private current: LeaseRole = "reader";
  private release: (() => void) | null = null;
  private handOver: (save: boolean) => Promise<void> = async () => {};
  private readonly listeners = new Set<(role: LeaseRole) => void>();

  constructor(private readonly opts: LeaseOptions) {
    opts.channel?.addEventListener("message", (e) => void this.onMessage(e.data as Message));
  }

  get role(): LeaseRole {
    return this.current;
  }

  /** Called when another tab takes over: stop saving, after saving what is pending when `save`
   * (false when the lock was stolen: the other tab may already have read the store). */
  onHandOver(fn: (save: boolean) => Promise<void>): void {
    this.handOver = fn;
  }

  /** Told whenever the role changes. */
  subscribe(fn: (role: LeaseRole) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Tries to become the writer (waiting a moment for a tab that is reloading); resolves to the role. */
  async acquire(): Promise<LeaseRole> {
    const { locks } = this.opts;
    if (!locks) return this.set("writer");
    const got = await this.hold({ signal: AbortSignal.timeout(this.opts.startWaitMs ?? 1500) });
    if (!got) this.watchWriter();
    return this.set(got ? "writer" : "reader");
  }

  /**
   * Waits in the lock's queue without keeping it (it is let go at once, so taking over, or another
   * tab, finds it free). Once granted, the writer let go: if nobody holds the lock a moment later
   * it is gone; if someone does (the writer reloaded, or another tab opened), watch that one.
   */
  private watchWriter(): void {
    const { locks, name } = this.opts;
    if (!locks) return;
    const watching = () => this.current === "reader" || this.current === "handed-over";
    void locks
      .request(name, {}, () => undefined)
      .then(async () => {
        await new Promise((r) => setTimeout(r, this.opts.goneAfterMs ?? 2500));
        if (!watching()) return;
        const free = await locks.request(name, { ifAvailable: true }, (lock) => lock !== null);
        if (!watching()) return;
        if (free) this.set("writer-gone");
        else this.watchWriter();
      })
      .catch(() => undefined);
  }

  /** Asks the writer to step down and holds the lock once it did (or stole it after the timeout).
   * The caller then reloads the page so the workspace comes back from storage. */
  async takeOver(): Promise<void> {
    const { locks } = this.opts;
    if (!locks || this.current === "writer") return;
    if (!(await this.hold({ ifAvailable: true }))) {
      // the writer is still there: ask it to save and step down, or take the lock from it
      this.opts.channel?.postMessage({ type: "take-over" } satisfies Message);
      const stepped = await this.hold({ signal: AbortSignal.timeout(this.opts.handOverTimeoutMs ?? 3000) });
      if (!stepped) await this.hold({ steal: true });
    }
    this.set("writer");
  }

  /**
   * Requests the lock; resolves true once held (kept until `release`), false when not granted
   * (`ifAvailable` and taken, or the signal fired first). A lock stolen later makes this tab
   * step down as after a hand-over (nothing left to save: the other tab won).
   */
  private hold(options: { ifAvailable?: boolean; steal?: boolean; signal?: AbortSignal }): Promise<boolean> {
    return new Promise<boolean>((granted) => {
      this.opts.locks!
        .request(this.opts.name, options, (lock) => {
          if (!lock) return granted(false);
          granted(true);
          return new Promise<void>((r) => (this.release = r));
        })
        .catch(() => {
          granted(false); // aborted before it was granted (a no-op once granted)
          if (this.current === "writer" && this.release) {
            this.release = null;
            void this.handOver(false).finally(() => {
              this.set("handed-over");
              this.watchWriter();
            });
          }
        });
    });
  }

  private async onMessage(m: Message): Promise<void> {
    if (m?.type !== "take-over" || this.current !== "writer" || !this.release) return;
    await this.handOver(true).catch(() => undefined);
    this.set("handed-over");
    const r = this.release;
    this.release = null;
    r?.();
    this.watchWriter();
  }

  private set(role: LeaseRole): LeaseRole {
    this.current = role;
    for (const l of [...this.listeners]) l(role);
    return role;
  }
}
