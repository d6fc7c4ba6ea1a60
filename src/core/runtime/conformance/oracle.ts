/** Loads the real-SDK oracle files in src/core/testdata/sdk-conformance (shape in its README). */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { TypedJson } from "../../calldata";

export const CONFORMANCE_DIR = fileURLToPath(new URL("../../testdata/sdk-conformance/", import.meta.url));

export type OracleResult =
  | { kind: "return"; value: TypedJson; hex: string }
  | { kind: "user_error"; message: string }
  | { kind: "vm_error"; exception: string; message: string; notes?: string[] }
  | { kind: "exit"; exit_code: number };

export interface OracleCall {
  op: "deploy" | "write" | "view";
  method?: string;
  args: TypedJson[];
  kwargs: [string, TypedJson][];
  value?: string;
  sender_address?: string;
  entry_calldata: string;
  result: OracleResult;
  host_messages?: TypedJson[];
  state_committed: boolean;
}

export interface OracleCase {
  name: string;
  code: string;
  invalid?: boolean;
  message_defaults: { contract_address: string; sender_address: string; chain_id: number; datetime: string; value: string; self_balance: string };
  schema: { ok: unknown; raw: string } | { error: OracleResult };
  calls: OracleCall[];
}

export function loadOracleCases(): OracleCase[] {
  return readdirSync(CONFORMANCE_DIR)
    .filter((f) => f.endsWith(".expected.json"))
    .sort()
    .map((f) => {
      const data = JSON.parse(readFileSync(CONFORMANCE_DIR + f, "utf8"));
      return { ...data, name: f.replace(".expected.json", ""), code: readFileSync(CONFORMANCE_DIR + data.contract, "utf8") };
    });
}

/** The oracle replaced object addresses in messages with `at 0x…`; do the same to ours. */
export function normaliseMessage(message: string): string {
  return message.replace(/ at 0x[0-9a-fA-F]+/g, " at 0x…");
}
