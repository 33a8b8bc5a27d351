//! Names for the API's JSON shapes. Every type comes from `schema.d.ts`, which is generated
//! from the server's OpenAPI document (`npm run gen:api`), so nothing is written twice by hand.

import type { components } from "./schema";

type S = components["schemas"];

/** A page of a list endpoint: `limit` and an opaque `cursor` give the next one. */
export interface Page<T> {
  items: T[];
  next_cursor?: string | null;
}

/** An RFC 9457 problem document: every 4xx and 5xx answer (`application/problem+json`). */
export type Problem = S["Problem"];
/** One failed rule of a 422, as the server names it. */
export type FieldError = S["FieldError"];

export type Role = S["Role"];
export type User = S["UserView"];
export type LoginResponse = S["LoginResponse"];
/** A session, or the second-factor challenge of a user with MFA. */
export type LoginOutcome = S["LoginOutcome"];
export type MfaChallenge = S["MfaChallenge"];
export type TotpSetup = S["TotpSetup"];
export type RecoveryCodes = S["RecoveryCodes"];
export type ApiToken = S["ApiTokenView"];
export type CreatedApiToken = S["CreatedApiToken"];
export type CreateApiTokenRequest = S["CreateApiTokenRequest"];
/** How this deployment signs users in (single sign-on, password sign-in for everyone). */
export type AuthConfig = S["AuthConfig"];
export type CreateUserRequest = S["CreateUserRequest"];
export type UpdateUserRequest = S["UpdateUserRequest"];
export type ResetPasswordRequest = S["ResetPasswordRequest"];
export type AuditEntry = S["AuditEntry"];
/** An active user as `GET /users/directory` lists them, for every user picker. */
export type Member = S["Member"];
export type Directory = S["Directory"];

export type Coverage = S["Coverage"];
export type Tactic = S["Tactic"];
export type TechniqueSummary = S["TechniqueSummary"];
export type TechniqueDetail = S["TechniqueDetail"];
export type ActorSummary = S["ActorSummary"];
export type ActorDetail = S["ActorDetail"];
export type ActorScore = S["ActorScore"];
export type Review = S["Review"];

export type TestState = S["TestState"];
export type Severity = S["Severity"];
export type Test = S["Test"];
/**
 * A test as `GET /tests` and `GET /tests/my-tasks` list it: the record with its `outcome` and
 * `time_to_detect_secs` worked out by the server (null before the blue result, or when unknown).
 */
export type TestRow = S["TestRow"];
/** `GET /tests/my-tasks`: the tests waiting on the caller. */
export type TaskList = S["TaskList"];
/** `POST /tests/bulk-assign` and `POST /tests/bulk-delete`: each test's own result, in the order asked. */
export type TestBulkResult = S["TestBulkResult"];
export type TestBulkItem = S["TestBulkItem"];
export type TestBulkAssign = S["TestBulkAssign"];
export type TestBulkDelete = S["TestBulkDelete"];
/** A test with its history and what the caller may do on it now (`allowed_actions`, `evidence_sides`). */
export type TestDetail = S["TestDetail"];
/** A workflow step as the server names it in `allowed_actions`. */
export type TestAction = S["Action"];
/** A team's side of a test: its evidence, its assignee. */
export type Side = S["Side"];
export type AssignRequest = S["AssignRequest"];
export type HistoryEntry = S["HistoryEntry"];
export type CreateTest = S["CreateTest"];
export type RedRequest = S["RedRequest"];
export type BlueRequest = S["BlueRequest"];
export type VoteRequest = S["VoteRequest"];
export type Vote = S["Vote"];
export type Layer = S["Layer"];
export type Detection = S["Detection"];
export type LayerOutcome = S["LayerOutcome"];
export type Evidence = S["Evidence"];
export type UploadSlot = S["UploadSlot"];
export type ImportUploadSlot = S["ImportUploadSlot"];
export type DownloadLink = S["DownloadLink"];

export type Notification = S["Notification"];
export type UnreadCount = S["UnreadCount"];
export type NotificationPreferences = S["NotificationPreferences"];

