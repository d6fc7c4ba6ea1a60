/**
 * Integer text as people type it in a form: decimal with optional `_` separators, `0x` hex,
 * `0o` octal, `0b` binary, and scientific notation (`1e18`, `2.5e3`) when it is an exact whole
 * number. Also wei amounts and their GEN rendering (1 GEN = 10^18 wei).
 */

export type IntResult = { ok: true; value: bigint } | { ok: false; message: string };

export const INT_MESSAGE = "enter a whole number, e.g. 42 or -7 (big numbers are fine)";

const DEC = /^\d(_?\d)*$/;
const PREFIXED: Record<string, RegExp> = {
  x: /^[0-9a-f](_?[0-9a-f])*$/i,
  o: /^[0-7](_?[0-7])*$/,
  b: /^[01](_?[01])*$/,
};
const SCI = /^(\d(?:_?\d)*)(?:\.(\d(?:_?\d)*))?e\+?(\d+)$/i;

/** Parses an integer; messages are one line and say what to type. */
export function parseIntText(text: string): IntResult {
  let t = text.trim();
  if (t === "") return { ok: false, message: INT_MESSAGE };
  let neg = false;
  if (t[0] === "-" || t[0] === "+") {
    neg = t[0] === "-";
    t = t.slice(1);
  }
  const done = (v: bigint): IntResult => ({ ok: true, value: neg ? -v : v });
  if (DEC.test(t)) return done(BigInt(t.replace(/_/g, "")));
  const m = /^0([xob])(.*)$/i.exec(t);
  if (m) {
    const base = m[1].toLowerCase();
    if (PREFIXED[base].test(m[2])) return done(BigInt("0" + base + m[2].replace(/_/g, "")));
    const name = base === "x" ? "hex" : base === "o" ? "octal" : "binary";
    return { ok: false, message: `"${text.trim()}" is not a valid ${name} number` };
  }
  const s = SCI.exec(t);
  if (s) {
    const whole = s[1].replace(/_/g, "");
    const frac = (s[2] ?? "").replace(/_/g, "").replace(/0+$/, "");
    const exp = Number(s[3]);
    if (exp > 10_000) return { ok: false, message: `the exponent in "${text.trim()}" is too large` };
    if (frac.length > exp) return { ok: false, message: `"${text.trim()}" is not a whole number (calldata has no fractions)` };
    return done(BigInt(whole + frac + "0".repeat(exp - frac.length)));
  }
  if (/^\d*\.\d+$|^\d+\.\d*$/.test(t)) return { ok: false, message: `"${text.trim()}" is not a whole number (calldata has no fractions)` };
  return { ok: false, message: INT_MESSAGE };
}

export const WEI_PER_GEN = 10n ** 18n;

/** A non-negative wei amount; also accepts "1.5 GEN" / "2 gen" (converted exactly). */
export function parseWei(text: string): IntResult {
  const t = text.trim();
  if (t === "") return { ok: true, value: 0n };
  const gen = /^(\d+)(?:\.(\d+))?\s*gen$/i.exec(t);
  if (gen) {
    const frac = (gen[2] ?? "").replace(/0+$/, "");
    if (frac.length > 18) return { ok: false, message: "GEN has 18 decimals at most" };
    return { ok: true, value: BigInt(gen[1]) * WEI_PER_GEN + BigInt((frac || "0").padEnd(18, "0")) };
  }
  const r = parseIntText(t);
  if (!r.ok) return { ok: false, message: "enter an amount in wei, e.g. 1000 or 1e18 (= 1 GEN), or write it as 1.5 GEN" };
  if (r.value < 0n) return { ok: false, message: "the value can not be negative" };
  return r;
}

/** "1.5 GEN", "0 GEN", "0.000000000000000001 GEN" (exact). */
export function formatGen(wei: bigint): string {
  const neg = wei < 0n;
  const a = neg ? -wei : wei;
  const whole = a / WEI_PER_GEN;
  const frac = (a % WEI_PER_GEN).toString().padStart(18, "0").replace(/0+$/, "");
  const grouped = whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${neg ? "-" : ""}${grouped}${frac ? "." + frac : ""} GEN`;
}
