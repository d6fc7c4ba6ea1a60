/** Plain inputs for a method's positional parameters (swappable for the schema-generated form). */
import type { ParamsSchema } from "../../core/scenario/args";
import type { JsonValue } from "../../core/scenario/format";
import { parseArg, typeLabel } from "./args";

export function ArgInputs(props: { sig: ParamsSchema; values: Record<string, string>; onChange(values: Record<string, string>): void; idPrefix: string }) {
  if (props.sig.params.length === 0) return null;
  return (
    <div className="args">
      {props.sig.params.map(([name, type]) => (
        <label key={name} className="arg">
          <span>
            {name} <small>{typeLabel(type)}</small>
          </span>
          <input
            aria-label={`${props.idPrefix} ${name}`}
            value={props.values[name] ?? ""}
            onChange={(e) => props.onChange({ ...props.values, [name]: e.target.value })}
          />
        </label>
      ))}
    </div>
  );
}

export function argValues(sig: ParamsSchema, values: Record<string, string>): JsonValue[] {
  return sig.params.map(([name, type]) => parseArg(type, values[name] ?? ""));
}
