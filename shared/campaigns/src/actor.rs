//! A campaign from a threat actor: one draft test per current technique the actor uses, from its
//! best active template when there is one, in phases by tactic in kill-chain order.

use crate::{Draft, Error, NewTest, add_test, create, load};
use domain::FieldError;
use domain::campaign::{Campaign, Recurrence};
use domain::catalog::Technique;
use domain::content::{TemplateOrigin, TestTemplate};
use domain::validation::Coverage;
use lifecycle::Origin;
use platform::AppState;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use utoipa::ToSchema;

#[derive(Debug, Clone, Default)]
pub struct FromActor {
    pub threat_actor_id: String,
    pub name: Option<String>,
    /// Only techniques that run on one of these (any case); empty: all.
    pub platforms: Vec<String>,
    /// Also the sub-techniques the actor uses (default true).
    pub include_subtechniques: bool,
    /// Skip techniques already validated.
    pub only_gaps: bool,
    pub recurrence: Recurrence,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FromActorResult {
    pub campaign: Campaign,
    /// Tests created (one per technique).
    pub tests: usize,
    /// Of those, created from a template.
    pub from_template: usize,
    /// Techniques skipped because they are already validated (`only_gaps`).
    pub skipped_validated: usize,
}

/// Preference among a technique's active templates: one for a wanted platform, then Atomic Red
/// Team (executable, with arguments), CALDERA, LOLBAS, GTFOBins, custom; then by name.
fn best_template<'a>(candidates: &[&'a TestTemplate], platforms: &[String]) -> Option<&'a TestTemplate> {
    let source_rank = |o: TemplateOrigin| match o {
        TemplateOrigin::AtomicRedTeam => 0,
        TemplateOrigin::Caldera => 1,
        TemplateOrigin::Lolbas => 2,
        TemplateOrigin::Gtfobins => 3,
        TemplateOrigin::Custom => 4,
    };
    let platform_miss = |t: &TestTemplate| {
        !(platforms.is_empty()
            || t.content.platforms.iter().any(|p| platforms.iter().any(|w| w.eq_ignore_ascii_case(p))))
    };
    candidates
        .iter()
        .copied()
        .min_by_key(|t| (platform_miss(t), source_rank(t.content.source), t.content.name.to_lowercase()))
}

