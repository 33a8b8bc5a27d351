//! A SHA-256 digest as clients declare it (64 hex digits), parsed once at the edge.

use crate::FieldError;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Sha256([u8; 32]);

impl Sha256 {
    /// Parses 64 hex digits (either case); `field` names the request field in the error.
    pub fn parse(field: &str, hex: &str) -> Result<Self, FieldError> {
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(hex, &mut bytes)
            .map_err(|_| FieldError::new(field, "invalid", "64 hex digits"))?;
        Ok(Self(bytes))
    }

    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    pub fn bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// Lower-case hex, as stored and shown.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }
}

impl TryFrom<String> for Sha256 {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Sha256::parse("sha256", &s).map_err(|e| e.message)
    }
}

impl From<Sha256> for String {
    fn from(s: Sha256) -> String {
        s.to_hex()
    }
}

impl std::fmt::Display for Sha256 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_hex())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_hex_of_either_case_and_refuses_the_rest() {
        let upper = "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855";
        let digest = Sha256::parse("sha256", upper).unwrap();
        assert_eq!(digest.to_hex(), upper.to_ascii_lowercase());
        assert_eq!(digest.bytes()[0], 0xe3);
        for bad in ["", "e3", &"g".repeat(64), &"a".repeat(65), &"é".repeat(32)] {
            assert_eq!(Sha256::parse("sha256", bad).unwrap_err().code, "invalid", "{bad}");
        }
    }
}
