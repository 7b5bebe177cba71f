//! Directory search in one query: filters, ordering and the total count (a window function),
//! using the trigram index on `profiles.search_text`.

use sqlx::PgPool;

use super::{DirectoryQuery, MentorCard, SortOrder};
use crate::error::AppError;
use crate::pagination::{Page, PageRequest};

#[derive(sqlx::FromRow)]
struct Row {
    #[sqlx(flatten)]
    card: MentorCard,
    total: i64,
}

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

/// A mentor's rating columns (`p` is their profile) as cards and the mentor page show them.
pub const RATING_COLUMNS: &str = "CASE WHEN p.rating_count > 0
         THEN round(p.rating_sum::numeric / p.rating_count, 1)::float8 END AS rating_average,
     p.rating_count";

/// Best rated first. The mean is damped toward 3.5 by two imaginary ratings, so one 5-star
/// rating does not outrank thirty 4.8s; mentors without ratings come after all rated ones.
pub const RATING_ORDER: &str =
    "p.rating_count > 0 DESC, (p.rating_sum + 7.0) / (p.rating_count + 2) DESC, p.rating_count DESC";

pub async fn search(pool: &PgPool, query: &DirectoryQuery) -> Result<Page<MentorCard>, AppError> {
    let text = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty()).map(str::to_lowercase);
    if text.as_ref().is_some_and(|q| q.chars().count() > 100) {
        return Err(AppError::invalid_field("q", "Keep the search to 100 characters."));
    }
    let skill = query.skill.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_lowercase);
    let page = PageRequest::new(query.page, query.per_page);
    let order = match query.sort {
        SortOrder::Match => {
            "CASE WHEN $1::text IS NULL THEN 0 ELSE similarity(p.search_text, $1) END DESC,
             (p.accepting_mentees AND active.n < p.max_mentees) DESC, u.name, u.id"
        }
        SortOrder::Rating => &format!("{RATING_ORDER}, u.name, u.id"),
        SortOrder::Newest => "u.created_at DESC, u.id",
        SortOrder::Name => "u.name, u.id",
    };
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT u.id, u.name, p.headline, p.skills, p.timezone, p.accepting_mentees,
                p.max_mentees, active.n AS active_mentees, {RATING_COLUMNS}, count(*) OVER () AS total
         FROM users u
         JOIN profiles p ON p.user_id = u.id
         CROSS JOIN LATERAL (
             SELECT count(*) AS n FROM mentorships m WHERE m.mentor_id = u.id AND m.ended_at IS NULL
         ) active
         WHERE u.role = 'mentor' AND u.active
           AND ($2::text IS NULL OR p.search_text LIKE $2)
           AND ($3::text IS NULL OR $3 = ANY (p.skills))
           AND (NOT $4 OR (p.accepting_mentees AND active.n < p.max_mentees))
           AND (NOT $7 OR EXISTS (SELECT 1 FROM availability_blocks b WHERE b.mentor_id = u.id))
         ORDER BY {order}
         LIMIT $5 OFFSET $6"
    ))
    .bind(text.as_deref())
    .bind(text.as_deref().map(like_pattern))
    .bind(skill.as_deref())
    .bind(query.accepting)
    .bind(page.limit())
    .bind(page.offset())
    .bind(query.has_hours)
    .fetch_all(pool)
    .await?;
    let total = match rows.first() {
        Some(row) => row.total,
        // Past the last page the window count is lost; count separately so the pager still works.
        None if page.page > 1 => {
            let first = DirectoryQuery { page: Some(1), per_page: Some(1), ..query.clone() };
            return Box::pin(search(pool, &first)).await.map(|found| Page {
                items: vec![],
                total: found.total,
                page: page.page,
                per_page: page.per_page,
            });
        }
        None => 0,
    };
    Ok(Page { items: rows.into_iter().map(|row| row.card).collect(), total, page: page.page, per_page: page.per_page })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::service::{NewAccount, register};
    use crate::profiles::{ProfileInput, service as profiles};

    async fn mentor(pool: &PgPool, name: &str, headline: &str, skills: &[&str], accepting: bool) -> uuid::Uuid {
        let user = register(
            pool,
            NewAccount {
                email: format!("{}@example.org", name.to_lowercase().replace(' ', ".")),
                password: "a long enough passphrase".into(),
                name: name.into(),
                role: "mentor".into(),
            },
        )
        .await
        .unwrap();
        profiles::update_own_profile(
            pool,
            &user,
            ProfileInput {
                headline: headline.into(),
                bio: String::new(),
                skills: skills.iter().map(|s| s.to_string()).collect(),
                goals: vec![],
                timezone: "UTC".into(),
                accepting_mentees: Some(accepting),
                max_mentees: Some(2),
            },
        )
        .await
        .unwrap();
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

        let with_hours = |pool: PgPool| async move {
            search(&pool, &DirectoryQuery { has_hours: true, ..Default::default() }).await.unwrap()
        };
        assert_eq!(with_hours(pool.clone()).await.total, 0);
        sqlx::query(
            "INSERT INTO availability_blocks (mentor_id, weekday, starts_at, ends_at)
             SELECT id, 2, '09:00', '12:00' FROM users WHERE name = 'Ben Go'",
        )
        .execute(&pool)
        .await
        .unwrap();
        assert_eq!(names(&with_hours(pool.clone()).await), ["Ben Go"]);
    }

    async fn set_rating(pool: &PgPool, mentor: uuid::Uuid, count: i32, sum: i32) {
        sqlx::query("UPDATE profiles SET rating_count = $2, rating_sum = $3 WHERE user_id = $1")
            .bind(mentor)
            .bind(count)
            .bind(sum)
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
        sqlx::query("UPDATE users SET name = 'Zelda Quartz' WHERE id = $1").bind(id).execute(&pool).await.unwrap();
        let found = search(&pool, &DirectoryQuery { q: Some("quartz".into()), ..Default::default() }).await.unwrap();
        assert_eq!(found.total, 1);
    }
}

