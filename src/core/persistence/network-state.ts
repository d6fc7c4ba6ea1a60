/**
 * Saving and restoring a whole `Network`: its configuration (everything `NetworkOptions` holds but
 * the executor), a `NetworkSnapshot` and the event log, as one JSON value (tagged JSON, lossless).
 *
 * Transactions caught mid-consensus (PROPOSING / COMMITTING / REVEALING) are listed on load. The
 * engine resumes them: a restored network's next `step()` runs their pending phase. If the save
 * happened while a phase was waiting for validator executions (only `execution_started` events
 * after the last completed step), those trailing events are dropped so the phase re-runs cleanly;
 * such transactions are reported with `executionsLost: true`.
 */
import { Network, type NetworkEvent, type NetworkOptions, type NetworkSnapshot, type ValidatorExecutor } from "../consensus";
import type { ConsensusSettings, TxStatus, ValidatorConfig } from "../consensus/types";
import type { FeeSettings } from "../consensus/fees";
import { fromTagged, toTagged, TaggedJsonError, type JsonValue } from "./tagged-json";

/** `NetworkOptions` without the executor. */
export interface NetworkConfig {
  validators: ValidatorConfig[];
  settings: ConsensusSettings;
  seed: string;
  chainId: bigint;
  genesisTime: string;
  fees: FeeSettings;
}

/** A saved network, in memory. */
export interface SavedNetwork {
  config: NetworkConfig;
  snapshot: NetworkSnapshot;
  events: NetworkEvent[];
}

/** A saved network, as stored (one JSON value, tagged). */
export interface SerializedNetwork {
  encoding: "tagged-json-1";
  config: JsonValue;
  snapshot: JsonValue;
  events: JsonValue;
}

export interface InterruptedTx {
  hash: string;
  status: TxStatus;
  /** The phase `step()` runs next for it. */
  phase: "lead" | "commit" | "reveal";
  round: number;
  /** True when validator executions were running at save time: the phase runs again from its start. */
  executionsLost: boolean;
  /** One line for the UI. */
  message: string;
}

const MID: readonly string[] = ["lead", "commit", "reveal"];

/** The configuration a running network was built with. */
export function networkConfigOf(net: Network): NetworkConfig {
  return {
    validators: net.validatorConfigs.map((v) => ({ ...v, llm: { ...v.llm } })),
    settings: { ...net.settings },
    seed: net.seed,
    chainId: net.chainId,
    genesisTime: new Date(net.genesisMs).toISOString(),
    fees: { ...net.fees },
  };
}

/** Everything needed to rebuild `net` later (take it between steps or while a step awaits). */
export function captureNetwork(net: Network): SavedNetwork {
  const snapshot = net.snapshot();
  let count = snapshot.eventCount;
  const events = net.events.slice(0, count);
  // A phase in flight has emitted only `execution_started` so far (see rounds.ts): drop them.
  while (count > 0 && events[count - 1].type === "execution_started") count--;
  // The dropped events stay in `events` (past `eventCount`) so a load can report the interruption.
  snapshot.eventCount = count;
  return { config: networkConfigOf(net), snapshot, events: events.map((e) => ({ ...e })) };
}

export function serializeNetworkSnapshot(snapshot: NetworkSnapshot): JsonValue {
  return toTagged(snapshot);
}

export function deserializeNetworkSnapshot(json: unknown): NetworkSnapshot {
  const s = fromTagged(json) as NetworkSnapshot;
  if (!s || typeof s !== "object" || !Array.isArray(s.txs) || !Array.isArray(s.work) || !Array.isArray(s.order) || !s.chain || typeof s.clock !== "number")
    throw new TaggedJsonError("not a network snapshot");
  return s;
}

export function serializeNetwork(saved: SavedNetwork): SerializedNetwork {
  return { encoding: "tagged-json-1", config: toTagged(saved.config), snapshot: serializeNetworkSnapshot(saved.snapshot), events: toTagged(saved.events) };
}

/** Throws (TaggedJsonError or Error) with a one-line message when the data is not a saved network. */
export function deserializeNetwork(json: unknown): SavedNetwork {
  const j = json as Partial<SerializedNetwork> | null;
  if (!j || typeof j !== "object" || j.encoding !== "tagged-json-1") throw new TaggedJsonError("unknown network encoding");
  const config = fromTagged(j.config) as NetworkConfig;
  if (!config || !Array.isArray(config.validators) || typeof config.seed !== "string" || !config.settings) throw new TaggedJsonError("bad network config");
  const events = fromTagged(j.events) as NetworkEvent[];
  if (!Array.isArray(events)) throw new TaggedJsonError("bad event log");
  const snapshot = deserializeNetworkSnapshot(j.snapshot);
  if (events.length < snapshot.eventCount) throw new TaggedJsonError(`event log has ${events.length} events, the snapshot needs ${snapshot.eventCount}`);
  return { config, snapshot, events };
}

/** Transactions that were mid-consensus in `snapshot`. */
export function midConsensus(snapshot: NetworkSnapshot, events: readonly NetworkEvent[] = []): InterruptedTx[] {
  const txs = new Map(snapshot.txs);
  const lost = new Set<string>();
  for (let i = snapshot.eventCount; i < events.length; i++) {
    const e = events[i];
    if (e.type === "execution_started") lost.add(e.tx);
  }
  const out: InterruptedTx[] = [];
  for (const [hash, w] of snapshot.work) {
    if (!w.next || !MID.includes(w.next)) continue;
    const tx = txs.get(hash);
    if (!tx) continue;
    const executionsLost = lost.has(hash);
    const phase = w.next as InterruptedTx["phase"];
    const short = `${hash.slice(0, 10)}…`;
    out.push({
      hash,
      status: tx.status,
      phase,
      round: tx.rounds.length - 1,
      executionsLost,
      message: executionsLost
        ? `transaction ${short} was interrupted while ${tx.status}; its ${phase} phase will run again`
        : `transaction ${short} resumes at ${tx.status} (next: ${phase})`,
    });
  }
  return out;
}

export interface RestoredNetwork {
  network: Network;
  interrupted: InterruptedTx[];
}

/** Builds a fresh `Network` over `executor` and puts it in the saved state. */
export function restoreNetwork(saved: SavedNetwork, executor: ValidatorExecutor): RestoredNetwork {
  const opts: NetworkOptions = { ...saved.config, executor };
  const network = new Network(opts);
  network.eventLog.push(...saved.events.slice(0, saved.snapshot.eventCount).map((e) => ({ ...e })));
  network.restore(saved.snapshot);
  return { network, interrupted: midConsensus(saved.snapshot, saved.events) };
}
