/**
 * Test page (forms-test.html) for the schema-generated forms: a deploy form for a constructor with
 * every kind of parameter, a payable write and a view. Submissions are printed as JSON
 * (`data-testid="submitted"`); the view echoes its arguments back as its result. Used by
 * e2e/forms.spec.ts.
 */
import { StrictMode, useState } from "react";
import { createRoot } from "react-dom/client";
import type { CalldataValue } from "../../core/calldata";
import type { ContractSchema } from "../../core/scenario/args";
import { toJsonSafe } from "../../core/scenario/values";
import { MethodForm, type MethodSubmit } from "./MethodForm";
import "../app.css";

const SCHEMA: ContractSchema = {
  ctor: {
    params: [
      ["supply", "int"],
      ["name", "string"],
      ["active", "bool"],
      ["owner", "address"],
      ["salt", "bytes"],
      ["limits", [{ $rep: "int" }]],
      ["weights", { $dict: "int" }],
      ["note", { $or: ["string", "null"] }],
      ["cap", { $or: ["int", "null"] }],
      ["point", { x: "int", y: "int", label: "string" }],
    ],
    kwparams: { strict: "bool", extra: "any" },
  },
  methods: {
    deposit: { params: [["memo", "string"]], kwparams: {}, readonly: false, payable: true, ret: "null" },
    echo: { params: [["items", [{ $rep: "int" }]], ["who", "address"]], kwparams: {}, readonly: true, ret: "any" },
  },
};

function show(s: MethodSubmit): string {
  return JSON.stringify({
    args: s.args.map(toJsonSafe),
    kwargs: Object.fromEntries([...s.kwargs].map(([k, v]) => [k, toJsonSafe(v)])),
    ...(s.value !== undefined && { value: s.value.toString() }),
    ...(s.mode && { mode: s.mode }),
  });
}

function Page() {
  const [submitted, setSubmitted] = useState("");
  const [echo, setEcho] = useState<CalldataValue | undefined>(undefined);
  return (
    <main style={{ display: "grid", gridTemplateColumns: "360px 360px 1fr", gap: "1rem", alignItems: "start" }}>
      <section aria-label="Deploy">
        <h2 style={{ fontSize: "1rem", margin: "0 0 0.5rem" }}>Deploy</h2>
        <MethodForm name="Token" deploy method={SCHEMA.ctor} onSubmit={(s) => setSubmitted(show(s))} />
      </section>
      <section aria-label="Methods" style={{ display: "flex", flexDirection: "column", gap: "1rem" }}>
        <MethodForm name="deposit" method={SCHEMA.methods.deposit} onSubmit={(s) => setSubmitted(show(s))} />
        <MethodForm
          name="echo"
          method={SCHEMA.methods.echo}
          result={echo}
          onSubmit={(s) => {
            setSubmitted(show(s));
            setEcho(new Map<string, CalldataValue>([["items", s.args[0]], ["who", s.args[1]], ["raw", new Uint8Array([1, 2, 255])]]));
          }}
        />
      </section>
      <section aria-label="Submitted">
        <h2 style={{ fontSize: "1rem", margin: "0 0 0.5rem" }}>Submitted</h2>
        <pre data-testid="submitted" style={{ whiteSpace: "pre-wrap", wordBreak: "break-all", fontSize: 12 }}>
          {submitted}
        </pre>
      </section>
    </main>
  );
}

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <Page />
  </StrictMode>,
);
