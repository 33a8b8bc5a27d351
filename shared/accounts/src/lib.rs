//! Accounts as jobs need them, without HTTP: password hashing (argon2) and the creation of the
//! initial administrator (run by the bootstrap custom resource and the local runner).

pub mod bootstrap;
pub mod password;
