//! Two real server processes on one database: fifty mentees race for the same slot, half of them
//! through each process, and exactly one gets it; parallel password guesses through both cannot
//! outrun the login limit. The no-overlap rule lives in PostgreSQL (the
//! exclusion constraints on `sessions`), so it must hold across processes, not only between the
//! tasks of one.
//!
//! The test needs DATABASE_URL to name a PostgreSQL server on which it may create a database; it
//! creates its own, uniquely named, and drops it at the end (also when an assertion fails).

mod common;

use std::fs::File;
use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use sqlx::{Connection, PgConnection, PgPool};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use uuid::Uuid;

use app::sessions::service::SLOT_TAKEN;
use common::{PASSWORD, SECRET};

const MENTEES: usize = 50;
/// How long a server may take to answer /readyz, and any one request to complete.
const READY_WITHIN: Duration = Duration::from_secs(60);
const REQUEST_WITHIN: Duration = Duration::from_secs(30);

/// A database of its own on the server DATABASE_URL names, dropped when this goes out of scope.
struct TestDatabase {
    admin_url: String,
    name: String,
    url: String,
}

impl TestDatabase {
    async fn create() -> Self {
        let admin_url = std::env::var("DATABASE_URL")
            .expect("DATABASE_URL must name a PostgreSQL server on which the test may create a database");
        let name = format!("mp_two_processes_{}", Uuid::new_v4().simple());
        let mut admin = PgConnection::connect(&admin_url).await.expect("connect with DATABASE_URL");
        sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.unwrap();
        admin.close().await.unwrap();
        let url = with_database(&admin_url, &name);
        Self { admin_url, name, url }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        // Drop cannot await, and a runtime cannot be started on a thread that runs one: drop the
        // database from a thread of its own. FORCE ends any connection still open to it.
        let (admin_url, name) = (self.admin_url.clone(), self.name.clone());
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
            runtime.block_on(async {
                let mut admin = PgConnection::connect(&admin_url).await.map_err(std::io::Error::other)?;
                let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                sqlx::query(&sql).execute(&mut admin).await.map_err(std::io::Error::other)?;
                admin.close().await.map_err(std::io::Error::other)
            })
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) {
            eprintln!("could not drop the test database {}: {dropped:?}", self.name);
        }
    }
}

/// `url` with its database name replaced by `name`.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(base, query)| (base, Some(query)));
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let path_start = base[authority_start..].find('/').map_or(base.len(), |i| authority_start + i);
    let mut out = format!("{}/{name}", &base[..path_start]);
    if let Some(query) = query {
        out.push('?');
        out.push_str(query);
    }
    out
}

/// The server binary with the environment both processes share: same database, same secret.
fn server_command(database_url: &str, subcommand: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_server"));
    command
        .arg(subcommand)
        // Away from the checkout, so that no developer's `.env` is read.
        .current_dir(std::env::temp_dir())
        .env("DATABASE_URL", database_url)
        .env("APP_ENV", "dev")
        .env("JWT_SECRET", SECRET)
        .env("LEPTOS_SITE_ROOT", concat!(env!("CARGO_MANIFEST_DIR"), "/../target/site"))
        .env("DATABASE_MAX_CONNECTIONS", "10")
        .env("RUST_LOG", "warn")
        // LEPTOS_SITE_ADDR would take precedence over BIND_ADDR.
        .env_remove("LEPTOS_SITE_ADDR")
        .env_remove("TEST_CLOCK")
        .stdin(Stdio::null());
    command
}

/// A running `server serve`, killed when this goes out of scope (also on a failed assertion).
struct ServerProcess {
    child: Child,
    addr: SocketAddr,
    log: PathBuf,
}

