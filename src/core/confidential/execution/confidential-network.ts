/**
 * The confidential chain beside the consensus engine: attests the enclave validators
 * (`ValidatorAttestation` through the ledger's registry), forms a committee per confidential
 * contract (selection + DKG between the members' enclaves, every message published), and routes
 * a confidential contract's executions into the executing validator's enclave after gathering the
 * committee's sealed decryption and state shares. Also the engine's extension: its ledger is
 * snapshotted with the network, confidential transactions pay the fee multiple and signed share
 * evidence is slashed at finalization.
 */
import { Address } from "../../calldata";
import { DEPLOY_METHOD, methodOf, short } from "./tx-method";
import { fromHex0x } from "../enclave/wire";
import type { Network } from "../../consensus/engine";
import type { ExecutionContext, ViewContext } from "../../consensus/executor-api";
import type { NetworkExtension } from "../../consensus/network-core";
import type { Transaction, ValidatorConfig } from "../../consensus/types";
import type { ConfidentialRouting, EnclaveRoute } from "../../consensus/validator-executor";
import type { HostHandler, RawOutcome } from "../../runtime/python-runtime";
import type { ScriptedRules } from "../../runtime/providers/scripted";
import { ConfidentialLedger, type ConfidentialLedgerSnapshot } from "../chain";
import { reshareCommittee, runCommitteeDkg, type CommitteeMemberHandle, type CommitteeDkgEvent } from "../enclave/committee-dkg";
import type { EnclaveRequest, EnclaveResponse, SchemaSlot } from "../enclave/enclave-messages";
import type { CommitteeRecord, ShareEvidenceRecord } from "../protocol";
import type { SealedShare } from "../share-transport";
import type { EnclaveRunRequest } from "./enclave-run";
import type { ConfidentialWorld } from "./confidential-world";
import { summarizeDkgEvent } from "./dkg-summary";

/** One enclave validator's worker, as the main thread reaches it. */
export interface EnclaveEndpoint {
  request(request: EnclaveRequest): Promise<EnclaveResponse>;
  run(request: EnclaveRunRequest, host: HostHandler, timeoutMs: number): Promise<RawOutcome>;
}

export interface ConfidentialNetworkOptions {
  network: Network;
  /** The emulated hardware world; a promise while the enclave bundle is being measured. */
  world: ConfidentialWorld | Promise<ConfidentialWorld>;
  validators: readonly ValidatorConfig[];
  endpoints: ReadonlyMap<string, EnclaveEndpoint>;
  /** The validator's scripted rules when its LLM is scripted (answered inside its enclave). */
  scriptedRulesFor(validator: ValidatorConfig): ScriptedRules | null;
  llmTokenLimit: number;
}

/** A contract's encrypted parameters per method (from its schema; "__init__" for the constructor). */
export type SchemaSlots = Record<string, SchemaSlot[]>;

interface ExtensionState {
  ledger: ConfidentialLedgerSnapshot;
  slots: [string, SchemaSlots][];
  bulletin: CommitteeDkgEvent[];
  /** Each enclave's sealed committee key shares (emulated SGX sealing), by validator. */
  sealedStores?: [string, Uint8Array][];
}

export class ConfidentialNetwork implements ConfidentialRouting, NetworkExtension {
  /** Every DKG message published, in order (the chain's public bulletin). */
  bulletin: CommitteeDkgEvent[] = [];
  private slots = new Map<string, SchemaSlots>();
  private sealedStores = new Map<string, Uint8Array>();
  private readonly lost = new Set<string>();
  private ledgerNow: ConfidentialLedger | null = null;
  private worldNow: ConfidentialWorld | null = null;
  private readonly started: Promise<void>;

  constructor(private readonly opts: ConfidentialNetworkOptions) {
    this.started = Promise.resolve(opts.world).then((world) => {
      this.worldNow = world;
      this.ledgerNow = new ConfidentialLedger(world.ledgerConfig);
    });
    this.started.catch(() => undefined);
  }

