/** The confidential chain's settings in the setup (beside validators per transaction): the fee
 * multiplier of confidential transactions and the default committee size. Empty = the default. */
import { useEffect, useState } from "react";
import { useApp, useSessionState } from "../use-session";
import { LockIcon } from "./LockIcon";

function NumberSetting(props: { label: string; aria: string; value: number | undefined; placeholder: string; disabled: boolean; onCommit(v: number | undefined): void }) {
  const shown = props.value === undefined ? "" : String(props.value);
  const [text, setText] = useState(shown);
  useEffect(() => setText(shown), [shown]);
  const commit = () => {
    const t = text.trim();
    const v = t === "" ? undefined : Number(t);
    if (v !== props.value) props.onCommit(v);
  };
  return (
    <label>
      {props.label}{" "}
      <input
        className="num"
        inputMode="numeric"
        aria-label={props.aria}
        placeholder={props.placeholder}
        disabled={props.disabled}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === "Enter" && commit()}
      />
    </label>
  );
}

export function ConfidentialSettingsRow() {
  const { actions } = useApp();
  const st = useSessionState();
  const c = st.setup.confidential ?? {};
  if (!st.setup.validators.some((v) => v.enclave) && st.setup.confidential === undefined) return null;
  const disabled = st.setupLocked || st.busy;
  const enclaves = st.setup.validators.filter((v) => v.enclave).length;
  return (
    <div className="row" data-testid="confidential-settings">
      <span className="lock-mark">
        <LockIcon size={9} /> confidential
      </span>
      <NumberSetting
        label="fee ×"
        aria="Confidential fee multiplier"
        value={c.feeMultiplier}
        placeholder="2"
        disabled={disabled}
        onCommit={(v) => actions.run("confidential.settings", { feeMultiplier: v })}
      />
      <NumberSetting
        label="committee size"
        aria="Default committee size"
        value={c.committeeSize}
        placeholder={`auto (${Math.min(enclaves, st.setup.consensus.validatorsPerTx ?? 5)})`}
        disabled={disabled}
        onCommit={(v) => actions.run("confidential.settings", { committeeSize: v })}
      />
    </div>
  );
}
