//! Matrix cells and columns for the tests, shaped as `GET /heatmap` returns them.

import type { Coverage, Matrix, TacticColumn, TechniqueCell } from "@/api/types";

/** A cell: untested unless told otherwise (status not_covered, no tests). */
export function cell(attack_id: string, over: Partial<TechniqueCell> = {}): TechniqueCell {
  return {
    attack_id,
    name: attack_id.includes(".") ? `Parent of ${attack_id}: Sub ${attack_id}` : `Technique ${attack_id}`,
    status: "not_covered",
    color: "#d73027",
    score: 0,
    tests_total: 0,
    tests_validated: 0,
    platforms: ["Windows"],
    components: { tests: 0, detection_rules: 0, freshness: 0, platform_diversity: 0 },
    subtechniques: [],
    ...over,
  } as TechniqueCell;
}

/** A cell with tests that ended in `status` (validated and partial with one validated test). */
export function tested(attack_id: string, status: Coverage, over: Partial<TechniqueCell> = {}): TechniqueCell {
  const validated = status === "validated" || status === "partial" ? 1 : 0;
  return cell(attack_id, { status, tests_total: 1, tests_validated: validated, score: validated ? 60 : 10, ...over });
}

export function column(shortname: string, techniques: TechniqueCell[]): TacticColumn {
  return { id: `TA-${shortname}`, name: shortname.replace(/-/g, " "), shortname, score: 0, techniques };
}

/** The heatmap answer (cast, so the fixture holds across regenerations of the schema that add fields the matrix does not read). */
export function matrix(tactics: TacticColumn[]): Matrix {
  return {
    domain: "enterprise-attack",
    attack_version: "18.1",
    counts: { validated: 0, partial: 0, in_progress: 0, not_covered: 0 },
    items_read: 0,
    org_score: 0,
    tactics,
    weights: { tests: 40, detection_rules: 20, d3fend: 15, freshness: 15, platform_diversity: 10 },
    tests_by_state: {},
  } as Matrix;
}
