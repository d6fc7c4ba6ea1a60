/** Validators: add/remove, stake, behaviour, LLM provider, enclave; locked once transactions exist. */
import { NetworkStatsView } from "./NetworkStats";
import { BEHAVIOURS } from "../../core/scenario/format";
import { LlmSettings } from "../llm/LlmSettings";
import { useApp, useSessionState } from "../use-session";
import { ActionButton, ErrorLine, Panel } from "./common";
import { gen } from "./format";
import { BootBar, poolSummary, WorkerList } from "./WorkerBoot";
import { isExternalProvider, PLAINTEXT_WARNING } from "./confidential-format";
import { ConfidentialSettingsRow } from "./ConfidentialSettings";
import "./validators-panel.css";
import "./confidential-panel.css";
import { LockIcon } from "./LockIcon";

const GEN = 10n ** 18n;

export function ValidatorsPanel() {
  const { actions } = useApp();
  const st = useSessionState();
  const locked = st.setupLocked;
  const perTx = st.setup.consensus.validatorsPerTx ?? 5;
  const pool = poolSummary(st.boot);
  const poolText = pool.total === 0 ? "starting" : `${pool.ready}/${pool.total} ready`;
  const poolBoot = { id: "shared pool", state: pool.phase === "ready" ? "ready" : pool.phase === "failed" ? "failed" : "booting", progress: pool.progress, measured: true, restarts: pool.phase === "restarting" ? 1 : 0 } as const;
  return (
    <Panel title={`Validators (${st.setup.validators.length})`} testId="validators">
      {locked && (
        <p className="notice">
          The network has transactions: reset it to change validators. <ActionButton id="network.reset">Reset network</ActionButton>
        </p>
      )}
      <p className="wb-pool-line" data-testid="pool-line">
        Python: {st.setup.validators.length} validators share {pool.total} {pool.total === 1 ? "worker" : "workers"} · {poolText}
      </p>
      <ul className="validator-list">
        {st.setup.validators.map((v) => {
          const live = st.validators.find((x) => x.id === v.id);
          return (
            <li key={v.id} className="validator-item" data-testid={`validator-${v.id}`}>
              <div className="vi-head">
                <strong>{v.id}</strong>
                {v.enclave && (
                  <span className="lock-mark" data-testid={`enclave-badge-${v.id}`} title="Runs an emulated enclave: attested, can join confidential committees">
                    <LockIcon size={9} /> enclave
                  </span>
                )}
                <span className="wb-pool" data-testid={`pool-${v.id}`} title={`${v.id} runs on the shared Python pool: ${poolText}`}>
                  <BootBar boot={{ ...poolBoot, id: `${v.id} Python` }} />
                </span>
                <span className="vi-now num" title={live ? `reputation ${live.reputationBps / 100}%` : ""}>
                  {live ? `${gen(live.stake)}${live.slashed > 0n ? ` (−${gen(live.slashed)})` : ""}${live.reputationBps < 10_000 ? ` · rep ${live.reputationBps / 100}%` : ""}` : ""}
                </span>
                <ActionButton id="validators.remove" arg={v.id} className="ghost" title={`Remove ${v.id}`}>
                  ✕
                </ActionButton>
              </div>
              <div className="vi-fields">
                <label>
                  behaviour
                  <select
                    aria-label={`Behaviour of ${v.id}`}
                    disabled={locked || st.busy}
                    value={v.behaviour}
                    onChange={(e) => actions.run("validators.update", { id: v.id, patch: { behaviour: e.target.value } })}
                  >
                    {BEHAVIOURS.map((b) => (
                      <option key={b}>{b}</option>
                    ))}
                  </select>
                </label>
                <label>
                  stake (GEN)
                  <input
                    className="num"
                    aria-label={`Stake of ${v.id}`}
                    disabled={locked || st.busy}
                    defaultValue={(BigInt(v.stake) / GEN).toString()}
                    onBlur={(e) => {
                      const t = e.target.value.trim();
                      if (/^\d+$/.test(t) && BigInt(t) * GEN !== BigInt(v.stake)) actions.run("validators.update", { id: v.id, patch: { stake: (BigInt(t) * GEN).toString() } });
                    }}
                  />
                </label>
                <span className="vi-llm">
                  LLM <LlmSettings validator={v} disabled={locked || st.busy} locked={locked} />
                </span>
                <label title="Run an emulated enclave (TEE): the validator is attested and can join confidential contracts' committees">
                  <input
                    type="checkbox"
                    aria-label={`Enclave of ${v.id}`}
                    disabled={locked || st.busy}
                    checked={v.enclave === true}
                    onChange={(e) => actions.run("validators.update", { id: v.id, patch: { enclave: e.target.checked } })}
                  />
                  enclave
                </label>
              </div>
              {v.enclave && isExternalProvider(v.llm.provider) && (
                <p className="llm-plaintext-warning" role="note" data-testid={`plaintext-warning-${v.id}`}>
                  ⚠ {PLAINTEXT_WARNING}
                </p>
              )}
            </li>
          );
        })}
      </ul>
      <div className="row">
        <ActionButton id="validators.add">Add validator</ActionButton>
        <label>
          per transaction{" "}
          <input
            className="num"
            type="number"
            min={1}
            max={st.setup.validators.length}
            aria-label="Validators per transaction"
            disabled={locked || st.busy}
            value={Math.min(perTx, st.setup.validators.length)}
            onChange={(e) => actions.run("validators.perTx", Number(e.target.value))}
          />
        </label>
        {!locked && <ActionButton id="network.reset">Reset network</ActionButton>}
      </div>
      <ConfidentialSettingsRow />
      <section className="wb-section" aria-label="Python workers">
        <h3>Python workers (shared by all validators)</h3>
        <p className="hint">Any free worker runs the next execution; a crashed worker is replaced.</p>
        <WorkerList boot={st.boot} />
      </section>
      <ErrorLine scope="validators" />
      <ErrorLine scope="network" />
      <NetworkStatsView />
    </Panel>
  );
}
