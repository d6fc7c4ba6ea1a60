/**
 * What a validator worker exposes over comlink, shared by the browser and Node adapters.
 * The engine is created on `boot`; `execute` blocks the worker while Python runs and talks to the
 * host through the synchronous channel on `channelPort`.
 */
import { PythonEngine, type EngineInfo, type EngineInit } from "./python-engine";
import type { ChannelMessage } from "../src/core/runtime/sync-channel";
import type { ApiDoc, Diagnostic } from "../src/core/runtime/editor-analysis-types";

export interface ChannelPort {
  postMessage(msg: ChannelMessage): void;
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
}

export function createValidatorApi(): ValidatorWorkerApi {
  let engine: PythonEngine | null = null;
  return {
    async boot(init, channelPort) {
      engine = await PythonEngine.create(init, (msg) => channelPort.postMessage(msg));
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
  };
}
