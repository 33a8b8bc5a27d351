//! What the campaign routes answer: a campaign with its tests' states, progress per phase and
//! overall, and the coverage of its techniques.

use domain::campaign::{Campaign, CampaignStatus, Recurrence};
use domain::validation::{Coverage, Detection, Test, TestState};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use utoipa::ToSchema;
use uuid::Uuid;

/// A campaign in lists.
#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignSummary {
    pub id: Uuid,
    pub name: String,
    pub status: CampaignStatus,
    pub threat_actor: Option<String>,
    pub owner: String,
    pub recurrence: Recurrence,
    pub next_run_at: Option<chrono::DateTime<chrono::Utc>>,
    pub run: u32,
    pub tests: usize,
    pub start_date: Option<chrono::NaiveDate>,
    pub end_date: Option<chrono::NaiveDate>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

impl From<&Campaign> for CampaignSummary {
    fn from(c: &Campaign) -> Self {
        CampaignSummary {
            id: c.id,
            name: c.name.clone(),
            status: c.status,
            threat_actor: c.threat_actor.clone(),
            owner: c.owner.clone(),
            recurrence: c.recurrence,
            next_run_at: c.next_run_at,
            run: c.run,
            tests: c.tests.len(),
            start_date: c.start_date,
            end_date: c.end_date,
            created_at: c.created_at,
            updated_at: c.updated_at,
        }
    }
}

/// A test of the campaign as it stands.
#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignTestView {
    pub test_id: Uuid,
    pub phase_id: Uuid,
    pub title: String,
    pub technique_id: String,
    /// Absent when the test was deleted.
    pub state: Option<TestState>,
    /// The best detection of a validated test.
    pub detection: Option<Detection>,
    pub assigned_red: Option<String>,
    pub assigned_blue: Option<String>,
    pub template_id: Option<Uuid>,
    pub depends_on: Vec<Uuid>,
    /// Dependencies that have not reached `blue_evaluating`: the test cannot start yet.
    pub blocked_by: Vec<Uuid>,
}

/// Tests per state, and the share validated.
#[derive(Debug, Default, Serialize, ToSchema)]
pub struct Progress {
    pub total: usize,
    pub by_state: BTreeMap<String, usize>,
    pub validated_pct: f64,
}

impl Progress {
    fn add(&mut self, state: Option<TestState>) {
        self.total += 1;
        if let Some(s) = state {
            *self.by_state.entry(s.as_str().to_owned()).or_default() += 1;
        }
    }

    fn finish(mut self) -> Self {
        let validated = self.by_state.get("validated").copied().unwrap_or(0);
        self.validated_pct = if self.total == 0 {
            0.0
        } else {
            domain::scoring::round1(100.0 * validated as f64 / self.total as f64)
        };
        self
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PhaseView {
    pub id: Uuid,
    pub name: String,
    pub description: String,
    pub progress: Progress,
}

/// A technique of the campaign and its coverage across every test (not only the campaign's).
#[derive(Debug, Serialize, ToSchema)]
pub struct TechniqueCoverageView {
    pub technique_id: String,
    pub status: Coverage,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignDetail {
    #[serde(flatten)]
    pub campaign: Campaign,
    pub phase_progress: Vec<PhaseView>,
    pub progress: Progress,
    pub test_states: Vec<CampaignTestView>,
    pub coverage: Vec<TechniqueCoverageView>,
}

pub fn detail(c: Campaign, tests: &[Test], coverage: &HashMap<String, Coverage>) -> CampaignDetail {
    let by_id: HashMap<Uuid, &Test> = tests.iter().map(|t| (t.id, t)).collect();
    let state_of = |id: &Uuid| by_id.get(id).map(|t| t.state);
    let mut test_states = Vec::new();
    let mut overall = Progress::default();
    let mut per_phase: HashMap<Uuid, Progress> = HashMap::new();
    for ct in &c.tests {
        let state = state_of(&ct.test_id);
        overall.add(state);
        per_phase.entry(ct.phase_id).or_default().add(state);
        let blocked_by = if state == Some(TestState::Draft) {
            ct.depends_on
                .iter()
                .filter(|d| state_of(d).is_some_and(|s| !domain::campaign::dependency_met(s)))
                .copied()
                .collect()
        } else {
            Vec::new()
        };
        let t = by_id.get(&ct.test_id);
        test_states.push(CampaignTestView {
            test_id: ct.test_id,
            phase_id: ct.phase_id,
            title: t.map_or_else(|| ct.title.clone(), |t| t.title.clone()),
            technique_id: ct.technique_id.clone(),
            state,
            detection: t.filter(|t| t.state == TestState::Validated).map(|t| t.detection()),
            assigned_red: t.and_then(|t| t.assigned_red.clone()),
            assigned_blue: t.and_then(|t| t.assigned_blue.clone()),
            template_id: ct.template_id,
            depends_on: ct.depends_on.clone(),
            blocked_by,
        });
    }
    let phase_progress = c
        .phases
        .iter()
        .map(|p| PhaseView {
            id: p.id,
            name: p.name.clone(),
            description: p.description.clone(),
            progress: per_phase.remove(&p.id).unwrap_or_default().finish(),
        })
        .collect();
    let mut techniques: Vec<&str> = c.tests.iter().map(|t| t.technique_id.as_str()).collect();
    techniques.sort();
    techniques.dedup();
    let coverage = techniques
        .into_iter()
        .map(|t| TechniqueCoverageView {
            technique_id: t.to_owned(),
            status: coverage.get(t).copied().unwrap_or(Coverage::NotCovered),
        })
        .collect();
    CampaignDetail { campaign: c, phase_progress, progress: overall.finish(), test_states, coverage }
}
