//! The operator CLI: `serve` (default), `migrate`, `create-admin`, `seed-demo`.

use std::io::{BufRead, IsTerminal};

use clap::{Parser, Subcommand};
use sqlx::PgPool;

use crate::config::Config;
use crate::{backup, demo, mail_worker, router};

#[derive(Parser)]
#[command(name = "server", version, about = "Mentorship Pairing Platform server")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Migrate the database and serve the web app and the JSON API (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Create an administrator. The password is read from ADMIN_PASSWORD or standard input,
    /// never from the command line (where other users could read it in the process list).
    CreateAdmin {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "Administrator")]
        name: String,
    },
    /// Write the whole database to FILE (pg_dump's custom format).
    Backup {
        /// Where to write the backup, e.g. mentorship-2026-12-01.dump
        file: std::path::PathBuf,
    },
    /// Replace the database's contents with a backup made by `backup` (in one transaction).
    Restore { file: std::path::PathBuf },
    /// Send a test mail through SMTP_URL, to check the mail settings.
    SendTestMail {
        /// The address to send it to.
        #[arg(long)]
        to: String,
    },
    /// Compare the optimal assignment of a matching round with a greedy one on this database:
    /// the first MENTEES mentees without a mentor and MENTORS listed mentors with a free place,
    /// scored as a round scores them (in a transaction that is rolled back: nothing is kept).
    CompareAssignment {
        #[arg(long, default_value_t = 1000)]
        mentees: i64,
        #[arg(long, default_value_t = 300)]
        mentors: i64,
    },
    /// Load the demo data set (idempotent: running it again changes nothing).
    SeedDemo {
        /// Also create admin@demo.example.org with the published demo password. Only for a
        /// private trial: anyone who has read the README could log in as that admin.
        #[arg(long)]
        with_admin: bool,
    },
}

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations");

pub async fn run(cli: Cli, config: Config) -> Result<(), String> {
    // Backups talk to PostgreSQL through its own tools, not through the pool.
    match &cli.command {
        Some(Command::Backup { file }) => {
            backup::backup(&config.database_url, file)?;
            println!("backup written to {}", file.display());
            return Ok(());
        }
        Some(Command::Restore { file }) => {
            backup::restore(&config.database_url, file)?;
            println!("database restored from {}", file.display());
            return Ok(());
        }
        _ => {}
    }
    let pool = router::connect(&config).await?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Backup { .. } | Command::Restore { .. } => unreachable!("handled above"),
        Command::Serve => {
            migrate(&pool).await?;
            serve(pool, config).await
        }
        Command::Migrate => {
            migrate(&pool).await?;
            println!("database is up to date");
            Ok(())
        }
        Command::CreateAdmin { email, name } => {
            migrate(&pool).await?;
            let password = admin_password()?;
            let now = app::clock::Clock::system().now();
            let admin = app::auth::service::create_admin(&pool, &email, &name, &password, now)
                .await
                .map_err(|err| describe(&err))?;
            println!("created admin {} ({})", admin.email, admin.id);
            Ok(())
        }
        Command::SendTestMail { to } => {
            migrate(&pool).await?;
            send_test_mail(&pool, &config, &to).await
        }
        Command::CompareAssignment { mentees, mentors } => compare_assignment(&pool, mentees, mentors).await,
        Command::SeedDemo { with_admin } => {
            migrate(&pool).await?;
            // One reading of the clock: the whole data set is reckoned from the same instant.
            let now = app::clock::Clock::system().now();
            let summary = demo::seed(&pool, with_admin, now).await.map_err(|err| describe(&err))?;
            println!("{summary}");
            Ok(())
        }
    }
}

