/**
 * The enclave as its worker sees it: the allow-listed message API and the in-worker opening of a
 * confidential execution. Adapts `enclave/enclave.ts` for `workers/validator-api.ts`; the enclave
 * object (and every secret in it) lives only in the worker that created it.
 */
import { Enclave, type EnclaveInit } from "../enclave/enclave";
import type { OpenResult } from "./enclave-run";

export interface WorkerEnclave {
  handle(request: unknown): unknown;
  open(opening: unknown): OpenResult;
}

export function createWorkerEnclave(init: unknown): WorkerEnclave {
  const enclave = Enclave.create(init as EnclaveInit);
  return {
    handle: (request) => enclave.handle(request),
    open: (opening) => enclave.openExecution(opening),
  };
}
