/** Test helper: the wizard example deployed on a direct runner, and a call to `ask_for_coin` with
 * the execution context validators get — for tests that drive the executor by hand. */
import { readFileSync } from "node:fs";
import { Address, encode, makeCalldataObject } from "../../calldata";
import { DirectRunner } from "../../runtime/direct-runner";
import type { PythonRuntime } from "../../runtime/python-runtime";
import type { ExecutionContext } from "../executor-api";
import type { Transaction } from "../types";

export const WIZARD_CONTRACT = new Address(new Uint8Array(20).fill(0xcc));
export const WIZARD_CALLER = new Address(new Uint8Array(20).fill(0xa1));

export async function wizardCall(runtime: PythonRuntime, plea = "please"): Promise<{ ctx: ExecutionContext; tx: Transaction }> {
  const code = readFileSync(new URL("../../../../contracts-examples/wizard_of_coin.py", import.meta.url), "utf8");
  const direct = new DirectRunner({ runtime });
  await direct.deploy(WIZARD_CONTRACT, code, [true]);
  const deployed = direct.contracts.get(WIZARD_CONTRACT.toHex())!;
  const ctx: ExecutionContext = {
    code: deployed.code,
    storage: deployed.storage,
    balance: 0n,
    datetime: "2026-01-01T00:00:00Z",
    chainId: 61127n,
    seed: new Uint8Array(32),
    chain: direct,
    origin: WIZARD_CALLER,
  };
  const tx = { hash: "0x01", kind: "call", from: WIZARD_CALLER, to: WIZARD_CONTRACT, value: 0n, calldata: encode(makeCalldataObject("ask_for_coin", [plea])) } as unknown as Transaction;
  return { ctx, tx };
}
