//! `server backup` and `server restore`: the database to one file and back, with PostgreSQL's own
//! `pg_dump` (custom format: compressed, restorable selectively) and `pg_restore`.
//!
//! The password never appears on a command line (where `ps` would show it to every local user):
//! it goes to the tools in `PGPASSWORD`.

use std::path::Path;
use std::process::Command;

use crate::db_url::split_password;

/// `pg_dump`/`pg_restore` from PATH, else from the PostgreSQL 15 server package.
fn tool(name: &str) -> String {
    let on_path = Command::new(name).arg("--version").output().is_ok_and(|out| out.status.success());
    if on_path {
        return name.to_owned();
    }
    let dir = std::env::var("PG_BIN").unwrap_or_else(|_| "/usr/lib/postgresql/15/bin".into());
    format!("{dir}/{name}")
}

fn run(name: &str, args: &[&str], database_url: &str) -> Result<(), String> {
    let (url, password) = split_password(database_url);
    let mut command = Command::new(tool(name));
    command.args(args).arg(format!("--dbname={url}"));
    if let Some(password) = password {
        command.env("PGPASSWORD", password);
    }
    let output = command.output().map_err(|err| format!("cannot run {name}: {err}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!("{name} failed: {}", String::from_utf8_lossy(&output.stderr).trim()))
    }
}

/// Writes the whole database (schema and data) to `file`.
pub fn backup(database_url: &str, file: &Path) -> Result<(), String> {
    let file = file.to_str().ok_or("the backup file name must be valid UTF-8")?;
    run("pg_dump", &["--format=custom", "--no-owner", "--no-privileges", &format!("--file={file}")], database_url)
}

/// Replaces the database's contents with those of a backup made by [`backup`], in one
/// transaction: if anything fails, the database is left as it was.
pub fn restore(database_url: &str, file: &Path) -> Result<(), String> {
    let file = file.to_str().ok_or("the backup file name must be valid UTF-8")?;
    if !Path::new(file).is_file() {
        return Err(format!("no backup file at {file}"));
    }
    run(
        "pg_restore",
        &["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", file],
        database_url,
    )
}
