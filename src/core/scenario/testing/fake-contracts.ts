/** Fake contracts for the runner's tests; their schemas have the shape `#get-schema` returns. */
import { Address, type CalldataValue } from "../../calldata";
import { FakeRollback, type FakeContract } from "./fake-network";

export const STORAGE_CODE = "fake:storage";
export const TOKEN_CODE = "fake:token";

export const FAKE_CONTRACTS: Record<string, FakeContract> = {
  [STORAGE_CODE]: {
    schema: {
      ctor: { params: [["initial_storage", "string"]], kwparams: {} },
      methods: {
        get_storage: { params: [], kwparams: {}, readonly: true, ret: "string" },
        update_storage: { params: [["new_storage", "string"]], kwparams: {}, readonly: false, ret: "null", payable: false },
      },
    },
    init: (ctx, args) => void ctx.state.set("storage", args[0]),
    methods: {
      get_storage: (ctx) => ctx.state.get("storage") ?? "",
      update_storage: (ctx, args) => {
        ctx.state.set("storage", args[0]);
        return null;
      },
    },
  },
  [TOKEN_CODE]: {
    schema: {
      ctor: { params: [["supply", "int"]], kwparams: { memo: { $or: ["string", "null"] } } },
      methods: {
        transfer: { params: [["to", "address"], ["amount", "int"]], kwparams: {}, readonly: false, ret: "int", payable: false },
        deposit: { params: [], kwparams: {}, readonly: false, ret: "int", payable: true },
        balance_of: { params: [["who", "address"]], kwparams: {}, readonly: true, ret: "int" },
        balances: { params: [], kwparams: {}, readonly: true, ret: { $dict: "int" } },
        owner: { params: [], kwparams: {}, readonly: true, ret: "address" },
        info: { params: [], kwparams: {}, readonly: true, ret: "dict" },
        batch: { params: [["moves", [{ $rep: ["address", "int"] }]], ["tag", "bytes"]], kwparams: {}, readonly: false, ret: "int", payable: false },
        configure: { params: [["cfg", { fee: "int", name: "string" }]], kwparams: { flag: "bool" }, readonly: false, ret: "any", payable: false },
      },
    },
    init: (ctx, args) => {
      ctx.state.set("owner", ctx.sender);
      ctx.state.set(ctx.sender.toHex(), args[0]);
    },
    methods: {
      transfer: (ctx, args) => {
        const to = (args[0] as Address).toHex();
        const amount = args[1] as bigint;
        const mine = (ctx.state.get(ctx.sender.toHex()) as bigint | undefined) ?? 0n;
        if (amount > mine) throw new FakeRollback("insufficient balance");
        ctx.state.set(ctx.sender.toHex(), mine - amount);
        ctx.state.set(to, ((ctx.state.get(to) as bigint | undefined) ?? 0n) + amount);
        return mine - amount;
      },
      deposit: (ctx) => ctx.value,
      balance_of: (ctx, args) => (ctx.state.get((args[0] as Address).toHex()) as bigint | undefined) ?? 0n,
      balances: (ctx) => new Map([...ctx.state].filter(([k]) => k.startsWith("0x")) as [string, CalldataValue][]),
      owner: (ctx) => ctx.state.get("owner")!,
      info: () => new Map<string, CalldataValue>([["blob", new Uint8Array([1, 2, 255])], ["list", [1n, "x", null]], ["ok", true]]),
      batch: (_ctx, args) => BigInt((args[0] as unknown[]).length),
      configure: (_ctx, args, kwargs) => [args[0], kwargs.get("flag") ?? null],
    },
  },
};

export function fakeAddress(hex: string): Address {
  return Address.fromHex(hex);
}
