//! The demo data set behind `server seed-demo`: realistic mentors and mentees with varied skills,
//! goals and time zones, generated deterministically so every run produces the same people.

use app::AppError;
use app::auth::Role;
use app::requests::RequestStatus;
use std::collections::BTreeSet;

use app::availability::slots::{Block, BookingWindow, Schedule, open_slots};
use app::time_display::zone;
use chrono::{DateTime, Duration, Utc};
use sqlx::PgPool;

/// The zones demo members live in: a spread over the world's offsets.
const DEMO_TIMEZONES: &[&str] = &[
    "UTC",
    "Europe/London",
    "Europe/Dublin",
    "Europe/Lisbon",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Madrid",
    "Europe/Rome",
    "Europe/Amsterdam",
    "Europe/Stockholm",
    "Europe/Warsaw",
    "Europe/Athens",
    "Europe/Kyiv",
    "Europe/Istanbul",
    "Africa/Lagos",
    "Africa/Cairo",
    "Africa/Nairobi",
    "Africa/Johannesburg",
    "Asia/Dubai",
    "Asia/Karachi",
    "Asia/Kolkata",
    "Asia/Dhaka",
    "Asia/Bangkok",
    "Asia/Singapore",
    "Asia/Shanghai",
    "Asia/Tokyo",
    "Asia/Seoul",
    "Australia/Perth",
    "Australia/Sydney",
    "Pacific/Auckland",
    "America/Sao_Paulo",
    "America/Argentina/Buenos_Aires",
    "America/Bogota",
    "America/Mexico_City",
    "America/New_York",
    "America/Toronto",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
];

pub const MENTORS: usize = 45;
pub const MENTEES: usize = 65;
/// Every demo account shares this password; it is printed in the README.
pub const DEMO_PASSWORD: &str = "mentorship-demo";
/// Two accounts with memorable emails, for trying the app by hand.
pub const DEMO_MENTOR_EMAIL: &str = "mentor@demo.example.org";
pub const DEMO_MENTEE_EMAIL: &str = "mentee@demo.example.org";
/// The demo's admin. Demo data is an operator's choice (`seed-demo`), like `create-admin`;
/// nobody can register as an admin.
pub const DEMO_ADMIN_EMAIL: &str = "admin@demo.example.org";

const FIRST_NAMES: &[&str] = &[
    "Amara",
    "Bao",
    "Carmen",
    "Dmitri",
    "Elif",
    "Farah",
    "Gustavo",
    "Hana",
    "Ivan",
    "Jun",
    "Kofi",
    "Leila",
    "Mateo",
    "Nadia",
    "Oluwaseun",
    "Priya",
    "Quentin",
    "Rosa",
    "Sanjay",
    "Tamar",
    "Uma",
    "Viktor",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zara",
    "Aiko",
    "Bruno",
    "Chloe",
    "Diego",
];
const LAST_NAMES: &[&str] = &[
    "Okafor",
    "Nguyen",
    "García",
    "Petrov",
    "Yılmaz",
    "Haddad",
    "Silva",
    "Kobayashi",
    "Novak",
    "Chen",
    "Mensah",
    "Rahimi",
    "Rossi",
    "Kowalski",
    "Adeyemi",
    "Sharma",
    "Dubois",
    "Moreno",
    "Iyer",
    "Levi",
    "Patel",
    "Andersson",
    "Li",
    "Hernández",
    "Demir",
    "Khan",
    "Tanaka",
    "Costa",
    "Müller",
    "Fernández",
];
const SKILLS: &[&str] = &[
    "rust",
    "go",
    "python",
    "typescript",
    "react",
    "system design",
    "distributed systems",
    "databases",
    "postgresql",
    "machine learning",
    "data science",
    "devops",
    "kubernetes",
    "security",
    "mobile",
    "ios",
    "android",
    "product management",
    "ux design",
    "career growth",
    "leadership",
    "public speaking",
    "interviewing",
    "open source",
    "testing",
    "cloud architecture",
    "aws",
    "embedded",
    "game development",
    "technical writing",
];
const TITLES: &[&str] = &[
    "Staff engineer",
    "Engineering manager",
    "Principal engineer",
    "Senior developer",
    "Tech lead",
    "Data scientist",
    "Product manager",
    "Security engineer",
    "SRE lead",
    "Design lead",
    "CTO",
    "Developer advocate",
];
const DOMAINS: &[&str] = &[
    "fintech",
    "healthcare",
    "e-commerce",
    "gaming",
    "climate tech",
    "logistics",
    "media",
    "education",
    "open-source infrastructure",
    "telecoms",
    "robotics",
    "public sector",
];

