//! Every key string of the single table is built here, and nowhere else. Segments are
//! `KIND#value`; see docs/DATA_MODEL.md for the access pattern each key serves.

use chrono::{DateTime, SecondsFormat, Utc};
use domain::ids::UserId;
use uuid::Uuid;

pub const PK: &str = "PK";
pub const SK: &str = "SK";
pub const GSI1: &str = "GSI1";
pub const GSI1PK: &str = "GSI1PK";
pub const GSI1SK: &str = "GSI1SK";
pub const GSI2: &str = "GSI2";
pub const GSI2PK: &str = "GSI2PK";
pub const GSI2SK: &str = "GSI2SK";
pub const GSI3: &str = "GSI3";
pub const GSI3PK: &str = "GSI3PK";
pub const GSI3SK: &str = "GSI3SK";
pub const TTL_ATTR: &str = "expires_at";

pub fn user_pk(id: UserId) -> String {
    format!("USER#{id}")
}
pub fn user_sk() -> String {
    "PROFILE".into()
}
/// A user's notification preferences, in their own partition (`USER#<uuid>` / `NOTIFPREFS`;
/// not under `NOTIF#`, so notification queries never read it).
pub fn notification_prefs_sk() -> String {
    "NOTIFPREFS".into()
}
/// GSI1 partition listing every user, sorted by username.
pub fn users_index_pk() -> String {
    "USERS".into()
}

pub fn username_pk(username: &str) -> String {
    format!("USERNAME#{username}")
}
pub fn username_sk() -> String {
    "USERNAME".into()
}

pub fn revoked_token_pk(jti: &str) -> String {
    format!("TOKEN#{jti}")
}
pub fn revoked_token_sk() -> String {
    "REVOKED".into()
}

/// A user's TOTP enrolment, beside the profile: `USER#<uuid>` / `MFA`.
pub fn mfa_sk() -> String {
    "MFA".into()
}

/// An API token: `APITOKEN#<uuid>` / `APITOKEN`; GSI1 lists a user's tokens
/// (`APITOKENS#<user uuid>` / created), GSI2 every token (`APITOKENS` / created).
pub fn api_token_pk(id: Uuid) -> String {
    format!("APITOKEN#{id}")
}
pub fn api_token_sk() -> String {
    "APITOKEN".into()
}
pub fn user_api_tokens_index_pk(user: UserId) -> String {
    format!("APITOKENS#{user}")
}
pub fn api_tokens_index_pk() -> String {
    "APITOKENS".into()
}

pub fn rate_limit_pk(scope: &str, client: &str) -> String {
    format!("RATE#{scope}#{client}")
}
pub fn rate_limit_sk(window_start: i64) -> String {
    format!("WINDOW#{window_start}")
}

/// Sort key shared by the audit log and its indexes: time first so queries run newest-first,
/// the id after it so two entries in the same instant stay distinct.
pub fn audit_sort(at: DateTime<Utc>, id: Uuid) -> String {
    format!("{}#{id}", at.to_rfc3339_opts(SecondsFormat::Micros, true))
}
/// Bound for a time-range condition on [`audit_sort`] keys.
pub fn audit_sort_bound(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}
pub fn audit_pk() -> String {
    "AUDIT".into()
}
pub fn audit_actor_pk(actor: UserId) -> String {
    format!("AUDIT_ACTOR#{actor}")
}
pub fn audit_target_pk(target_type: &str) -> String {
    format!("AUDIT_TARGET#{target_type}")
}

pub fn initial_admin_pk() -> String {
    "SYSTEM".into()
}
pub fn initial_admin_sk() -> String {
    "INITIAL_ADMIN".into()
}

