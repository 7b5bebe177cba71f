//! Directory search: the words typed (split by `query_text`), the filters and the order go to
//! one query, `search.sql`, which the database answers from its full-text and listing indexes.

use chrono::{DateTime, Duration, Utc};
use sqlx::PgPool;

use super::query_text::{self, SearchTerms};
use super::{DirectoryQuery, DirectoryResults, MentorCard, SearchMatch, SkillFacet, Suggestion, reason_for};
use crate::auth::{Role, User};
use crate::error::AppError;
use crate::pagination::PageRequest;

/// How many mentors "Suggested for you" shows, on the home page and through the API alike.
const SUGGESTION_COUNT: i64 = 6;

/// The longest search the directory takes, in characters.
pub const MAX_QUERY_CHARS: usize = 100;

/// "Open hours this week": bookable time between the minimum notice and a week from now.
const OPEN_HOURS_DAYS: i64 = 7;

/// A `MentorCard` from any query record that selects the card's columns under their names, so
/// the directory and the suggestions build cards one way.
macro_rules! mentor_card {
    ($row:expr, $matched:expr) => {
        MentorCard {
            id: $row.id,
            name: $row.name,
            headline: $row.headline,
            skills: $row.skills,
            timezone: $row.timezone,
            accepting_mentees: $row.accepting_mentees,
            max_mentees: $row.max_mentees,
            active_mentees: $row.active_mentees,
            has_free_place: $row.has_free_place,
            rating_average: $row.rating_average,
            rating_count: $row.rating_count,
            matched: $matched,
        }
    };
}

/// A directory search after its refusals: what `search.sql` takes.
#[derive(Debug)]
struct CheckedQuery {
    terms: SearchTerms,
    skills: Vec<String>,
    zones: Option<Vec<String>>,
    min_rating: Option<f64>,
    open_between: Option<(DateTime<Utc>, DateTime<Utc>)>,
}

fn check(query: &DirectoryQuery, viewer_zone: Option<&str>, now: DateTime<Utc>) -> Result<CheckedQuery, AppError> {
    let text = query.q.as_deref().unwrap_or_default();
    if text.chars().count() > MAX_QUERY_CHARS {
        return Err(AppError::invalid_field("q", format!("Keep the search to {MAX_QUERY_CHARS} characters.")));
    }
    let zones = match query.tz_within {
        None => None,
        Some(hours) if hours > 12 => {
            return Err(AppError::invalid_field("tz_within", "Choose between 0 and 12 hours."));
        }
        Some(hours) => {
            let from = query.tz.as_deref().filter(|zone| !zone.trim().is_empty()).or(viewer_zone).unwrap_or("UTC");
            let from: chrono_tz::Tz = from
                .trim()
                .parse()
                .map_err(|_| AppError::invalid_field("tz", "Use an IANA time zone such as Europe/Berlin."))?;
            Some(zones_within(from, hours, now))
        }
    };
    if query.min_rating.is_some_and(|rating| !(1.0..=5.0).contains(&rating)) {
        return Err(AppError::invalid_field("min_rating", "Choose a rating from 1 to 5."));
    }
    let notice = Duration::hours(crate::availability::MIN_NOTICE_HOURS);
    Ok(CheckedQuery {
        terms: query_text::parse(text),
        skills: super::skill_list(query.skill.as_deref()),
        zones,
        min_rating: query.min_rating,
        open_between: query.has_hours.then(|| (now + notice, now + Duration::days(OPEN_HOURS_DAYS))),
    })
}

/// Every time zone whose offset from UTC at `now` is at most `hours` from `from`'s: the zones
/// a mentor may keep to be "within `hours` of me" (what the query compares, by name).
fn zones_within(from: chrono_tz::Tz, hours: u32, now: DateTime<Utc>) -> Vec<String> {
    use chrono::Offset;
    let offset = |zone: chrono_tz::Tz| now.with_timezone(&zone).offset().fix().local_minus_utc();
    let mine = offset(from);
    let limit = i32::try_from(hours).unwrap_or(12) * 3600;
    chrono_tz::TZ_VARIANTS
        .iter()
        .filter(|zone| (offset(**zone) - mine).abs() <= limit)
        .map(|zone| zone.name().to_owned())
        .collect()
}

/// A member's time zone (their profile's), which "within N hours of me" measures from.
pub async fn member_zone(pool: &PgPool, member: uuid::Uuid) -> Result<Option<String>, AppError> {
    Ok(sqlx::query_scalar!("SELECT timezone FROM profiles WHERE user_id = $1", member).fetch_optional(pool).await?)
}