export type Matrix = S["Matrix"];
export type TacticColumn = S["TacticColumn"];
export type TechniqueCell = S["TechniqueCell"];
/**
 * The dashboard's headline numbers. `mttd_secs` is the median time to detect over the latest
 * validated tests: `mttd_sample` of them counted, `mttd_excluded` left out because their
 * detection precedes their execution.
 */
export type Kpis = S["Kpis"];
export type Metrics = S["Metrics"];
export type Executive = S["Executive"];
export type Trend = S["Trend"];
export type CoverageSummary = S["CoverageSummary"];

export type SyncRun = S["SyncRun"];
export type RunStatus = S["RunStatus"];
export type RunStarted = S["RunStarted"];
export type SchedulerStatus = S["SchedulerStatus"];
export type JobView = NonNullable<S["JobView"]>;
export type SnapshotSummary = S["SnapshotSummary"];
export type SnapshotDetail = S["SnapshotDetail"];
export type Comparison = S["Comparison"];
export type SnapshotChange = S["Change"];
export type TrendPoint = S["TrendPoint"];

export type Weights = S["Weights"];
export type TechniqueSet = S["SetCoverage"];
export type TechniqueSetList = S["SetList"];

export type RemediationStep = S["RemediationStep"];
export type StepStatus = S["StepStatus"];
export type CreateStep = S["CreateStep"];
export type UpdateStep = S["UpdateStep"];
export type RetestChain = S["RetestChain"];
export type RemediationRow = S["RemediationRow"];
export type TestResult = S["TestResult"];
/** A report over the tests built in the background: its spec, status, and once done a download. */
export type ReportJob = S["ReportJobView"];
export type ReportJobStatus = S["ReportJobStatus"];
/** What an export covers (`POST /reports/jobs`): kind, format, domain, the tests' creation-time range. */
export type ReportSpec = S["ReportSpec"];
export type ReportKind = S["ReportKind"];
export type ReportFormat = S["ReportFormat"];

/** An alert rule: what it watches (`condition`), who is told, how often (`cooldown_minutes`). */
export type AlertRule = S["AlertRule"];
/** A rule's condition: `kind` and that kind's parameters. */
export type AlertKind = S["AlertKind"];
export type AlertSeverity = S["AlertSeverity"];
export type AlertRecipients = S["Recipients"];
export type CreateAlertRule = S["CreateAlertRule"];
export type UpdateAlertRule = S["UpdateAlertRule"];
/** One firing of a rule, with what matched and how many were notified. */
export type AlertEvent = S["AlertEvent"];
export type AlertMatched = S["Matched"];
/** `POST /alert-rules/{id}/test`: would the rule fire now, on what, to how many. Records nothing. */
export type AlertDryRun = S["DryRun"];

/**
 * A webhook channel (admin-managed; leads read it to name it in rules) with its `health`. Its
 * signing secret is never part of it: it is shown once, when created or rotated.
 */
export type AlertChannel = S["AlertChannel"];
export type ChannelFormat = S["ChannelFormat"];
export type ChannelHealth = S["ChannelHealth"];
/** `POST /alert-channels` and `POST /alert-channels/{id}/rotate-secret`: the channel and its secret, this once. */
export type ChannelWithSecret = S["ChannelWithSecret"];
export type CreateAlertChannel = S["CreateAlertChannel"];
export type UpdateAlertChannel = S["UpdateAlertChannel"];
/** One firing (or test message) sent to one channel: state, attempts, the receiver's status, the error. */
export type Delivery = S["Delivery"];
export type DeliveryState = S["DeliveryState"];

/** `GET /intel/changes`: what the latest ATT&CK release changed for threat actors, tracked ones first. */
export type IntelChanges = S["IntelChanges"];
export type ActorChange = S["ActorChangeView"];
/** A technique an actor gained or lost, with its name and our coverage of it. */
export type TechniqueChange = S["TechniqueChange"];
/** `PUT /threat-actors/{id}/tracked`'s answer. */
export type Tracking = S["Tracking"];