  /** Resolves once the enclave bundle is measured and the ledger exists (rejects if it failed). */
  ready(): Promise<void> {
    return this.started;
  }

  /** The on-chain registry and committees (throws before `ready()`). */
  get ledger(): ConfidentialLedger {
    if (!this.ledgerNow) throw new Error("the confidential chain is still starting");
    return this.ledgerNow;
  }

  /** The emulated hardware world, once ready (null before). */
  get world(): ConfidentialWorld | null {
    return this.worldNow;
  }

  private get now(): number {
    return this.opts.network.now();
  }

  private emit(kind: string, summary: string, extra: { validator?: string; contract?: string; tx?: string } = {}): void {
    this.opts.network.record({ type: "confidential", kind, summary, ...extra });
  }

  /** Validators with an enclave that passed attestation now. */
  attested(): string[] {
    return this.ledger.attestedValidators(this.now);
  }

  /** Each enclave validator quotes for a fresh registry nonce and submits `ValidatorAttestation`. */
  async attestAll(): Promise<void> {
    await this.started;
    for (const v of this.opts.validators) {
      const endpoint = this.opts.endpoints.get(v.id);
      if (!endpoint) continue;
      await this.attest(v.id, endpoint);
    }
  }

  async attest(validator: string, endpoint = this.opts.endpoints.get(validator)): Promise<boolean> {
    await this.started;
    if (!endpoint) throw new Error(`validator ${validator} has no enclave`);
    const at = this.now;
    const nonce = this.ledger.issueNonce(at);
    const answer = await endpoint.request({ kind: "attest", nonce, timestamp: this.ledger.unixSecondsAt(at), height: this.ledger.heightAt(at) });
    if (answer.kind !== "attestation") {
      this.emit("attestation-rejected", `${validator}: its enclave did not quote (${answer.kind === "error" ? answer.message : answer.kind})`, { validator });
      return false;
    }
    const result = this.ledger.submitAttestation({ ...answer.registration, validator }, at);
    if (result.ok) this.emit("attestation-accepted", `${validator} attested (emulated DCAP quote, rule checks 1–9 passed)`, { validator });
    else this.emit("attestation-rejected", `${validator}: rule ${result.rule} failed: ${result.reason}`, { validator });
    return result.ok;
  }

  isConfidential(contract: Address): boolean {
    return this.committeeOf(contract) !== undefined;
  }

  committeeOf(contract: Address): CommitteeRecord | undefined {
    return this.ledgerNow?.committeeOf(contract.toHex());
  }

  /** Attests every enclave validator whose attestation is missing or no longer valid. */
  async ensureAttested(): Promise<void> {
    await this.started;
    const valid = new Set(this.attested());
    for (const v of this.opts.validators) {
      const endpoint = this.opts.endpoints.get(v.id);
      if (endpoint && !valid.has(v.id) && v.behaviour !== "offline") await this.attest(v.id, endpoint);
    }
  }

  slotsOf(contract: Address): SchemaSlots {
    return this.slots.get(contract.toHex()) ?? {};
  }

