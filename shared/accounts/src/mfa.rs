//! TOTP second factors (RFC 6238: SHA-1, 6 digits, 30-second steps, as every authenticator app
//! expects), the encryption of their secrets at rest and the hashing of recovery codes.
//!
//! - Codes are computed by `totp-rs`; we only pick which steps to try (the current one and one
//!   either side) so the caller learns *which* step matched and can refuse its replay.
//! - Secrets are sealed with AES-256-GCM under the MFA key, with the user's id as associated
//!   data: a sealed secret copied onto another user's item does not open.
//! - Recovery codes are random (10 characters of a 32-letter alphabet, 50 bits), so a slow
//!   password hash buys nothing against guessing online (rate limited) and costs ten argon2 runs
//!   per attempt. They are hashed with HMAC-SHA-256 under the MFA key instead: a table dump
//!   without the key in Secrets Manager gives an attacker nothing to test guesses against.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use domain::ids::UserId;
use hmac::{Hmac, Mac};
use rand::RngCore;
use rand::rngs::OsRng;
use sha2::Sha256;
use subtle::ConstantTimeEq;
use totp_rs::{Algorithm, TOTP};

/// Seconds per TOTP step.
pub const STEP_SECS: u64 = 30;
/// Recovery codes issued at enrolment.
pub const RECOVERY_CODES: usize = 10;
/// The issuer shown in authenticator apps.
pub const ISSUER: &str = "Aegis";

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MfaError {
    #[error("the stored TOTP secret cannot be opened with the configured MFA key")]
    Sealed,
    #[error("the TOTP parameters were refused: {0}")]
    Totp(String),
}

/// A new random 160-bit secret (RFC 4226's recommended length).
pub fn new_secret() -> Vec<u8> {
    let mut secret = vec![0u8; 20];
    OsRng.fill_bytes(&mut secret);
    secret
}

fn totp(secret: &[u8], account: &str) -> Result<TOTP, MfaError> {
    TOTP::new(Algorithm::SHA1, 6, 1, STEP_SECS, secret.to_vec(), Some(ISSUER.into()), account.into())
        .map_err(|e| MfaError::Totp(e.to_string()))
}

/// The base32 secret and the `otpauth://` URI an authenticator app (or a QR code) takes.
pub fn provisioning(secret: &[u8], account: &str) -> Result<(String, String), MfaError> {
    let t = totp(secret, account)?;
    Ok((t.get_secret_base32(), t.get_url()))
}

/// The step (unix time / 30) whose code `code` is, trying `now`'s step and one either side;
/// `None` when it matches none. Comparison is constant-time.
pub fn matching_step(secret: &[u8], code: &str, now: u64) -> Option<u64> {
    let code = code.trim();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let t = totp(secret, "check").ok()?;
    let current = now / STEP_SECS;
    [current.saturating_sub(1), current, current + 1]
        .into_iter()
        .find(|step| bool::from(t.generate(step * STEP_SECS).as_bytes().ct_eq(code.as_bytes())))
}

/// The code of the step containing `at` (for tests and tools; the server never shows codes).
pub fn code_at(secret: &[u8], at: u64) -> String {
    totp(secret, "check").map(|t| t.generate(at)).unwrap_or_default()
}

/// Seals `secret` for `user`: base64 of a random 96-bit nonce followed by the ciphertext.
pub fn seal(key: &[u8; 32], user: UserId, secret: &[u8]) -> String {
    let cipher = Aes256Gcm::new(key.into());
    let mut nonce = [0u8; 12];
    OsRng.fill_bytes(&mut nonce);
    let sealed = cipher
        .encrypt(Nonce::from_slice(&nonce), Payload { msg: secret, aad: user.as_uuid().as_bytes() })
        .expect("AES-GCM encryption of a short secret cannot fail");
    STANDARD.encode([nonce.as_slice(), &sealed].concat())
}

