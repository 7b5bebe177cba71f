//! "Download my data": everything the app holds about a member, as one JSON document, built by
//! PostgreSQL from the tables themselves so nothing is left out by a forgotten field.

use serde_json::Value;
use sqlx::PgPool;
use uuid::Uuid;

use crate::error::AppError;

/// The member's data. Password hashes and other members' private data are not included; the
/// names of the people they dealt with are, as the member saw them in the app.
pub async fn export(pool: &PgPool, user_id: Uuid, now: chrono::DateTime<chrono::Utc>) -> Result<Value, AppError> {
    let document = sqlx::query_scalar!(
        r#"SELECT jsonb_build_object(
             'exported_at', $2::timestamptz,
             'account', (SELECT to_jsonb(u) - 'password_hash' FROM users u WHERE u.id = $1),
             'profile', (SELECT to_jsonb(p) FROM profiles p WHERE p.user_id = $1),
             'availability', (SELECT coalesce(jsonb_agg(to_jsonb(b) - 'mentor_id' ORDER BY b.weekday, b.starts_at), '[]')
                              FROM availability_blocks b WHERE b.mentor_id = $1),
             'days_off', (SELECT coalesce(jsonb_agg(d.day ORDER BY d.day), '[]')
                          FROM availability_days_off d WHERE d.mentor_id = $1),
             'requests', (SELECT coalesce(jsonb_agg(to_jsonb(r) || jsonb_build_object(
                                     'mentor_name', mentor.name, 'mentee_name', mentee.name) ORDER BY r.created_at), '[]')
                          FROM mentorship_requests r
                          JOIN users mentor ON mentor.id = r.mentor_id JOIN users mentee ON mentee.id = r.mentee_id
                          WHERE r.mentee_id = $1 OR r.mentor_id = $1),
             'mentorships', (SELECT coalesce(jsonb_agg(to_jsonb(m) ORDER BY m.started_at), '[]')
                             FROM mentorships m WHERE m.mentee_id = $1 OR m.mentor_id = $1),
             'sessions', (SELECT coalesce(jsonb_agg(to_jsonb(s) ORDER BY s.starts_at), '[]')
                          FROM sessions s WHERE s.mentee_id = $1 OR s.mentor_id = $1),
             'feedback', (SELECT coalesce(jsonb_agg(to_jsonb(f) ORDER BY f.created_at), '[]')
                          FROM feedback f WHERE f.mentee_id = $1 OR f.mentor_id = $1),
             'notifications', (SELECT coalesce(jsonb_agg(to_jsonb(n) - 'user_id' ORDER BY n.created_at), '[]')
                               FROM notifications n WHERE n.user_id = $1),
             'logins', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                                'id', l.id, 'created_at', l.created_at, 'last_seen_at', l.last_seen_at,
                                'expires_at', l.expires_at, 'ended_at', l.revoked_at,
                                'user_agent', l.user_agent, 'address', l.ip) ORDER BY l.created_at), '[]')
                        FROM login_sessions l WHERE l.user_id = $1),
             'email_switched_off', (SELECT coalesce(jsonb_agg(o.kind ORDER BY o.kind), '[]')
                                    FROM email_opt_outs o WHERE o.user_id = $1),
             'mail', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                              'to', m.to_address, 'subject', m.subject, 'kind', m.kind, 'status', m.status,
                              'created_at', m.created_at, 'sent_at', m.sent_at, 'text', m.text_body)
                              ORDER BY m.created_at), '[]')
                      FROM mail_outbox m WHERE m.user_id = $1),
             'audit_entries_about_me', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                              'action', a.action, 'before', a.before, 'after', a.after, 'reason', a.reason,
                              'created_at', a.created_at) ORDER BY a.created_at), '[]')
                      FROM audit_log a WHERE a.target_user_id = $1)
           ) AS "document!""#,
        user_id,
        now,
    )
    .fetch_one(pool)
    .await?;
    Ok(document)
}
