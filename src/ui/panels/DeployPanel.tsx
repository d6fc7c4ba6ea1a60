/** Deploy box: the schema-generated constructor form (value, Strict/Fast) with the sender picker;
 * a confidential contract also gets its committee options (n, t, auditors). */
import { useEffect, useState } from "react";
import type { CheckOutput, DeployArg } from "../app-actions";
import { MethodForm, type MethodSubmit } from "../forms/MethodForm";
import { useApp, useSessionState } from "../use-session";
import { toJsonSafe } from "../../core/scenario/values";
import { isConfidentialSchema } from "../../core/scenario/args";
import { ErrorLine, Panel } from "./common";
import { CommitteeOptions } from "./CommitteeOptions";
import { parseCommittee, type CommitteeInputs } from "./confidential-format";

/** Form output → the JSON arguments the session records in the scenario. */
export function jsonArgs(s: MethodSubmit) {
  return { args: s.args.map(toJsonSafe), kwargs: Object.fromEntries([...s.kwargs].map(([k, v]) => [k, toJsonSafe(v)])) };
}

export function DeployPanel({ check }: { check: CheckOutput }) {
  const { actions } = useApp();
  const st = useSessionState();
  const schema = check.kind === "schema" && check.path === st.activeFile ? check.schema : null;
  const canCheck = st.network === "ready" && check.kind === "none" && st.activeFile !== null;
  useEffect(() => {
    if (canCheck) actions.run("contract.schema"); // constructor inputs without a manual check
  }, [canCheck, st.activeFile, actions]);
  const probe: DeployArg = { args: [], from: st.sender, value: 0n, mode: "strict" };
  const busy = !actions.isEnabled("contract.deploy", probe) || st.busy;
  const [committee, setCommittee] = useState<CommitteeInputs>({ n: "", t: "", auditors: [] });
  const confidential = schema !== null && isConfidentialSchema(schema);
  const enclaves = st.setup.validators.filter((v) => v.enclave).length;
  const parsed = parseCommittee(committee, enclaves);
  const blocked = !confidential ? null : enclaves === 0 ? "a confidential contract needs validators that run an enclave (tab Validators)" : parsed.ok ? null : parsed.message;
  return (
    <Panel title={`Deploy ${st.activeFile ?? ""}`} testId="deploy" className="deploy">
      {schema ? (
        <MethodForm
          name={st.activeFile ?? "contract"}
          deploy
          method={schema.ctor}
          busy={busy}
          blocked={blocked}
          onSubmit={(s) =>
            actions.run("contract.deploy", {
              ...jsonArgs(s),
              from: st.sender,
              value: s.value ?? 0n,
              mode: s.mode ?? "strict",
              ...(confidential && parsed.ok && { confidential: parsed.options }),
            } satisfies DeployArg)
          }
        >
          {confidential && (
            <CommitteeOptions
              value={committee}
              enclaves={enclaves}
              defaultSize={st.setup.confidential?.committeeSize ?? Math.min(enclaves, st.setup.consensus.validatorsPerTx ?? 5)}
              accounts={st.accounts.map((a) => a.name)}
              message={enclaves > 0 && !parsed.ok ? parsed.message : null}
              disabled={busy}
              onChange={setCommittee}
            />
          )}
          <label className="mf-sender">
            from{" "}
            <select aria-label="Deploy from" value={st.sender} onChange={(e) => actions.run("accounts.sender", e.target.value)}>
              {st.accounts.map((a) => (
                <option key={a.name}>{a.name}</option>
              ))}
            </select>
          </label>
        </MethodForm>
      ) : (
        <p className="hint">{check.kind === "error" ? "Fix the contract to fill in its constructor." : "Checking the contract for its constructor…"}</p>
      )}
      <ErrorLine scope="deploy" />
    </Panel>
  );
}
