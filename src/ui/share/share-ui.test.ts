/** The app side of share links and the gallery, without a browser: start requests, gallery cards,
 * scenario files and the non-overwriting merge of "Save to my workspace". */
import { describe, expect, it } from "vitest";
import { cardsWithTag, galleryCards, galleryTags, loadExample } from "../gallery/gallery-data";
import { readStart } from "./navigation";
import { readScenarioText } from "./open-temporary";
import { mergeFiles } from "./temp-workspace";

describe("readStart", () => {
  it("tells the user's workspace from temporary ones", () => {
    expect(readStart("")).toEqual({ kind: "user" });
    expect(readStart("#")).toEqual({ kind: "user" });
    expect(readStart("#s=v1.d.abc&tx=a")).toEqual({ kind: "link", fragment: "#s=v1.d.abc&tx=a" });
    expect(readStart("#example=consensus%2Foutvoted&autorun=1")).toEqual({ kind: "example", id: "consensus/outvoted", autorun: true });
    expect(readStart("#file=my.json")).toEqual({ kind: "file", name: "my.json", autorun: false });
    expect(readStart("#something-else")).toEqual({ kind: "user" });
  });
});

describe("gallery", () => {
  it("has a card per example scenario with title, one line and tags", () => {
    const cards = galleryCards();
    expect(cards.length).toBeGreaterThanOrEqual(20);
    const market = cards.find((c) => c.id === "prediction-market")!;
    expect(market).toMatchObject({ title: "Prediction market settled by a quorum of sources", tags: ["LLM", "web", "tokens", "extension"] });
    expect(market.line).toBe("Bettors stake GEN on YES or NO; resolve asks an LLM to answer the question from each of three news pages and needs 2 of them to agree, so an outdated rumor page is outvoted.");
    expect(cards.filter((c) => c.id.startsWith("consensus/")).every((c) => c.tags.includes("consensus"))).toBe(true);
    expect(cards.every((c) => c.tags.length > 0 && c.title.length > 0)).toBe(true);
    expect(galleryTags(cards).slice(0, 2)).toEqual(["LLM", "web"]);
    const llm = cardsWithTag(cards, "LLM");
    expect(llm.length).toBeGreaterThan(0);
    expect(llm.every((c) => c.tags.includes("LLM"))).toBe(true);
    expect(cardsWithTag(cards, null, "QUORUM").map((c) => c.id)).toEqual(["prediction-market"]);
  });

  it("loads every example with its sources inline", () => {
    for (const c of galleryCards()) {
      const r = loadExample(c.id);
      if (!r.ok) throw new Error(r.message);
      expect(Object.values(r.scenario.contracts).every((x) => "source" in x && x.source.length > 0), c.id).toBe(true);
      expect(r.scenario.steps.every((s) => !("deploy" in s) || s.deploy.file === undefined), c.id).toBe(true);
    }
    expect(loadExample("nope")).toEqual({ ok: false, message: 'there is no example "nope" in the gallery' });
  });
});

describe("scenario files", () => {
  it("accepts self-contained scenarios and explains the rest in one line", () => {
    const ok = readScenarioText("a.json", JSON.stringify({ version: 1, name: "a", seed: 1, contracts: { S: { source: "# s" } }, steps: [{ deploy: { contract: "S" } }] }));
    expect(ok.ok).toBe(true);
    expect(readScenarioText("b.json", "{ nope")).toEqual({ ok: false, message: expect.stringMatching(/^b\.json: not a JSON file \(/) });
    const byFile = readScenarioText("c.json", JSON.stringify({ version: 1, name: "c", seed: 1, contracts: { S: { file: "s.py" } }, steps: [{ deploy: { contract: "S" } }] }));
    expect(byFile).toEqual({ ok: false, message: expect.stringContaining("c.json: contract S names a .py file") });
    const bad = readScenarioText("d.json", JSON.stringify({ version: 2, name: "d", seed: 1, steps: [] }));
    expect(bad.ok === false && bad.message).toMatch(/^d\.json: version/);
  });
});

describe("Save to my workspace", () => {
  it("adds files next to mine, renaming instead of replacing, skipping identical ones", () => {
    const mine = [
      { path: "storage.py", text: "# mine" },
      { path: "market.py", text: "# my market" },
    ];
    const { merged, added } = mergeFiles(mine, [
      { path: "market.py", text: "# shared market" },
      { path: "storage.py", text: "# mine" },
      { path: "token.py", text: "# token" },
    ]);
    expect(merged).toEqual([...mine, { path: "market_2.py", text: "# shared market" }, { path: "token.py", text: "# token" }]);
    expect(added).toEqual(["market_2.py", "token.py"]);
  });
});
