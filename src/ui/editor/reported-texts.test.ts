import { describe, expect, it } from "vitest";
import { ReportedTexts } from "./reported-texts";

describe("ReportedTexts", () => {
  it("takes a late render of earlier typing as an echo, and a text the editor never had as an outside change", () => {
    const r = new ReportedTexts();
    expect(r.classify("a.py", "x", "x")).toBe("new file");
    r.report("a.py", "xa");
    r.report("a.py", "xab");
    // the render made for "xa" runs its effect after "b" was typed: leave the model alone
    expect(r.classify("a.py", "xa", "xab")).toBe("echo");
    expect(r.classify("a.py", "xab", "xab")).toBe("in sync");
    // once caught up, an old text is a real change (e.g. a file reverted from outside)
    expect(r.classify("a.py", "xa", "xab")).toBe("outside change");
    expect(r.classify("a.py", "loaded", "xa")).toBe("outside change");
  });

  it("drops echoes older than one already seen (renders come in order) and keeps files apart", () => {
    const r = new ReportedTexts();
    r.classify("a.py", "", "");
    for (const t of ["1", "12", "123"]) r.report("a.py", t);
    expect(r.classify("a.py", "12", "123")).toBe("echo");
    expect(r.classify("a.py", "1", "123")).toBe("outside change");
    expect(r.classify("b.py", "1", "1")).toBe("new file");
    expect(r.forget("b.py")).toBe(true);
    expect(r.has("b.py")).toBe(false);
  });
});
