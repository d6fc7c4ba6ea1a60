/** Enclave workers as Node worker threads (CLI and tests): one thread per enclave validator. */
import type { EnclaveHosting } from "../../src/core/confidential/execution/enclave-hosting";
import { PythonRuntime } from "../../src/core/runtime/python-runtime";
import { nodeEnclaveBundle } from "./enclave-measure";
import { readSdkFiles } from "./sdk-files";
import { spawnNodeWorker } from "./spawn-node-worker";

export const nodeEnclaveHosting: EnclaveHosting = {
  bundle: () => nodeEnclaveBundle(),
  // No memory recycling: a replaced worker would come back without its committee key shares.
  runtime: (_validator, init) => new PythonRuntime({ spawn: spawnNodeWorker, sdkFiles: readSdkFiles(), enclave: init }),
};
