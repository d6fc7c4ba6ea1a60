/**
 * Starts `cli serve` as a child process on a free port (tests and e2e): resolves once it prints its
 * ready line, with its base URL and JSON-RPC endpoint; `stop()` ends it with Ctrl+C's signal.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface ServeProcess {
  /** http://127.0.0.1:<port> */
  url: string;
  /** `${url}/api` */
  endpoint: string;
  stop(): void;
}

export function startServeProcess(validators: number): Promise<ServeProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", "serve", "--port", "0", "--validators", String(validators)], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "pipe"],
  });
  return new Promise((ready, failed) => {
    let text = "";
    child.stderr!.on("data", (c: Buffer) => {
      text += c.toString();
      const m = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(text);
      if (m) ready({ url: m[1]!, endpoint: `${m[1]}/api`, stop: () => void child.kill("SIGINT") });
    });
    child.once("exit", (code) => failed(new Error(`serve exited (${code}): ${text}`)));
  });
}
