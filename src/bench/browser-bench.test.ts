import { describe, expect, it } from "vitest";
import { median, slope, verdict } from "./browser-bench";
import { processType } from "./chromium-processes";

describe("browser bench arithmetic", () => {
  it("takes medians of odd and even counts", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it("fits a least-squares slope", () => {
    expect(slope([[5, 100], [20, 130], [50, 190]])).toBeCloseTo(2, 10);
    expect(slope([[3, 1], [3, 2]])).toBeNaN();
  });

  it("says whether a target is met, and by how much it is missed", () => {
    expect(verdict(1500, 2000, "ms")).toBe("met");
    expect(verdict(3000, 2000, "ms")).toBe("missed by 1.0 s (1.5×)");
    expect(verdict(2400, 2000, "ms")).toBe("missed by 400 ms (1.2×)");
    expect(verdict(90, 60, "MB")).toBe("missed by 30 MB (1.5×)");
  });
});

describe("Chromium process types", () => {
  it("reads the type from a child's rewritten command line and from the browser's argv", () => {
    expect(processType("/usr/lib/chromium/chromium --type=renderer --crashpad-handler-pid=0 --enable-crash-reporter=,built on Debian")).toBe("renderer");
    expect(processType("/usr/lib/chromium/chromium --type=utility --utility-sub-type=network.mojom.NetworkService --lang=en-US")).toBe("utility:network.NetworkService");
    expect(processType("/usr/lib/chromium/chromium\0--headless\0--no-sandbox\0")).toBe("browser");
    expect(processType("/usr/lib/chromium/chrome_crashpad_handler\0--monitor-self\0--database=/x")).toBe("crashpad");
  });
});
