//! A database outage, for real: the test runs its own PostgreSQL cluster, stops it under a live
//! router, and starts it again. While it is down every API request answers a JSON 503 within
//! a few seconds, `/readyz` says 503, `/healthz` 200, and pages are a friendly 503 page; once it
//! is back, the same router (the same pool) serves normally without a restart.

mod common;

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{TestApp, assert_error};
use serde_json::json;

/// A throw-away PostgreSQL cluster in a temporary directory, run as `postgres` when we are root
/// (PostgreSQL refuses to run as root).
struct Cluster {
    dir: PathBuf,
    port: u16,
}

fn pg_bin(tool: &str) -> PathBuf {
    let dir = std::env::var("PG_BIN").unwrap_or_else(|_| "/usr/lib/postgresql/15/bin".into());
    PathBuf::from(dir).join(tool)
}

fn running_as_root() -> bool {
    Command::new("id").arg("-u").output().map(|out| out.stdout.starts_with(b"0\n")).unwrap_or(false)
}

/// Runs a PostgreSQL tool as the cluster's owner and insists that it succeeds.
fn as_owner(tool: &str, args: &[&str]) {
    let program = pg_bin(tool);
    let mut command = if running_as_root() {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(&program);
        command
    } else {
        Command::new(&program)
    };
    let status = command
        .args(args)
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap_or_else(|err| panic!("cannot run {}: {err}", program.display()));
    assert!(status.success(), "{tool} {args:?} failed: {status}");
}

impl Cluster {
    fn create() -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let dir = std::env::temp_dir().join(format!("mentorship-outage-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        if running_as_root() {
            assert!(Command::new("chown").args(["postgres:postgres"]).arg(&dir).status().unwrap().success());
        }
        let dir_text = dir.to_str().unwrap().to_owned();
        as_owner(
            "initdb",
            &["-D", &dir_text, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"],
        );
        let cluster = Cluster { dir, port };
        cluster.start();
        cluster
    }

    fn start(&self) {
        let options = format!("-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off", self.port, self.dir.display());
        let log = self.dir.join("server.log");
        as_owner(
            "pg_ctl",
            &["-D", self.dir.to_str().unwrap(), "-l", log.to_str().unwrap(), "-w", "-o", &options, "start"],
        );
    }

    fn stop(&self) {
        as_owner("pg_ctl", &["-D", self.dir.to_str().unwrap(), "-m", "fast", "-w", "stop"]);
    }

    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ =
            Command::new(pg_bin("pg_ctl")).args(["-D", self.dir.to_str().unwrap(), "-m", "immediate", "stop"]).output();
        if running_as_root() {
            let _ = Command::new("runuser")
                .args(["-u", "postgres", "--"])
                .arg(pg_bin("pg_ctl"))
                .args(["-D", self.dir.to_str().unwrap(), "-m", "immediate", "stop"])
                .output();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn page_request(path: &str) -> Request<Body> {
    Request::get(path).header(header::ACCEPT, "text/html,application/xhtml+xml").body(Body::empty()).unwrap()
}

#[tokio::test]
async fn requests_answer_503_while_the_database_is_down_and_the_process_recovers_by_itself() {
    let cluster = Cluster::create();
    let mut config = common::config();
    config.database_url = cluster.url();
    config.db_acquire_timeout = Duration::from_secs(2);
    let pool = server::router::connect(&config).await.unwrap();
    server::cli::migrate(&pool).await.unwrap();
    let app = TestApp::with_config(pool, &config);
    let (token, _) = app.register("ada@example.org", "mentee").await;
    assert_eq!(app.call("GET", "/api/v1/me", Some(&token), None).await.status, StatusCode::OK);

    cluster.stop();

    let started = Instant::now();
    let me = app.call("GET", "/api/v1/me", Some(&token), None).await;
    assert_error(&me, StatusCode::SERVICE_UNAVAILABLE, "unavailable");
    assert!(me.headers.contains_key(header::RETRY_AFTER));
    assert!(started.elapsed() < Duration::from_secs(10), "took {:?}", started.elapsed());

    let login = app
        .call(
            "POST",
            "/api/v1/auth/login",
            None,
            Some(json!({"email": "ada@example.org", "password": common::PASSWORD})),
        )
        .await;
    assert_error(&login, StatusCode::SERVICE_UNAVAILABLE, "unavailable");
    let mentors = app.call("GET", "/api/v1/mentors", None, None).await;
    assert_error(&mentors, StatusCode::SERVICE_UNAVAILABLE, "unavailable");

    assert_eq!(app.call("GET", "/readyz", None, None).await.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(app.call("GET", "/healthz", None, None).await.status, StatusCode::OK);
    // A monitor (or a person) asking for HTML still gets the truth from the health checks.
    assert_eq!(app.send(page_request("/healthz")).await.status, StatusCode::OK);
    assert_eq!(app.send(page_request("/readyz")).await.status, StatusCode::SERVICE_UNAVAILABLE);

    let page = app.send(page_request("/mentors")).await;
    assert_eq!(page.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(page.text.contains("right back"), "{}", page.text);
    assert!(page.text.contains("Nothing you saved is lost"));
    // The page may load its stylesheet, and nothing else.
    assert!(page.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap().contains("style-src 'self'"));

    cluster.start();

    // The same process, the same pool: it reconnects on the next request.
    assert_eq!(app.call("GET", "/api/v1/me", Some(&token), None).await.status, StatusCode::OK);
    assert_eq!(app.call("GET", "/readyz", None, None).await.status, StatusCode::OK);
    let page = app.send(page_request("/mentors")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
}
