/** Deploy box: constructor inputs from the checked schema, sender, value, Strict/Fast. */
import { useEffect, useState } from "react";
import type { ConsensusMode } from "../../core/consensus/types";
import type { CheckOutput, DeployArg } from "../app-actions";
import { useApp, useSessionState } from "../use-session";
import { ArgInputs, argValues } from "./ArgInputs";
import { ActionButton, ErrorLine, Panel } from "./common";
import { parseGen } from "./format";

export function DeployPanel({ check }: { check: CheckOutput }) {
  const { actions } = useApp();
  const st = useSessionState();
  const [values, setValues] = useState<Record<string, string>>({});
  const [value, setValue] = useState("0");
  const [mode, setMode] = useState<ConsensusMode>("strict");
  const schema = check.kind === "schema" && check.path === st.activeFile ? check.schema : null;
  const canCheck = st.network === "ready" && check.kind === "none" && st.activeFile !== null;
  useEffect(() => {
    if (canCheck) actions.run("contract.schema"); // constructor inputs without a manual check
  }, [canCheck, st.activeFile, actions]);
  let arg: DeployArg | undefined;
  let localError: string | null = null;
  try {
    arg = { args: schema ? argValues(schema.ctor, values) : [], from: st.sender, value: parseGen(value), mode };
  } catch (e) {
    localError = (e as Error).message;
  }
  return (
    <Panel title={`Deploy ${st.activeFile ?? ""}`} testId="deploy">
      {schema ? <ArgInputs sig={schema.ctor} values={values} onChange={setValues} idPrefix="constructor" /> : <p className="hint">Check the contract to fill in its constructor.</p>}
      <div className="row">
        <label>
          from{" "}
          <select aria-label="Deploy from" value={st.sender} onChange={(e) => actions.run("accounts.sender", e.target.value)}>
            {st.accounts.map((a) => (
              <option key={a.name}>{a.name}</option>
            ))}
          </select>
        </label>
        <label>
          value <input className="num" aria-label="Deploy value (GEN)" value={value} onChange={(e) => setValue(e.target.value)} /> GEN
        </label>
        <span className="seg" role="radiogroup" aria-label="Consensus mode">
          {(["strict", "fast"] as const).map((m) => (
            <label key={m} className={mode === m ? "on" : ""}>
              <input type="radio" name="mode" checked={mode === m} onChange={() => setMode(m)} />
              {m === "strict" ? "Strict" : "Fast"}
            </label>
          ))}
        </span>
      </div>
      <div className="row">
        <ActionButton id="contract.deploy" arg={arg} className="primary" testId="deploy-button">
          Deploy
        </ActionButton>
      </div>
      {localError && <p className="error">{localError}</p>}
      <ErrorLine scope="deploy" />
    </Panel>
  );
}
