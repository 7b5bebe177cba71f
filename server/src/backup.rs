//! `server backup` and `server restore`: the database to one file and back, with PostgreSQL's own
//! `pg_dump` (custom format: compressed, restorable selectively) and `pg_restore`.
//!
//! The password never appears on a command line (where `ps` would show it to every local user):
//! it goes to the tools in `PGPASSWORD`.

use std::path::Path;
use std::process::Command;

/// The connection URL without its password, and the password.
fn split_password(url: &str) -> (String, Option<String>) {
    let Some(scheme_end) = url.find("://").map(|i| i + 3) else {
        return (url.to_owned(), None);
    };
    let authority_end = url[scheme_end..].find('/').map_or(url.len(), |i| scheme_end + i);
    let Some(at) = url[scheme_end..authority_end].rfind('@').map(|i| scheme_end + i) else {
        return (url.to_owned(), None);
    };
    match url[scheme_end..at].split_once(':') {
        Some((user, password)) => {
            (format!("{}{user}{}", &url[..scheme_end], &url[at..]), Some(percent_decode(password)))
        }
        None => (url.to_owned(), None),
    }
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let hex = |byte: u8| (byte as char).to_digit(16).map(|digit| digit as u8);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if let (b'%', Some(&high), Some(&low)) = (bytes[i], bytes.get(i + 1), bytes.get(i + 2))
            && let (Some(high), Some(low)) = (hex(high), hex(low))
        {
            out.push(high * 16 + low);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_taken_out_of_the_url() {
        assert_eq!(
            split_password("postgres://app:s%40cret@db:5432/x"),
            ("postgres://app@db:5432/x".to_owned(), Some("s@cret".to_owned()))
        );
        assert_eq!(split_password("postgres://app@db/x"), ("postgres://app@db/x".to_owned(), None));
        // A `%` before something that is not two hex digits stays as it is (no panic on é).
        assert_eq!(split_password("postgres://a:x%aé%4@db/x").1.as_deref(), Some("x%aé%4"));
        assert_eq!(split_password("postgres://db/x?user=a"), ("postgres://db/x?user=a".to_owned(), None));
    }
}
