/**
 * A synchronous request/response channel between a blocked worker thread and its host.
 *
 * The worker posts a request and sleeps on `Atomics.wait`; the host answers asynchronously by
 * writing the reply into a SharedArrayBuffer and waking it. Replies larger than the buffer go in
 * chunks (the worker asks for the next one). Works the same with browser Workers and Node
 * `worker_threads`, because both only need `postMessage` and shared memory.
 */

const HEADER_BYTES = 16; // Int32 x 4: [state, total length, chunk length, unused]
const STATE_EMPTY = 0;
const STATE_READY = 1;

export const DEFAULT_CHANNEL_BYTES = 1 << 20;

export type ChannelMessage =
  | { kind: "gl-host-request"; data: Uint8Array }
  | { kind: "gl-host-more" };

export function createChannelBuffer(capacity = DEFAULT_CHANNEL_BYTES): SharedArrayBuffer {
  return new SharedArrayBuffer(HEADER_BYTES + capacity);
}

/** Worker side: `request` blocks the calling thread until the host has answered. */
export class SyncRequester {
  private readonly control: Int32Array;
  private readonly capacity: number;

  constructor(
    private readonly buffer: SharedArrayBuffer,
    private readonly post: (msg: ChannelMessage) => void,
  ) {
    this.control = new Int32Array(buffer, 0, 4);
    this.capacity = buffer.byteLength - HEADER_BYTES;
  }

  request(data: Uint8Array): Uint8Array {
    Atomics.store(this.control, 0, STATE_EMPTY);
    this.post({ kind: "gl-host-request", data });
    const chunks: Uint8Array[] = [];
    let received = 0;
    for (;;) {
      Atomics.wait(this.control, 0, STATE_EMPTY);
      const total = this.control[1];
      const n = this.control[2];
      if (n > this.capacity || n < 0) throw new Error("host channel: corrupt chunk length");
      chunks.push(new Uint8Array(this.buffer, HEADER_BYTES, n).slice());
      received += n;
      Atomics.store(this.control, 0, STATE_EMPTY);
      if (received >= total) break;
      this.post({ kind: "gl-host-more" });
    }
    if (chunks.length === 1) return chunks[0];
    const out = new Uint8Array(received);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

/** Host side: feed it every message from the worker's channel port. */
export class SyncResponder {
  private readonly control: Int32Array;
  private readonly capacity: number;
  private pending: Uint8Array | null = null;
  private offset = 0;

  constructor(
    private readonly buffer: SharedArrayBuffer,
    private readonly handler: (request: Uint8Array) => Promise<Uint8Array>,
  ) {
    this.control = new Int32Array(buffer, 0, 4);
    this.capacity = buffer.byteLength - HEADER_BYTES;
  }

  /** Returns true when the message belonged to this channel. */
  onMessage(msg: unknown): boolean {
    const m = msg as ChannelMessage | null;
    if (!m || typeof m !== "object") return false;
    if (m.kind === "gl-host-request") {
      const data = m.data instanceof Uint8Array ? m.data : new Uint8Array(m.data as ArrayBufferLike);
      void this.handler(data).then(
        (reply) => this.start(reply),
        () => this.start(new Uint8Array(0)),
      );
      return true;
    }
    if (m.kind === "gl-host-more") {
      this.sendChunk();
      return true;
    }
    return false;
  }

  private start(reply: Uint8Array): void {
    this.pending = reply;
    this.offset = 0;
    this.sendChunk();
  }

  private sendChunk(): void {
    const data = this.pending ?? new Uint8Array(0);
    const n = Math.min(this.capacity, data.length - this.offset);
    new Uint8Array(this.buffer, HEADER_BYTES, n).set(data.subarray(this.offset, this.offset + n));
    this.offset += n;
    this.control[1] = data.length;
    this.control[2] = n;
    Atomics.store(this.control, 0, STATE_READY);
    Atomics.notify(this.control, 0);
    if (this.offset >= data.length) this.pending = null;
  }
}