/// Catalog objects: `CAT#<domain>#<KIND>#<ATT&CK id>`, with `SK = META` for MITRE's (or the
/// admin's) record and other sort keys for user data attached to it.
pub fn catalog_pk(domain: &str, kind: CatalogKind, id: &str) -> String {
    format!("CAT#{domain}#{}#{id}", kind.tag())
}
pub fn catalog_meta_sk() -> String {
    "META".into()
}
/// GSI1 partition listing every object of one kind in one domain, sorted by ATT&CK id (tactics:
/// by matrix column).
pub fn catalog_index_pk(domain: &str, kind: CatalogKind) -> String {
    format!("CAT#{domain}#{}S", kind.tag())
}
pub fn tactic_index_sk(order: u32, id: &str) -> String {
    format!("{order:04}#{id}")
}
/// A technique's review mark: same partition as the technique, and listed right after it in the
/// technique index (`#` sorts before `.`, so `T1059#REVIEW` precedes `T1059.001`).
pub fn review_sk() -> String {
    "REVIEW".into()
}
pub fn review_index_sk(technique: &str) -> String {
    format!("{technique}#REVIEW")
}
/// A custom actor -> technique mapping, under the actor; GSI2 finds it from the technique.
pub fn actor_mapping_sk(technique: &str) -> String {
    format!("MAP#{technique}")
}
pub fn technique_actors_pk(domain: &str, technique: &str) -> String {
    format!("CAT#{domain}#TECHACTORS#{technique}")
}
/// What the catalog of a domain was last synced to.
pub fn catalog_state_pk(domain: &str) -> String {
    format!("CAT#{domain}")
}
pub fn catalog_state_sk() -> String {
    "STATE".into()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CatalogKind {
    Tactic,
    Technique,
    Actor,
    Mitigation,
    DetectionStrategy,
}

impl CatalogKind {
    pub const ALL: [CatalogKind; 5] = [
        CatalogKind::Tactic,
        CatalogKind::Technique,
        CatalogKind::Actor,
        CatalogKind::Mitigation,
        CatalogKind::DetectionStrategy,
    ];
    pub fn tag(self) -> &'static str {
        match self {
            CatalogKind::Tactic => "TACTIC",
            CatalogKind::Technique => "TECHNIQUE",
            CatalogKind::Actor => "ACTOR",
            CatalogKind::Mitigation => "MITIGATION",
            CatalogKind::DetectionStrategy => "DETSTRAT",
        }
    }
    /// The entity name stored on items and used in run counts.
    pub fn entity(self) -> &'static str {
        match self {
            CatalogKind::Tactic => "tactic",
            CatalogKind::Technique => "technique",
            CatalogKind::Actor => "threat_actor",
            CatalogKind::Mitigation => "mitigation",
            CatalogKind::DetectionStrategy => "detection_strategy",
        }
    }
}

/// One sync run: `SYNCRUN#<uuid>`; GSI1 lists runs newest first.
pub fn sync_run_pk(id: Uuid) -> String {
    format!("SYNCRUN#{id}")
}
pub fn sync_run_sk() -> String {
    "RUN".into()
}
pub fn sync_runs_index_pk() -> String {
    "SYNCRUNS".into()
}
/// An import upload slot (`UPLOAD#<id>` / `SLOT`), with a TTL.
pub fn import_upload_pk(id: Uuid) -> String {
    format!("UPLOAD#{id}")
}
pub fn import_upload_sk() -> String {
    "SLOT".into()
}
/// Object key of an import upload.
pub fn import_object_key(id: Uuid, filename: &str) -> String {
    format!("imports/uploads/{id}/{filename}")
}

/// Object key of an ATT&CK bundle sent in a request's body, kept for the run that imports it.
pub fn import_bundle_object_key(run: Uuid) -> String {
    format!("imports/{run}.json")
}
/// Object key of a report too large to answer inline, or of an export job's file.
pub fn report_object_key(id: Uuid, filename: &str) -> String {
    format!("reports/{id}/{filename}")
}
/// A report export job: `REPORTJOB#<uuid>` / `JOB`; GSI1 lists one user's jobs newest first
/// (`REPORTJOBS#<user uuid>` / requested).
pub fn report_job_pk(id: Uuid) -> String {
    format!("REPORTJOB#{id}")
}
pub fn report_job_sk() -> String {
    "JOB".into()
}
pub fn report_jobs_of_user_pk(user: UserId) -> String {
    format!("REPORTJOBS#{user}")
}

/// A lease that lets one job run at a time.
pub fn lease_pk(name: &str) -> String {
    format!("LEASE#{name}")
}
pub fn lease_sk() -> String {
    "LEASE".into()
}
/// Last outcome of a scheduled job.
pub fn job_pk(name: &str) -> String {
    format!("JOB#{name}")
}
pub fn job_sk() -> String {
    "STATUS".into()
}

/// A domain's catalog version (`CAT#<domain>` / `VERSION`): raised by every catalog write, read
/// by each request to know whether its process's cached catalog is current.
pub fn catalog_version_sk() -> String {
    "VERSION".into()
}
/// One of a domain's coverage versions (`CAT#<domain>` / `VERSION#COVERAGE#07`), one per shard
/// of techniques: raised with every write of a coverage item of its shard. It sorts after the
/// catalog version, so one query (`begins_with(SK, "VERSION")`) reads both.
pub fn coverage_version_sk(shard: usize) -> String {
    format!("VERSION#COVERAGE#{shard:02}")
}

/// The event outbox's partition (`OUTBOX`): events wait there from their change's commit until
/// published.
pub fn outbox_pk() -> String {
    "OUTBOX".into()
}

