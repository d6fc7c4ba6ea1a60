/**
 * What a validator worker exposes over comlink, shared by the browser and Node adapters.
 * The engine is created on `boot`; `execute` blocks the worker while Python runs and talks to the
 * host through the synchronous channel on `channelPort`.
 */
import * as Comlink from "comlink";
import { PythonEngine, type EngineInfo, type EngineInit } from "./python-engine";
import type { ChannelMessage } from "../src/core/runtime/sync-channel";
import type { ApiDoc, Diagnostic } from "../src/core/runtime/editor-analysis-types";
import { bootProgressMessage, type BootProgressMessage } from "./boot-progress";
import { createWorkerEnclave, type WorkerEnclave } from "../src/core/confidential/execution/worker-enclave";
import { runInEnclave, type EnclaveRunReply, type EnclaveRunRequest } from "../src/core/confidential/execution/enclave-run";

/** The worker's end of the host channel; boot progress travels on it too. */
export interface ChannelPort {
  postMessage(msg: ChannelMessage | BootProgressMessage): void;
}

export interface ExecuteReply {
  response: Uint8Array;
  memoryBytes: number;
}

export interface EnclaveExecuteReply extends EnclaveRunReply {
  memoryBytes: number;
}

export interface ValidatorWorkerApi {
  /** With `enclave`, this worker is also the validator's enclave: its secrets are made here. */
  boot(init: EngineInit, channelPort: ChannelPort, enclave?: unknown): Promise<EngineInfo>;
  /**
   * Starts Python with the SDK imported and returns its memory snapshot (for other workers'
   * `EngineInit.snapshot`). The worker is good for nothing else afterwards: terminate it.
   */
  makeSnapshot(init: Omit<EngineInit, "channelBuffer" | "snapshot">): Promise<Uint8Array>;
  /** The enclave's allow-listed message API (anything else is refused in one line). */
  enclaveRequest(request: unknown): unknown;
  /** A confidential execution: open the inputs, run Python here, return what may leave. */
  enclaveExecute(request: EnclaveRunRequest): EnclaveExecuteReply;
  /** The runner's response, and the interpreter's memory size afterwards (for recycling). */
  execute(request: Uint8Array): ExecuteReply;
  /** Editor diagnostics for a contract's source (static; nothing is executed). */
  lint(code: string): Diagnostic[];
  /** The SDK's API (names, kinds, signatures, docs) for completions and hovers. */
  describeApi(): ApiDoc;
  /**
   * Test hook: the worker dies of an uncaught error right after this call returns, the way a
   * fatal bug in the worker would (the host sees the worker's `error` event).
   */
  crash(): void;
}

export function createValidatorApi(): ValidatorWorkerApi {
  let engine: PythonEngine | null = null;
  let enclave: WorkerEnclave | null = null;
  return {
    async boot(init, channelPort, enclaveInit) {
      if (enclaveInit !== undefined) enclave = createWorkerEnclave(enclaveInit);
      engine = await PythonEngine.create(
        init,
        (msg) => channelPort.postMessage(msg),
        (stage, progress, measured) => channelPort.postMessage(bootProgressMessage(stage, progress, measured)),
      );
      return engine.info;
    },
    async makeSnapshot(init) {
      if (engine) throw new Error("a booted validator worker cannot make a snapshot");
      const bytes = await PythonEngine.makeSnapshot(init);
      return Comlink.transfer(bytes, [bytes.buffer as ArrayBuffer]);
    },
    execute(request) {
      if (!engine) throw new Error("validator worker is not booted");
      const response = engine.execute(request);
      return { response, memoryBytes: engine.memoryBytes() };
    },
    enclaveRequest(request) {
      if (!enclave) return { kind: "error", message: "this validator has no enclave" };
      return enclave.handle(request);
    },
    enclaveExecute(request) {
      if (!engine) throw new Error("validator worker is not booted");
      if (!enclave) throw new Error("this validator has no enclave");
      const e = engine;
      try {
        const reply = runInEnclave(
          (opening) => enclave!.open(opening),
          (bytes, localHost) => {
            e.setLocalHost(localHost);
            try {
              return e.execute(bytes);
            } finally {
              e.setLocalHost(null);
            }
          },
          request,
        );
        return { ...reply, memoryBytes: e.memoryBytes() };
      } catch (err) {
        // One line, and never the plaintext: the message is ours, not the contract's.
        throw new Error(`enclave execution failed: ${err instanceof Error ? err.message.split("\n")[0] : "unknown error"}`);
      }
    },
    lint(code) {
      if (!engine) throw new Error("validator worker is not booted");
      return engine.lint(code);
    },
    describeApi() {
      if (!engine) throw new Error("validator worker is not booted");
      return engine.describeApi();
    },
    crash() {
      setTimeout(() => {
        throw new Error("validator worker crashed (crash requested by a test hook)");
      }, 0);
    },
  };
}
