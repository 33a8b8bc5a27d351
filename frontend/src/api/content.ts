//! The content library's shapes (data sources, their runs, test templates), in one place for the
//! data-sources and test-catalog screens. Interim: written from the agreed contract until the
//! server's OpenAPI document has them, then replaced by `components["schemas"]` names.

export type SourceId = "atomic-red-team" | "sigma" | "elastic" | "caldera" | "lolbas" | "gtfobins" | "d3fend" | "nist-800-53";
export type SourceKind = "test_templates" | "detection_rules" | "countermeasures" | "compliance_mapping";
export type SyncSchedule = "manual" | "daily" | "weekly" | "monthly";
export type SourceRunStatus = "running" | "succeeded" | "failed";
export type SourceTrigger = "schedule" | "manual" | "upload";

export interface SourceCounts {
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
  flagged: number;
  skipped: number;
}

export interface SourceRunError {
  path: string;
  reason: string;
}

export interface SourceRun {
  run_id: string;
  source: SourceId;
  trigger: SourceTrigger;
  status: SourceRunStatus;
  input: string;
  stage: string;
  records_read: number;
  records_written: number;
  counts: SourceCounts;
  errors: SourceRunError[];
  error: string | null;
  requested_by: string | null;
  started_at: string;
  finished_at: string | null;
}

export interface DataSource {
  id: SourceId;
  name: string;
  kind: SourceKind;
  url: string;
  default_url: string;
  enabled: boolean;
  schedule: SyncSchedule;
  last_run: SourceRun | null;
  last_success_at: string | null;
  updated_at: string;
  updated_by: string | null;
}

export interface UpdateDataSource {
  url?: string | null;
  enabled?: boolean;
  schedule?: SyncSchedule;
}

export interface SourceRunStarted {
  run_id: string;
}

export interface SourceRunsStarted {
  run_ids: string[];
}

export type TemplateSource = "atomic-red-team" | "caldera" | "lolbas" | "gtfobins" | "custom";

export interface TemplateSummary {
  id: string;
  source: TemplateSource;
  source_id: string;
  name: string;
  technique_ids: string[];
  tactics: string[];
  platforms: string[];
  executor: string | null;
  active: boolean;
  retired: boolean;
  unknown_techniques: string[];
  elevation_required: boolean;
}

export interface TemplateArgument {
  name: string;
  description: string | null;
  type: string | null;
  default: string | null;
}

export interface TestTemplate extends TemplateSummary {
  description: string;
  command: string | null;
  cleanup: string | null;
  arguments: TemplateArgument[];
  privileges: string | null;
  references: string[];
  upstream_path: string | null;
  content_hash: string;
  created_at: string;
  updated_at: string;
  created_by: string | null;
  updated_by: string | null;
  tests_count: number;
}

export interface TemplatePage {
  items: TemplateSummary[];
  next_cursor: string | null;
  total: number;
}

/** The writable fields of a custom template (`POST`, and `PATCH` of a custom one). */
export interface TemplateInput {
  name: string;
  description?: string;
  technique_ids: string[];
  platforms?: string[];
  executor?: string | null;
  command?: string | null;
  cleanup?: string | null;
  arguments?: TemplateArgument[];
  privileges?: string | null;
  elevation_required?: boolean;
  references?: string[];
}

export interface TemplatePatch extends Partial<TemplateInput> {
  active?: boolean;
}

export interface TemplateFilterBody {
  source?: string;
  technique?: string;
  tactic?: string;
  platform?: string;
  q?: string;
  active?: boolean;
  retired?: boolean;
  flagged?: boolean;
}

export interface BulkActivate {
  ids?: string[];
  filter?: TemplateFilterBody;
  active: boolean;
}

export interface BulkResult {
  updated: number;
}

export interface TemplateStats {
  total: number;
  active: number;
  inactive: number;
  retired: number;
  flagged: number;
  techniques_with_active: number;
  by_source: { source: TemplateSource; total: number; active: number; retired: number }[];
  by_tactic: { tactic: string; templates: number; techniques: number }[];
}

/** `POST /tests` from a template: the template fills what is left out. */
export interface CreateTestFromTemplate {
  template_id: string;
  arguments: Record<string, string>;
  /** One of the template's techniques; the server takes its first when left out. */
  technique_id?: string;
  title?: string;
  severity: "low" | "medium" | "high" | "critical";
  platform?: string | null;
  target_host?: string | null;
  assigned_red?: string | null;
  assigned_blue?: string | null;
}

export const TEMPLATE_SOURCES: readonly TemplateSource[] = ["atomic-red-team", "caldera", "lolbas", "gtfobins", "custom"];

export const TEMPLATE_SOURCE_LABELS: Record<TemplateSource, string> = {
  "atomic-red-team": "Atomic Red Team",
  caldera: "CALDERA",
  lolbas: "LOLBAS",
  gtfobins: "GTFOBins",
  custom: "Custom",
};

/** `GET /techniques/{id}`'s count of templates covering the technique (and its sub-techniques). */
export interface TechniqueTemplateCounts {
  active: number;
  total: number;
}
