/**
 * Studio's validator management (`sim_createValidator`, `sim_updateValidator`, `sim_deleteValidator`,
 * `sim_deleteAllValidators`, `sim_getValidator`) for a node that rebuilds its network from a list
 * of validators. The playground's validators are fixed once the chain has a transaction, so these
 * change the set only before the first one (said in one line otherwise). Provider and model are
 * kept as labels; validators answer with scripted intelligence, as in `cli run`.
 */
import type { ScenarioValidator } from "../scenario/format";
import { validatorAddress } from "../scenario/accounts";
import type { EngineNetwork } from "../scenario/engine-network";
import { invalidParams, RpcError, SERVER_ERROR, shown, type RpcMethods } from "./json-rpc";
import { quantityParam } from "./node-methods";

/** What the node lets these methods do. */
export interface ValidatorHost {
  network(): EngineNetwork;
  validators(): ScenarioValidator[];
  /** Rebuilds the network with this validator set (the chain must be empty). */
  rebuild(validators: ScenarioValidator[]): Promise<void>;
}

type Labels = Map<string, { provider: string; model: string }>;

function view(labels: Labels, v: ScenarioValidator, index: number) {
  const l = labels.get(v.id);
  return {
    id: index + 1,
    name: v.id,
    address: validatorAddress(v.id).toChecksum(),
    stake: String(v.stake),
    provider: l?.provider ?? v.llm.provider,
    model: l?.model ?? v.llm.model ?? "",
  };
}

export function validatorMethods(host: ValidatorHost): RpcMethods {
  const labels: Labels = new Map();
  const locked = () => {
    if (host.network().transactions().length > 0) throw new RpcError(SERVER_ERROR, "validators can change only before the first transaction (the playground's rule)");
  };
  const find = (address: unknown) => {
    if (typeof address !== "string") throw invalidParams("validator address must be 0x-hex");
    const list = host.validators();
    const index = list.findIndex((v) => validatorAddress(v.id).toHex() === address.toLowerCase());
    if (index < 0) throw new RpcError(SERVER_ERROR, `no validator ${shown(address, 42)}`);
    return { list, index };
  };
  const text = (v: unknown, what: string, fallback: string) => {
    if (v === undefined || v === null) return fallback;
    if (typeof v !== "string") throw invalidParams(`${what} must be text`);
    return v;
  };
  return {
    sim_getAllValidators: () => host.validators().map((v, i) => view(labels, v, i)),
    sim_getValidator: ([address]) => {
      const { list, index } = find(address);
      return view(labels, list[index]!, index);
    },
    sim_createValidator: async ([stake, provider, model]) => {
      locked();
      const list = host.validators();
      let n = list.length + 1;
      while (list.some((v) => v.id === `v${n}`)) n++;
      const v: ScenarioValidator = { id: `v${n}`, stake: quantityParam(stake ?? 1, "stake").toString(), behaviour: "honest", llm: { provider: "scripted" } };
      labels.set(v.id, { provider: text(provider, "provider", "scripted"), model: text(model, "model", "") });
      await host.rebuild([...list, v]);
      return view(labels, v, list.length);
    },
    sim_updateValidator: async ([address, stake, provider, model]) => {
      locked();
      const { list, index } = find(address);
      const old = list[index]!;
      const v: ScenarioValidator = { ...old, ...(stake !== undefined && { stake: quantityParam(stake, "stake").toString() }) };
      const l = labels.get(old.id);
      labels.set(v.id, { provider: text(provider, "provider", l?.provider ?? old.llm.provider), model: text(model, "model", l?.model ?? old.llm.model ?? "") });
      await host.rebuild(list.map((x, i) => (i === index ? v : x)));
      return view(labels, v, index);
    },
    sim_deleteValidator: async ([address]) => {
      locked();
      const { list, index } = find(address);
      if (list.length === 1) throw new RpcError(SERVER_ERROR, "the network needs at least one validator");
      await host.rebuild(list.filter((_, i) => i !== index));
      labels.delete(list[index]!.id);
      return address;
    },
    sim_deleteAllValidators: () => {
      throw new RpcError(SERVER_ERROR, "the network needs at least one validator: delete them one by one, keeping one");
    },
  };
}
