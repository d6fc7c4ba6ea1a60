/**
 * Web access settings of this browser: whether validators may fetch real pages (URLs no scenario
 * fixture matches) and an optional CORS proxy. Kept in localStorage — a machine setting, not part
 * of scenarios, exports or links (runs with real fetches are not reproducible; recorded responses
 * are what a share link carries).
 */
export interface WebSettings {
  allowNetwork: boolean;
  corsProxy: string;
}

const KEY = "genlayer-playground.web";
const DEFAULTS: WebSettings = { allowNetwork: false, corsProxy: "" };

export function readWebSettings(): WebSettings {
  try {
    const raw = globalThis.localStorage?.getItem(KEY);
    if (!raw) return { ...DEFAULTS };
    const v = JSON.parse(raw) as Partial<WebSettings>;
    return { allowNetwork: v.allowNetwork === true, corsProxy: typeof v.corsProxy === "string" ? v.corsProxy : "" };
  } catch {
    return { ...DEFAULTS };
  }
}

/** Saves the settings; a proxy must be an http(s) URL (one-line error otherwise). */
export function writeWebSettings(s: WebSettings): void {
  const proxy = s.corsProxy.trim();
  if (proxy !== "" && !/^https?:\/\/\S+$/.test(proxy)) throw new Error(`the CORS proxy must be an http(s) URL, e.g. https://proxy.example/?url={url}`);
  globalThis.localStorage?.setItem(KEY, JSON.stringify({ allowNetwork: s.allowNetwork, corsProxy: proxy }));
}
