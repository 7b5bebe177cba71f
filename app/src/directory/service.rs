//! Directory search: the words typed (split by `query_text`), the filters and the order go to
//! one query, `search.sql`, which the database answers from its full-text and listing indexes.

use chrono::{DateTime, Duration, Utc};
use sqlx::PgPool;

use super::query_text::{self, SearchTerms};
use super::score::ScoreParts;
use super::{DirectoryQuery, DirectoryResults, MentorCard, SearchMatch, SkillFacet, Suggestion};
use crate::auth::{Role, User};
use crate::error::AppError;
use crate::pagination::PageRequest;

/// How many mentors "Suggested for you" shows, on the home page and through the API alike.
const SUGGESTION_COUNT: i64 = 6;

/// The longest search the directory takes, in characters.
pub const MAX_QUERY_CHARS: usize = 100;

/// "Open hours this week": bookable time between the minimum notice and a week from now.
const OPEN_HOURS_DAYS: i64 = 7;

/// The span "open hours this week" looks at from `now`, for the directory's filter and for the
/// match score (suggestions and matching rounds).
pub fn open_hours_window(now: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
    (now + Duration::hours(crate::availability::MIN_NOTICE_HOURS), now + Duration::days(OPEN_HOURS_DAYS))
}

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
    // A zone in the query is checked whether or not `tz_within` uses it.
    let named_zone = match query.tz.as_deref().map(str::trim).filter(|zone| !zone.is_empty()) {
        None => None,
        Some(zone) => Some(
            zone.parse::<chrono_tz::Tz>()
                .map_err(|_| AppError::invalid_field("tz", "Use an IANA time zone such as Europe/Berlin."))?,
        ),
    };
    let zones = match query.tz_within {
        None => None,
        Some(hours) if hours > 12 => {
            return Err(AppError::invalid_field("tz_within", "Choose between 0 and 12 hours."));
        }
        Some(hours) => {
            let viewer = viewer_zone.and_then(|zone| zone.parse::<chrono_tz::Tz>().ok());
            Some(zones_within(named_zone.or(viewer).unwrap_or(chrono_tz::UTC), hours, now))
        }
    };
    if query.min_rating.is_some_and(|rating| !(1.0..=5.0).contains(&rating)) {
        return Err(AppError::invalid_field("min_rating", "Choose a rating from 1 to 5."));
    }
    Ok(CheckedQuery {
        terms: query_text::parse(text),
        skills: super::skill_list(query.skill.as_deref()),
        zones,
        min_rating: query.min_rating,
        open_between: query.has_hours.then(|| open_hours_window(now)),
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
            query.facets,
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

/// The best-scoring mentors for a mentee (`suggestions.sql`), with the reasons of each score.
/// The home page and the API both get the best `SUGGESTION_COUNT`.
pub async fn suggested(pool: &PgPool, mentee: &User, now: DateTime<Utc>) -> Result<Vec<Suggestion>, AppError> {
    if mentee.role != Role::Mentee {
        return Err(AppError::forbidden("Suggestions are for mentees."));
    }
    let (open_from, open_until) = open_hours_window(now);
    let rows =
        sqlx::query_file!("src/directory/suggestions.sql", mentee.id, SUGGESTION_COUNT, now, open_from, open_until,)
            .fetch_all(pool)
            .await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let parts = ScoreParts {
                goals_matched: row.goals_matched.clone(),
                skills_shared: row.skills_shared,
                zone_hours: row.zone_hours,
                open_soon: row.open_soon,
                free_places: row.free_places,
                rating_average: row.rating_average,
                rating_count: row.rating_count,
            };
            let reasons = parts.reasons();
            Suggestion {
                matched: row.goals_matched.clone(),
                score: row.score,
                reason: reasons.join("; "),
                reasons,
                mentor: mentor_card!(row, None),
            }
        })
        .collect())
}

/// A mentee's "not for me" on a suggestion: that mentor is not suggested to them again.
pub async fn dismiss_suggestion(
    pool: &PgPool,
    mentee: &User,
    mentor: uuid::Uuid,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    if mentee.role != Role::Mentee {
        return Err(AppError::forbidden("Suggestions are for mentees."));
    }
    let inserted = sqlx::query!(
        "INSERT INTO dismissed_suggestions (mentee_id, mentor_id, dismissed_at)
         SELECT $1, id, $3 FROM users WHERE id = $2 AND role = 'mentor'
         ON CONFLICT DO NOTHING",
        mentee.id,
        mentor,
        now,
    )
    .execute(pool)
    .await?;
    if inserted.rows_affected() == 0 {
        let known = sqlx::query_scalar!(
            r#"SELECT EXISTS (SELECT 1 FROM users WHERE id = $1 AND role = 'mentor') AS "known!""#,
            mentor
        )
        .fetch_one(pool)
        .await?;
        if !known {
            return Err(AppError::not_found("There is no mentor with this id."));
        }
    }
    Ok(())
}

#[cfg(test)]
#[path = "suggestion_tests.rs"]
mod suggestion_tests;
