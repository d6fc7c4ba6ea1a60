/** Deployed contracts: read (view) and write methods with their inputs and decoded results. */
import { useState } from "react";
import type { ContractView } from "../../core/session";
import type { MethodSchema } from "../../core/scenario/args";
import type { CallArg } from "../app-actions";
import { MethodForm } from "../forms/MethodForm";
import { useApp, useSessionState } from "../use-session";
import { jsonArgs } from "./DeployPanel";
import { ErrorLine, Panel, StatusBadge } from "./common";
import { StateInspector } from "./StateInspector";
import { clockText, short } from "./format";

function Method({ c, name, m }: { c: ContractView; name: string; m: MethodSchema }) {
  const { actions } = useApp();
  const st = useSessionState();
  const result = st.results[`${c.label}.${name}`];
  const lastTx = [...st.transactions].reverse().find((t) => st.txLabels[t.hash]?.startsWith(`${name}#`) && t.to.toChecksum() === c.address);
  const id = m.readonly ? "contract.view" : "contract.call";
  const busy = !actions.isEnabled(id, { contract: c.label, method: name, args: [] } satisfies CallArg);
  return (
    <div className="method" data-testid={`method-${name}`}>
      <MethodForm
        name={name}
        method={m}
        busy={busy}
        submitLabel={m.readonly ? "Read" : "Send"}
        onSubmit={(s) => actions.run(id, { contract: c.label, method: name, ...jsonArgs(s), value: s.value, mode: s.mode } satisfies CallArg)}
      >
        {!m.readonly && (
          <label className="mf-sender">
            from{" "}
            <select aria-label={`${name} from`} value={st.sender} onChange={(e) => actions.run("accounts.sender", e.target.value)}>
              {st.accounts.map((a) => (
                <option key={a.name}>{a.name}</option>
              ))}
            </select>
          </label>
        )}
      </MethodForm>
      {m.readonly && result && (
        <output className={result.ok ? "result" : "result error"} data-testid={`result-${name}`}>
          {result.ok ? JSON.stringify(result.value) : result.error}
          <small className="hint"> ({result.state}, read at {clockText(result.at)})</small>
        </output>
      )}
      {!m.readonly && lastTx && (
        <span className="result">
          {st.txLabels[lastTx.hash]} <StatusBadge status={lastTx.status} />
        </span>
      )}
    </div>
  );
}

export function ContractPanel() {
  const st = useSessionState();
  const [picked, setPicked] = useState<string | null>(null);
  const c = st.contracts.find((x) => x.label === picked) ?? st.contracts[st.contracts.length - 1];
  return (
    <Panel title="Contract" testId="contract">
      {!c && <p className="hint">Deploy a contract to call its methods here.</p>}
      {st.contracts.length > 1 && (
        <select aria-label="Contract" value={c?.label} onChange={(e) => setPicked(e.target.value)}>
          {st.contracts.map((x) => (
            <option key={x.label}>{x.label}</option>
          ))}
        </select>
      )}
      {c && (
        <>
          <p className="contract-head">
            <strong>{c.label}</strong> <code title={c.address}>{short(c.address)}</code> <StatusBadge status={c.status} />
          </p>
          {Object.entries(c.schema.methods)
            .sort(([, a], [, b]) => Number(b.readonly) - Number(a.readonly))
            .map(([name, m]) => (
              <Method key={`${c.label}.${name}`} c={c} name={name} m={m} />
            ))}
          <StateInspector c={c} />
        </>
      )}
      <ErrorLine scope="contract" />
    </Panel>
  );
}