pub async fn from_threat_actor(
    state: &AppState,
    origin: &Origin,
    req: FromActor,
) -> Result<FromActorResult, Error> {
    let domain = domain::catalog::DEFAULT_DOMAIN;
    let index = store::catalog::technique_index(&state.db, domain).await?;
    let actor = index.view.actors.get(&req.threat_actor_id).ok_or_else(|| {
        Error::Invalid(vec![FieldError::new(
            "threat_actor_id",
            "unknown",
            format!("no threat actor {}", req.threat_actor_id),
        )])
    })?;
    let used = coverage::matrix::actor_techniques(&state.db, domain, actor).await?;
    let tactic_order: HashMap<&str, u32> =
        index.view.tactics.iter().map(|t| (t.shortname.as_str(), t.order)).collect();
    let wanted = |t: &&Technique| {
        used.contains(&t.attack_id)
            && t.lifecycle.is_active()
            && (req.include_subtechniques || !t.is_subtechnique)
            && (req.platforms.is_empty()
                || t.platforms.iter().any(|p| req.platforms.iter().any(|w| w.eq_ignore_ascii_case(p))))
    };
    let mut techniques: Vec<&Technique> = index.techniques().iter().filter(wanted).collect();
    let before = techniques.len();
    if req.only_gaps {
        techniques
            .retain(|t| index.coverage.get(&t.attack_id).is_none_or(|c| c.status != Coverage::Validated));
    }
    let skipped_validated = before - techniques.len();
    if techniques.is_empty() {
        return Err(Error::Invalid(vec![FieldError::new(
            "threat_actor_id",
            "no_techniques",
            format!("{} uses no current technique matching the filters", actor.name),
        )]));
    }
    // Phases: the first tactic of each technique in kill-chain order.
    let first_tactic = |t: &Technique| {
        t.tactics.iter().min_by_key(|s| tactic_order.get(s.as_str()).copied().unwrap_or(u32::MAX)).cloned()
    };
    let mut by_tactic: BTreeMap<u32, (String, Vec<&Technique>)> = BTreeMap::new();
    for t in techniques {
        let tactic = first_tactic(t).unwrap_or_else(|| "other".into());
        let order = tactic_order.get(tactic.as_str()).copied().unwrap_or(u32::MAX);
        by_tactic.entry(order).or_insert_with(|| (tactic, Vec::new())).1.push(t);
    }
    let tactic_names: HashMap<&str, &str> =
        index.view.tactics.iter().map(|t| (t.shortname.as_str(), t.name.as_str())).collect();
    let phases: Vec<(String, String)> = by_tactic
        .values()
        .map(|(s, _)| {
            let name = tactic_names.get(s.as_str()).map(|n| (*n).to_owned()).unwrap_or_else(|| s.clone());
            let description = format!("Techniques of the {name} tactic");
            (name, description)
        })
        .collect();
    let draft = Draft {
        name: req.name.clone().unwrap_or_else(|| format!("Emulate {} ({})", actor.name, actor.attack_id)),
        description: format!(
            "Every current technique {} uses, from its best active test template when one exists.",
            actor.name
        ),
        objective: format!("Validate detection of {}'s techniques", actor.name),
        threat_actor: Some(actor.attack_id.clone()),
        phases,
        recurrence: req.recurrence,
        ..Draft::default()
    };
    let campaign = create(state, origin, draft).await?;
    let templates = store::templates::view(&state.db).await?;
    let mut tests = 0;
    let mut from_template = 0;
    for (phase, (_, list)) in campaign.phases.iter().zip(by_tactic.values()) {
        for t in list {
            let candidates: Vec<&TestTemplate> = templates
                .entries
                .iter()
                .filter(|x| {
                    x.active && !x.retired && x.content.technique_ids.iter().any(|id| id == &t.attack_id)
                })
                .collect();
            let template = best_template(&candidates, &req.platforms);
            let new = NewTest {
                template_id: template.map(|x| x.id),
                technique_id: Some(t.attack_id.clone()),
                title: Some(match template {
                    Some(x) => x.content.name.chars().take(200).collect(),
                    None => format!("{}: {}", t.attack_id, t.name).chars().take(200).collect(),
                }),
                platform: req
                    .platforms
                    .first()
                    .cloned()
                    .or_else(|| template.and_then(|x| x.content.platforms.first().cloned())),
                phase_id: Some(phase.id),
                ..NewTest::default()
            };
            add_test(state, origin, campaign.id, new).await?;
            tests += 1;
            from_template += usize::from(template.is_some());
        }
    }
    let campaign = load(state, campaign.id).await?;
    Ok(FromActorResult { campaign, tests, from_template, skipped_validated })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;
    use domain::content::TemplateContent;
    use uuid::Uuid;

    fn template(source: TemplateOrigin, name: &str, platforms: &[&str]) -> TestTemplate {
        TestTemplate {
            id: Uuid::new_v4(),
            content: TemplateContent {
                source,
                source_id: name.into(),
                technique_ids: vec!["T1059".into()],
                tactics: vec![],
                name: name.into(),
                description: String::new(),
                platforms: platforms.iter().map(|p| p.to_string()).collect(),
                executor: None,
                command: None,
                cleanup: None,
                arguments: vec![],
                privileges: None,
                elevation_required: false,
                references: vec![],
                upstream_path: None,
            },
            content_hash: String::new(),
            active: true,
            retired: false,
            unknown_techniques: vec![],
            created_at: Utc::now(),
            updated_at: Utc::now(),
            created_by: None,
            updated_by: None,
            run_id: None,
        }
    }

    #[test]
    fn the_best_template_runs_on_a_wanted_platform_then_follows_the_source_order() {
        let lolbas = template(TemplateOrigin::Lolbas, "a lolbas", &["windows"]);
        let atomic_linux = template(TemplateOrigin::AtomicRedTeam, "b atomic", &["linux"]);
        let atomic_win = template(TemplateOrigin::AtomicRedTeam, "c atomic", &["windows"]);
        let all = [&lolbas, &atomic_linux, &atomic_win];
        assert_eq!(best_template(&all, &["Windows".into()]).unwrap().content.name, "c atomic");
        assert_eq!(best_template(&all, &[]).unwrap().content.name, "b atomic");
        assert_eq!(
            best_template(&[&lolbas, &atomic_linux], &["windows".into()]).unwrap().content.name,
            "a lolbas"
        );
        assert!(best_template(&[], &[]).is_none());
    }
}