fn pick<'a>(list: &[&'a str], index: usize) -> &'a str {
    list[index % list.len()]
}

/// Distinct tags from `SKILLS`, chosen by a stride so neighbours get different mixes. Strides are
/// coprime with the list's length (30), so the walk reaches every tag before repeating one.
fn tags(seed: usize, count: usize) -> Vec<String> {
    const STRIDES: &[usize] = &[7, 11, 13, 17, 19, 23];
    let stride = STRIDES[seed % STRIDES.len()];
    (0..SKILLS.len())
        .map(|step| pick(SKILLS, seed * 7 + step * stride))
        .take(count.min(SKILLS.len()))
        .map(str::to_owned)
        .collect()
}

struct DemoPerson {
    email: String,
    name: String,
    role: Role,
    headline: String,
    bio: String,
    skills: Vec<String>,
    goals: Vec<String>,
    timezone: &'static str,
    accepting: bool,
    max_mentees: i32,
}

/// Person number `k` (0-based). Names are unique: for k below 900 no two share both names.
fn person(k: usize) -> DemoPerson {
    let first = pick(FIRST_NAMES, k);
    let last = pick(LAST_NAMES, k / FIRST_NAMES.len() + k * 7);
    let timezone = DEMO_TIMEZONES[(k * 11) % DEMO_TIMEZONES.len()];
    let is_mentor = k < MENTORS;
    let email = match k {
        0 => DEMO_MENTOR_EMAIL.to_owned(),
        k if k == MENTORS => DEMO_MENTEE_EMAIL.to_owned(),
        _ => format!("{}.{}@demo.example.org", ascii(first), ascii(last)),
    };
    if is_mentor {
        let skills = tags(k, 3 + k % 4);
        let title = pick(TITLES, k * 5);
        let domain = pick(DOMAINS, k * 3);
        let years = 5 + (k * 3) % 16;
        DemoPerson {
            email,
            name: format!("{first} {last}"),
            role: Role::Mentor,
            headline: format!("{title} · {years} years in {domain}"),
            bio: format!(
                "I have spent {years} years building products in {domain}, most recently as a {}. \
                 I enjoy helping people with {} and {}, and I am happy to talk about {} too. \
                 Sessions with me are practical: bring a problem you are stuck on.",
                title.to_lowercase(),
                skills[0],
                skills[1],
                skills[2]
            ),
            skills,
            goals: Vec::new(),
            timezone,
            accepting: k % 7 != 6,
            max_mentees: 2 + (k % 5) as i32,
        }
    } else {
        let goals = tags(k + 13, 2 + k % 3);
        DemoPerson {
            email,
            name: format!("{first} {last}"),
            role: Role::Mentee,
            headline: format!("Growing in {}", goals[0]),
            bio: format!("I want to get better at {} and {}.", goals[0], goals[1]),
            skills: tags(k + 29, 1 + k % 2),
            goals,
            timezone,
            accepting: false,
            max_mentees: 1,
        }
    }
}

/// Letters an email address can carry (`García` → `garcia`).
fn ascii(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            'á' | 'à' | 'ä' => 'a',
            'é' | 'è' => 'e',
            'í' | 'ı' => 'i',
            'ó' | 'ö' => 'o',
            'ú' | 'ü' => 'u',
            'ñ' => 'n',
            other => other,
        })
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_lowercase()
}