impl ServerProcess {
    fn start(database_url: &str) -> Self {
        let addr = free_local_address();
        let log = std::env::temp_dir().join(format!("mp-two-processes-{}.log", Uuid::new_v4().simple()));
        let output = File::create(&log).unwrap();
        let child = server_command(database_url, "serve")
            .env("BIND_ADDR", addr.to_string())
            .stdout(output.try_clone().unwrap())
            .stderr(output)
            .spawn()
            .expect("start the server binary");
        Self { child, addr, log }
    }

    /// Polls GET /readyz until it answers 200 (the server listens and reaches the database),
    /// failing early, with the server's output, if the process exits.
    async fn wait_until_ready(&mut self) {
        let deadline = Instant::now() + READY_WITHIN;
        loop {
            if let Ok((200, _)) = http(self.addr, "GET", "/readyz", None, None).await {
                return;
            }
            if let Some(status) = self.child.try_wait().unwrap() {
                panic!("the server exited ({status}) before it was ready:\n{}", self.output());
            }
            assert!(Instant::now() < deadline, "the server was not ready within {READY_WITHIN:?}:\n{}", self.output());
            // Pace the polling; the loop ends on readiness, not after a set time.
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    fn output(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if std::thread::panicking() {
            eprintln!("--- output of the server on {} ---\n{}", self.addr, self.output());
        }
        let _ = std::fs::remove_file(&self.log);
    }
}

fn free_local_address() -> SocketAddr {
    // The port is free when asked; the server binds it a moment later.
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap()
}

/// One request on a connection of its own; returns the status and the body as JSON (`Null` when
/// it is not JSON). HTTP/1.0, so the response is never chunked and ends when the server closes
/// the connection: enough for these calls without an HTTP client dependency.
async fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&Value>,
) -> std::io::Result<(u16, Value)> {
    let stream = TcpStream::connect(addr).await?;
    send(stream, method, path, token, body).await
}

async fn send(
    mut stream: TcpStream,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&Value>,
) -> std::io::Result<(u16, Value)> {
    let body = body.map(Value::to_string).unwrap_or_default();
    let mut request = format!("{method} {path} HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Length: {}\r\n", body.len());
    if let Some(token) = token {
        request.push_str(&format!("Authorization: Bearer {token}\r\n"));
    }
    if !body.is_empty() {
        request.push_str("Content-Type: application/json\r\n");
    }
    request.push_str("\r\n");
    request.push_str(&body);
    let exchange = async {
        stream.write_all(request.as_bytes()).await?;
        let mut response = Vec::new();
        stream.read_to_end(&mut response).await?;
        Ok::<_, std::io::Error>(response)
    };
    let response = tokio::time::timeout(REQUEST_WITHIN, exchange).await.map_err(std::io::Error::other)??;
    let response = String::from_utf8(response).map_err(std::io::Error::other)?;
    let (head, body) = response.split_once("\r\n\r\n").ok_or_else(|| std::io::Error::other("no end of headers"))?;
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("no status in `{head}`")))?;
    Ok((status, serde_json::from_str(body).unwrap_or(Value::Null)))
}

/// Registers an account through `addr`; returns its token and id.
async fn register(addr: SocketAddr, email: &str, name: &str, role: &str) -> (String, Uuid) {
    let body = json!({"email": email, "password": PASSWORD, "name": name, "role": role});
    let (status, reply) = http(addr, "POST", "/api/v1/auth/register", None, Some(&body)).await.unwrap();
    assert_eq!(status, 201, "{reply}");
    (reply["token"].as_str().unwrap().to_owned(), reply["user"]["id"].as_str().unwrap().parse().unwrap())
}

