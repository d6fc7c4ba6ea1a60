/** Accounts: balances, the current sender, and a faucet. */
import { useState } from "react";
import { useApp, useSessionState } from "../use-session";
import { ActionButton, ErrorLine, Panel } from "./common";
import { gen, parseGen, short } from "./format";

export function AccountsPanel() {
  const { actions } = useApp();
  const st = useSessionState();
  const [name, setName] = useState("");
  const [amount, setAmount] = useState("10");
  let wei: bigint | null = null;
  try {
    wei = parseGen(amount);
  } catch {
    wei = null;
  }
  const target = name.trim() || st.sender;
  return (
    <Panel title="Accounts" testId="accounts">
      <table className="grid">
        <tbody>
          {st.accounts.map((a) => (
            <tr key={a.name} className={a.name === st.sender ? "current" : ""}>
              <td>
                <label>
                  <input type="radio" name="sender" checked={a.name === st.sender} onChange={() => actions.run("accounts.sender", a.name)} /> {a.name}
                </label>
              </td>
              <td>
                <code title={a.address}>{short(a.address)}</code>
              </td>
              <td className="num">{gen(a.balance)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row">
        <input aria-label="Faucet account" placeholder={st.sender} value={name} onChange={(e) => setName(e.target.value)} />
        <input className="num" aria-label="Faucet amount (GEN)" value={amount} onChange={(e) => setAmount(e.target.value)} />
        <ActionButton id="accounts.fund" arg={{ name: target, amount: wei ?? 0n }}>
          Fund
        </ActionButton>
      </div>
      {wei === null && <p className="error">"{amount}" is not an amount of GEN</p>}
      <ErrorLine scope="accounts" />
    </Panel>
  );
}
