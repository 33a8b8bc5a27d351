import { describe, expect, it } from "vitest";
import { checkLayerSize, checkSetName, isTechniqueId, layerBody, MAX_LAYER_BYTES, parseLayer } from "./layerFile";

const layer = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    name: "APT29",
    versions: { layer: "4.5", navigator: "5.1.0" },
    domain: "enterprise-attack",
    techniques: [
      { techniqueID: "T1059", tactic: "execution", score: 3 },
      { techniqueID: "T1059", tactic: "persistence", score: 5 },
      { techniqueID: "t1003.001" },
      { techniqueID: "T1105", enabled: false },
    ],
    ...extra,
  });

describe("parseLayer", () => {
  it("reads a 4.x layer: distinct enabled ids in upper case, disabled ones counted", () => {
    const r = parseLayer(layer());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.layer).toMatchObject({ name: "APT29", domain: "enterprise-attack", techniques: ["T1003.001", "T1059"], disabled: 1, version: "4.5" });
  });

  it("maps legacy domains and defaults a missing one to Enterprise, as the server does", () => {
    const legacy = parseLayer(JSON.stringify({ name: "old", version: "3.0", domain: "mitre-mobile", techniques: [{ techniqueID: "T1404" }] }));
    expect(legacy.ok && legacy.layer).toMatchObject({ domain: "mobile-attack", version: "3.0" });
    const none = parseLayer(JSON.stringify({ techniques: [{ techniqueID: "T1059" }] }));
    expect(none.ok && none.layer).toMatchObject({ domain: "enterprise-attack", name: "Imported layer" });
  });

  it("names what is wrong with a file that is not a usable layer", () => {
    const error = (text: string) => {
      const r = parseLayer(text);
      return r.ok ? null : r.error;
    };
    expect(error("{not json")).toMatch(/not valid JSON/);
    expect(error("[]")).toMatch(/expected a JSON object/);
    expect(error(JSON.stringify({ name: "x" }))).toMatch(/no techniques list/);
    expect(error(layer({ domain: "pre-attack" }))).toMatch(/Unknown layer domain “pre-attack”/);
    expect(error(JSON.stringify({ techniques: [{ tactic: "execution" }] }))).toMatch(/technique 1 has no techniqueID/);
    expect(error(JSON.stringify({ techniques: [{ techniqueID: "'; DROP" }] }))).toMatch(/is not an ATT&CK technique id/);
    expect(error(JSON.stringify({ techniques: [] }))).toMatch(/no enabled techniques/);
    expect(error(JSON.stringify({ techniques: [{ techniqueID: "T1059", enabled: false }] }))).toMatch(/no enabled techniques/);
  });

  it("checks ids like the server", () => {
    expect(isTechniqueId("T1059")).toBe(true);
    expect(isTechniqueId("T1059.001")).toBe(true);
    expect(isTechniqueId("T")).toBe(false);
    expect(isTechniqueId("T1059.")).toBe(false);
    expect(isTechniqueId("TA0002")).toBe(false);
  });
});

describe("upload", () => {
  it("sends the layer as it was with the chosen name and description", () => {
    const r = parseLayer(layer());
    if (!r.ok) throw new Error(r.error);
    const body = JSON.parse(layerBody(r.layer, "  APT29 profile ", "from the CTI team"));
    expect(body.name).toBe("APT29 profile");
    expect(body.description).toBe("from the CTI team");
    expect(body.techniques).toHaveLength(4);
    expect(body.versions.layer).toBe("4.5");
  });

  it("refuses empty and oversized files and empty or long names", () => {
    expect(checkLayerSize(0)).toMatch(/empty/);
    expect(checkLayerSize(MAX_LAYER_BYTES + 1)).toMatch(/up to 1 MB/);
    expect(checkLayerSize(2048)).toBeNull();
    expect(checkSetName("  ")).toMatch(/name/);
    expect(checkSetName("x".repeat(201))).toMatch(/At most 200/);
    expect(checkSetName("APT29")).toBeNull();
  });
});
