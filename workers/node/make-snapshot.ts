/** An interpreter snapshot made in a throwaway Node worker (what the browser keeps in Cache Storage); tests. */
import { readSdkFiles } from "./sdk-files";
import { spawnNodeWorker } from "./spawn-node-worker";

export async function makeNodeSnapshot(sdkFiles: Record<string, string> = readSdkFiles()): Promise<Uint8Array> {
  const maker = spawnNodeWorker();
  try {
    return await maker.api.makeSnapshot({ sdkFiles });
  } finally {
    maker.terminate();
  }
}
