/**
 * The session's store and network plumbing: state fields, `subscribe`/`getState` for React,
 * queued actions with one-line errors, and (re)building the network with a snapshot before every
 * phase. `PlaygroundSession` (session.ts) adds the user actions.
 */
import { Address } from "../calldata";
import type { NetworkSnapshot } from "../consensus/engine";
import type { Phase } from "../consensus/network-core";
import { cloneTx } from "../consensus/snapshots";
import { accountAddress } from "../scenario/accounts";
import type { ContractSchema } from "../scenario/args";
import type { EngineNetwork } from "../scenario/engine-network";
import type { Scenario, Step } from "../scenario/format";
import { networkSpec } from "../scenario/network";
import { captureNetwork, networkConfigOf, type SavedNetwork } from "../persistence/network-state";
import { stringifyTagged } from "../persistence/tagged-json";
import { orderedRecording, RecordingProvider, type Recording } from "../intelligence/recorded";
import { buildLog } from "./log";
import { confidentialView } from "./confidential-view";
import { SAVED_SESSION_FORMAT, type SavedSessionState } from "./saved-session";
import { buildScenario, DEFAULT_BALANCE, DEFAULT_SETUP, messageOf } from "./setup";
import type { ErrorScope, ResultView, RuntimeBoot, StateView, SessionNetworkFactory, SessionSetup, SessionState, WorkspaceFile } from "./types";

export interface PlaygroundSessionOptions {
  createNetwork: SessionNetworkFactory;
  files?: WorkspaceFile[];
  setup?: Partial<SessionSetup>;
  /** Account name → starting balance (default alice and bob with 100 GEN each). */
  accounts?: Record<string, bigint>;
  /** A chain saved by `saveChain()` (e.g. before a page reload) to continue from. */
  restore?: SavedChain;
}

/** A session's chain as `saveChain()` returns it and the `restore` option takes it. */
export interface SavedChain {
  state: SavedSessionState;
  network: SavedNetwork;
}

export interface Deployed {
  label: string;
  file: string;
  code: string;
  schema: ContractSchema;
  address: Address;
  deployTx: string;
  /** Key in the scenario's `contracts`. */
  source: string;
}

interface HistoryEntry {
  snapshot: NetworkSnapshot;
  steps: number;
  /** Recorded calls per validator at that point (Back forgets answers given after it). */
  recorded: Record<string, number>;
}

/** Providers whose answers a share link must carry (scripted and recorded ones replay by themselves). */
const RECORDED_PROVIDERS = new Set(["openai", "webllm"]);

const MAX_HISTORY = 1000;

export class SessionCore {
  protected files: WorkspaceFile[];
  protected activeFile: string | null;
  protected setup: SessionSetup;
  protected readonly accounts: Map<string, bigint>;
  protected sender: string;
  protected net: EngineNetwork | null = null;
  protected netStatus: SessionState["network"] = "building";
  protected boot: RuntimeBoot[] = [];
  protected built: Promise<void> = Promise.resolve();
  protected detach: (() => void)[] = [];
  protected contracts: Deployed[] = [];
  protected sources: Record<string, string> = {};
  protected txLabels: Record<string, string> = {};
  protected results: Record<string, ResultView> = {};
  protected contractStates: Record<string, StateView> = {};
  /** Every LLM and web answer each validator got, in order (see `toScenario`). */
  protected recording: Recording = {};
  /** While a phase runs: how many answers each validator had recorded when it started. */
  protected phaseStartRecording: Record<string, number> | null = null;
  protected steps: Step[] = [];
  protected history: HistoryEntry[] = [];
  protected breakpoints = new Set<Phase>();
  protected stepMode = false;
  protected pending = 0;
  protected pauseRequested = false;
  protected errors: SessionState["errors"] = [];
  protected notices: string[] = [];
  protected selectedTx: string | null = null;
  protected queue: Promise<unknown> = Promise.resolve();
  protected readonly listeners = new Set<() => void>();
  protected state: SessionState | null = null;
  protected emitScheduled = false;

