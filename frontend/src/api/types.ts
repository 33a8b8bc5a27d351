// Types of the API's JSON, as the OpenAPI document at /api/v1/openapi.json describes them.

export type Role = "admin" | "red_tech" | "blue_tech" | "red_lead" | "blue_lead" | "viewer";
export type TestState = "draft" | "red_executing" | "blue_evaluating" | "in_review" | "validated" | "rejected";
export type Coverage = "validated" | "partial" | "in_progress" | "not_covered";
export type Detection = "prevented" | "alerted" | "logged" | "none" | "not_applicable";

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface User {
  id: string;
  username: string;
  email: string | null;
  full_name: string | null;
  role: Role;
  is_active: boolean;
  created_at: string;
  last_login_at: string | null;
}

export interface TechniqueSummary {
  attack_id: string;
  name: string;
  tactics: string[];
  platforms: string[];
  is_subtechnique: boolean;
  parent_id: string | null;
  revoked: boolean;
  deprecated: boolean;
  reviewed: boolean;
  custom: boolean;
  url: string | null;
  coverage_status: Coverage;
  tests_total: number;
  tests_validated: number;
}

export interface TechniqueDetail extends TechniqueSummary {
  description: string;
  detection: string | null;
  data_sources: string[];
  reviewed_by: string | null;
  reviewed_at: string | null;
  subtechniques: TechniqueSummary[];
  mitigations: { attack_id: string; name: string }[];
  threat_actors: { attack_id: string; name: string; source: string }[];
  tactic_refs: { id: string; name: string; shortname: string }[];
}

export interface LayerOutcome {
  layer: string;
  result: Detection;
  alert_name?: string | null;
  detected_at?: string | null;
}

export interface Vote {
  decision: "approve" | "reject";
  comment: string;
  by: string;
  at: string;
}

export interface Test {
  id: string;
  title: string;
  technique_id: string;
  technique_name: string;
  tactics: string[];
  procedure: string;
  platform: string | null;
  severity: "low" | "medium" | "high" | "critical";
  target_host: string | null;
  state: TestState;
  created_by: string;
  assigned_red: string | null;
  assigned_blue: string | null;
  red: { executed: boolean; succeeded: boolean; executed_at: string | null; notes: string } | null;
  blue: { outcomes: LayerOutcome[]; notes: string } | null;
  votes: { red_lead: Vote | null; blue_lead: Vote | null };
  round: number;
  retest_of: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface HistoryEntry {
  id: string;
  at: string;
  actor: string;
  action: string;
  from: TestState | null;
  to: TestState | null;
  comment: string | null;
}

export interface TestDetail extends Test {
  history: HistoryEntry[];
  time_to_detect_secs: number | null;
}

export interface Evidence {
  id: string;
  side: "red" | "blue";
  filename: string;
  size_bytes: number;
  uploaded_by: string;
  uploaded_at: string;
}

export interface Cell {
  attack_id: string;
  name: string;
  status: Coverage;
  score: number;
  color: string;
  tests_total: number;
  tests_validated: number;
  subtechniques: Cell[];
}

export interface Matrix {
  org_score: number;
  counts: Record<string, number>;
  tactics: { id: string; name: string; shortname: string; score: number; techniques: Cell[] }[];
}

export interface Notification {
  id: string;
  kind: string;
  message: string;
  test_id: string | null;
  created_at: string;
  read: boolean;
}

export interface SyncRun {
  run_id: string;
  status: "running" | "succeeded" | "failed";
  trigger: string;
  source: string | null;
  attack_version: string | null;
  started_at: string;
  finished_at: string | null;
  counts: Record<string, number>;
  error: string | null;
}