/// How long ago person `k` joined: people with mentorships well before those began (they have
/// weeks of sessions behind them), the mentees who never asked anyone within the last 11 weeks,
/// so the admin's sign-up chart has something to show.
fn joined_days_ago(k: usize) -> i32 {
    if k >= MENTORS + REQUESTING_MENTEES { (k * 7 % 77) as i32 } else { (100 + k * 13 % 300) as i32 }
}

/// Loads the demo data unless it is already there. Returns a one-line summary.
/// With `with_admin`, also the demo admin (for a private trial only). Every time in the data
/// (sign-ups, requests, sessions, ratings, days off) is reckoned from the one instant `now`.
pub async fn seed(pool: &PgPool, with_admin: bool, now: DateTime<Utc>) -> Result<String, AppError> {
    let present = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM users WHERE lower(email) = $1) AS "present!""#,
        DEMO_MENTOR_EMAIL,
    )
    .fetch_one(pool)
    .await?;
    if present {
        return Ok("demo data already present; nothing to do".into());
    }
    // One hash for every demo account: hashing 110 passwords would only slow the first start.
    let hash = app::auth::password::hash(DEMO_PASSWORD.to_owned()).await?;
    let mut tx = pool.begin().await?;
    for k in 0..MENTORS + MENTEES {
        let p = person(k);
        let user_id = sqlx::query_scalar!(
            "INSERT INTO users (email, password_hash, name, role, created_at)
             VALUES ($1, $2, $3, $4, $6::timestamptz - make_interval(days => $5::int))
             ON CONFLICT ((lower(email))) DO NOTHING
             RETURNING id",
            p.email,
            hash,
            p.name,
            p.role as Role,
            joined_days_ago(k),
            now,
        )
        .fetch_optional(&mut *tx)
        .await?;
        let Some(user_id) = user_id else { continue };
        sqlx::query!(
            "INSERT INTO profiles (user_id, headline, bio, skills, goals, timezone,
                                   accepting_mentees, max_mentees)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            user_id,
            p.headline,
            p.bio,
            &p.skills,
            &p.goals,
            p.timezone,
            p.accepting,
            p.max_mentees,
        )
        .execute(&mut *tx)
        .await?;
    }
    let (requests, mentorships) = seed_requests(&mut tx, now).await?;
    seed_availability(&mut tx, now).await?;
    let (sessions, ratings) = seed_sessions(&mut tx, now).await?;
    seed_notifications(&mut tx).await?;
    if with_admin {
        sqlx::query!(
            "INSERT INTO users (email, password_hash, name, role, created_at)
             VALUES ($1, $2, 'Demo Admin', 'admin', $3::timestamptz - interval '400 days')
             ON CONFLICT ((lower(email))) DO NOTHING",
            DEMO_ADMIN_EMAIL,
            hash,
            now,
        )
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(format!(
        "demo data loaded: {MENTORS} mentors with weekly availability, {MENTEES} mentees, {requests} requests, \
         {mentorships} active mentorships, {sessions} sessions, {ratings} ratings \
         (log in as {DEMO_MENTOR_EMAIL}{}, password `{DEMO_PASSWORD}`)",
        if with_admin {
            format!(", {DEMO_MENTEE_EMAIL} or {DEMO_ADMIN_EMAIL}")
        } else {
            format!(" or {DEMO_MENTEE_EMAIL}")
        }
    ))
}

/// How many demo mentees send a request, and the status each request ends up in.
const REQUESTING_MENTEES: usize = 40;
const STATUS_CYCLE: [RequestStatus; 5] = [
    RequestStatus::Accepted,
    RequestStatus::Pending,
    RequestStatus::Declined,
    RequestStatus::Cancelled,
    RequestStatus::Accepted,
];

