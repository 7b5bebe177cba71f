//! The listing checklist, the programme setting and approvals against the database.

use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

use super::{ListingChecklist, PendingMentor, ProgrammeSettings};
use crate::admin::service::require_admin;
use crate::auth::{Role, User};
use crate::error::AppError;
use crate::pagination::{Page, PageRequest, paged};

/// Where `mentor` stands; anyone who is not a mentor has no listing (404).
pub async fn checklist(pool: &PgPool, mentor: &User) -> Result<ListingChecklist, AppError> {
    if mentor.role != Role::Mentor {
        return Err(AppError::not_found("Only mentors are listed in the directory."));
    }
    let row = sqlx::query!(
        r#"SELECT p.headline <> '' AS "has_headline!", cardinality(p.skills) > 0 AS "has_skill!",
                  EXISTS (SELECT 1 FROM availability_blocks b WHERE b.mentor_id = p.user_id) AS "has_weekly_hours!",
                  NOT p.awaiting_approval AS "approved!"
           FROM profiles p WHERE p.user_id = $1"#,
        mentor.id,
    )
    .fetch_optional(pool)
    .await?
    .ok_or_else(|| AppError::not_found("This account has no profile."))?;
    Ok(ListingChecklist {
        has_headline: row.has_headline,
        has_skill: row.has_skill,
        has_weekly_hours: row.has_weekly_hours,
        approved: row.approved,
    })
}

pub async fn settings(pool: &PgPool, admin: &User) -> Result<ProgrammeSettings, AppError> {
    require_admin(admin)?;
    let require_mentor_approval =
        sqlx::query_scalar!("SELECT require_mentor_approval FROM programme_settings").fetch_one(pool).await?;
    Ok(ProgrammeSettings { require_mentor_approval })
}

/// Changes the programme settings (recorded in the audit log). Turning approval off approves
/// everyone still waiting: with no approval required, nobody should stay hidden by it.
pub async fn update_settings(
    pool: &PgPool,
    admin: &User,
    new: &ProgrammeSettings,
    now: DateTime<Utc>,
) -> Result<ProgrammeSettings, AppError> {
    require_admin(admin)?;
    let mut tx = pool.begin().await?;
    let before = sqlx::query_scalar!("SELECT require_mentor_approval FROM programme_settings FOR UPDATE")
        .fetch_one(&mut *tx)
        .await?;
    sqlx::query!(
        "UPDATE programme_settings SET require_mentor_approval = $1, updated_at = $2",
        new.require_mentor_approval,
        now
    )
    .execute(&mut *tx)
    .await?;
    if !new.require_mentor_approval {
        sqlx::query!("UPDATE profiles SET awaiting_approval = false WHERE awaiting_approval").execute(&mut *tx).await?;
    }
    if before != new.require_mentor_approval {
        sqlx::query!(
            "INSERT INTO audit_log (admin_id, action, before, after, created_at) VALUES ($1, $2, $3, $4, $5)",
            admin.id,
            "programme.settings_changed",
            json!({"require_mentor_approval": before}),
            json!({"require_mentor_approval": new.require_mentor_approval}),
            now,
        )
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(new.clone())
}

/// Mentors waiting for approval, longest-waiting first.
pub async fn pending(pool: &PgPool, admin: &User, page: PageRequest) -> Result<Page<PendingMentor>, AppError> {
    require_admin(admin)?;
    paged(page, |limit, offset| async move {
        let rows = sqlx::query!(
            r#"SELECT u.id, u.name, u.email, p.headline, p.skills, u.created_at,
                      -- The listing rule itself, as if already approved.
                      mentor_is_listed(u.id, p.headline, p.skills, false) AS "complete!",
                      count(*) OVER () AS "total!"
               FROM profiles p JOIN users u ON u.id = p.user_id
               WHERE p.awaiting_approval AND u.role = 'mentor' AND u.active
               ORDER BY u.created_at, u.id LIMIT $1 OFFSET $2"#,
            limit,
            offset,
        )
        .fetch_all(pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let mentor = PendingMentor {
                    id: r.id,
                    name: r.name,
                    email: r.email,
                    headline: r.headline,
                    skills: r.skills,
                    joined_at: r.created_at,
                    profile_complete: r.complete,
                };
                (r.total, mentor)
            })
            .collect())
    })
    .await
}

/// An admin approves a waiting mentor: listed once their profile is complete. Recorded in the
/// audit log; the mentor is told.
pub async fn approve(pool: &PgPool, admin: &User, mentor_id: Uuid, now: DateTime<Utc>) -> Result<(), AppError> {
    require_admin(admin)?;
    let mut tx = pool.begin().await?;
    let approved = sqlx::query_scalar!(
        "UPDATE profiles p SET awaiting_approval = false FROM users u
         WHERE p.user_id = $1 AND u.id = p.user_id AND u.role = 'mentor' AND p.awaiting_approval
         RETURNING p.user_id",
        mentor_id,
    )
    .fetch_optional(&mut *tx)
    .await?;
    if approved.is_none() {
        return Err(AppError::conflict("This mentor is not waiting for approval."));
    }
    sqlx::query!(
        "INSERT INTO audit_log (admin_id, action, target_user_id, before, after, created_at)
         VALUES ($1, 'mentor.approved', $2, $3, $4, $5)",
        admin.id,
        mentor_id,
        json!({"approved": false}),
        json!({"approved": true}),
        now,
    )
    .execute(&mut *tx)
    .await?;
    crate::notifications::service::notify(
        &mut tx,
        mentor_id,
        crate::notifications::NotificationKind::MentorApproved,
        "An admin approved you as a mentor: mentees can find you once your profile is complete.",
        "/",
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
#[path = "service_tests.rs"]
mod tests;
