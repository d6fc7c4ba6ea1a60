import { describe, expect, it } from "vitest";
import { snapshotKey } from "./snapshot-key";

describe("snapshotKey", () => {
  const base = { pyodideVersion: "314.0.7", bootScript: "import genlayer", sdkFiles: { "genlayer/a.py": "x = 1", "genlayer/b.py": "y = 2" } };

  it("is the same for the same parts whatever the file order, and changes with any part", () => {
    const key = snapshotKey(base);
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(snapshotKey({ ...base, sdkFiles: { "genlayer/b.py": "y = 2", "genlayer/a.py": "x = 1" } })).toBe(key);
    const changed = (
      [
      { ...base, pyodideVersion: "314.0.8" },
      { ...base, bootScript: "import genlayer  " },
      { ...base, sdkFiles: { ...base.sdkFiles, "genlayer/a.py": "x = 2" } },
      { ...base, sdkFiles: { "genlayer/a.py": "x = 1" } },
      // a path and a text are not interchangeable
      { ...base, sdkFiles: { "genlayer/a.py": "x = 1", "genlayer/b.pyy = 2": "" } },
      ] as Parameters<typeof snapshotKey>[0][]
    ).map(snapshotKey);
    expect(new Set([key, ...changed]).size).toBe(changed.length + 1);
  });
});