  constructor(private readonly options: PlaygroundSessionOptions) {
    this.files = options.files ? options.files.map((f) => ({ ...f })) : [];
    this.activeFile = this.files[0]?.path ?? null;
    this.setup = { ...DEFAULT_SETUP, ...options.setup };
    this.accounts = new Map(Object.entries(options.accounts ?? { alice: DEFAULT_BALANCE, bob: DEFAULT_BALANCE }));
    this.sender = [...this.accounts.keys()][0] ?? "owner";
    if (this.accounts.size === 0) this.accounts.set(this.sender, 0n);
    const saved = options.restore;
    if (saved) this.loadState(saved.state);
    this.built = this.rebuild().then(() => saved && this.restoreNetwork(saved.network));
  }

  // ---- saving and restoring the chain ----

  /** The chain as it is now (null while the network is not ready). Safe to call mid-phase: a
   * phase waiting for validators is saved as not started. */
  saveChain(): SavedChain | null {
    if (!this.net) return null;
    const state: SavedSessionState = {
      format: SAVED_SESSION_FORMAT,
      setup: structuredClone(this.setup),
      accounts: [...this.accounts].map(([n, b]) => [n, b.toString()]),
      sender: this.sender,
      contracts: this.contracts.map((c) => ({ label: c.label, file: c.file, code: c.code, schema: c.schema, address: c.address.toChecksum(), deployTx: c.deployTx, source: c.source })),
      sources: { ...this.sources },
      txLabels: { ...this.txLabels },
      results: structuredClone(this.results),
      steps: structuredClone(this.steps),
      selectedTx: this.selectedTx,
      stepMode: this.stepMode,
      breakpoints: [...this.breakpoints],
      // A phase in flight is saved as not started (captureNetwork), so the answers it has recorded
      // so far are left out too: it records them again when it runs after a reload.
      recording: this.phaseStartRecording ? recordingUpTo(this.recording, this.phaseStartRecording) : structuredClone(this.recording),
    };
    return { state, network: captureNetwork(this.net.network) };
  }

  /** Shows a one-line note (e.g. a storage warning at start-up) until the next step. */
  addNotice(text: string): void {
    this.notices = [...this.notices, text];
    this.emit();
  }

  private loadState(s: SavedSessionState): void {
    this.setup = structuredClone(s.setup);
    this.accounts.clear();
    for (const [name, balance] of s.accounts) this.accounts.set(name, BigInt(balance));
    if (this.accounts.size === 0) this.accounts.set("owner", 0n);
    this.sender = this.accounts.has(s.sender) ? s.sender : [...this.accounts.keys()][0];
    this.contracts = s.contracts.map((c) => ({ ...c, address: Address.fromHex(c.address) }));
    this.sources = { ...s.sources };
    this.txLabels = { ...s.txLabels };
    this.results = structuredClone(s.results);
    this.steps = structuredClone(s.steps);
    this.selectedTx = s.selectedTx;
    this.stepMode = s.stepMode;
    this.breakpoints = new Set(s.breakpoints);
    this.recording = structuredClone(s.recording);
  }

  /** Puts the saved chain into the freshly built network; drops it (keeping files) if it does not fit. */
  private restoreNetwork(saved: SavedNetwork): void {
    const net = this.net?.network;
    if (!net) return;
    if (stringifyTagged(networkConfigOf(net)) !== stringifyTagged(saved.config)) {
      this.clearChain();
      this.notices = [...this.notices, "the saved chain was made with other network settings: a fresh network was started"];
      return this.emit();
    }
    const log = net.eventLog;
    log.length = 0;
    log.push(...saved.events.slice(0, saved.snapshot.eventCount).map((e) => ({ ...e })));
    net.restore(saved.snapshot);
    // Transactions caught mid-consensus are marked by the app (persistence/interrupted.ts), with Resume.
    this.emit();
  }