/// A fresh migrated database and two ready server processes on it.
async fn two_servers() -> (TestDatabase, [ServerProcess; 2]) {
    let database = TestDatabase::create().await;
    let migrated = server_command(&database.url, "migrate").output().expect("run `server migrate`");
    assert!(migrated.status.success(), "migrate failed: {}", String::from_utf8_lossy(&migrated.stderr));
    let mut servers = [ServerProcess::start(&database.url), ServerProcess::start(&database.url)];
    for server in &mut servers {
        server.wait_until_ready().await;
    }
    (database, servers)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_mentees_racing_through_two_processes_get_exactly_one_session() {
    let (database, servers) = two_servers().await;
    let addrs = [servers[0].addr, servers[1].addr];
    let pool = PgPool::connect(&database.url).await.unwrap();

    // The mentor registers on one process and saves availability on the other: the two share
    // the signing secret and the database, so a token from either works on both.
    let (mentor_token, mentor_id) = register(addrs[0], "grace@example.org", "Grace", "mentor").await;
    let blocks: Vec<Value> =
        (1..=7).map(|weekday| json!({"weekday": weekday, "start": "00:00", "end": "24:00"})).collect();
    let availability = json!({"blocks": blocks, "days_off": []});
    let (status, reply) =
        http(addrs[1], "PUT", "/api/v1/me/availability", Some(&mentor_token), Some(&availability)).await.unwrap();
    assert_eq!(status, 200, "{reply}");

    // 10:00 UTC the day after tomorrow: well past the 12-hour notice, whatever the time now.
    let day = chrono::Utc::now().date_naive() + chrono::Duration::days(2);
    let slot = day.and_hms_opt(10, 0, 0).unwrap().and_utc();
    let slots_uri = format!("/api/v1/mentors/{mentor_id}/slots?from={day}&to={}", day + chrono::Duration::days(1));
    let (status, listed) = http(addrs[0], "GET", &slots_uri, None, None).await.unwrap();
    assert_eq!(status, 200, "{listed}");
    assert!(listed["slots"].as_array().unwrap().iter().any(|s| s["starts_at"].as_str().unwrap().parse() == Ok(slot)));

    // Fifty mentees, registered through alternate processes (each costs one password hash, so
    // one at a time), then paired with the mentor directly in the database: accepting fifty
    // requests through the API would test nothing more here.
    let mut mentees: Vec<(String, Uuid)> = Vec::with_capacity(MENTEES);
    for i in 0..MENTEES {
        mentees.push(register(addrs[i % 2], &format!("mentee{i}@example.org"), &format!("Mentee {i}"), "mentee").await);
    }
    let mentee_ids: Vec<Uuid> = mentees.iter().map(|(_, id)| *id).collect();
    sqlx::query!("UPDATE profiles SET max_mentees = $2 WHERE user_id = $1", mentor_id, MENTEES as i32)
        .execute(&pool)
        .await
        .unwrap();
    let paired = sqlx::query!(
        "WITH accepted AS (
             INSERT INTO mentorship_requests (mentee_id, mentor_id, message, status, decided_at, decided_by)
             SELECT mentee_id, $1, 'Please mentor me', 'accepted', now(), $1 FROM unnest($2::uuid[]) AS m(mentee_id)
             RETURNING id, mentor_id, mentee_id)
         INSERT INTO mentorships (request_id, mentor_id, mentee_id) SELECT id, mentor_id, mentee_id FROM accepted",
        mentor_id,
        &mentee_ids,
    )
    .execute(&pool)
    .await
    .unwrap();
    assert_eq!(paired.rows_affected(), MENTEES as u64);

    // Every mentee connects first and then waits at the barrier, so the fifty bookings reach the
    // two processes together, alternating between them.
    let barrier = Arc::new(tokio::sync::Barrier::new(MENTEES));
    let booking =
        json!({"mentor_id": mentor_id, "starts_at": slot, "duration_minutes": 60, "agenda": "Career next steps"});
    let mut attempts = tokio::task::JoinSet::new();
    for (i, (token, mentee_id)) in mentees.into_iter().enumerate() {
        let (server, barrier, booking) = (i % 2, barrier.clone(), booking.clone());
        let addr = addrs[server];
        attempts.spawn(async move {
            let stream = TcpStream::connect(addr).await.unwrap();
            barrier.wait().await;
            let (status, reply) = send(stream, "POST", "/api/v1/sessions", Some(&token), Some(&booking)).await.unwrap();
            (server, mentee_id, status, reply)
        });
    }
    let results = attempts.join_all().await;

    let booked: Vec<_> = results.iter().filter(|(_, _, status, _)| *status == 201).collect();
    let refused: Vec<_> = results.iter().filter(|(_, _, status, _)| *status != 201).collect();
    assert_eq!(booked.len(), 1, "exactly one booking succeeds: {:?}", booked);
    for (server, _, status, reply) in &refused {
        assert_eq!(*status, 409, "server {server}: {reply}");
        assert_eq!(reply["error"]["code"], "conflict", "{reply}");
        assert_eq!(reply["error"]["fields"]["starts_at"], SLOT_TAKEN, "{reply}");
    }
    // The refusals came from both processes, so the rule held across them.
    assert!((0..2).all(|server| refused.iter().any(|(s, _, _, _)| *s == server)));

    let (_, winner, _, session) = booked[0];
    let stored: Vec<(Uuid, chrono::DateTime<chrono::Utc>)> =
        sqlx::query_as("SELECT mentee_id, starts_at FROM sessions").fetch_all(&pool).await.unwrap();
    assert_eq!(stored, vec![(*winner, slot)], "one session, the winner's");
    assert_eq!(session["mentee_id"], winner.to_string());

    pool.close().await;
    // Servers first (they hold connections), then the database.
    drop(servers);
    drop(database);
}

