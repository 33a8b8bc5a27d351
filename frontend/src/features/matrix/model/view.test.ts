import { describe, expect, it } from "vitest";
import { DEFAULT_VIEW, readView, writeView, type MatrixView } from "./view";

describe("the view in the URL", () => {
  it("round-trips every field", () => {
    const view: MatrixView = { q: "power shell", color: "score", density: "mini", expand: "none", open: ["T1003", "T1059"], shut: ["T1547"] };
    const params = writeView(new URLSearchParams(), view);
    expect(readView(new URLSearchParams(params.toString()))).toEqual(view);
  });

  it("leaves defaults out and keeps the filters", () => {
    const params = writeView(new URLSearchParams("platform=Windows&q=old&density=mini"), DEFAULT_VIEW);
    expect(params.toString()).toBe("platform=Windows");
    expect(readView(params)).toEqual(DEFAULT_VIEW);
  });

  it("falls back to the default for what it does not know", () => {
    expect(readView(new URLSearchParams("color=rainbow&density=huge&expand=some&open=T1059,<script>,,T1059"))).toEqual({ ...DEFAULT_VIEW, open: ["T1059"] });
  });

  it("reads a shared link", () => {
    expect(readView(new URLSearchParams("?q=T1059&color=score&density=compact&open=T1059"))).toMatchObject({ q: "T1059", color: "score", density: "compact", expand: "auto", open: ["T1059"] });
  });
});
