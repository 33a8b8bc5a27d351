import { describe, expect, it } from "vitest";
import type { ActorChange, TechniqueChange } from "@/api/types";
import { describeActorChange, describeReleases, orderActors, orderTechniques, summarize, unchangedTracked } from "./intel";

const t = (technique: string, status: TechniqueChange["status"]): TechniqueChange => ({ technique, name: `Technique ${technique}`, status });
const actor = (id: string, tracked: boolean, gained: TechniqueChange[], lost: TechniqueChange[] = []): ActorChange => ({
  actor: id,
  name: `Actor ${id}`,
  tracked,
  gained,
  lost,
  uncovered_gains: gained.filter((g) => g.status !== "validated").length,
});

describe("describeReleases", () => {
  it("names the releases compared, the first scan as the baseline, nothing before a scan", () => {
    expect(describeReleases({ from_release: "1.1", to_release: "1.2", scanned_at: "2026-02-01T00:00:00Z" })).toBe("ATT&CK 1.1 → 1.2");
    expect(describeReleases({ from_release: null, to_release: "1.1", scanned_at: "2026-02-01T00:00:00Z" })).toBe("ATT&CK 1.1 (the first release scanned: its lists are the baseline)");
    expect(describeReleases({ from_release: null, to_release: null, scanned_at: null })).toBeNull();
  });
});

describe("orderActors", () => {
  it("puts tracked actors first, then the most gains we do not cover, then by id", () => {
    const actors = [
      actor("G0001", false, [t("T1001", "not_covered"), t("T1002", "partial")]),
      actor("G0009", true, [t("T1003", "validated")]),
      actor("G0003", false, [t("T1004", "not_covered")]),
      actor("G0002", true, [t("T1005", "in_progress")]),
      actor("G0004", false, [t("T1006", "not_covered")]),
    ];
    expect(orderActors(actors).map((a) => a.actor)).toEqual(["G0002", "G0009", "G0001", "G0003", "G0004"]);
  });
});

describe("orderTechniques", () => {
  it("lists our weakest coverage first", () => {
    const list = [t("T1005", "validated"), t("T1002", "partial"), t("T1009", "not_covered"), t("T1001", "not_covered"), t("T1003", "in_progress")];
    expect(orderTechniques(list).map((x) => x.technique)).toEqual(["T1001", "T1009", "T1003", "T1002", "T1005"]);
  });
});

describe("labels", () => {
  it("says what changed for an actor and in all", () => {
    expect(describeActorChange(actor("G1", true, [t("T1", "not_covered"), t("T2", "validated")], [t("T3", "partial")]))).toBe("gained 2, lost 1");
    expect(describeActorChange(actor("G1", false, [], [t("T3", "partial")]))).toBe("lost 1");
    expect(describeActorChange(actor("G1", false, [t("T2", "validated")]))).toBe("gained 1");
    const actors = [actor("G1", true, [t("T1", "not_covered")]), actor("G2", false, [t("T1", "not_covered"), t("T4", "partial")])];
    expect(summarize(actors)).toBe("2 threat actors changed; 3 gained techniques not validated, 1 of them by tracked actors");
    expect(summarize([actor("G2", false, [t("T4", "validated")])])).toBe("1 threat actor changed; 0 gained techniques not validated");
    expect(summarize([])).toBe("");
  });

  it("finds the tracked actors the release left unchanged", () => {
    expect(unchangedTracked({ tracked: ["G0016", "G0007", "G0001"], actors: [actor("G0016", true, [])] })).toEqual(["G0001", "G0007"]);
  });
});
