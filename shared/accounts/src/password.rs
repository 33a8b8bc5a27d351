//! argon2id password hashing (PHC strings) and the generator for the initial admin password.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use rand::Rng;
use rand::rngs::OsRng;

pub fn hash(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(Argon2::default().hash_password(password.as_bytes(), &salt)?.to_string())
}

/// Whether `password` matches `phc`; a malformed stored hash counts as no match.
pub fn verify(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// A hash to verify against when the user does not exist, so a login for an unknown name
/// costs the same time as one with a wrong password (no username probing by timing).
pub fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash("decoy-password-never-matches-Aa1!").expect("hashing a constant works"))
}

/// A 24-character password meeting the policy: drawn from an alphabet without look-alikes,
/// then guaranteed one of each required class.
pub fn generate() -> String {
    const LOWER: &[u8] = b"abcdefghijkmnopqrstuvwxyz";
    const UPPER: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
    const DIGIT: &[u8] = b"23456789";
    const SPECIAL: &[u8] = b"!@#$%^&*-_=+?";
    let mut rng = OsRng;
    let pick = |set: &[u8], rng: &mut OsRng| set[rng.gen_range(0..set.len())] as char;
    let all: Vec<u8> = [LOWER, UPPER, DIGIT, SPECIAL].concat();
    let mut chars: Vec<char> = (0..20).map(|_| pick(&all, &mut rng)).collect();
    for set in [LOWER, UPPER, DIGIT, SPECIAL] {
        let at = rng.gen_range(0..=chars.len());
        chars.insert(at, pick(set, &mut rng));
    }
    chars.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_only_the_right_password() {
        let phc = hash("Correct-Horse-42").unwrap();
        assert!(phc.starts_with("$argon2id$"));
        assert!(verify("Correct-Horse-42", &phc));
        assert!(!verify("correct-horse-42", &phc));
        assert!(!verify("Correct-Horse-42", "not a hash"));
    }

    #[test]
    fn generated_passwords_meet_the_policy_and_differ() {
        let a = generate();
        assert_eq!(a.chars().count(), 24);
        assert!(domain::password::check("password", &a).is_empty(), "{a}");
        assert_ne!(a, generate());
    }
}
