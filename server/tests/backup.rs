//! `server backup` and `server restore` through the real binary: a round trip into a new
//! database, and a restore over a database that has changed since the backup.

mod common;

use std::process::Command;

use common::TestApp;
use sqlx::{Connection, PgConnection, PgPool};

/// The URL of database `name` on the server DATABASE_URL names.
fn url_for(name: &str) -> String {
    let base = std::env::var("DATABASE_URL").expect("DATABASE_URL names the test server");
    let base = base.split('?').next().unwrap().to_owned();
    format!("{}/{name}", base.rsplit_once('/').unwrap().0)
}

fn server(args: &[&str], database_url: &str) {
    let output = Command::new(env!("CARGO_BIN_EXE_server"))
        .args(args)
        .env("DATABASE_URL", database_url)
        .env("APP_ENV", "dev")
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    assert!(output.status.success(), "server {args:?}: {}", String::from_utf8_lossy(&output.stderr));
}

async fn counts(url: &str) -> (i64, i64, i64) {
    let mut db = PgConnection::connect(url).await.unwrap();
    let users = sqlx::query_scalar!(r#"SELECT count(*) AS "n!" FROM users"#).fetch_one(&mut db).await.unwrap();
    let profiles = sqlx::query_scalar!(r#"SELECT count(*) AS "n!" FROM profiles"#).fetch_one(&mut db).await.unwrap();
    let migrations =
        sqlx::query_scalar!(r#"SELECT count(*) AS "n!" FROM _sqlx_migrations"#).fetch_one(&mut db).await.unwrap();
    (users, profiles, migrations)
}

#[sqlx::test(migrations = "../migrations")]
async fn a_backup_restores_into_a_new_database_and_over_a_changed_one(pool: PgPool) {
    let app = TestApp::new(pool.clone());
    app.register("ada@example.org", "mentor").await;
    app.register("grace@example.org", "mentee").await;
    let name = pool.connect_options().get_database().unwrap().to_owned();
    let source = url_for(&name);
    let before = counts(&source).await;
    assert_eq!((before.0, before.1), (2, 2));

    let dir = std::env::temp_dir().join(format!("mentorship-backup-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("backup.dump");
    server(&["backup", file.to_str().unwrap()], &source);

    // Into a brand-new, empty database: everything is there, migrations included.
    // (Database names stop at 63 bytes, and sqlx's test names are long already.)
    let copy_name = format!("restore_{}_{}", std::process::id(), uuid::Uuid::new_v4().simple());
    sqlx::query(&format!("CREATE DATABASE \"{copy_name}\"")).execute(&pool).await.unwrap();
    let copy = url_for(&copy_name);
    server(&["restore", file.to_str().unwrap()], &copy);
    assert_eq!(counts(&copy).await, before);
    server(&["migrate"], &copy);
    // The restored accounts log in (hashes and all survived).
    let restored = PgPool::connect(&copy).await.unwrap();
    let login = TestApp::new(restored.clone())
        .call(
            "POST",
            "/api/v1/auth/login",
            None,
            Some(serde_json::json!({"email": "ada@example.org", "password": common::PASSWORD})),
        )
        .await;
    assert_eq!(login.status, axum::http::StatusCode::OK, "{}", login.text);
    restored.close().await;

    // Over the original after a member was deleted: back to the state of the backup.
    sqlx::query!("DELETE FROM users WHERE email = 'grace@example.org'").execute(&pool).await.unwrap();
    pool.close().await;
    server(&["restore", file.to_str().unwrap()], &source);
    assert_eq!(counts(&source).await, before);

    let mut admin = PgConnection::connect(&url_for("postgres")).await.unwrap();
    sqlx::query(&format!("DROP DATABASE \"{copy_name}\" WITH (FORCE)")).execute(&mut admin).await.unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}
