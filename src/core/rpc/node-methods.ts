/**
 * The account, chain, contract-code and simulator methods of the Studio-compatible JSON-RPC
 * surface over one playground network (the transaction methods come with the genlayer-js bridge).
 * Quantities are 0x-hex like Ethereum nodes answer them. Our own extension: `sim_advanceTime`.
 */
import { Address } from "../calldata";
import type { EngineNetwork } from "../scenario/engine-network";
import { invalidParams, RpcError, SERVER_ERROR, shown, type RpcMethods } from "./json-rpc";

const hexQuantity = (n: bigint | number) => "0x" + BigInt(n).toString(16);

export function addressParam(v: unknown, what = "address"): Address {
  if (typeof v !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(v)) throw invalidParams(`${what} must be 0x followed by 40 hex digits`);
  return Address.fromHex(v);
}

/** A non-negative integer: decimal or 0x-hex text, or a safe JSON number. */
export function quantityParam(v: unknown, what: string): bigint {
  if (typeof v === "number" && Number.isInteger(v) && v >= 0) return BigInt(v);
  if (typeof v === "string" && /^(0x[0-9a-fA-F]+|[0-9]+)$/.test(v)) return BigInt(v);
  throw invalidParams(`${what} must be a non-negative integer (decimal or 0x-hex)`);
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Contract code as Studio accepts it: 0x-hex of the UTF-8 bytes, or the text itself (well-formed:
 * no lone UTF-16 surrogate, which the Python side can not take). */
export function codeParam(v: unknown): string {
  if (typeof v !== "string" || v.length === 0) throw invalidParams("contract code must be a non-empty string (0x-hex or text)");
  if (LONE_SURROGATE.test(v)) throw invalidParams("contract code is not valid text (it holds a lone UTF-16 surrogate)");
  if (/^0x([0-9a-fA-F]{2})+$/.test(v)) {
    const bytes = Uint8Array.from(v.slice(2).match(/../g)!, (b) => parseInt(b, 16));
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      throw invalidParams("contract code is not UTF-8");
    }
  }
  return v;
}

function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

function fromBase64(text: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(atob(text), (c) => c.charCodeAt(0)));
  } catch {
    throw invalidParams("code must be base64 of UTF-8 text");
  }
}

export function nodeMethods(net: EngineNetwork): RpcMethods {
  const n = net.network;
  const codeAt = (address: Address): string => {
    const c = n.contractState(address);
    if (!c) throw new RpcError(SERVER_ERROR, `no contract at ${address.toChecksum()}`);
    return c.code;
  };
  const schemaOf = async (code: string) => {
    const res = await net.schema(code);
    if (!res.ok) throw new RpcError(SERVER_ERROR, res.line !== undefined ? `line ${res.line}: ${res.message}` : res.message);
    return res.schema;
  };
  const snapshots = new Map<number, ReturnType<typeof n.snapshot>>();
  let nextSnapshot = 1;
  return {
    eth_chainId: () => hexQuantity(n.chainId),
    net_version: () => n.chainId.toString(),
    eth_gasPrice: () => "0x0",
    eth_blockNumber: () => hexQuantity(Math.floor(n.clock / 1000)),
    eth_getBalance: ([address]) => hexQuantity(n.balanceOf(addressParam(address))),
    eth_getTransactionCount: ([address]) => hexQuantity(n.accountState(addressParam(address)).nonce),
    gen_getContractCode: ([address]) => base64(codeAt(addressParam(address))),
    gen_getContractSchemaForCode: ([code]) => schemaOf(codeParam(code)),
    gen_getContractSchema: ([arg]) => {
      if (typeof arg === "object" && arg !== null && typeof (arg as { code?: unknown }).code === "string") return schemaOf(fromBase64((arg as { code: string }).code));
      return schemaOf(codeAt(addressParam(arg)));
    },
    sim_fundAccount: ([address, amount]) => {
      const to = addressParam(address);
      n.fund(to, quantityParam(amount, "amount"));
      return hexQuantity(n.balanceOf(to));
    },
    sim_getAllValidators: () =>
      n.validatorsState().map((v, i) => ({
        id: i + 1,
        name: v.id,
        address: v.address.toChecksum(),
        stake: v.stake.toString(),
        provider: n.validatorConfig(v.id).llm.provider,
        model: n.validatorConfig(v.id).llm.model ?? "",
      })),
    sim_countValidators: () => n.validatorsState().length,
    sim_getFinalityWindowTime: () => Math.round(n.settings.finalityWindowMs / 1000),
    sim_setFinalityWindowTime: ([seconds]) => {
      const s = quantityParam(seconds, "finality window (seconds)");
      if (s > 86_400n * 365n) throw invalidParams("finality window must be at most a year");
      n.settings.finalityWindowMs = Number(s) * 1000;
      return Math.round(n.settings.finalityWindowMs / 1000);
    },
    sim_createSnapshot: () => {
      const id = nextSnapshot++;
      snapshots.set(id, n.snapshot());
      return id;
    },
    sim_restoreSnapshot: ([id]) => {
      const snap = snapshots.get(Number(quantityParam(id, "snapshot id")));
      if (!snap) throw new RpcError(SERVER_ERROR, `no snapshot ${String(id)}`);
      n.restore(snap);
      return true;
    },
    sim_deleteAllSnapshots: () => {
      snapshots.clear();
      return true;
    },
    /** Extension (not in Studio): appeals a decided transaction (bond from `by`, default the minimum) and processes it. */
    sim_appeal: async ([hash, by]) => {
      if (typeof hash !== "string") throw invalidParams("the transaction hash must be 0x-hex");
      if (!n.getTx(hash)) throw new RpcError(SERVER_ERROR, `transaction ${shown(hash)} not found`);
      const blocker = n.appealBlocker(hash);
      if (blocker) throw new RpcError(SERVER_ERROR, blocker);
      const who = addressParam(by, "by");
      try {
        await net.appeal(hash, { by: who });
      } catch (e) {
        throw new RpcError(SERVER_ERROR, e instanceof Error ? e.message : String(e));
      }
      await net.runUntilIdle();
      return n.getTx(hash)!.status;
    },
    /** Extension (not in Studio): moves the virtual clock by `seconds` and processes what is due. */
    sim_advanceTime: async ([seconds]) => {
      const s = quantityParam(seconds, "seconds");
      if (s > 86_400n * 365n) throw invalidParams("seconds must be at most a year");
      await net.advanceTime(Number(s) * 1000);
      await net.runUntilIdle();
      return n.clock;
    },
  };
}
