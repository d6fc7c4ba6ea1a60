/**
 * A page with only the contract editor (editor-test.html), for e2e tests and a quick look:
 * two example files, SDK diagnostics and completions from a browser Python runtime.
 */
import { StrictMode, useCallback, useMemo, useState } from "react";
import { createRoot } from "react-dom/client";
import { createBrowserRuntime } from "../../../workers/browser/browser-runtime";
import { EXAMPLE_FILES } from "../example-files";
import { ContractEditor, type EditorFile } from "./ContractEditor";
import { useDiagnostics, useGenLayerApi } from "./genlayer-language";
import { monaco } from "./monaco-setup";

const START: EditorFile[] = [
  { path: "storage.py", text: EXAMPLE_FILES["storage.py"] },
  { path: "wizard_of_coin.py", text: EXAMPLE_FILES["wizard_of_coin.py"] },
];

function EditorTestPage() {
  const runtime = useMemo(() => createBrowserRuntime(), []);
  const [files, setFiles] = useState(START);
  const [active, setActive] = useState(START[0].path);
  const api = useGenLayerApi(runtime);
  const { byFile, checking, error } = useDiagnostics(runtime, files);
  const onChange = useCallback((path: string, text: string) => {
    setFiles((fs) => fs.map((f) => (f.path === path ? { ...f, text } : f)));
  }, []);
  const onCreate = useCallback(() => {
    setFiles((fs) => {
      let n = 1;
      while (fs.some((f) => f.path === `contract_${n}.py`)) n++;
      const path = `contract_${n}.py`;
      setActive(path);
      return [...fs, { path, text: '# v0.2.16\n# { "Depends": "py-genlayer:test" }\nfrom genlayer import *\n\n' }];
    });
  }, []);
  const onClose = useCallback((path: string) => {
    setFiles((fs) => {
      const rest = fs.filter((f) => f.path !== path);
      setActive((a) => (a === path ? (rest[0]?.path ?? "") : a));
      return rest;
    });
  }, []);
  const status = error ? `Python: ${error}` : !api ? "Python starting…" : checking ? "checking…" : "SDK checks up to date";
  return (
    <div style={{ height: "100vh", padding: 12, boxSizing: "border-box", background: "#f6f7fb" }}>
      <ContractEditor
        files={files}
        active={active}
        onChange={onChange}
        onSelect={setActive}
        onCreate={onCreate}
        onClose={onClose}
        diagnostics={byFile}
        api={api}
        status={status}
      />
    </div>
  );
}

// For e2e tests: read markers and models without scraping the DOM.
(window as unknown as { __monaco: typeof monaco }).__monaco = monaco;

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <EditorTestPage />
  </StrictMode>,
);
