/**
 * Working on a real GenLayer network (a JSON-RPC URL: local or hosted Studio, a testnet, or
 * `cli serve`) through genlayer-js with this browser's own key: connect, fund (simulator nodes),
 * deploy the open file with its constructor form, call and read the deployed contracts with the
 * same method forms, and watch each transaction's status. Consensus stepping exists only in the
 * in-browser network, where the data is.
 */
import { useEffect, useState } from "react";
import type { ContractSchema } from "../../core/scenario/args";
import { MethodForm } from "../forms/MethodForm";
import { Panel, StatusBadge } from "../panels/common";
import { short } from "../panels/format";
import { useApp, useSessionState } from "../use-session";
import type { RemoteTxDetail } from "../../core/remote/remote-node";
import { remoteNode, remoteUrl, useRemoteState } from "./remote-store";
import type { RemoteCallArg, RemoteDeployArg } from "./remote-actions";

function gen(wei: string | null): string {
  if (wei === null) return "…";
  const w = BigInt(wei);
  return `${w / 10n ** 18n}.${((w % 10n ** 18n) / 10n ** 14n).toString().padStart(4, "0")} GEN`;
}

export function RemotePanel() {
  const { actions } = useApp();
  const rs = useRemoteState();
  const st = useSessionState();
  const [url, setUrl] = useState(() => rs.url || remoteUrl());
  const [schema, setSchema] = useState<{ file: string; schema?: ContractSchema; error?: string } | null>(null);
  const [picked, setPicked] = useState<string | null>(null);
  const hasWallet = typeof (window as unknown as { ethereum?: unknown }).ethereum === "object";
  const [useWallet, setUseWallet] = useState(false);
  const [openTx, setOpenTx] = useState<string | null>(null);
  const file = st.files.find((f) => f.path === st.activeFile) ?? null;
  const connected = rs.status === "connected";

  useEffect(() => {
    if (!connected || !file) return;
    let live = true;
    remoteNode()
      .schemaForCode(file.text)
      .then((s) => live && setSchema({ file: file.path, schema: s }), (e: Error) => live && setSchema({ file: file.path, error: e.message }));
    return () => {
      live = false;
    };
  }, [connected, file?.path, file?.text]);

  const contract = rs.contracts.find((c) => c.label === picked) ?? rs.contracts[rs.contracts.length - 1];
  const label = (file?.path.split("/").pop() ?? "contract").replace(/\.py$/, "");
  return (
    <Panel title="GenLayer network" testId="remote">
      <form
        className="remote-connect"
        onSubmit={(e) => {
          e.preventDefault();
          actions.run("remote.connect", { url, wallet: hasWallet && useWallet });
        }}
      >
        <input aria-label="JSON-RPC URL" value={url} onChange={(e) => setUrl(e.target.value)} spellCheck={false} />
        {hasWallet && (
          <label className="remote-wallet">
            <input type="checkbox" checked={useWallet} onChange={(e) => setUseWallet(e.target.checked)} /> my browser wallet
          </label>
        )}
        <button type="submit" disabled={rs.status === "connecting"}>
          {rs.status === "connecting" ? "Connecting…" : "Connect"}
        </button>
      </form>
      <p className="hint" data-testid="remote-status">
        {connected ? `connected to ${rs.chainName} (chain ${rs.chainId}) · account ${short(rs.account!)} · ${gen(rs.balance)}` : rs.status === "failed" ? "not connected" : "not connected yet"}
        {connected && (
          <button type="button" className="ghost" onClick={() => actions.run("remote.fund")} title="sim_fundAccount: works on simulator nodes (Studio, cli serve)">
            Fund 100 GEN
          </button>
        )}
      </p>
      <p className="hint">{useWallet && hasWallet ? "Your wallet holds the account and sends the transactions." : "Your key for remote networks is kept only in this browser."} Consensus stepping is available in the in-browser network only.</p>
      {rs.error && (
        <p className="error" role="alert" data-testid="remote-error">
          {rs.error}
        </p>
      )}
      {connected && file && (
        <section className="remote-deploy" data-testid="remote-deploy">
          <h3>Deploy {file.path}</h3>
          {schema?.file === file.path && schema.error && (
            <p className="error" role="alert">
              {schema.error}
            </p>
          )}
          {schema?.file === file.path && schema.schema && (
            <MethodForm
              name={label}
              method={schema.schema.ctor}
              deploy
              hideMode
              submitLabel="Deploy"
              onSubmit={(s) => actions.run("remote.deploy", { label, code: file.text, args: s.args, kwargs: s.kwargs } satisfies RemoteDeployArg)}
            />
          )}
        </section>
      )}
      {contract && (
        <section className="remote-contract" data-testid="remote-contract">
          {rs.contracts.length > 1 && (
            <select aria-label="Remote contract" value={contract.label} onChange={(e) => setPicked(e.target.value)}>
              {rs.contracts.map((c) => (
                <option key={c.label}>{c.label}</option>
              ))}
            </select>
          )}
          <h3>
            {contract.label} <code title={contract.address}>{short(contract.address)}</code>
          </h3>
          {Object.entries(contract.schema.methods)
            .sort(([, a], [, b]) => Number(b.readonly) - Number(a.readonly))
            .map(([name, m]) => {
              const result = rs.results[`${contract.label}.${name}`];
              return (
                <div key={`${contract.label}.${name}`} className="method" data-testid={`remote-method-${name}`}>
                  <MethodForm
                    name={name}
                    method={m}
                    submitLabel={m.readonly ? "Read" : "Send"}
                    hideMode
                    onSubmit={(s) => actions.run(m.readonly ? "remote.read" : "remote.call", { contract: contract.label, method: name, args: s.args, kwargs: s.kwargs, value: s.value } satisfies RemoteCallArg)}
                  />
                  {m.readonly && result && (
                    <output className={result.ok ? "result" : "result error"} data-testid={`remote-result-${name}`}>
                      {result.ok ? JSON.stringify(result.value) : result.error}
                    </output>
                  )}
                </div>
              );
            })}
        </section>
      )}
      {rs.transactions.length > 0 && (
        <section data-testid="remote-transactions">
          <h3>Transactions ({rs.transactions.length})</h3>
          <table className="grid">
            <tbody>
              {rs.transactions.map((t) => (
                <tr key={t.hash} data-testid={`remote-tx-${t.label}`} className={openTx === t.hash ? "selected" : undefined} onClick={() => setOpenTx(openTx === t.hash ? null : t.hash)} style={{ cursor: "pointer" }}>
                  <td>{t.label}</td>
                  <td>
                    <code title={t.hash}>{short(t.hash)}</code>
                  </td>
                  <td>
                    <StatusBadge status={t.status} />
                    {t.error && <small className="error"> {t.error}</small>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {(() => {
            const t = rs.transactions.find((x) => x.hash === openTx);
            return t ? <RemoteTxView label={t.label} hash={t.hash} status={t.status} detail={t.detail} /> : null;
          })()}
        </section>
      )}
    </Panel>
  );
}

/** A remote transaction as the network reports it: no consensus stepping (the data is not here). */
function RemoteTxView({ label, hash, status, detail }: { label: string; hash: string; status: string; detail?: RemoteTxDetail }) {
  return (
    <div className="remote-tx-view" data-testid="remote-tx-view">
      <h3>
        {label} <StatusBadge status={status} />
      </h3>
      <dl className="facts">
        <dt>hash</dt>
        <dd>
          <code>{hash}</code>
        </dd>
        {detail?.from && (
          <>
            <dt>from</dt>
            <dd>
              <code>{detail.from}</code>
            </dd>
          </>
        )}
        {detail?.to && (
          <>
            <dt>to</dt>
            <dd>
              <code>{detail.to}</code>
            </dd>
          </>
        )}
        {detail?.result && (
          <>
            <dt>result</dt>
            <dd data-testid="remote-tx-result">
              {detail.result.status}
              {detail.result.payload ? `: ${detail.result.payload}` : ""}
            </dd>
          </>
        )}
        {detail?.execution && (
          <>
            <dt>execution</dt>
            <dd>{detail.execution}</dd>
          </>
        )}
        {detail?.votes && (
          <>
            <dt>votes</dt>
            <dd data-testid="remote-tx-votes">
              {Object.entries(detail.votes)
                .map(([v, vote]) => `${v}: ${vote}`)
                .join(" · ")}
            </dd>
          </>
        )}
      </dl>
      {detail && (
        <details>
          <summary>as the network reports it</summary>
          <pre className="remote-raw">{JSON.stringify(detail.raw, null, 2)}</pre>
        </details>
      )}
      <p className="hint">Stepping through consensus is available in the in-browser network only.</p>
    </div>
  );
}

