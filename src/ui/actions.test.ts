import { describe, expect, it } from "vitest";
import { ActionRegistry } from "./actions";

const key = (k: string, mods: Partial<{ ctrlKey: boolean; shiftKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe("ActionRegistry", () => {
  it("runs shortcuts by exact modifiers, passes arguments and respects enabled()", () => {
    const r = new ActionRegistry();
    const ran: string[] = [];
    let enabled = true;
    r.register({ id: "next", label: "Next", shortcut: "F10", run: () => void ran.push("next") });
    r.register({ id: "back", label: "Back", shortcut: "Shift+F10", enabled: () => enabled, run: () => void ran.push("back") });
    r.register<string>({ id: "call", label: "Call", palette: false, enabled: (m) => m !== undefined, run: (m) => void ran.push(`call ${m}`) });
    r.register({ id: "palette", label: "Palette", shortcut: "Mod+k", run: () => void ran.push("palette") });
    expect(r.handleKey(key("F10"))).toBe(true);
    expect(r.handleKey(key("F10", { shiftKey: true }))).toBe(true);
    enabled = false;
    expect(r.handleKey(key("F10", { shiftKey: true }))).toBe(false);
    expect(r.handleKey(key("K", { ctrlKey: true }))).toBe(true);
    r.run("call");
    r.run("call", "update");
    expect(r.isEnabled("call")).toBe(false);
    expect(ran).toEqual(["next", "back", "palette", "call update"]);
    expect(r.list().filter((a) => a.palette !== false).map((a) => a.id)).toEqual(["next", "back", "palette"]);
  });
});