/// A validation test: `TEST#<uuid>` / `META`; its history, evidence and remediation steps share
/// the partition.
pub fn test_pk(id: Uuid) -> String {
    format!("TEST#{id}")
}
pub fn test_sk() -> String {
    "META".into()
}
/// GSI1: every test, newest first.
pub fn tests_index_pk() -> String {
    "TESTS".into()
}
/// GSI2: the tests of one technique.
pub fn technique_tests_pk(domain: &str, technique: &str) -> String {
    format!("TECHTESTS#{domain}#{technique}")
}
/// GSI3: the work queue of one workflow state.
pub fn task_queue_pk(state: &str) -> String {
    format!("TASK#{state}")
}
/// Sort key of time-ordered entries: time first, id after it.
pub fn time_sort(at: DateTime<Utc>, id: Uuid) -> String {
    format!("{}#{id}", at.to_rfc3339_opts(SecondsFormat::Micros, true))
}
pub fn history_sk(at: DateTime<Utc>, id: Uuid) -> String {
    format!("HIST#{}", time_sort(at, id))
}
pub fn evidence_sk(id: Uuid) -> String {
    format!("EVIDENCE#{id}")
}
pub fn remediation_sk(id: Uuid) -> String {
    format!("REMED#{id}")
}
/// A technique's coverage, next to its review mark in the technique index.
pub fn coverage_sk() -> String {
    "COVERAGE".into()
}
/// A user's notification: `USER#<uuid>` / `NOTIF#<time>#<id>`.
pub fn notification_sk(at: DateTime<Utc>, id: Uuid) -> String {
    format!("NOTIF#{}", time_sort(at, id))
}
/// Scoring weights set by an admin at runtime.
pub fn scoring_config_pk() -> String {
    "SCORING".into()
}
pub fn scoring_config_sk() -> String {
    "CONFIG".into()
}
/// An imported technique set (a Navigator layer): `TECHSET#<uuid>` / `META`, listed by GSI1.
pub fn technique_set_pk(id: Uuid) -> String {
    format!("TECHSET#{id}")
}
pub fn technique_sets_index_pk() -> String {
    "TECHSETS".into()
}
/// A coverage snapshot: `SNAPSHOT#<uuid>` / `META`, listed by GSI1 by time.
pub fn snapshot_pk(id: Uuid) -> String {
    format!("SNAPSHOT#{id}")
}
pub fn snapshots_index_pk(domain: &str) -> String {
    format!("SNAPSHOTS#{domain}")
}

/// A content data source's settings (`SOURCE#<key>` / `SOURCE`); the eight are read together
/// with one `BatchGetItem`.
pub fn data_source_pk(key: domain::content::SourceKey) -> String {
    format!("SOURCE#{key}")
}
pub fn data_source_sk() -> String {
    "SOURCE".into()
}
/// One sync or import of a data source (`SRCRUN#<uuid>` / `RUN`); GSI1 lists a source's runs
/// newest first (`SRCRUNS#<key>` / start time).
pub fn source_run_pk(id: Uuid) -> String {
    format!("SRCRUN#{id}")
}
pub fn source_run_sk() -> String {
    "RUN".into()
}
pub fn source_runs_index_pk(key: domain::content::SourceKey) -> String {
    format!("SRCRUNS#{key}")
}
/// An upload into a data source: the archive's object key.
pub fn source_upload_object_key(key: domain::content::SourceKey, id: Uuid, filename: &str) -> String {
    format!("imports/sources/{key}/{id}/{filename}")
}

