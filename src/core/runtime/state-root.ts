/** A contract's state root: SHA-256 over its slots in id order, so every validator can compare. */
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "../calldata";
import type { SlotMap } from "./execution-types";

export function stateRoot(slots: SlotMap): string {
  const ids = [...slots.keys()].filter((k) => slots.get(k)!.length > 0).sort();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (const id of ids) {
    const content = slots.get(id)!;
    const head = new Uint8Array(36);
    for (let i = 0; i < 32; i++) head[i] = parseInt(id.slice(2 * i, 2 * i + 2), 16);
    new DataView(head.buffer).setUint32(32, content.length, true);
    parts.push(head, content);
    size += head.length + content.length;
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return "0x" + bytesToHex(sha256(all));
}

/** `base` with `writes` applied; empty slots are dropped. */
export function applyWrites(base: SlotMap, writes: SlotMap): SlotMap {
  const next = new Map(base);
  for (const [k, v] of writes) {
    if (v.length === 0) next.delete(k);
    else next.set(k, v);
  }
  return next;
}
