//! Names for the shapes of the blue team's content: detection rules, D3FEND countermeasures and
//! compliance frameworks (`/detection-rules`, `/d3fend`, `/compliance`), from `schema.d.ts` like
//! every API type, with the labels screens share.

import type { components, operations } from "./schema";

type S = components["schemas"];

export type RuleSource = S["RuleOrigin"];
export type RuleSummary = S["RuleSummary"];
/** `GET /detection-rules/{id}`: the rule as imported or written, with the raw text. */
export type DetectionRule = S["DetectionRule"];
export type RulePage = S["RulePage"];
/** A custom rule as its author writes it (`POST`, `PUT /detection-rules`). */
export type CustomRule = S["CustomRule"];
export type RuleGaps = S["RuleGaps"];
/** A rule attached to a test: mapped by its source to the test's technique, or added by the blue side. */
export type TestRule = S["TestRule"];
export type RuleOutcome = S["RuleOutcome"];
export type RuleResult = S["RuleResult"];
/** A rule on technique detail, with the latest outcome a test recorded. */
export type TechniqueRule = S["TechniqueRule"];

export type CountermeasureSummary = S["CountermeasureSummary"];
export type CountermeasurePage = S["CountermeasurePage"];
export type CountermeasureDetail = S["CountermeasureDetail"];
export type TechniqueCountermeasure = S["TechniqueCountermeasure"];
export type Deployment = S["Deployment"];
export type DeploymentRequest = S["DeploymentRequest"];

export type Framework = S["FrameworkView"];
export type ControlSummary = S["ControlSummary"];
export type ControlDetail = S["ControlDetail"];
export type MappedTechniqueView = S["MappedTechniqueView"];
export type GapReport = S["GapReport"];
export type ControlGap = S["ControlGap"];
export type GapSummary = S["GapSummary"];
export type FrameworkImportResult = S["ImportResult"];
export type FrameworkFormat = operations["import_framework"]["parameters"]["query"]["format"];

export const RULE_SOURCES: readonly RuleSource[] = ["sigma", "elastic", "custom"];

export const RULE_SOURCE_LABELS: Record<RuleSource, string> = { sigma: "Sigma", elastic: "Elastic", custom: "Custom" };

export const RULE_OUTCOMES: readonly RuleOutcome[] = ["fired", "not_fired", "not_applicable"];

export const RULE_OUTCOME_LABELS: Record<RuleOutcome, string> = { fired: "Fired", not_fired: "Did not fire", not_applicable: "Not applicable" };

/** D3FEND's tactics, in the ontology's order. */
export const D3FEND_TACTICS = ["Model", "Harden", "Detect", "Isolate", "Deceive", "Evict", "Restore"] as const;
