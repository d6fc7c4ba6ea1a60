/** The playground node's whole JSON-RPC method table over one network. */
import type { EngineNetwork } from "../scenario/engine-network";
import type { RpcMethods } from "./json-rpc";
import { nodeMethods } from "./node-methods";
import { txMethods } from "./tx-methods";

export { handleJsonRpc, handleJsonRpcText, type RpcMethods } from "./json-rpc";

export function playgroundRpcMethods(net: EngineNetwork): RpcMethods {
  return { ...nodeMethods(net), ...txMethods(net) };
}