/// Two processes behind one address (both see 127.0.0.1): guesses sent in parallel, alternating
/// between them, cannot get more than the per-address budget checked, and once it is spent both
/// processes refuse the right password too. The reservation and the counts live in PostgreSQL,
/// so no process can get ahead of the other.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_login_limit_holds_across_two_processes() {
    let (database, servers) = two_servers().await;
    let addrs = [servers[0].addr, servers[1].addr];
    // Signed up elsewhere (by SQL), so 127.0.0.1 is not an address the member is known at.
    let pool = PgPool::connect(&database.url).await.unwrap();
    register(addrs[0], "seed@example.org", "Seed", "mentee").await;
    sqlx::query!(
        "INSERT INTO users (email, password_hash, name, role)
         SELECT 'ada@example.org', password_hash, 'Ada', 'mentee' FROM users WHERE email = 'seed@example.org'",
    )
    .execute(&pool)
    .await
    .unwrap();

    let wrong = json!({"email": "ada@example.org", "password": "not the password"});
    let mut guesses = tokio::task::JoinSet::new();
    for i in 0..16 {
        let (addr, wrong) = (addrs[i % 2], wrong.clone());
        guesses.spawn(async move { http(addr, "POST", "/api/v1/auth/login", None, Some(&wrong)).await.unwrap().0 });
    }
    let statuses = guesses.join_all().await;
    let checked = statuses.iter().filter(|status| **status == 401).count();
    assert!(statuses.iter().all(|status| matches!(status, 401 | 429)), "{statuses:?}");
    assert!(checked <= app::auth::login_limits::PER_PAIR as usize, "{checked} guesses were checked: {statuses:?}");

    // Fill the budget if the parallel guesses left any of it, then both processes refuse.
    for i in checked..app::auth::login_limits::PER_PAIR as usize {
        let (status, reply) = http(addrs[i % 2], "POST", "/api/v1/auth/login", None, Some(&wrong)).await.unwrap();
        assert_eq!(status, 401, "{reply}");
    }
    let right = json!({"email": "ada@example.org", "password": PASSWORD});
    for addr in addrs {
        let (status, reply) = http(addr, "POST", "/api/v1/auth/login", None, Some(&right)).await.unwrap();
        assert_eq!(status, 429, "{reply}");
    }
    pool.close().await;
    drop(servers);
    drop(database);
}