  /**
   * Selects the committee of a (future) confidential contract among attested validators and runs
   * the DKG between their enclaves. `slots`: the contract's encrypted parameters from its schema.
   */
  async formCommittee(contract: Address, slots: SchemaSlots, opt: { n?: number; t?: number; auditors?: string[] } = {}): Promise<CommitteeRecord> {
    await this.ensureAttested();
    const key = contract.toHex();
    const existing = this.ledger.committeeOf(key);
    if (existing) return existing;
    const at = this.now;
    this.ledger.registerContract({ contract: key, ...(opt.auditors && { auditors: opt.auditors }), ...(opt.n !== undefined && { committeeSize: opt.n }), ...(opt.t !== undefined && { threshold: opt.t }) }, at);
    const candidates = this.opts.network.validatorsState().map((v) => ({ id: v.id, address: v.address, stake: v.stake }));
    const selection = this.ledger.selectCommittee({ contract: key, candidates, seed: this.opts.network.seed, atMs: at });
    this.emit("committee-selected", `committee of ${selection.members.length} (t = ${selection.threshold}) selected for ${short(key)}: ${selection.members.map((m) => m.validator).join(", ")}`, { contract: key });
    const members = selection.members.map((m) => this.handleOf(m.validator));
    const record = await runCommitteeDkg({
      chainId: this.opts.network.chainId,
      epoch: selection.epoch,
      contract: key,
      threshold: selection.threshold,
      members,
      keyGeneration: selection.keyGeneration,
      now: at,
      publish: this.publisher(key),
      ...(opt.auditors && opt.auditors.length > 0 && { auditors: opt.auditors }),
    });
    this.ledger.recordCommittee(record);
    this.slots.set(key, slots);
    await this.sealStores(record.members.map((m) => m.validator));
    this.emit("committee-formed", `threshold key published for ${short(key)}: key generation ${record.keyGeneration}, t = ${record.threshold} of ${record.members.length}`, { contract: key });
    return record;
  }

  private handleOf(validator: string): CommitteeMemberHandle {
    const endpoint = this.opts.endpoints.get(validator);
    const config = this.opts.validators.find((v) => v.id === validator);
    if (!endpoint || !config) throw new Error(`committee member ${validator} has no enclave`);
    return { validator, address: config.address.toHex().toLowerCase(), handle: (r) => endpoint.request(r) };
  }

  private publisher(contract: string): (event: CommitteeDkgEvent) => void {
    return (event) => {
      this.bulletin.push(event);
      const summary = summarizeDkgEvent(event);
      if (summary) this.emit(`dkg-${event.type}`, summary, { contract, ...("validator" in event && { validator: event.validator }) });
    };
  }

  /**
   * Before a confidential transaction: members whose attestation lapsed are renewed when their
   * enclave can still quote (online); those that cannot are rotated out and the committee reshares
   * (same public keys, key generation + 1). Fewer than t members left: the key is lost, said once.
   */
  async maintain(): Promise<void> {
    await this.started;
    const at = this.now;
    for (const v of this.opts.validators) {
      const endpoint = this.opts.endpoints.get(v.id);
      if (endpoint && v.behaviour !== "offline" && this.ledger.attestation(v.id) && this.ledger.invalidReason(v.id, at)?.includes("expired"))
        await this.attest(v.id, endpoint);
    }
    const candidates = this.opts.network.validatorsState().map((v) => ({ id: v.id, address: v.address, stake: v.stake }));
    for (const contract of this.ledger.committeeContracts()) {
      const need = this.ledger.needsReshare(contract, at, { candidates, seed: this.opts.network.seed });
      const previous = this.ledger.committeeOf(contract);
      if (!need || !previous) continue;
      if (!need.canReshare) {
        if (!this.lost.has(`${contract}/${previous.id}`)) this.emit("committee-lost", need.summary, { contract });
        this.lost.add(`${contract}/${previous.id}`);
        continue;
      }
      this.emit("reshare-needed", need.summary, { contract });
      const record = await reshareCommittee({
        chainId: this.opts.network.chainId,
        epoch: this.ledger.epochAt(at),
        contract,
        previous,
        oldMembers: need.staying.map((v) => this.handleOf(v)),
        members: need.members.map((v) => this.handleOf(v)),
        threshold: need.threshold,
        publish: this.publisher(contract),
        now: at,
      });
      this.ledger.recordCommittee(record);
      await this.sealStores(record.members.map((m) => m.validator));
      this.emit("committee-reshared", `${short(contract)} reshared: key generation ${record.keyGeneration}, t = ${record.threshold} of ${record.members.length}, same public key`, { contract });
    }
  }

  /** A member enclave that can answer now (online, with an endpoint), for requests outside a transaction. */
  answeringMember(committee: CommitteeRecord): { member: CommitteeRecord["members"][number]; endpoint: EnclaveEndpoint } | null {
    for (const member of committee.members) {
      const endpoint = this.opts.endpoints.get(member.validator);
      const config = this.opts.validators.find((v) => v.id === member.validator);
      if (endpoint && config?.behaviour !== "offline") return { member, endpoint };
    }
    return null;
  }

