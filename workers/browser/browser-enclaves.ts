/**
 * Enclave workers in the browser: one Worker per enclave validator, started from the measured
 * validator bundle (see enclave-bundle.ts), booted with its EnclaveInit. Its secrets are made and
 * kept in that Worker; the page only ever talks to it through the enclave's message API.
 */
import type { EnclaveHosting } from "../../src/core/confidential/execution/enclave-hosting";
import { PythonRuntime } from "../../src/core/runtime/python-runtime";
import { loadEnclaveBundle, spawnEnclaveWorker, type EnclaveBundle } from "./enclave-bundle";
import { SDK_FILES } from "./sdk-files";

let bundle: EnclaveBundle | null = null;

export const browserEnclaveHosting: EnclaveHosting = {
  bundle: async () => {
    bundle = await loadEnclaveBundle();
    return bundle.bytes;
  },
  runtime: (validator, init) =>
    new PythonRuntime({
      spawn: () => {
        if (!bundle) throw new Error("the enclave bundle is not loaded yet");
        return spawnEnclaveWorker(bundle, `enclave ${validator}`);
      },
      sdkFiles: SDK_FILES,
      indexURL: new URL(import.meta.env.BASE_URL + "pyodide/", location.href).href,
      enclave: init,
    }),
};

/** Whether the running enclave workers were started from the measured bytes (false on the dev server). */
export function enclavesStartFromMeasuredBytes(): boolean | null {
  return bundle ? bundle.startedFromMeasuredBytes : null;
}
