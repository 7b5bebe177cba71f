//! The mail worker: sends the outbox over SMTP (lettre), and writes the mail that time sends
//! (reminders, rating invitations). Every server process runs one; the outbox's claims keep
//! two of them from sending the same message, and a failed attempt is retried with backoff.

use std::time::Duration;

use app::AppError;
use app::clock::Clock;
use app::mail::{outbox, schedule};
use lettre::message::header::{Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sqlx::PgPool;

/// Where mail goes: an SMTP server and the sender's address.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Mailer {
    /// `SMTP_URL` as lettre reads it: `smtp://host:port` (plain, for a relay on this machine),
    /// `smtp://user:pass@host:587?tls=required` (STARTTLS) or `smtps://host:465`.
    pub fn new(smtp_url: &str, from: &str) -> Result<Self, String> {
        let from: Mailbox =
            from.parse().map_err(|err| format!("MAIL_FROM `{from}` is not an address like `Name <a@b.org>`: {err}"))?;
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)
            .map_err(|err| format!("SMTP_URL is not usable: {err}"))?
            .timeout(Some(Duration::from_secs(15)))
            .build();
        Ok(Self { transport, from })
    }
}

/// `List-Unsubscribe` (RFC 2369) and `List-Unsubscribe-Post` (RFC 8058): mail programs show an
/// "Unsubscribe" button that POSTs to the link, no login needed.
#[derive(Clone)]
struct ListUnsubscribe(String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }
    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self(s.to_owned()))
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

#[derive(Clone)]
struct ListUnsubscribePost;

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }
    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self)
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".to_owned())
    }
}

/// Why an attempt failed, and whether trying again could help.
struct Failure {
    error: String,
    permanent: bool,
}

fn message_of(mailer: &Mailer, mail: &outbox::ClaimedMail) -> Result<Message, Failure> {
    let to: Mailbox = mail
        .to_address
        .parse()
        .map_err(|err| Failure { error: format!("the address cannot receive mail: {err}"), permanent: true })?;
    let mut builder = Message::builder().from(mailer.from.clone()).to(to).subject(mail.subject.clone());
    if let Some(url) = &mail.unsubscribe_url {
        builder = builder.header(ListUnsubscribe(format!("<{url}>"))).header(ListUnsubscribePost);
    }
    builder
        .multipart(MultiPart::alternative_plain_html(mail.text_body.clone(), mail.html_body.clone()))
        .map_err(|err| Failure { error: format!("the message cannot be built: {err}"), permanent: true })
}

async fn send(mailer: &Mailer, mail: &outbox::ClaimedMail) -> Result<(), Failure> {
    let message = message_of(mailer, mail)?;
    mailer.transport.send(message).await.map(|_| ()).map_err(|err| Failure {
        // A 5xx answer (no such mailbox, refused) will not change by retrying; anything else
        // (connection refused, timeout, 4xx "try later") might.
        permanent: err.is_permanent(),
        error: err.to_string(),
    })
}

/// What one round of sending did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Delivered {
    /// Mails this worker claimed (a full batch means more may be waiting).
    pub claimed: usize,
    pub sent: usize,
}

/// Claims and sends the mail due now, `batch` at most. The batch goes out over several SMTP
/// connections at once (lettre's pool): one message at a time waits out a round trip per SMTP
/// command, which capped a backlog at about 20 mails a second on loopback.
pub async fn deliver_due(pool: &PgPool, clock: &Clock, mailer: &Mailer, batch: i64) -> Result<Delivered, AppError> {
    let claimed = outbox::claim_due(pool, clock.now(), batch).await?;
    let mut sending = tokio::task::JoinSet::new();
    for mail in claimed.iter().cloned() {
        let mailer = mailer.clone();
        sending.spawn(async move {
            let outcome = send(&mailer, &mail).await;
            (mail, outcome)
        });
    }
    let mut sent = 0;
    while let Some(joined) = sending.join_next().await {
        let Ok((mail, outcome)) = joined else {
            // A send that panicked leaves its mail claimed; the lease returns it to the queue.
            continue;
        };
        match outcome {
            Ok(()) => {
                outbox::mark_sent(pool, mail.id, clock.now()).await?;
                sent += 1;
            }
            Err(failure) => {
                tracing::warn!(mail_id = %mail.id, attempt = mail.attempts, permanent = failure.permanent,
                    error = %failure.error, "mail not sent");
                outbox::mark_failed(pool, &mail, &failure.error, failure.permanent, clock.now()).await?;
            }
        }
    }
    Ok(Delivered { claimed: claimed.len(), sent })
}

/// Mails one round claims at most.
pub const BATCH: i64 = 50;

/// One round of the worker: the scheduled mail, then (with a mailer) the outbox.
pub async fn run_once(pool: &PgPool, clock: &Clock, mailer: Option<&Mailer>) -> Result<Delivered, AppError> {
    let now = clock.now();
    schedule::send_reminders(pool, now).await?;
    schedule::send_rating_invitations(pool, now).await?;
    match mailer {
        Some(mailer) => deliver_due(pool, clock, mailer, BATCH).await,
        None => Ok(Delivered { claimed: 0, sent: 0 }),
    }
}

/// Runs the worker until the process ends. Errors (the database away, say) are logged and the
/// next round tries again: mail waits in the outbox meanwhile.
pub async fn run(pool: PgPool, clock: Clock, mailer: Option<Mailer>, interval: Duration) {
    if mailer.is_none() {
        tracing::info!("SMTP_URL is not set: mail stays in the outbox (admin console → Outbox)");
    }
    let mut ticker = tokio::time::interval(interval);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticker.tick().await;
        // A full batch means a backlog (after an outage, say): keep going until it is worked off
        // instead of sending one batch per tick.
        loop {
            match run_once(&pool, &clock, mailer.as_ref()).await {
                Ok(round) if round.claimed as i64 >= BATCH => continue,
                Ok(_) => break,
                Err(err) => {
                    tracing::warn!(error = %err, "mail worker round failed; trying again next round");
                    break;
                }
            }
        }
    }
}