  /** Every online member's state share, sealed to `recipient` (a member of the same committee). */
  async stateSharesFor(committee: CommitteeRecord, recipient: { participantId: number; transportKey: Uint8Array }) {
    const sealed: Extract<EnclaveResponse, { kind: "state-share" }>["sealed"][] = [];
    for (const m of committee.members) {
      const config = this.opts.validators.find((v) => v.id === m.validator);
      const peer = this.opts.endpoints.get(m.validator);
      if (!peer || config?.behaviour === "offline") continue;
      const answer = await peer.request({ kind: "state-share", committee, contract: committee.contract, recipient });
      if (answer.kind === "state-share") sealed.push(answer.sealed);
    }
    return sealed;
  }

  /** The enclave's last sealed store (what its worker boots from after a restart or a reload). */
  sealedStoreOf(validator: string): Uint8Array | undefined {
    return this.sealedStores.get(validator);
  }

  /** Asks each enclave to seal its committee key shares; the host keeps the blobs with the chain. */
  private async sealStores(validators: string[]): Promise<void> {
    for (const v of validators) {
      const answer = await this.opts.endpoints.get(v)?.request({ kind: "seal-store" });
      if (answer?.kind === "sealed-store") this.sealedStores.set(v, answer.blob);
    }
  }

  // ---- the engine's hooks ----

  eligible = (tx: Transaction): readonly string[] | null => {
    const committee = this.committeeOf(tx.to);
    return committee ? committee.members.map((m) => m.validator) : null;
  };

  async route(validator: ValidatorConfig, tx: Transaction, _ctx: ExecutionContext, leaderResults: Uint8Array[]): Promise<EnclaveRoute | null> {
    const committee = this.committeeOf(tx.to);
    if (!committee) return null;
    const method = tx.kind === "deploy" ? DEPLOY_METHOD : methodOf(tx.calldata);
    const schemaSlots = this.slotsOf(tx.to)[method] ?? [];
    const txFields = {
      chainId: this.opts.network.chainId,
      contract: tx.to.toHex(),
      method,
      sender: tx.from.toHex(),
      senderNonce: tx.nonce,
      txHash: tx.hash,
    };
    if (tx.confidential && tx.confidential.committeeId !== committee.id) return this.refuse(validator, "the arguments were encrypted to another committee");
    if (!tx.confidential && schemaSlots.length > 0) return this.refuse(validator, `${method} takes encrypted arguments but the transaction carries none`);
    return this.enclaveRoute(validator, committee, tx.confidential ? { tx: txFields, confidential: tx.confidential, schemaSlots } : { tx: txFields, confidential: null, schemaSlots: [] }, leaderResults[0] ?? null);
  }

  async routeView(validator: ValidatorConfig, ctx: ViewContext): Promise<EnclaveRoute | null> {
    const committee = this.committeeOf(ctx.contract);
    if (!committee) return null;
    const method = methodOf(ctx.calldata);
    // The state dump and the schema are read outside: sealed values show as ciphertext there.
    if (method.startsWith("#")) return null;
    const member = committee.members.some((m) => m.validator === validator.id)
      ? validator
      : this.opts.validators.find((v) => v.id === committee.members[0]!.validator)!;
    const tx = { chainId: this.opts.network.chainId, contract: ctx.contract.toHex(), method, sender: ctx.sender.toHex(), senderNonce: 0n, txHash: "0x" + "00".repeat(32) };
    return this.enclaveRoute(member, committee, { tx, confidential: null, schemaSlots: [] }, null);
  }

  private refuse(validator: ValidatorConfig, why: string): EnclaveRoute {
    return {
      enclave: validator.id,
      run: async () => ({ ok: true, response: new Uint8Array(0), computeMs: 0, extra: { unavailable: `confidential transaction refused: ${why}`, shares: [], evidence: [], enclaveCalls: [], enclaveTokens: 0, signature: null } }),
    };
  }

