/**
 * A storage contract (get_storage / update_storage) as a `FakeProgram` for the engine's fake
 * executor, so scenario and session tests run without Python. Code containing "SYNTAX" fails its
 * schema like a Python syntax error on line 3.
 */
import { decode, encode, type CalldataValue, type EncodableValue } from "../../calldata";
import { slotOf, type FakeProgram } from "../../consensus/fake-executor";
import type { ExecutionOutcome } from "../../runtime/execution-types";

function ret(v: EncodableValue): ExecutionOutcome {
  const calldata = encode(v);
  return { kind: "return", calldata, value: decode(calldata) };
}

/** `ctorParam`: the constructor parameter's name in the schema. */
export function storageProgram(ctorParam: string): FakeProgram {
  const schema = {
    ctor: { params: [[ctorParam, "string"]], kwparams: {} },
    methods: {
      get_storage: { params: [], kwparams: {}, readonly: true, ret: "string" },
      update_storage: { params: [["new_storage", "string"]], kwparams: {}, readonly: false, ret: "null", payable: false },
    },
  };
  const slot = slotOf("storage");
  const write = (v: CalldataValue) => new Map([[slot, encode(v)]]);
  return (c) => {
    if (c.method === "#get-schema") {
      if (c.ctx.code.includes("SYNTAX"))
        return { outcome: { kind: "vm_error", message: "invalid_contract", exception: "SyntaxError", detail: "invalid syntax (contract.py, line 3)" } };
      return { outcome: ret(JSON.stringify(schema)) };
    }
    if (c.kind === "deploy") return { outcome: ret(null), writes: write(c.args[0] ?? "") };
    if (c.method === "get_storage") {
      const raw = c.storage.get(slot);
      return { outcome: ret((raw ? decode(raw) : "") as EncodableValue) };
    }
    if (c.method === "update_storage") return { outcome: ret(null), writes: write(c.args[0]) };
    return { outcome: { kind: "vm_error", message: `no method ${c.method}` } };
  };
}
