//! Which ATT&CK domain the bundle is: from the matrices' external id (`enterprise-attack`), else
//! from the `x_mitre_domains` of the matrices, else of the tactics. STIX 2.0 files of old
//! releases have matrices without the external id, hence the fallbacks.

use std::collections::BTreeSet;

use super::sdo::{Kind, Sdo};
use crate::error::ImportError;
use crate::model::{Domain, Matrix};

pub(super) fn determine(matrices: &[Matrix], sdos: &[Sdo]) -> Result<Domain, ImportError> {
    let mut names = matrix_external_ids(matrices);
    let source = if names.is_empty() {
        names = declared_domains(sdos);
        "x_mitre_domains of the matrices/tactics"
    } else {
        "the x-mitre-matrix external id"
    };
    let mut it = names.iter();
    match (it.next(), it.next()) {
        (None, _) => Err(ImportError::NotAttack {
            reason:
                "cannot tell the ATT&CK domain: the bundle has no x-mitre-matrix with an external id and \
                     no tactic with x_mitre_domains"
                    .into(),
        }),
        (Some(one), None) => one.parse::<Domain>().ok().ok_or_else(|| ImportError::NotAttack {
            reason: format!("unsupported ATT&CK domain {one:?} (from {source})"),
        }),
        (Some(_), Some(_)) => Err(ImportError::NotAttack {
            reason: format!("conflicting ATT&CK domains {names:?} (from {source})"),
        }),
    }
}

/// External ids of the active matrices, or of all of them when none is active.
fn matrix_external_ids(matrices: &[Matrix]) -> BTreeSet<&str> {
    let active: Vec<&Matrix> = matrices.iter().filter(|m| !m.revoked && !m.deprecated).collect();
    let pool: Vec<&Matrix> = if active.is_empty() { matrices.iter().collect() } else { active };
    pool.iter().filter_map(|m| m.attack_id.as_deref()).collect()
}

/// The matrices' `x_mitre_domains`, or the tactics' when the matrices declare none.
fn declared_domains(sdos: &[Sdo]) -> BTreeSet<&str> {
    let mut names = BTreeSet::new();
    for kind in [Kind::Matrix, Kind::Tactic] {
        for s in sdos.iter().filter(|s| s.kind == kind) {
            names.extend(s.meta.domains.iter().map(String::as_str));
        }
        if !names.is_empty() {
            break;
        }
    }
    names
}
