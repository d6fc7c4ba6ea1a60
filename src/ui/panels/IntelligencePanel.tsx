/** Network-wide intelligence settings: the scripted answers every validator shares (with the rules
 * of the example scenarios one click away) and this browser's web access. Per-validator providers
 * (WebLLM, OpenAI-compatible, recorded) are set in the Validators tab. */
import { useEffect, useState } from "react";
import { exampleRuleSets, type ExampleRules } from "../../core/session/example-rules";
import { EXAMPLE_FILES } from "../example-files";
import { useApp, useSessionState } from "../use-session";
import { readWebSettings, writeWebSettings, type WebSettings } from "../web-settings";
import { ErrorLine, Panel } from "./common";
import "./intelligence-panel.css";

/** Parsed when the tab is first shown, not at start-up. */
let SETS: ExampleRules[] | null = null;
const exampleSets = () => (SETS ??= exampleRuleSets(EXAMPLE_FILES));

export function IntelligencePanel() {
  const { actions } = useApp();
  const st = useSessionState();
  const current = JSON.stringify(st.setup.llm, null, 2);
  const [text, setText] = useState(current);
  const [parseError, setParseError] = useState<string | null>(null);
  useEffect(() => setText(current), [current]);
  const [web, setWeb] = useState<WebSettings>(readWebSettings);
  const [webError, setWebError] = useState<string | null>(null);

  const apply = () => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      return setParseError(`not JSON: ${(e as Error).message.split("\n")[0]}`);
    }
    setParseError(null);
    actions.run("validators.rules", value);
  };
  const saveWeb = (next: WebSettings) => {
    setWeb(next);
    try {
      writeWebSettings(next);
      setWebError(null);
    } catch (e) {
      setWebError((e as Error).message);
    }
  };

  return (
    <Panel title="LLM & web" testId="intelligence" className="intelligence">
      <h3>Scripted answers</h3>
      <p className="hint">
        Deterministic rules shared by every validator with the <em>scripted</em> provider: a regular expression on the prompt → the answer, answers per
        equivalence template, and web fixtures by URL (format: README, “llm”). {st.setupLocked && "Reset the network to change them."}
      </p>
      <div className="row">
        <select aria-label="Use the answers of an example" value="" disabled={st.setupLocked} onChange={(e) => {
          const set = exampleSets().find((s) => s.scenario === e.target.value);
          if (set) setText(JSON.stringify(set.rules, null, 2));
        }}>
          <option value="">Answers of an example…</option>
          {exampleSets().map((s) => (
            <option key={s.scenario} value={s.scenario}>
              {s.name}
            </option>
          ))}
        </select>
        <button type="button" className="primary" disabled={st.setupLocked || text === current} onClick={apply}>
          Apply
        </button>
        <button type="button" disabled={text === current} onClick={() => setText(current)}>
          Undo edits
        </button>
      </div>
      <textarea aria-label="Scripted answers (JSON)" className="rules-json" spellCheck={false} value={text} readOnly={st.setupLocked} onChange={(e) => setText(e.target.value)} />
      {parseError && <p className="error" role="alert">{parseError}</p>}
      <ErrorLine scope="validators" />

      <h3>Web access (this browser)</h3>
      <label className="check-line">
        <input type="checkbox" aria-label="Let validators fetch real web pages" checked={web.allowNetwork} onChange={(e) => saveWeb({ ...web, allowNetwork: e.target.checked })} />
        <span>Let validators fetch real web pages when no fixture matches (runs stop being reproducible)</span>
      </label>
      <label className="stack">
        <span>
          CORS proxy (optional; <code>{"{url}"}</code> is replaced by the page's address)
        </span>
        <input aria-label="CORS proxy" placeholder="https://proxy.example/?url={url}" value={web.corsProxy} disabled={!web.allowNetwork} onChange={(e) => saveWeb({ ...web, corsProxy: e.target.value })} />
      </label>
      {webError && <p className="error" role="alert">{webError}</p>}
      <p className="hint">Fixtures always win. Pages that do not allow cross-origin requests need the proxy. Takes effect for validators that have not answered yet.</p>
    </Panel>
  );
}
