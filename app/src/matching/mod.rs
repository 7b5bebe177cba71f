//! Pairing mentees with mentors: the match score in words (`score`) and, for admins, the
//! optimal assignment of a matching round (`assignment`).

pub mod score;

#[cfg(feature = "ssr")]
pub mod assignment;