  protected clearChain(): void {
    this.contracts = [];
    this.sources = {};
    this.txLabels = {};
    this.results = {};
    this.contractStates = {};
    this.recording = {};
    this.steps = [];
    this.history = [];
    this.selectedTx = null;
    this.errors = [];
    this.notices = [];
  }

  // ---- store ----

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getState = (): SessionState => (this.state ??= this.buildState());

  /** Resolves once the network (re)build in progress is done. */
  ready(): Promise<void> {
    return this.built;
  }

  /** Waits for every queued action. */
  async idle(): Promise<void> {
    await this.built;
    while (this.pending > 0) await this.queue;
  }

  protected emit(): void {
    this.state = null;
    if (this.emitScheduled) return;
    this.emitScheduled = true;
    queueMicrotask(() => {
      this.emitScheduled = false;
      this.state = null;
      for (const l of [...this.listeners]) l();
    });
  }

  /** Shows (or clears, with null) one line in `scope` for a problem found outside the session, e.g. a file that does not open. */
  reportError(scope: ErrorScope, message: string | null): void {
    this.setError(scope, message);
  }

  protected setError(scope: ErrorScope, message: string | null): void {
    this.errors = [...this.errors.filter((e) => e.scope !== scope), ...(message === null ? [] : [{ scope, message }])];
    this.emit();
  }

  /** Runs `fn` after every earlier action; an error becomes a one-line message in `scope`. */
  protected act<T>(scope: ErrorScope, fn: () => Promise<T> | T): Promise<T | undefined> {
    this.pending++;
    this.emit();
    const run = this.queue.then(async () => {
      this.setError(scope, null);
      try {
        await this.built;
        return await fn();
      } catch (e) {
        this.setError(scope, messageOf(e));
        return undefined;
      } finally {
        this.pending--;
        this.emit();
      }
    });
    this.queue = run;
    return run;
  }

  /** The network as it is now, for the in-page JSON-RPC provider (null while it is being built). */
  currentNetwork(): EngineNetwork | null {
    return this.net;
  }

  protected get network(): EngineNetwork {
    if (!this.net) throw new Error(this.netStatus === "failed" ? "the network failed to start; reset it" : "the network is still starting");
    return this.net;
  }

  // ---- network (re)build ----

  protected async rebuild(): Promise<void> {
    for (const d of this.detach) d();
    this.detach = [];
    const old = this.net;
    this.net = null;
    this.netStatus = "building";
    this.boot = [];
    this.emit();
    await old?.dispose?.();
    try {
      // The live setup, not `scenarioDoc()`: that one turns model-backed validators into "recorded".
      const spec = networkSpec(this.liveScenario());
      const net = await this.options.createNetwork(
        spec,
        (boot) => {
          this.boot = boot.map((b) => ({ ...b }));
          this.emit();
        },
        { wrapProvider: (id, provider) => new RecordingProvider(provider, id, this.recording) },
      );
      this.net = net;
      this.detach.push(net.network.subscribe(() => this.emit()));
      this.detach.push(net.network.onBeforePhase(() => this.remember()));
      this.netStatus = "ready";
      this.setError("network", null);
    } catch (e) {
      this.netStatus = "failed";
      this.setError("network", `network: ${messageOf(e)}`);
    }
    this.emit();
  }

  protected remember(): void {
    this.history.push({ snapshot: this.network.network.snapshot(), steps: this.steps.length, recorded: recordingLengths(this.recording) });
    if (this.history.length > MAX_HISTORY) this.history.shift();
  }

