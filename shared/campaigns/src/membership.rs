//! Tests in a campaign: an existing test joins, or a new one is created from a template or a
//! technique, in a phase, with dependencies on tests of the same campaign (a DAG).

use crate::{Error, change, load};
use domain::FieldError;
use domain::campaign::{CampaignStatus, CampaignTest, check_dependencies};
use domain::lifecycle::{Command, LifecycleError};
use domain::validation::Severity;
use lifecycle::Origin;
use platform::AppState;
use serde_json::json;
use std::collections::BTreeMap;
use uuid::Uuid;

/// A test to add: an existing one (`test_id`), or a new draft from a template or a technique.
#[derive(Debug, Clone, Default)]
pub struct NewTest {
    pub test_id: Option<Uuid>,
    pub template_id: Option<Uuid>,
    pub technique_id: Option<String>,
    pub title: Option<String>,
    pub arguments: BTreeMap<String, String>,
    pub severity: Option<Severity>,
    pub platform: Option<String>,
    pub assigned_red: Option<String>,
    pub assigned_blue: Option<String>,
    /// The phase (default: the first).
    pub phase_id: Option<Uuid>,
    pub depends_on: Vec<Uuid>,
}

/// A test's new phase or dependencies.
#[derive(Debug, Clone, Default)]
pub struct TestChange {
    pub phase_id: Option<Uuid>,
    pub depends_on: Option<Vec<Uuid>>,
}

fn open(status: CampaignStatus) -> Result<(), Error> {
    match status {
        CampaignStatus::Planned | CampaignStatus::Active => Ok(()),
        s => Err(Error::Conflict(format!("the campaign is {}", crate::status_name(s)))),
    }
}

fn phase_of(c: &domain::campaign::Campaign, phase: Option<Uuid>) -> Result<Uuid, Error> {
    match phase {
        None => {
            c.phases.first().map(|p| p.id).ok_or_else(|| Error::Conflict("the campaign has no phase".into()))
        }
        Some(p) if c.phases.iter().any(|x| x.id == p) => Ok(p),
        Some(p) => Err(Error::Invalid(vec![FieldError::new(
            "phase_id",
            "unknown",
            format!("no phase {p} in this campaign"),
        )])),
    }
}

/// Adds a test; returns the campaign and the test's id.
pub async fn add_test(
    state: &AppState,
    origin: &Origin,
    id: Uuid,
    new: NewTest,
) -> Result<(domain::campaign::Campaign, Uuid), Error> {
    let c = load(state, id).await?;
    open(c.status)?;
    let phase_id = phase_of(&c, new.phase_id)?;
    // The dependencies are checked against the campaign before anything is written.
    let placeholder = Uuid::new_v4();
    let mut candidate = c.tests.clone();
    candidate.push(CampaignTest {
        test_id: new.test_id.unwrap_or(placeholder),
        phase_id,
        depends_on: new.depends_on.clone(),
        technique_id: String::new(),
        title: new.title.clone().unwrap_or_else(|| "the new test".into()),
        template_id: new.template_id,
        assigned_red: None,
        assigned_blue: None,
    });
    check_dependencies(&candidate).map_err(Error::Invalid)?;
    let test = match new.test_id {
        Some(test_id) => {
            if c.test(test_id).is_some() {
                return Err(Error::Conflict(format!("test {test_id} is already in this campaign")));
            }
            let existing = lifecycle::load(state, test_id).await?;
            if let Some(other) = existing.campaign_id.filter(|o| *o != id) {
                return Err(Error::Conflict(format!(
                    "test {test_id} belongs to campaign {other}; remove it there first"
                )));
            }
            let join = Command::SetCampaign { campaign_id: Some(id), depends_on: new.depends_on.clone() };
            lifecycle::run(state, origin, test_id, join).await?
        }
        None => {
            if new.template_id.is_none() && new.technique_id.is_none() {
                return Err(Error::Invalid(vec![FieldError::new(
                    "test_id",
                    "required",
                    "give test_id, template_id or technique_id",
                )]));
            }
            let draft = lifecycle::Draft {
                title: new.title.clone().unwrap_or_default(),
                technique_id: new.technique_id.clone().unwrap_or_default(),
                domain: domain::ids::AttackDomain::Enterprise,
                procedure: String::new(),
                platform: new.platform.clone(),
                severity: new.severity.unwrap_or(Severity::Medium),
                target_host: None,
                assigned_red: new.assigned_red.clone(),
                assigned_blue: new.assigned_blue.clone(),
                template_id: new.template_id.map(|t| t.to_string()),
                arguments: new.arguments.clone(),
                cleanup: None,
                campaign_id: Some(id),
                depends_on: new.depends_on.clone(),
                id: None,
            };
            lifecycle::create(state, origin, draft).await?
        }
    };
    let entry = CampaignTest {
        test_id: test.id,
        phase_id,
        depends_on: new.depends_on.clone(),
        technique_id: test.technique_id.clone(),
        title: test.title.clone(),
        template_id: test.template_id.as_deref().and_then(|t| Uuid::parse_str(t).ok()),
        assigned_red: test.assigned_red.clone(),
        assigned_blue: test.assigned_blue.clone(),
    };
    let campaign = change(state, origin, id, "add_test", |c| {
        open(c.status)?;
        if c.test(entry.test_id).is_none() {
            c.tests.push(entry.clone());
        }
        check_dependencies(&c.tests).map_err(Error::Invalid)?;
        Ok(json!({ "test_id": entry.test_id, "technique_id": entry.technique_id, "depends_on": entry.depends_on }))
    })
    .await?;
    Ok((campaign, test.id))
}

