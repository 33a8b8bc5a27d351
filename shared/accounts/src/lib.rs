//! Accounts as jobs need them, without HTTP: password hashing (argon2), TOTP second factors and
//! the creation of the initial administrator (run by the bootstrap custom resource and the local
//! runner).

pub mod bootstrap;
pub mod mfa;
pub mod password;