  /** The session as a scenario. Validators backed by a model (WebLLM, OpenAI-compatible) become
   * `"recorded"` with the answers they gave, so the scenario replays exactly without the model. */
  protected scenarioDoc(name = "Playground session"): Scenario {
    const doc = this.liveScenario(name);
    const replayed = doc.network.validators.filter((v) => RECORDED_PROVIDERS.has(v.llm.provider));
    if (replayed.length === 0) return doc;
    for (const v of replayed) v.llm = { provider: "recorded", ...(v.llm.model !== undefined && { model: v.llm.model }) };
    const fresh = Object.fromEntries(replayed.map((v) => [v.id, structuredClone(this.recording[v.id] ?? [])]));
    doc.recordings = orderedRecording({ ...doc.recordings, ...fresh });
    return doc;
  }

  /** The setup and steps as they are (validators keep their providers). */
  private liveScenario(name = "Playground session"): Scenario {
    return buildScenario({ name, setup: this.setup, accounts: this.accounts, contracts: this.sources, steps: this.steps });
  }

  /** Runs one phase of the network, marking where the recording stood when it started. */
  protected async stepNetwork(): Promise<void> {
    this.phaseStartRecording = recordingLengths(this.recording);
    try {
      await this.network.network.step();
    } finally {
      this.phaseStartRecording = null;
    }
  }

  /** Drops answers recorded after a history point (Back). */
  protected rewindRecording(to: Record<string, number>): void {
    for (const id of Object.keys(this.recording)) this.recording[id].length = Math.min(this.recording[id].length, to[id] ?? 0);
  }

  protected buildState(): SessionState {
    const n = this.net?.network;
    const txs = n ? n.transactions().map(cloneTx) : [];
    const events = n ? [...n.events] : [];
    const providers = new Map(this.setup.validators.map((v) => [v.id, v.llm.provider]));
    return {
      files: this.files,
      activeFile: this.activeFile,
      setup: this.setup,
      network: this.netStatus,
      boot: this.boot,
      setupLocked: txs.length > 0,
      accounts: [...this.accounts.keys()].map((name) => {
        const a = accountAddress(name);
        return { name, address: a.toChecksum(), balance: n ? n.balanceOf(a) : (this.accounts.get(name) ?? 0n) };
      }),
      sender: this.sender,
      validators: n ? n.validatorsState().map((v) => ({ ...v, llmProvider: providers.get(v.id) ?? "scripted" })) : [],
      contracts: this.contracts.map((c) => ({
        label: c.label,
        address: c.address.toChecksum(),
        file: c.file,
        code: c.code,
        schema: c.schema,
        deployTx: c.deployTx,
        status: txs.find((t) => t.hash === c.deployTx)?.status ?? "CANCELED",
        stateRoot: this.net?.contractState(c.address)?.stateRoot ?? "",
      })),
      transactions: txs,
      txLabels: { ...this.txLabels },
      results: this.results,
      contractStates: this.contractStates,
      events,
      log: buildLog(events, new Map(txs.map((t) => [t.hash, t]))),
      next: n ? n.peek() : null,
      stepMode: this.stepMode,
      breakpoints: [...this.breakpoints],
      canBack: this.history.length > 0,
      busy: this.pending > 0 || this.netStatus === "building",
      clock: n ? n.clock : 0,
      finalityWindowMs: n ? n.settings.finalityWindowMs : 30_000,
      errors: this.errors,
      notices: this.notices,
      selectedTx: this.selectedTx,
      confidential:
        this.net?.confidential && n
          ? confidentialView(this.net.confidential, n.now(), this.setup.validators.filter((v) => v.enclave).map((v) => v.id))
          : null,
    };
  }
}

function recordingLengths(recording: Recording): Record<string, number> {
  return Object.fromEntries(Object.entries(recording).map(([id, calls]) => [id, calls.length]));
}

/** A copy of `recording` with each validator's calls cut to `lengths` (validators not in it: none). */
function recordingUpTo(recording: Recording, lengths: Record<string, number>): Recording {
  return Object.fromEntries(Object.entries(recording).map(([id, calls]) => [id, structuredClone(calls.slice(0, lengths[id] ?? 0))]));
}