/// Moves a test to another phase or changes its dependencies.
pub async fn update_test(
    state: &AppState,
    origin: &Origin,
    id: Uuid,
    test_id: Uuid,
    ch: TestChange,
) -> Result<domain::campaign::Campaign, Error> {
    let c = load(state, id).await?;
    open(c.status)?;
    if c.test(test_id).is_none() {
        return Err(Error::NotFound(format!("test {test_id} is not in campaign {id}")));
    }
    if let Some(p) = ch.phase_id {
        phase_of(&c, Some(p))?;
    }
    if let Some(deps) = &ch.depends_on {
        let mut candidate = c.tests.clone();
        if let Some(t) = candidate.iter_mut().find(|t| t.test_id == test_id) {
            t.depends_on = deps.clone();
        }
        check_dependencies(&candidate).map_err(Error::Invalid)?;
        let set = Command::SetCampaign { campaign_id: Some(id), depends_on: deps.clone() };
        lifecycle::run(state, origin, test_id, set).await?;
    }
    change(state, origin, id, "update_test", |c| {
        let Some(t) = c.tests.iter_mut().find(|t| t.test_id == test_id) else {
            return Err(Error::NotFound(format!("test {test_id} is not in campaign {id}")));
        };
        if let Some(p) = ch.phase_id {
            t.phase_id = p;
        }
        if let Some(d) = &ch.depends_on {
            t.depends_on = d.clone();
        }
        check_dependencies(&c.tests).map_err(Error::Invalid)?;
        Ok(json!({ "test_id": test_id, "phase_id": ch.phase_id, "depends_on": ch.depends_on }))
    })
    .await
}

/// Takes a test out of the campaign (it stays, outside any campaign). Tests depending on it must
/// drop that dependency first.
pub async fn remove_test(
    state: &AppState,
    origin: &Origin,
    id: Uuid,
    test_id: Uuid,
) -> Result<domain::campaign::Campaign, Error> {
    let c = load(state, id).await?;
    open(c.status)?;
    if c.test(test_id).is_none() {
        return Err(Error::NotFound(format!("test {test_id} is not in campaign {id}")));
    }
    if let Some(d) = c.tests.iter().find(|t| t.depends_on.contains(&test_id)) {
        return Err(Error::Invalid(vec![FieldError::new(
            "test_id",
            "depended_on",
            format!("\"{}\" ({}) depends on it", d.title, d.test_id),
        )]));
    }
    let leave = Command::SetCampaign { campaign_id: None, depends_on: Vec::new() };
    match lifecycle::run(state, origin, test_id, leave).await {
        Ok(_) | Err(lifecycle::Error::Refused(LifecycleError::NotFound(_))) => {}
        Err(e) => return Err(e.into()),
    }
    change(state, origin, id, "remove_test", |c| {
        c.tests.retain(|t| t.test_id != test_id);
        Ok(json!({ "test_id": test_id }))
    })
    .await
}