/// Opens what [`seal`] sealed for the same user under the same key.
pub fn open(key: &[u8; 32], user: UserId, sealed: &str) -> Result<Vec<u8>, MfaError> {
    let raw = STANDARD.decode(sealed).map_err(|_| MfaError::Sealed)?;
    if raw.len() < 12 + 16 {
        return Err(MfaError::Sealed);
    }
    let (nonce, body) = raw.split_at(12);
    Aes256Gcm::new(key.into())
        .decrypt(Nonce::from_slice(nonce), Payload { msg: body, aad: user.as_uuid().as_bytes() })
        .map_err(|_| MfaError::Sealed)
}

/// Ten new recovery codes, `xxxxx-xxxxx` from an alphabet without look-alikes.
pub fn new_recovery_codes() -> Vec<String> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    (0..RECOVERY_CODES)
        .map(|_| {
            let mut bytes = [0u8; 10];
            OsRng.fill_bytes(&mut bytes);
            let chars: String =
                bytes.iter().map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char).collect();
            format!("{}-{}", &chars[..5], &chars[5..])
        })
        .collect()
}

/// The stored form of a recovery code of `user` (hex HMAC-SHA-256); case, spaces and dashes of
/// the entered code do not matter.
pub fn recovery_code_hash(key: &[u8; 32], user: UserId, code: &str) -> String {
    let normal: String =
        code.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect();
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(b"aegis-recovery-code\0");
    mac.update(user.as_uuid().as_bytes());
    mac.update(normal.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1 secret, truncated to 6 digits.
    #[test]
    fn codes_match_the_rfc_6238_test_vectors() {
        let secret = b"12345678901234567890";
        for (at, code) in
            [(59, "287082"), (1_111_111_109, "081804"), (1_234_567_890, "005924"), (2_000_000_000, "279037")]
        {
            assert_eq!(code_at(secret, at), code, "at {at}");
        }
    }

    #[test]
    fn a_code_matches_its_step_and_one_either_side_only() {
        let secret = new_secret();
        let now = 1_700_000_015;
        let step = now / STEP_SECS;
        let code = code_at(&secret, now);
        assert_eq!(matching_step(&secret, &code, now), Some(step));
        assert_eq!(matching_step(&secret, &code, now + STEP_SECS), Some(step), "one step late");
        assert_eq!(matching_step(&secret, &code, now - STEP_SECS), Some(step), "one step early");
        assert_eq!(matching_step(&secret, &code, now + 2 * STEP_SECS), None, "two steps late");
        assert_eq!(matching_step(&secret, "12345", now), None);
        assert_eq!(matching_step(&secret, "abcdef", now), None);
    }

    #[test]
    fn sealed_secrets_open_only_for_their_user_and_key() {
        let key = [7u8; 32];
        let (alice, bob) = (UserId::random(), UserId::random());
        let sealed = seal(&key, alice, b"secret-bytes");
        assert_eq!(open(&key, alice, &sealed).unwrap(), b"secret-bytes");
        assert_eq!(open(&key, bob, &sealed), Err(MfaError::Sealed));
        assert_eq!(open(&[8u8; 32], alice, &sealed), Err(MfaError::Sealed));
        assert_ne!(seal(&key, alice, b"secret-bytes"), sealed, "a fresh nonce each time");
    }

    #[test]
    fn recovery_codes_are_distinct_and_hash_per_user_and_key() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), 10);
        assert_eq!(codes.iter().collect::<std::collections::BTreeSet<_>>().len(), 10);
        let (key, user) = ([1u8; 32], UserId::random());
        let h = recovery_code_hash(&key, user, &codes[0]);
        assert_eq!(h, recovery_code_hash(&key, user, &codes[0].to_uppercase().replace('-', " ")));
        assert_ne!(h, recovery_code_hash(&key, UserId::random(), &codes[0]));
        assert_ne!(h, recovery_code_hash(&[2u8; 32], user, &codes[0]));
    }
}