/// Requests in every status, and active mentorships for the accepted ones (within each
/// mentor's capacity), spread over the past weeks.
async fn seed_requests(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    now: DateTime<Utc>,
) -> Result<(usize, usize), AppError> {
    let mut active_per_mentor = [0i32; MENTORS];
    let mut mentorships = 0;
    for i in 0..REQUESTING_MENTEES {
        let mentee = person(MENTORS + i);
        let mentor_index = (i * 7 + 3) % MENTORS;
        let mentor = person(mentor_index);
        let mut status = STATUS_CYCLE[i % STATUS_CYCLE.len()];
        let has_room = mentor.accepting && active_per_mentor[mentor_index] < mentor.max_mentees;
        if status == RequestStatus::Accepted && !has_room {
            status = RequestStatus::Declined;
        }
        // Accepted requests are older, so their mentorships have weeks of sessions behind them.
        let days_ago = (i * 3 % 40 + 1 + if status == RequestStatus::Accepted { 60 } else { 0 }) as i32;
        let message = format!(
            "Hi {}, I am working towards {} and would value your perspective. Could we meet every two weeks?",
            mentor.name.split(' ').next().unwrap_or_default(),
            mentee.goals.join(" and ")
        );
        let request_id = sqlx::query_scalar!(
            "INSERT INTO mentorship_requests
                 (mentee_id, mentor_id, message, status, decision_reason, created_at, decided_at, decided_by, open)
             SELECT mentee.id, mentor.id, $3, $4::request_status,
                    CASE WHEN $4 = 'declined' THEN 'My calendar is full this quarter, sorry!' END,
                    $6::timestamptz - make_interval(days => $5::int),
                    CASE WHEN $4 <> 'pending' THEN $6::timestamptz - make_interval(days => $5::int - 1) END,
                    CASE WHEN $4 = 'cancelled' THEN mentee.id WHEN $4 <> 'pending' THEN mentor.id END,
                    $4 IN ('pending', 'accepted')
             FROM users mentee, users mentor
             WHERE lower(mentee.email) = lower($1) AND lower(mentor.email) = lower($2)
             RETURNING id",
            mentee.email,
            mentor.email,
            message,
            status as RequestStatus,
            days_ago,
            now,
        )
        .fetch_one(&mut **tx)
        .await?;
        if status == RequestStatus::Accepted {
            sqlx::query!(
                "INSERT INTO mentorships (request_id, mentor_id, mentee_id, started_at)
                 SELECT id, mentor_id, mentee_id, decided_at FROM mentorship_requests WHERE id = $1",
                request_id,
            )
            .execute(&mut **tx)
            .await?;
            active_per_mentor[mentor_index] += 1;
            mentorships += 1;
        }
    }
    Ok((REQUESTING_MENTEES, mentorships))
}

/// Mentor `k`'s weekly blocks, in their own time zone: four shapes of working week.
fn weekly_blocks(k: usize) -> Vec<Block> {
    let block = |weekday, start_hour: u32, end_hour: u32| Block { weekday, start: start_hour * 60, end: end_hour * 60 };
    match k % 4 {
        0 => (1..=5).map(|day| block(day, 9, 12)).collect(),
        1 => (1..=4).map(|day| block(day, 13, 17)).collect(),
        2 => (2..=6).map(|day| block(day, 18, 21)).collect(),
        _ => [1, 3, 5].into_iter().flat_map(|day| [block(day, 8, 10), block(day, 16, 18)]).collect(),
    }
}

