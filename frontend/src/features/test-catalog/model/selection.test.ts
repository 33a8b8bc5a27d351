import { describe, expect, it } from "vitest";
import { keepListed, selectionState, toggle, toggleAll } from "./selection";

describe("catalog selection", () => {
  it("toggles one template without changing the set it was given", () => {
    const empty = new Set<string>();
    const one = toggle(empty, "a");
    expect([...one]).toEqual(["a"]);
    expect(empty.size).toBe(0);
    expect([...toggle(one, "a")]).toEqual([]);
  });

  it("says whether none, some or all of the listed templates are selected", () => {
    expect(selectionState(new Set(), ["a", "b"])).toBe("none");
    expect(selectionState(new Set(["a"]), ["a", "b"])).toBe("some");
    expect(selectionState(new Set(["a", "b", "z"]), ["a", "b"])).toBe("all");
  });

  it("selects every listed template, or clears them when all were, leaving others alone", () => {
    expect([...toggleAll(new Set(["a"]), ["a", "b"])].sort()).toEqual(["a", "b"]);
    expect([...toggleAll(new Set(["a", "b", "z"]), ["a", "b"])]).toEqual(["z"]);
  });

  it("acts only on selected templates that are still listed", () => {
    expect(keepListed(new Set(["a", "gone"]), ["a", "b"])).toEqual(["a"]);
  });
});