  private async enclaveRoute(
    validator: ValidatorConfig,
    committee: CommitteeRecord,
    opening: { tx: { chainId: bigint; contract: string; method: string; sender: string; senderNonce: bigint; txHash: string }; confidential: Transaction["confidential"] | null; schemaSlots: SchemaSlot[] },
    sealedLeaderResults: Uint8Array | null,
  ): Promise<EnclaveRoute> {
    const me = committee.members.find((m) => m.validator === validator.id);
    const endpoint = this.opts.endpoints.get(validator.id);
    if (!me || !endpoint) return this.refuse(validator, `${validator.id} is not a member of the contract's committee`);
    const recipient = { participantId: me.participantId, transportKey: fromHex0x(me.transportKey, "transport key") };
    const sealedShares: SealedShare[] = [];
    for (const m of opening.confidential ? committee.members : []) {
      const config = this.opts.validators.find((v) => v.id === m.validator);
      const peer = this.opts.endpoints.get(m.validator);
      if (!peer || config?.behaviour === "offline") continue;
      const share = await peer.request({ kind: "decryption-share", committee, tx: opening.tx, confidential: opening.confidential!, schemaSlots: opening.schemaSlots, recipient });
      if (share.kind === "decryption-share") sealedShares.push(share.sealed);
    }
    const sealedStateShares = await this.stateSharesFor(committee, recipient);
    const rules = this.opts.scriptedRulesFor(validator);
    return {
      enclave: validator.id,
      run: async (request: Uint8Array, host: HostHandler, timeoutMs: number) => {
        const raw = await endpoint.run(
          {
            request,
            opening: { committee, tx: opening.tx, confidential: opening.confidential, schemaSlots: opening.schemaSlots, sealedShares, sealedStateShares },
            sealedLeaderResults,
            scriptedRules: rules,
            llmTokenLimit: this.opts.llmTokenLimit,
          },
          host,
          timeoutMs,
        );
        if (raw.ok) this.noteEvidence((raw.extra as { evidence?: ShareEvidenceRecord[] } | undefined)?.evidence ?? []);
        return raw;
      },
    };
  }

  private noteEvidence(evidence: ShareEvidenceRecord[]): void {
    for (const e of evidence)
      if (this.ledger.recordEvidence(e, this.now)) this.emit("share-evidence", `${e.validator} sent an invalid decryption share (${e.reason}): signed evidence recorded`, { validator: e.validator, tx: e.txHash });
  }

  // ---- NetworkExtension ----

  snapshot(): ExtensionState | null {
    if (!this.ledgerNow) return null;
    return { ledger: this.ledgerNow.toJSON(), slots: [...this.slots.entries()].map(([k, v]) => [k, structuredClone(v)]), bulletin: [...this.bulletin], sealedStores: [...this.sealedStores] };
  }

  restore(state: unknown): void {
    const s = state as ExtensionState | null;
    if (!s) {
      if (this.ledgerNow && this.worldNow) this.ledgerNow = new ConfidentialLedger(this.worldNow.ledgerConfig);
      this.slots = new Map();
      this.bulletin = [];
      this.sealedStores = new Map();
      return;
    }
    this.ledger.restore(s.ledger);
    this.slots = new Map(s.slots.map(([k, v]) => [k, structuredClone(v)]));
    this.bulletin = [...s.bulletin];
    this.sealedStores = new Map(s.sealedStores ?? []);
  }

  feeMultiplier(tx: Transaction): number {
    return this.isConfidential(tx.to) ? this.ledger.config.confidentialFeeMultiplier : 1;
  }

  extraSlashes(tx: Transaction): { validator: string; reason: string }[] {
    return (this.ledgerNow?.slashingFor(tx.hash) ?? []).map((e) => ({ validator: e.validator, reason: `sent an invalid decryption share (${e.reason})` }));
  }
}

export { Address, DEPLOY_METHOD, methodOf };