/// A test template (`TEMPLATE#<uuid>` / `TEMPLATE`), a library entry (see `library`).
pub fn template_pk(id: Uuid) -> String {
    format!("TEMPLATE#{id}")
}
pub fn template_sk() -> String {
    "TEMPLATE".into()
}
/// How many tests were created from a template and still exist (`TEMPLATE#<uuid>` / `REFS`),
/// apart from the template so a sync's rewrite never touches it.
pub fn template_refs_sk() -> String {
    "REFS".into()
}
/// A library entry's GSI1 sort key: `<origin>#<source id>` under its collection's partition
/// (`TEMPLATES`, `RULES`).
pub fn library_index_sk(origin: &str, source_id: &str) -> String {
    format!("{origin}#{source_id}")
}
/// A library collection's version item: `<INDEX>` / `VERSION`, raised by every write of it.
pub fn library_version_sk() -> String {
    "VERSION".into()
}
/// Deployment marks of D3FEND countermeasures: `D3DEPLOY` / `<D3FEND id>`.
pub fn deployments_pk() -> String {
    "D3DEPLOY".into()
}
/// A compliance framework: `FRAMEWORK#<id>` / `META`, listed by GSI1 (`FRAMEWORKS` / id); its
/// controls share the partition (`CONTROL#<control id>`), read in one query.
pub fn framework_pk(id: &str) -> String {
    format!("FRAMEWORK#{id}")
}
pub fn framework_sk() -> String {
    "META".into()
}
pub fn frameworks_index_pk() -> String {
    "FRAMEWORKS".into()
}
pub fn control_sk(control_id: &str) -> String {
    format!("{}{control_id}", control_sk_prefix())
}
pub fn control_sk_prefix() -> String {
    "CONTROL#".into()
}
/// The lease name that lets one import or deletion of a framework run at a time.
pub fn framework_lease(id: &str) -> String {
    format!("compliance#{id}")
}
/// A campaign: `CAMPAIGN#<uuid>` / `META`, listed by GSI1 (`CAMPAIGNS` / `<created>#<uuid>`);
/// its history (`HIST#<time>#<uuid>`) and finished runs (`RUN#<n, 6 digits>`) share the partition.
pub fn campaign_pk(id: Uuid) -> String {
    format!("CAMPAIGN#{id}")
}
pub fn campaign_sk() -> String {
    "META".into()
}
pub fn campaigns_index_pk() -> String {
    "CAMPAIGNS".into()
}
pub fn campaign_event_sk(at: DateTime<Utc>, id: Uuid) -> String {
    format!("HIST#{}", time_sort(at, id))
}
pub fn campaign_run_sk(run: u32) -> String {
    format!("RUN#{run:06}")
}
/// An alert rule: `ALERTRULE#<uuid>` / `META`, listed by GSI1 (`ALERTRULES` / `<created>#<uuid>`);
/// its evaluation state (`STATE`) and firings (`EVENT#<time>#<uuid>`) share the partition, and
/// GSI2 lists every firing newest first (`ALERTEVENTS` / `<time>#<uuid>`).
pub fn alert_rule_pk(id: Uuid) -> String {
    format!("ALERTRULE#{id}")
}
pub fn alert_rule_sk() -> String {
    "META".into()
}
pub fn alert_rules_index_pk() -> String {
    "ALERTRULES".into()
}
pub fn alert_state_sk() -> String {
    "STATE".into()
}
pub fn alert_event_sk(at: DateTime<Utc>, id: Uuid) -> String {
    format!("{}{}", alert_event_sk_prefix(), time_sort(at, id))
}
pub fn alert_event_sk_prefix() -> String {
    "EVENT#".into()
}
pub fn alert_events_index_pk() -> String {
    "ALERTEVENTS".into()
}
/// GSI3 over remediation steps not yet done that have a due date (`REMEDDUE` / `<due>#<uuid>`):
/// the overdue-remediation alert reads the oldest due first; a done step leaves the index.
pub fn remediation_due_index_pk() -> String {
    "REMEDDUE".into()
}
pub fn remediation_due_index_sk(due: chrono::NaiveDate, id: Uuid) -> String {
    format!("{due}#{id}")
}
/// A sign-in with the OpenID provider under way: `OIDC#<state>` / `PENDING` (nonce and PKCE
/// verifier, a TTL of minutes), taken once by the callback.
pub fn oidc_pending_pk(state: &str) -> String {
    format!("OIDC#{state}")
}
pub fn oidc_pending_sk() -> String {
    "PENDING".into()
}
/// The link of a provider account to its user: `OIDCSUB#<issuer>#<subject>` / `LINK`.
pub fn oidc_subject_pk(issuer: &str, subject: &str) -> String {
    format!("OIDCSUB#{issuer}#{subject}")
}
pub fn oidc_subject_sk() -> String {
    "LINK".into()
}
/// A webhook channel: `ALERTCHANNEL#<uuid>` / `META`, listed by GSI1 (`ALERTCHANNELS` /
/// `<created>#<uuid>`); its deliveries share the partition (`DELIVERY#<time>#<uuid>`), and a
/// delivery not yet answered is also in GSI1 under `DELIVERIES#PENDING` for the sweeper.
pub fn alert_channel_pk(id: Uuid) -> String {
    format!("ALERTCHANNEL#{id}")
}
pub fn alert_channel_sk() -> String {
    "META".into()
}
pub fn alert_channels_index_pk() -> String {
    "ALERTCHANNELS".into()
}
pub fn delivery_sk(at: DateTime<Utc>, id: Uuid) -> String {
    format!("{}{}", delivery_sk_prefix(), time_sort(at, id))
}
pub fn delivery_sk_prefix() -> String {
    "DELIVERY#".into()
}
pub fn pending_deliveries_index_pk() -> String {
    "DELIVERIES#PENDING".into()
}
/// Threat intel (one partition): the actors' techniques as of the last release the scan saw
/// (`BASELINE`), that release's changes (`CHANGES`) and the actors the organisation tracks
/// (`TRACKED`, a string set).
pub fn intel_pk() -> String {
    "INTEL".into()
}
pub fn intel_baseline_sk() -> String {
    "BASELINE".into()
}
pub fn intel_changes_sk() -> String {
    "CHANGES".into()
}
pub fn intel_tracked_sk() -> String {
    "TRACKED".into()
}
