/**
 * HTML → readable plain text for `gl.nondet.web.render(url, mode="text")`, using the maintained
 * `html-to-text` library (pure JavaScript: runs in Node and bundles for the browser, no DOM).
 * Headings and paragraphs become blocks, lists get bullets or numbers, links keep their address,
 * and scripts, styles, templates and images are dropped.
 */
import { convert, type HtmlToTextOptions } from "html-to-text";

const OPTIONS: HtmlToTextOptions = {
  wordwrap: false,
  selectors: [
    { selector: "script", format: "skip" },
    { selector: "style", format: "skip" },
    { selector: "noscript", format: "skip" },
    { selector: "template", format: "skip" },
    { selector: "svg", format: "skip" },
    { selector: "img", format: "skip" },
    // Headings as they are written (the library's default shouts them in capitals).
    ...(["h1", "h2", "h3", "h4", "h5", "h6"] as const).map((selector) => ({
      selector,
      options: { uppercase: false },
    })),
    { selector: "table", format: "dataTable", options: { uppercaseHeaderCells: false } },
    // Keep a link's address, but not for in-page anchors or links whose text is the address.
    { selector: "a", options: { ignoreHref: false, noAnchorUrl: true, hideLinkHrefIfSameAsText: true } },
  ],
};

/** Readable text of an HTML document or fragment; blank runs collapse to one empty line. */
export function htmlToReadableText(html: string): string {
  return convert(html, OPTIONS)
    .split("\n")
    .map((line) => line.trimEnd())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** True when a response should be read as HTML: by its content type, or by a sniff of its start. */
export function looksLikeHtml(contentType: string | undefined, text: string): boolean {
  if (contentType) {
    const type = contentType.split(";")[0].trim().toLowerCase();
    if (type === "text/html" || type === "application/xhtml+xml") return true;
    if (type !== "" && type !== "application/octet-stream") return false;
  }
  return /^\s*(<!doctype html|<html[\s>]|<head[\s>]|<body[\s>])/i.test(text.slice(0, 1024));
}