/// Every mentor's weekly set, and a day off in the coming weeks for every third mentor.
async fn seed_availability(tx: &mut sqlx::Transaction<'_, sqlx::Postgres>, now: DateTime<Utc>) -> Result<(), AppError> {
    for k in 0..MENTORS {
        let mentor = person(k);
        for block in weekly_blocks(k) {
            // The times go as text: a block may end at 24:00, which a time type on this side
            // cannot hold.
            sqlx::query!(
                "INSERT INTO availability_blocks (mentor_id, weekday, starts_at, ends_at)
                 SELECT id, $2::smallint, $3::text::time, $4::text::time FROM users WHERE lower(email) = lower($1)",
                mentor.email,
                i16::from(block.weekday),
                app::availability::format_minutes(block.start),
                app::availability::format_minutes(block.end),
            )
            .execute(&mut **tx)
            .await?;
        }
        if k % 3 == 0 {
            sqlx::query!(
                "INSERT INTO availability_days_off (mentor_id, day)
                 SELECT id, ($4::timestamptz AT TIME ZONE $2::text)::date + $3::int
                 FROM users WHERE lower(email) = lower($1)",
                mentor.email,
                mentor.timezone,
                (3 + k % 14) as i32,
                now,
            )
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}

/// The notices the demo's past events would have left: unread for requests still waiting, read
/// for decisions and ratings.
async fn seed_notifications(tx: &mut sqlx::Transaction<'_, sqlx::Postgres>) -> Result<(), AppError> {
    sqlx::query!(
        "INSERT INTO notifications (user_id, kind, message, link, created_at, read_at)
         SELECT r.mentor_id, 'request_received'::notification_kind, mentee.name || ' asked you for mentorship.',
                '/requests?status=pending', r.created_at, NULL
         FROM mentorship_requests r JOIN users mentee ON mentee.id = r.mentee_id
         WHERE r.status = 'pending' AND mentee.email LIKE '%@demo.example.org'
         UNION ALL
         SELECT r.mentee_id, 'request_accepted'::notification_kind,
                mentor.name || ' accepted your mentorship request. You can now book sessions.',
                '/mentorships', r.decided_at, r.decided_at + interval '1 hour'
         FROM mentorship_requests r JOIN users mentor ON mentor.id = r.mentor_id
         WHERE r.status = 'accepted' AND mentor.email LIKE '%@demo.example.org'
         UNION ALL
         SELECT f.mentor_id, 'feedback_received'::notification_kind, mentee.name || ' rated your session ' || f.rating || '/5.',
                '/mentors/' || f.mentor_id, f.created_at, f.created_at + interval '1 day'
         FROM feedback f JOIN users mentee ON mentee.id = f.mentee_id
         WHERE mentee.email LIKE '%@demo.example.org'",
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

const RATINGS: [i16; 10] = [5, 4, 5, 3, 4, 5, 2, 5, 4, 4];
const COMMENTS: [&str; 6] = [
    "Clear, practical advice. I left with three concrete next steps.",
    "Really helpful session on preparing for my interviews.",
    "",
    "Good conversation, though we ran out of time for my second question.",
    "Patient and kind; the code review exercise was eye-opening.",
    "We went through my design doc line by line. Worth every minute.",
];

/// For every active mentorship: four past sessions over the last eight weeks (most rated, some
/// cancelled) and one upcoming. Times come from the mentor's own slots, so the data obeys the
/// booking rules. A mentor's r-th mentee (r < 6, the largest demo capacity) takes slots
/// 2r + 12j: every other 60-minute slot, never the same one twice, so none overlap.
async fn seed_sessions(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    now: DateTime<Utc>,
) -> Result<(usize, usize), AppError> {
    let pairs = sqlx::query!(
        r#"SELECT m.id, m.mentor_id, m.mentee_id, lower(mentor.email) AS "mentor_email!", m.started_at
           FROM mentorships m JOIN users mentor ON mentor.id = m.mentor_id
           WHERE m.ended_at IS NULL ORDER BY m.started_at, m.id"#,
    )
    .fetch_all(&mut **tx)
    .await?;
    let mut next_slot_per_mentor = vec![0usize; MENTORS];
    let (mut sessions, mut ratings) = (0, 0);
    for (n, pair) in pairs.into_iter().enumerate() {
        let (mentorship_id, mentor_id, mentee_id, started_at) =
            (pair.id, pair.mentor_id, pair.mentee_id, pair.started_at);
        let Some(k) = (0..MENTORS).find(|k| person(*k).email == pair.mentor_email) else { continue };
        let blocks = weekly_blocks(k);
        let days_off: BTreeSet<chrono::NaiveDate> =
            sqlx::query_scalar!("SELECT day FROM availability_days_off WHERE mentor_id = $1", mentor_id)
                .fetch_all(&mut **tx)
                .await?
                .into_iter()
                .collect();
        let schedule = Schedule { timezone: zone(person(k).timezone), blocks: &blocks, days_off: &days_off, busy: &[] };
        let window = BookingWindow { min_notice: Duration::zero(), horizon: Duration::days(60) };
        let past: Vec<DateTime<Utc>> = open_slots(
            &schedule,
            window,
            now - Duration::days(57),
            now - Duration::days(56),
            now - Duration::days(1),
            60,
        )
        .into_iter()
        .filter(|start| *start >= started_at)
        .collect();
        let upcoming = open_slots(&schedule, window, now, now + Duration::days(2), now + Duration::days(16), 60);
        let slot_index = next_slot_per_mentor[k] * 2;
        next_slot_per_mentor[k] += 1;
        let picks = [
            past.get(slot_index),
            past.get(slot_index + 12),
            past.get(slot_index + 24),
            past.get(slot_index + 36),
            upcoming.get(slot_index),
        ];
        for (j, starts_at) in picks.into_iter().enumerate() {
            let Some(&starts_at) = starts_at else { continue };
            let cancelled = j == 1 && n % 8 == 3;
            let agenda = pick(
                &[
                    "Career planning for the next year",
                    "Review of my side project",
                    "Mock interview",
                    "Questions about system design",
                ],
                n + j,
            );
            let session_id = sqlx::query_scalar!(
                "INSERT INTO sessions (mentorship_id, mentor_id, mentee_id, starts_at, ends_at, agenda, status,
                                       created_at, cancelled_at, cancelled_by, cancel_reason)
                 VALUES ($1, $2, $3::uuid, $4::timestamptz, $4::timestamptz + interval '60 minutes', $5,
                         CASE WHEN $6::bool THEN 'cancelled' ELSE 'scheduled' END::session_status,
                         $4::timestamptz - interval '5 days',
                         CASE WHEN $6::bool THEN $4::timestamptz - interval '1 day' END,
                         CASE WHEN $6::bool THEN $3::uuid END,
                         CASE WHEN $6::bool THEN 'Something came up at work, sorry!' END)
                 RETURNING id",
                mentorship_id,
                mentor_id,
                mentee_id,
                starts_at,
                agenda,
                cancelled,
            )
            .fetch_one(&mut **tx)
            .await?;
            sessions += 1;
            let ended = starts_at + Duration::minutes(60) <= now;
            if ended && !cancelled && (n + j) % 5 != 4 {
                sqlx::query!(
                    "INSERT INTO feedback (session_id, mentor_id, mentee_id, rating, comment, created_at)
                     VALUES ($1, $2, $3, $4, $5, $6)",
                    session_id,
                    mentor_id,
                    mentee_id,
                    RATINGS[(n * 3 + j) % RATINGS.len()],
                    COMMENTS[(n + j) % COMMENTS.len()],
                    starts_at + Duration::hours(3),
                )
                .execute(&mut **tx)
                .await?;
                ratings += 1;
            }
        }
    }
    Ok((sessions, ratings))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_people_are_distinct_and_valid() {
        let people: Vec<DemoPerson> = (0..MENTORS + MENTEES).map(person).collect();
        let mut emails: Vec<&str> = people.iter().map(|p| p.email.as_str()).collect();
        emails.sort();
        emails.dedup();
        assert_eq!(emails.len(), MENTORS + MENTEES);
        for p in &people {
            assert!(app::auth::validate::Email::parse(&p.email).is_ok(), "{}", p.email);
            let input = app::profiles::ProfileInput {
                headline: p.headline.clone(),
                bio: p.bio.clone(),
                skills: p.skills.clone(),
                goals: p.goals.clone(),
                timezone: p.timezone.into(),
                accepting_mentees: Some(p.accepting),
                max_mentees: Some(p.max_mentees),
                meeting_place: None,
            };
            assert!(app::profiles::validate::profile(input, p.role).is_ok(), "{}", p.email);
        }
        let timezones: std::collections::HashSet<_> = people.iter().map(|p| p.timezone).collect();
        assert!(timezones.len() >= 20);
    }

    #[sqlx::test(migrations = "../migrations")]
    async fn seeding_twice_changes_nothing(pool: PgPool) {
        let now = Utc::now();
        seed(&pool, true, now).await.unwrap();
        let count =
            || async { sqlx::query_scalar!(r#"SELECT count(*) AS "n!" FROM users"#).fetch_one(&pool).await.unwrap() };
        let first = count().await;
        assert_eq!(first, (MENTORS + MENTEES + 1) as i64, "mentors, mentees and the demo admin");
        assert!(seed(&pool, true, now).await.unwrap().contains("already present"));
        assert_eq!(count().await, first);

        let statuses: Vec<(String, i64)> = sqlx::query!(
            r#"SELECT status::text AS "status!", count(*) AS "n!"
               FROM mentorship_requests GROUP BY status ORDER BY status"#,
        )
        .fetch_all(&pool)
        .await
        .unwrap()
        .into_iter()
        .map(|row| (row.status, row.n))
        .collect();
        assert_eq!(statuses.len(), 4, "every status is represented: {statuses:?}");
        let active = sqlx::query_scalar!(r#"SELECT count(*) AS "n!" FROM mentorships WHERE ended_at IS NULL"#)
            .fetch_one(&pool)
            .await
            .unwrap();
        assert!(active >= 5);

        // Every mentor keeps weekly hours; there are past sessions with ratings and upcoming ones.
        let without_hours = sqlx::query_scalar!(
            r#"SELECT count(*) AS "n!" FROM users u WHERE u.role = 'mentor'
               AND NOT EXISTS (SELECT 1 FROM availability_blocks b WHERE b.mentor_id = u.id)"#,
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        assert_eq!(without_hours, 0);
        let counts = sqlx::query!(
            r#"SELECT count(*) FILTER (WHERE ends_at <= $1) AS "past!", count(*) FILTER (WHERE starts_at > $1) AS "upcoming!",
                      (SELECT count(*) FROM feedback) AS "rated!"
               FROM sessions"#,
            now,
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        let (past, upcoming, rated) = (counts.past, counts.upcoming, counts.rated);
        assert!(past >= 10 && upcoming >= 5 && rated >= 5, "{past} past, {upcoming} upcoming, {rated} rated");
        let demo_mentee_sessions = sqlx::query_scalar!(
            r#"SELECT count(*) AS "n!" FROM sessions s JOIN users u ON u.id = s.mentee_id WHERE u.email = $1"#,
            DEMO_MENTEE_EMAIL,
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        assert!(demo_mentee_sessions >= 2);
        // The demo keeps its own rules: no session before its mentorship began, none on a day off.
        let broken = sqlx::query_scalar!(
            r#"SELECT count(*) AS "n!" FROM sessions s
               JOIN mentorships m ON m.id = s.mentorship_id
               JOIN profiles p ON p.user_id = s.mentor_id
               WHERE s.starts_at < m.started_at
                  OR EXISTS (SELECT 1 FROM availability_days_off d
                             WHERE d.mentor_id = s.mentor_id AND d.day = (s.starts_at AT TIME ZONE p.timezone)::date)"#,
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        assert_eq!(broken, 0);
        let unread = sqlx::query_scalar!(r#"SELECT count(*) AS "n!" FROM notifications WHERE read_at IS NULL"#)
            .fetch_one(&pool)
            .await
            .unwrap();
        assert!(unread > 0, "requests still waiting show as unread notices");
    }
}