async fn compare_assignment(pool: &PgPool, mentees: i64, mentors: i64) -> Result<(), String> {
    use app::matching::{assignment, rounds};
    let failed = |err: sqlx::Error| err.to_string();
    let now = app::clock::Clock::system().now();
    let mut tx = pool.begin().await.map_err(failed)?;
    let mentee_ids = sqlx::query_scalar!(
        "SELECT u.id FROM users u WHERE u.role = 'mentee' AND u.active
           AND NOT EXISTS (SELECT 1 FROM mentorship_requests r WHERE r.mentee_id = u.id AND r.open)
         ORDER BY u.id LIMIT $1",
        mentees,
    )
    .fetch_all(&mut *tx)
    .await
    .map_err(failed)?;
    let mentor_ids = sqlx::query_scalar!(
        "SELECT user_id FROM profiles WHERE listed AND has_free_place(accepting_mentees, max_mentees, active_mentees)
         ORDER BY user_id LIMIT $1",
        mentors,
    )
    .fetch_all(&mut *tx)
    .await
    .map_err(failed)?;
    let creator = *mentor_ids.first().ok_or("no listed mentor with a free place")?;
    let round = rounds::insert_round(&mut tx, "comparison", creator, &mentee_ids, &mentor_ids, now)
        .await
        .map_err(|err| describe(&err))?;
    let started = std::time::Instant::now();
    let scored = rounds::scored_pairs(&mut *tx, round, None, now).await.map_err(|err| describe(&err))?;
    let scoring = started.elapsed();
    tx.rollback().await.map_err(failed)?;
    let places: i32 = {
        let mut seen = std::collections::HashMap::new();
        for pair in &scored {
            seen.insert(pair.pair.mentor_id, pair.mentor_free_places);
        }
        seen.values().sum()
    };
    println!(
        "{} mentees × {} mentors ({} free places): {} eligible pairs scored in {:.0} ms",
        mentee_ids.len(),
        mentor_ids.len(),
        places,
        scored.len(),
        scoring.as_secs_f64() * 1000.0
    );
    for (name, method) in [("optimal", assignment::optimal as fn(&_) -> _), ("greedy", assignment::greedy)] {
        let started = std::time::Instant::now();
        let result = rounds::solve_by(&scored, &mentee_ids, method);
        println!(
            "{name:>8}: total score {:>7}, {} placed, {:.1} ms",
            result.total_score,
            result.pairs.len(),
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
    Ok(())
}

/// An error with its per-field details, for the terminal.
fn describe(err: &app::AppError) -> String {
    let mut text = err.to_string();
    for (field, message) in err.fields() {
        text.push_str(&format!("\n  {field}: {message}"));
    }
    text
}

pub async fn migrate(pool: &PgPool) -> Result<(), String> {
    MIGRATOR.run(pool).await.map_err(|err| format!("migration failed: {err}"))
}

fn admin_password() -> Result<String, String> {
    if let Ok(password) = std::env::var("ADMIN_PASSWORD") {
        return Ok(password);
    }
    if std::io::stdin().is_terminal() {
        eprint!("Password for the new admin (input is shown; prefer ADMIN_PASSWORD or a pipe): ");
    }
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).map_err(|err| format!("cannot read the password: {err}"))?;
    let password = line.trim_end_matches(['\n', '\r']).to_owned();
    if password.is_empty() {
        return Err("no password given: set ADMIN_PASSWORD or pipe it on standard input".into());
    }
    Ok(password)
}

/// Writes a test mail to the outbox and sends it at once (with what else is due), reporting
/// what the mail server said.
async fn send_test_mail(pool: &PgPool, config: &Config, to: &str) -> Result<(), String> {
    let Some(smtp_url) = config.smtp_url.as_deref() else {
        return Err("SMTP_URL is not set, so no mail leaves this server (set it, e.g. smtp://127.0.0.1:25)".into());
    };
    let mailer = mail_worker::Mailer::new(smtp_url, &config.mail_from)?;
    app::mail::settings::configure(&config.public_url, &config.jwt_secret);
    let clock = app::clock::Clock::system();
    let id = app::mail::outbox::enqueue_test_mail(pool, to, clock.now()).await.map_err(|err| describe(&err))?;
    mail_worker::deliver_due(pool, &clock, &mailer, mail_worker::BATCH).await.map_err(|err| describe(&err))?;
    let outcome = app::mail::outbox::status_of(pool, id).await.map_err(|err| describe(&err))?;
    match outcome {
        (app::mail::MailStatus::Sent, _) => {
            println!("test mail sent to {to} through {}", crate::db_url::redact(smtp_url));
            Ok(())
        }
        (_, error) => Err(format!(
            "the test mail was not sent: {}",
            error.unwrap_or_else(|| "it is still waiting in the outbox".into())
        )),
    }
}

async fn serve(pool: PgPool, config: Config) -> Result<(), String> {
    app::auth::password::Hasher::configure_global(config.hasher);
    let mailer = config.smtp_url.as_deref().map(|url| mail_worker::Mailer::new(url, &config.mail_from)).transpose()?;
    let state = router::app_state(pool, &config);
    tokio::spawn(mail_worker::run(state.pool.clone(), state.clock.clone(), mailer, config.mail_poll_interval));
    let app = router::build(state, &config);
    let listener = tokio::net::TcpListener::bind(config.bind)
        .await
        .map_err(|err| format!("cannot listen on {}: {err}", config.bind))?;
    println!("Mentorship Pairing Platform listening on http://{}", config.bind);
    tracing::info!(addr = %config.bind, "listening");
    axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|err| format!("server error: {err}"))?;
    tracing::info!("shut down cleanly");
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM; in-flight requests then finish before the process exits.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutdown signal received; finishing in-flight requests");
}