/// A row of `search.sql`: a mentor of the page, beside the totals of the whole search.
struct SearchRow {
    id: uuid::Uuid,
    name: String,
    headline: String,
    skills: Vec<String>,
    timezone: String,
    accepting_mentees: bool,
    max_mentees: i32,
    active_mentees: i64,
    has_free_place: bool,
    rating_average: Option<f64>,
    rating_count: i32,
    total: i64,
    facets: sqlx::types::Json<Vec<SkillFacet>>,
    matched_terms: Vec<String>,
    marked_headline: Option<String>,
    matched_skills: Vec<String>,
    marked_bio: Option<String>,
}

/// One page of the directory for `query`; `viewer_zone` is the signed-in caller's time zone,
/// which `tz_within` measures from unless the query names a zone.
pub async fn search(
    pool: &PgPool,
    query: &DirectoryQuery,
    viewer_zone: Option<&str>,
    now: DateTime<Utc>,
) -> Result<DirectoryResults, AppError> {
    let checked = check(query, viewer_zone, now)?;
    let page = PageRequest::checked(query.page, query.per_page)?;
    let (open_from, open_until) = checked.open_between.unzip();
    let fetch = |limit: i64, offset: i64| {
        sqlx::query_file_as!(
            SearchRow,
            "src/directory/search.sql",
            &checked.terms.wanted,
            &checked.terms.unwanted,
            &checked.skills,
            query.accepting,
            open_from,
            open_until,
            checked.zones.as_deref(),
            checked.min_rating,
            query.sort.as_str(),
            limit,
            offset,
            true,
        )
        .fetch_all(pool)
    };
    let rows = fetch(page.limit(), page.offset()).await?;
    // Past the last page there are no rows to carry the totals: ask once more for the first.
    let totals = match rows.first() {
        Some(row) => Some((row.total, row.facets.0.clone())),
        None if page.page > 1 => fetch(1, 0).await?.into_iter().next().map(|row| (row.total, row.facets.0)),
        None => None,
    };
    let (total, facets) = totals.unwrap_or_default();
    let searched = !checked.terms.wanted.is_empty();
    let items = rows
        .into_iter()
        .map(|row| {
            let matched = searched.then(|| SearchMatch {
                terms: row.matched_terms,
                headline: query_text::parts(row.marked_headline.as_deref().unwrap_or(&row.headline)),
                skills: row.matched_skills,
                bio: row.marked_bio.as_deref().map(query_text::parts).unwrap_or_default(),
            });
            mentor_card!(row, matched)
        })
        .collect();
    Ok(DirectoryResults { items, total, page: page.page, per_page: page.per_page, facets })
}

#[cfg(test)]
#[path = "service_tests.rs"]
mod tests;

/// The programme in numbers at `now`, for visitors deciding whether to join.
pub async fn programme_numbers(
    pool: &PgPool,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<super::ProgrammeNumbers, AppError> {
    let row = sqlx::query!(
        r#"SELECT
             listed.total AS "listed!", listed.with_room AS "with_room!",
             (SELECT count(*) FROM sessions WHERE status = 'scheduled' AND ends_at <= $1) AS "held!",
             (SELECT round(avg(rating), 1)::float8 FROM feedback) AS "average?",
             (SELECT count(*) FROM feedback) AS "ratings!"
           FROM (SELECT count(*) AS total,
                        count(*) FILTER (WHERE has_free_place(p.accepting_mentees, p.max_mentees,
                                                              active_mentee_count(u.id))) AS with_room
                 FROM users u JOIN profiles p ON p.user_id = u.id
                 WHERE u.role = 'mentor' AND u.active
                   AND mentor_is_listed(u.id, p.headline, p.skills, p.awaiting_approval)) listed"#,
        now,
    )
    .fetch_one(pool)
    .await?;
    Ok(super::ProgrammeNumbers {
        listed_mentors: row.listed,
        mentors_with_room: row.with_room,
        sessions_held: row.held,
        rating_average: row.average,
        rating_count: row.ratings,
    })
}

/// Mentors for a mentee, among the listed ones (`mentor_is_listed`: a complete profile with
/// weekly hours, approved): those whose skills cover the most of the mentee's goals, then the
/// best rated (as the directory's rating order), then those with the most free places. Mentors
/// the mentee already has an open request or an active mentorship with are left out, as are
/// mentors without a free place. The home page and the
/// API both get the best `SUGGESTION_COUNT`.
pub async fn suggested(pool: &PgPool, mentee: &User) -> Result<Vec<Suggestion>, AppError> {
    if mentee.role != Role::Mentee {
        return Err(AppError::forbidden("Suggestions are for mentees."));
    }
    let rows = sqlx::query!(
        r#"SELECT u.id, u.name, p.headline, p.skills, p.timezone, p.accepting_mentees, p.max_mentees,
                  active.n AS "active_mentees!",
                  has_free_place(p.accepting_mentees, p.max_mentees, active.n) AS "has_free_place!",
                  rating_average(p.rating_sum, p.rating_count) AS rating_average, p.rating_count,
                  matched.goals AS "matched!"
           FROM users u
           JOIN profiles p ON p.user_id = u.id
           CROSS JOIN (SELECT goals FROM profiles WHERE user_id = $1) me
           CROSS JOIN LATERAL (SELECT active_mentee_count(u.id) AS n) active
           CROSS JOIN LATERAL (SELECT ARRAY(SELECT g FROM unnest(me.goals) AS g WHERE g = ANY (p.skills)) AS goals) matched
           WHERE u.role = 'mentor' AND u.active AND u.id <> $1
             AND mentor_is_listed(u.id, p.headline, p.skills, p.awaiting_approval)
             AND p.skills && me.goals
             AND has_free_place(p.accepting_mentees, p.max_mentees, active.n)
             AND NOT EXISTS (
                 SELECT 1 FROM mentorship_requests r
                 WHERE r.mentor_id = u.id AND r.mentee_id = $1 AND r.open)
           ORDER BY cardinality(matched.goals) DESC,
                    p.rating_count > 0 DESC, damped_rating(p.rating_sum, p.rating_count) DESC,
                    p.max_mentees - active.n DESC, u.name, u.id
           LIMIT $2"#,
        mentee.id,
        SUGGESTION_COUNT,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let mentor = mentor_card!(row, None);
            Suggestion { reason: reason_for(&row.matched), matched: row.matched, mentor }
        })
        .collect())
}

