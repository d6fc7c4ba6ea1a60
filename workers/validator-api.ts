/**
 * What a validator worker exposes over comlink, shared by the browser and Node adapters.
 * The engine is created on `boot`; `execute` blocks the worker while Python runs and talks to the
 * host through the synchronous channel on `channelPort`.
 */
import { PythonEngine, type EngineInfo, type EngineInit } from "./python-engine";
import type { ChannelMessage } from "../src/core/runtime/sync-channel";
import type { ApiDoc, Diagnostic } from "../src/core/runtime/editor-analysis-types";
import { bootProgressMessage, type BootProgressMessage } from "./boot-progress";

/** The worker's end of the host channel; boot progress travels on it too. */
export interface ChannelPort {
  postMessage(msg: ChannelMessage | BootProgressMessage): void;
}

export interface ExecuteReply {
  response: Uint8Array;
  memoryBytes: number;
}

export interface ValidatorWorkerApi {
  boot(init: EngineInit, channelPort: ChannelPort): Promise<EngineInfo>;
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
  return {
    async boot(init, channelPort) {
      engine = await PythonEngine.create(
        init,
        (msg) => channelPort.postMessage(msg),
        (stage, progress, measured) => channelPort.postMessage(bootProgressMessage(stage, progress, measured)),
      );
      return engine.info;
    },
    execute(request) {
      if (!engine) throw new Error("validator worker is not booted");
      const response = engine.execute(request);
      return { response, memoryBytes: engine.memoryBytes() };
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
