//! Rating a session and reading a mentor's ratings.

use chrono::{DateTime, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use super::{Comment, Feedback, FeedbackComment, FeedbackInput, MentorFeedback, RatingSummary};
use crate::auth::{Role, User};
use crate::error::{AppError, FieldErrors, OnConstraint};
use crate::notifications::NotificationKind;
use crate::notifications::service::notify;
use crate::pagination::{Page, PageRequest};
use crate::sessions::SessionStatus;

pub const ALREADY_RATED: &str = "You have already rated this session.";

/// The session's mentee rates it once it has ended. Anyone else is refused before the input is
/// looked at. The primary key on `feedback.session_id` turns a second (or concurrent) rating
/// into a 409.
pub async fn submit(
    pool: &PgPool,
    user: &User,
    session_id: Uuid,
    input: &FeedbackInput,
    now: DateTime<Utc>,
) -> Result<Feedback, AppError> {
    let rated = sqlx::query!(
        r#"SELECT mentor_id, mentee_id, status AS "status: SessionStatus", ends_at FROM sessions WHERE id = $1"#,
        session_id,
    )
    .fetch_optional(pool)
    .await?
    .ok_or_else(|| AppError::not_found("There is no such session."))?;
    let (mentor_id, mentee_id) = (rated.mentor_id, rated.mentee_id);
    if mentee_id != user.id {
        return Err(AppError::forbidden("Only the session's mentee can rate it."));
    }
    let mut errors = FieldErrors::new();
    if !(1..=5).contains(&input.rating) {
        errors.insert("rating".into(), "Choose a rating from 1 to 5.".into());
    }
    let comment = Comment::parse(&input.comment, "comment").map_err(|msg| errors.insert("comment".into(), msg)).ok();
    let (Some(comment), true) = (comment, errors.is_empty()) else {
        return Err(AppError::invalid_fields(errors));
    };
    if rated.status == SessionStatus::Cancelled {
        return Err(AppError::invalid_field("rating", "A cancelled session cannot be rated."));
    }
    if now < rated.ends_at {
        return Err(AppError::invalid_field("rating", "You can rate this session once it has ended."));
    }
    let mut tx = pool.begin().await?;
    let saved = sqlx::query_as!(
        Feedback,
        "INSERT INTO feedback (session_id, mentor_id, mentee_id, rating, comment, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING session_id, mentor_id, mentee_id, rating, comment, created_at",
        session_id,
        mentor_id,
        mentee_id,
        input.rating as i16,
        comment.as_str(),
        now,
    )
    .fetch_one(&mut *tx)
    .await
    .on_constraint("feedback_pkey", || AppError::conflict_on("rating", ALREADY_RATED))?;
    notify(
        &mut tx,
        mentor_id,
        NotificationKind::FeedbackReceived,
        &format!("{} rated your session {}/5.", user.name, saved.rating),
        &format!("/mentors/{mentor_id}"),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(saved)
}

/// Average, count and distribution of an active mentor's ratings.
pub async fn summary(pool: &PgPool, mentor_id: Uuid) -> Result<RatingSummary, AppError> {
    ratings(pool, Some(mentor_id)).await
}

/// How many ratings of 1 … 5 stars one mentor received, or (`None`) the whole platform.
pub async fn distribution(pool: &PgPool, mentor_id: Option<Uuid>) -> Result<Vec<i64>, AppError> {
    Ok(ratings(pool, mentor_id).await?.distribution)
}

/// The distribution and, from the same rows, the average (`rating_average`, migrations/0007: the
/// formula the directory shows too).
async fn ratings(pool: &PgPool, mentor_id: Option<Uuid>) -> Result<RatingSummary, AppError> {
    let row = sqlx::query!(
        r#"SELECT array_agg(n ORDER BY stars) AS "distribution!",
                  sum(n)::bigint AS "count!",
                  rating_average(sum(n * stars)::integer, sum(n)::integer) AS average
           FROM (SELECT stars.rating AS stars, count(f.rating) AS n
                 FROM generate_series(1, 5) AS stars(rating)
                 LEFT JOIN feedback f ON f.rating = stars.rating AND ($1::uuid IS NULL OR f.mentor_id = $1)
                 GROUP BY stars.rating) per_star"#,
        mentor_id,
    )
    .fetch_one(pool)
    .await?;
    Ok(RatingSummary { average: row.average, count: row.count, distribution: row.distribution })
}

/// The summary and a page of comments (ratings without a comment are counted, not listed).
/// Mentees are named in full only to the mentor and to admins; anyone else reads "Ada L.".
pub async fn for_mentor(
    pool: &PgPool,
    mentor_id: Uuid,
    viewer: Option<&User>,
    page: PageRequest,
) -> Result<MentorFeedback, AppError> {
    let is_mentor = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM users WHERE id = $1 AND role = 'mentor' AND active) AS "is_mentor!""#,
        mentor_id,
    )
    .fetch_one(pool)
    .await?;
    if !is_mentor {
        return Err(AppError::not_found("There is no mentor with this id."));
    }
    let summary = summary(pool, mentor_id).await?;
    let comments = sqlx::query_as!(
        FeedbackComment,
        "SELECT f.rating, f.comment, u.name AS mentee_name, f.created_at
         FROM feedback f JOIN users u ON u.id = f.mentee_id
         WHERE f.mentor_id = $1 AND f.comment <> ''
         ORDER BY f.created_at DESC, f.session_id LIMIT $2 OFFSET $3",
        mentor_id,
        page.limit(),
        page.offset(),
    )
    .fetch_all(pool)
    .await?;
    let full_names = viewer.is_some_and(|viewer| viewer.id == mentor_id || viewer.role == Role::Admin);
    let comments = comments
        .into_iter()
        .map(|comment| match full_names {
            true => comment,
            false => FeedbackComment { mentee_name: super::public_name(&comment.mentee_name), ..comment },
        })
        .collect();
    let total = sqlx::query_scalar!(
        r#"SELECT count(*) AS "total!" FROM feedback WHERE mentor_id = $1 AND comment <> ''"#,
        mentor_id,
    )
    .fetch_one(pool)
    .await?;
    Ok(MentorFeedback { summary, comments: Page { items: comments, total, page: page.page, per_page: page.per_page } })
}

#[cfg(test)]
#[path = "service_tests.rs"]
mod db_tests;