#[cfg(test)]
mod suggestion_tests {
    use super::*;
    use crate::auth::User;
    use crate::auth::service::{NewAccount, register};
    use crate::profiles::{ProfileInput, service as profiles};

    async fn person(pool: &PgPool, name: &str, role: &str, tags: &[&str]) -> User {
        let user = register(
            pool,
            NewAccount {
                email: format!("{}@example.org", name.to_lowercase()),
                password: "a long enough passphrase".into(),
                name: name.into(),
                role: role.into(),
                timezone: None,
            },
            chrono::Utc::now(),
        )
        .await
        .unwrap();
        let tags: Vec<String> = tags.iter().map(|t| t.to_string()).collect();
        let (skills, goals) = if role == "mentor" { (tags, vec![]) } else { (vec![], tags) };
        profiles::update_own_profile(
            pool,
            &user,
            ProfileInput {
                headline: if role == "mentor" { "Mentor".into() } else { String::new() },
                bio: String::new(),
                skills,
                goals,
                timezone: "UTC".into(),
                accepting_mentees: Some(true),
                max_mentees: Some(2),
                meeting_place: None,
            },
            chrono::Utc::now(),
        )
        .await
        .unwrap();
        if role == "mentor" {
            super::tests::weekly_hours(pool, name).await;
        }
        user
    }

    #[sqlx::test(migrations = "../migrations")]
    async fn best_overlap_first_and_requested_mentors_left_out(pool: PgPool) {
        let mentee = person(&pool, "Ada", "mentee", &["rust", "system design", "career growth"]).await;
        let both = person(&pool, "Both", "mentor", &["rust", "system design"]).await;
        person(&pool, "One", "mentor", &["career growth", "go"]).await;
        person(&pool, "None", "mentor", &["ux design"]).await;

        let found = suggested(&pool, &mentee).await.unwrap();
        let names: Vec<&str> = found.iter().map(|s| s.mentor.name.as_str()).collect();
        assert_eq!(names, ["Both", "One"]);
        assert_eq!(found[0].reason, "matches rust and system design");
        assert_eq!(found[1].reason, "matches career growth");

        crate::requests::service::send(&pool, &mentee, both.id, "hello", chrono::Utc::now()).await.unwrap();
        let after: Vec<String> = suggested(&pool, &mentee).await.unwrap().into_iter().map(|s| s.mentor.name).collect();
        assert_eq!(after, ["One"]);

        assert_eq!(suggested(&pool, &both).await.unwrap_err().status_code(), 403);
    }

    #[sqlx::test(migrations = "../migrations")]
    async fn equal_matches_are_ranked_by_rating(pool: PgPool) {
        let mentee = person(&pool, "Ada", "mentee", &["rust"]).await;
        person(&pool, "Unrated", "mentor", &["rust"]).await;
        let good = person(&pool, "Good", "mentor", &["rust"]).await;
        let fair = person(&pool, "Fair", "mentor", &["rust"]).await;
        for (mentor, count, sum) in [(&good, 10, 48), (&fair, 10, 35)] {
            super::tests::set_rating(&pool, mentor.id, count, sum).await;
        }
        let names = || async {
            suggested(&pool, &mentee).await.unwrap().into_iter().map(|s| s.mentor.name).collect::<Vec<_>>()
        };
        assert_eq!(names().await, ["Good", "Fair", "Unrated"]);
    }
}
