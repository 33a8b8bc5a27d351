import type { TestDetail } from "@/api/types";

/** A test as `GET /tests/{id}` returns it, in draft with nothing allowed; override what matters. */
export function testDetail(over: Partial<TestDetail> = {}): TestDetail {
  return {
    id: "t1",
    title: "Encoded PowerShell",
    technique_id: "T1059.001",
    technique_name: "PowerShell",
    tactics: ["execution"],
    domain: "enterprise-attack",
    procedure: "",
    severity: "high",
    state: "draft",
    created_by: "red",
    created_at: "2026-01-01T00:00:00Z",
    updated_at: "2026-01-01T00:00:00Z",
    round: 1,
    retests: [],
    version: 1,
    votes: {},
    history: [],
    allowed_actions: [],
    evidence_sides: [],
    blocked_by: [],
    ...over,
  };
}
