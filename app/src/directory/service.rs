//! Directory search in one query: filters, ordering and the total count (a window function),
//! using the trigram index on `profiles.search_text`.

use sqlx::PgPool;

use super::{DirectoryQuery, MentorCard, Suggestion, reason_for};
use crate::auth::{Role, User};
use crate::error::AppError;
use crate::pagination::{Page, PageRequest, paged};

/// How many mentors "Suggested for you" shows, on the home page and through the API alike.
const SUGGESTION_COUNT: i64 = 6;

/// `%`, `_` and `\` typed by a user are literal characters, not LIKE wildcards.
fn like_pattern(text: &str) -> String {
    let escaped: String = text
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            other => vec![other],
        })
        .collect();
    format!("%{escaped}%")
}

/// A `MentorCard` from any query record that selects the card's columns under their names, so
/// the directory and the suggestions build cards one way.
macro_rules! mentor_card {
    ($row:expr) => {
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
        }
    };
}

/// Filters, ordering and the total in one query. The sort orders share it: each `CASE` key is
/// NULL (and so ignored) unless its order was chosen. Best rated first means: rated before
/// unrated, then the damped rating (see `damped_rating` in the migrations), then the number of
/// ratings.
pub async fn search(pool: &PgPool, query: &DirectoryQuery) -> Result<Page<MentorCard>, AppError> {
    let text = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty()).map(str::to_lowercase);
    if text.as_ref().is_some_and(|q| q.chars().count() > 100) {
        return Err(AppError::invalid_field("q", "Keep the search to 100 characters."));
    }
    let skill = query.skill.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_lowercase);
    let pattern = text.as_deref().map(like_pattern);
    let (text, skill, pattern) = (text.as_deref(), skill.as_deref(), pattern.as_deref());
    let sort = query.sort.as_str();
    paged(PageRequest::checked(query.page, query.per_page)?, |limit, offset| async move {
        let rows = sqlx::query!(
            r#"SELECT u.id, u.name, p.headline, p.skills, p.timezone, p.accepting_mentees, p.max_mentees,
                      active.n AS "active_mentees!",
                      has_free_place(p.accepting_mentees, p.max_mentees, active.n) AS "has_free_place!",
                      rating_average(p.rating_sum, p.rating_count) AS rating_average,
                      p.rating_count, count(*) OVER () AS "total!"
               FROM users u
               JOIN profiles p ON p.user_id = u.id
               CROSS JOIN LATERAL (SELECT active_mentee_count(u.id) AS n) active
               WHERE u.role = 'mentor' AND u.active
                 AND mentor_is_listed(u.id, p.headline, p.skills, p.awaiting_approval)
                 AND ($2::text IS NULL OR p.search_text LIKE $2)
                 AND ($3::text IS NULL OR $3 = ANY (p.skills))
                 AND (NOT $4 OR has_free_place(p.accepting_mentees, p.max_mentees, active.n))
                 AND (NOT $7 OR EXISTS (SELECT 1 FROM availability_blocks b WHERE b.mentor_id = u.id))
               ORDER BY
                 CASE WHEN $8 = 'match' THEN coalesce(similarity(p.search_text, $1::text), 0) END DESC,
                 CASE WHEN $8 = 'match' THEN has_free_place(p.accepting_mentees, p.max_mentees, active.n) END DESC,
                 CASE WHEN $8 = 'rating' THEN p.rating_count > 0 END DESC,
                 CASE WHEN $8 = 'rating' THEN damped_rating(p.rating_sum, p.rating_count) END DESC,
                 CASE WHEN $8 = 'rating' THEN p.rating_count END DESC,
                 CASE WHEN $8 = 'newest' THEN u.created_at END DESC,
                 u.name, u.id
               LIMIT $5 OFFSET $6"#,
            text,
            pattern,
            skill,
            query.accepting,
            limit,
            offset,
            query.has_hours,
            sort,
        )
        .fetch_all(pool)
        .await?;
        Ok(rows.into_iter().map(|row| (row.total, mentor_card!(row))).collect())
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::service::{NewAccount, register};
    use crate::directory::SortOrder;
    use crate::profiles::{ProfileInput, service as profiles};

    async fn mentor(pool: &PgPool, name: &str, headline: &str, skills: &[&str], accepting: bool) -> uuid::Uuid {
        let user = register(
            pool,
            NewAccount {
                email: format!("{}@example.org", name.to_lowercase().replace(' ', ".")),
                password: "a long enough passphrase".into(),
                name: name.into(),
                role: "mentor".into(),
                timezone: None,
            },
            chrono::Utc::now(),
        )
        .await
        .unwrap();
        profiles::update_own_profile(
            pool,
            &user,
            ProfileInput {
                // Listed mentors have a headline and a skill; tests about other things get one.
                headline: if headline.is_empty() { "Mentor".into() } else { headline.into() },
                bio: String::new(),
                skills: if skills.is_empty() {
                    vec!["mentoring".into()]
                } else {
                    skills.iter().map(|s| s.to_string()).collect()
                },
                goals: vec![],
                timezone: "UTC".into(),
                accepting_mentees: Some(accepting),
                max_mentees: Some(2),
                meeting_place: None,
            },
            chrono::Utc::now(),
        )
        .await
        .unwrap();
        weekly_hours(pool, name).await;
        user.id
    }

    fn names(page: &Page<MentorCard>) -> Vec<&str> {
        page.items.iter().map(|m| m.name.as_str()).collect()
    }

    #[sqlx::test(migrations = "../migrations")]
    async fn search_filter_sort_and_paginate(pool: PgPool) {
        mentor(&pool, "Ana Rust", "Systems programmer", &["rust", "databases"], true).await;
        mentor(&pool, "Ben Go", "Backend engineer who likes Rust", &["go"], true).await;
        mentor(&pool, "Cleo Design", "Design lead", &["ux design"], false).await;

        let all = search(&pool, &DirectoryQuery::default()).await.unwrap();
        assert_eq!(all.total, 3);
        // Mentors with room come first when there is no search term.
        assert_eq!(names(&all), ["Ana Rust", "Ben Go", "Cleo Design"]);

        let rust = search(&pool, &DirectoryQuery { q: Some("RUST".into()), ..Default::default() }).await.unwrap();
        assert_eq!(rust.total, 2);
        assert_eq!(names(&rust)[0], "Ana Rust", "name, headline and skill all match best");

        let by_skill = search(&pool, &DirectoryQuery { skill: Some("Go".into()), ..Default::default() }).await.unwrap();
        assert_eq!(names(&by_skill), ["Ben Go"]);

        let accepting = search(&pool, &DirectoryQuery { accepting: true, ..Default::default() }).await.unwrap();
        assert_eq!(accepting.total, 2);

        let newest = search(&pool, &DirectoryQuery { sort: SortOrder::Newest, ..Default::default() }).await.unwrap();
        assert_eq!(names(&newest)[0], "Cleo Design");

        let second = search(
            &pool,
            &DirectoryQuery { sort: SortOrder::Name, page: Some(2), per_page: Some(2), ..Default::default() },
        )
        .await
        .unwrap();
        assert_eq!((names(&second), second.total), (vec!["Cleo Design"], 3));
        let beyond =
            search(&pool, &DirectoryQuery { page: Some(9), per_page: Some(2), ..Default::default() }).await.unwrap();
        assert_eq!((beyond.items.len(), beyond.total), (0, 3));

        let none = search(&pool, &DirectoryQuery { q: Some("100%_".into()), ..Default::default() }).await.unwrap();
        assert_eq!(none.total, 0, "wildcards are literal");

        // A mentor without weekly hours is not listed at all (so every listed one has hours).
        sqlx::query!("DELETE FROM availability_blocks WHERE mentor_id IN (SELECT id FROM users WHERE name = 'Ben Go')")
            .execute(&pool)
            .await
            .unwrap();
        let with_hours = search(&pool, &DirectoryQuery { has_hours: true, ..Default::default() }).await.unwrap();
        assert_eq!(names(&with_hours), ["Ana Rust", "Cleo Design"]);
    }

    pub(super) async fn set_rating(pool: &PgPool, mentor: uuid::Uuid, count: i32, sum: i32) {
        sqlx::query!("UPDATE profiles SET rating_count = $2, rating_sum = $3 WHERE user_id = $1", mentor, count, sum)
            .execute(pool)
            .await
            .unwrap();
    }

    /// Tuesday mornings for the mentor called `name`.
    pub(super) async fn weekly_hours(pool: &PgPool, name: &str) {
        sqlx::query!(
            "INSERT INTO availability_blocks (mentor_id, weekday, starts_at, ends_at)
             SELECT id, 2, '09:00', '12:00' FROM users WHERE name = $1",
            name
        )
        .execute(pool)
        .await
        .unwrap();
    }

    #[sqlx::test(migrations = "../migrations")]
    async fn sort_by_rating_weighs_the_number_of_ratings(pool: PgPool) {
        let one_five = mentor(&pool, "Ana One", "", &[], true).await;
        let many = mentor(&pool, "Ben Many", "", &[], true).await;
        mentor(&pool, "Cleo Unrated", "", &[], true).await;
        let low = mentor(&pool, "Dan Low", "", &[], true).await;
        set_rating(&pool, one_five, 1, 5).await;
        set_rating(&pool, many, 30, 144).await;
        set_rating(&pool, low, 4, 8).await;
        let found = search(&pool, &DirectoryQuery { sort: SortOrder::Rating, ..Default::default() }).await.unwrap();
        assert_eq!(names(&found), ["Ben Many", "Ana One", "Dan Low", "Cleo Unrated"]);
        let ratings: Vec<(Option<f64>, i32)> = found.items.iter().map(|m| (m.rating_average, m.rating_count)).collect();
        assert_eq!(ratings, [(Some(4.8), 30), (Some(5.0), 1), (Some(2.0), 4), (None, 0)]);
    }

    #[sqlx::test(migrations = "../migrations")]
    async fn renaming_a_mentor_updates_the_search(pool: PgPool) {
        let id = mentor(&pool, "Old Name", "", &[], true).await;
        sqlx::query!("UPDATE users SET name = 'Zelda Quartz' WHERE id = $1", id).execute(&pool).await.unwrap();
        let found = search(&pool, &DirectoryQuery { q: Some("quartz".into()), ..Default::default() }).await.unwrap();
        assert_eq!(found.total, 1);
    }
}

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
            let mentor = mentor_card!(row);
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
