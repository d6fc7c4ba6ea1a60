import { describe, expect, it } from "vitest";
import { describeFailure } from "./errors";
import { CRASH_DETAIL } from "./python-runtime";

describe("describeFailure", () => {
  it("says a crashed worker once, with its reason", () => {
    const d = describeFailure({ kind: "vm_error", message: "internal error: validator worker crashed", detail: `${CRASH_DETAIL} (out of memory)` });
    expect(d.message).toBe("internal error: validator worker crashed; restarted (out of memory)");
  });

  it("joins a message and a different detail with a colon", () => {
    expect(describeFailure({ kind: "vm_error", message: "timeout", detail: "no result after 20000 ms of compute" }).message).toBe(
      "timeout: no result after 20000 ms of compute",
    );
    expect(describeFailure({ kind: "vm_error", message: "out of gas" }).message).toBe("out of gas");
  });

  it("names a contract exception and its line", () => {
    const d = describeFailure({ kind: "vm_error", message: "exception", exception: "ZeroDivisionError", detail: "division by zero (/contract.py, line 12)" } as never);
    expect(d).toEqual({ message: "ZeroDivisionError: division by zero", line: 12 });
  });
});
