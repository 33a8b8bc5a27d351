import { describe, expect, it } from "vitest";
import type { SyncRun } from "@/api/types";
import { repointRows } from "./repoints";

const run = (id: string, started: string, froms: string[]) =>
  ({
    run_id: id,
    started_at: started,
    repoints: froms.map((from) => ({ from, to: `${from}.R`, mappings_moved: [], review_moved: false, tests_moved: [] })),
  }) as unknown as SyncRun;

describe("repointRows", () => {
  it("lists the newest run's moves first, each run's by technique id", () => {
    const rows = repointRows([run("old", "2026-01-01T00:00:00Z", ["T2"]), run("new", "2026-06-01T00:00:00Z", ["T9", "T1"])]);
    expect(rows.map((r) => `${r.run.run_id}:${r.repoint.from}`)).toEqual(["new:T1", "new:T9", "old:T2"]);
  });

  it("is empty when no run re-pointed anything", () => {
    expect(repointRows([run("a", "2026-01-01T00:00:00Z", [])])).toEqual([]);
  });
});