#[derive(sqlx::FromRow)]
struct SuggestionRow {
    #[sqlx(flatten)]
    card: MentorCard,
    matched: Vec<String>,
}

/// Mentors for a mentee: those whose skills cover the most of the mentee's goals, then those
/// who keep bookable hours, then the best rated (as in `RATING_ORDER`), then those with the
/// most free places. Mentors the mentee already has an open request or an active
/// mentorship with are left out, as are mentors without a free place.
pub async fn suggested(
    pool: &PgPool,
    mentee: &crate::auth::User,
    limit: i64,
) -> Result<Vec<super::Suggestion>, AppError> {
    if mentee.role != crate::auth::Role::Mentee {
        return Err(AppError::forbidden("Suggestions are for mentees."));
    }
    let rows: Vec<SuggestionRow> = sqlx::query_as(&format!(
        "SELECT * FROM (
             SELECT u.id, u.name, p.headline, p.skills, p.timezone, p.accepting_mentees,
                    p.max_mentees, active.n AS active_mentees, {RATING_COLUMNS},
                    (p.rating_count > 0) AS rated, (p.rating_sum + 7.0) / (p.rating_count + 2) AS damped_rating,
                    EXISTS (SELECT 1 FROM availability_blocks b WHERE b.mentor_id = u.id) AS has_hours,
                    ARRAY(SELECT g FROM unnest(me.goals) AS g WHERE g = ANY (p.skills)) AS matched
             FROM users u
             JOIN profiles p ON p.user_id = u.id
             CROSS JOIN (SELECT goals FROM profiles WHERE user_id = $1) me
             CROSS JOIN LATERAL (
                 SELECT count(*) AS n FROM mentorships m WHERE m.mentor_id = u.id AND m.ended_at IS NULL
             ) active
             WHERE u.role = 'mentor' AND u.active AND u.id <> $1
               AND p.skills && me.goals
               AND p.accepting_mentees AND active.n < p.max_mentees
               AND NOT EXISTS (
                   SELECT 1 FROM mentorship_requests r
                   WHERE r.mentor_id = u.id AND r.mentee_id = $1 AND r.open)
         ) candidates
         ORDER BY cardinality(matched) DESC, has_hours DESC, rated DESC, damped_rating DESC,
                  max_mentees - active_mentees DESC, name, id
         LIMIT $2"
    ))
    .bind(mentee.id)
    .bind(limit.clamp(1, 50))
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| super::Suggestion {
            reason: super::reason_for(&row.matched),
            matched: row.matched,
            mentor: row.card,
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
            },
        )
        .await
        .unwrap();
        let tags: Vec<String> = tags.iter().map(|t| t.to_string()).collect();
        let (skills, goals) = if role == "mentor" { (tags, vec![]) } else { (vec![], tags) };
        profiles::update_own_profile(
            pool,
            &user,
            ProfileInput {
                headline: String::new(),
                bio: String::new(),
                skills,
                goals,
                timezone: "UTC".into(),
                accepting_mentees: Some(true),
                max_mentees: Some(2),
            },
        )
        .await
        .unwrap();
        user
    }

    #[sqlx::test(migrations = "../migrations")]
    async fn best_overlap_first_and_requested_mentors_left_out(pool: PgPool) {
        let mentee = person(&pool, "Ada", "mentee", &["rust", "system design", "career growth"]).await;
        let both = person(&pool, "Both", "mentor", &["rust", "system design"]).await;
        person(&pool, "One", "mentor", &["career growth", "go"]).await;
        person(&pool, "None", "mentor", &["ux design"]).await;

        let found = suggested(&pool, &mentee, 10).await.unwrap();
        let names: Vec<&str> = found.iter().map(|s| s.mentor.name.as_str()).collect();
        assert_eq!(names, ["Both", "One"]);
        assert_eq!(found[0].reason, "matches rust and system design");
        assert_eq!(found[1].reason, "matches career growth");

        crate::requests::service::send(&pool, &mentee, both.id, "hello").await.unwrap();
        let after: Vec<String> =
            suggested(&pool, &mentee, 10).await.unwrap().into_iter().map(|s| s.mentor.name).collect();
        assert_eq!(after, ["One"]);

        assert_eq!(suggested(&pool, &both, 10).await.unwrap_err().status_code(), 403);
    }

    #[sqlx::test(migrations = "../migrations")]
    async fn equal_matches_are_ranked_by_rating(pool: PgPool) {
        let mentee = person(&pool, "Ada", "mentee", &["rust"]).await;
        person(&pool, "Unrated", "mentor", &["rust"]).await;
        let good = person(&pool, "Good", "mentor", &["rust"]).await;
        let fair = person(&pool, "Fair", "mentor", &["rust"]).await;
        for (mentor, count, sum) in [(&good, 10, 48), (&fair, 10, 35)] {
            sqlx::query("UPDATE profiles SET rating_count = $2, rating_sum = $3 WHERE user_id = $1")
                .bind(mentor.id)
                .bind(count)
                .bind(sum)
                .execute(&pool)
                .await
                .unwrap();
        }
        let names = || async {
            suggested(&pool, &mentee, 10).await.unwrap().into_iter().map(|s| s.mentor.name).collect::<Vec<_>>()
        };
        assert_eq!(names().await, ["Good", "Fair", "Unrated"]);
        // Keeping bookable hours ranks above rating: a mentee can actually meet them.
        sqlx::query(
            "INSERT INTO availability_blocks (mentor_id, weekday, starts_at, ends_at)
             SELECT id, 1, '09:00', '12:00' FROM users WHERE name = 'Unrated'",
        )
        .execute(&pool)
        .await
        .unwrap();
        assert_eq!(names().await, ["Unrated", "Good", "Fair"]);
    }
}
