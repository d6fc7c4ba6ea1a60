/**
 * The unmodified genlayer-js client (npm) against `cli serve`: a new account is funded, deploys a
 * contract with constructor arguments, writes, waits for FINALIZED (the clock moved by our
 * `sim_advanceTime` extension), reads the new value and the schema; a UserError comes back as the
 * receipt's rollback with its message.
 */
import { startServeProcess, type ServeProcess } from "./serve-process";
import { createAccount, createClient } from "genlayer-js";
import { localnet } from "genlayer-js/chains";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const NOTE = `
from genlayer import *

class Note(gl.Contract):
    text: str

    def __init__(self, text: str):
        self.text = text

    @gl.public.view
    def get_text(self) -> str:
        return self.text

    @gl.public.write
    def set_text(self, text: str) -> None:
        if not text:
            raise gl.vm.UserError("the text must not be empty")
        self.text = text
`;

let server: ServeProcess;
let endpoint = "";

beforeAll(async () => {
  server = await startServeProcess(8);
  endpoint = server.endpoint;
}, 60_000);

afterAll(() => {
  server?.stop();
});

describe("genlayer-js (npm, unmodified) against cli serve", () => {
  it("funds, deploys, writes, waits for FINALIZED, reads; a UserError is surfaced", { timeout: 180_000 }, async () => {
    const account = createAccount();
    const client = createClient({ chain: localnet, endpoint, account });
    // fundAccount exists on localnet/studio clients (sim_fundAccount); the client's type is the chains' union.
    await (client as unknown as { fundAccount(a: { address: string; amount: number }): Promise<unknown> }).fundAccount({ address: account.address, amount: 1e20 });

    const deployHash = await client.deployContract({ code: NOTE, args: ["first"] });
    const deployed = await client.waitForTransactionReceipt({ hash: deployHash as never, status: "ACCEPTED" as never, retries: 10, interval: 200 });
    const address = (deployed as unknown as { to_address: string }).to_address as `0x${string}`;
    expect(address).toMatch(/^0x[0-9a-fA-F]{40}$/);
    expect(await client.readContract({ address, functionName: "get_text", args: [] })).toBe("first");

    // A simulated write (gen_call type "write") returns the result and changes nothing.
    expect(await client.simulateWriteContract({ address, functionName: "set_text", args: ["simulated"] })).toBeNull();
    expect(await client.readContract({ address, functionName: "get_text", args: [] })).toBe("first");
    await expect(client.simulateWriteContract({ address, functionName: "set_text", args: [""] })).rejects.toThrow(/the text must not be empty/);

    const writeHash = await client.writeContract({ address, functionName: "set_text", args: ["second"], value: 0n });
    // Our extension: an appeal by the sender (bond: the minimum); honest validators uphold the result.
    const appealed = await client.request({ method: "sim_appeal" as never, params: [writeHash, account.address] as never });
    expect(appealed).toBe("ACCEPTED");
    await client.request({ method: "sim_advanceTime" as never, params: [60] as never });
    const final = await client.waitForTransactionReceipt({ hash: writeHash, status: "FINALIZED" as never, retries: 10, interval: 200 });
    expect((final as unknown as { status_name: string }).status_name).toBe("FINALIZED");
    expect(await client.readContract({ address, functionName: "get_text", args: [] })).toBe("second");
    expect(await client.readContract({ address, functionName: "get_text", args: [], transactionHashVariant: "latest-final" as never })).toBe("second");

    // eth_call with a view's calldata answers its return value's calldata.
    const { encode, decode, makeCalldataObject } = await import("../core/calldata");
    const raw = (await client.request({ method: "eth_call" as never, params: [{ to: address, data: "0x" + Buffer.from(encode(makeCalldataObject("get_text", [], {}))).toString("hex") }] as never })) as string;
    expect(decode(Uint8Array.from(Buffer.from(raw.slice(2), "hex")))).toBe("second");

    const schema = (await client.getContractSchema(address)) as { ctor: { params: unknown[] }; methods: Record<string, { readonly: boolean }> };
    expect(schema.ctor.params).toEqual([["text", "string"]]);
    expect(schema.methods.get_text!.readonly).toBe(true);
    expect(schema.methods.set_text!.readonly).toBe(false);
    expect(new TextDecoder().decode(Uint8Array.from(atob(String(await client.request({ method: "gen_getContractCode" as never, params: [address] as never }))), (c) => c.charCodeAt(0)))).toBe(NOTE);

    const failing = await client.writeContract({ address, functionName: "set_text", args: [""], value: 0n });
    const receipt = (await client.waitForTransactionReceipt({ hash: failing, status: "ACCEPTED" as never, retries: 10, interval: 200 })) as unknown as {
      consensus_data: { leader_receipt: { result: { status: string; payload: unknown } }[] };
    };
    const result = receipt.consensus_data.leader_receipt[0]!.result;
    expect(result.status).toBe("rollback");
    expect(JSON.stringify(result.payload)).toContain("the text must not be empty");
    expect(await client.readContract({ address, functionName: "get_text", args: [] })).toBe("second");
  });
});
