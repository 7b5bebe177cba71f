//! Matching rounds on the database: open a round, score every eligible pair
//! (`round_scores.sql`), propose the optimal assignment (`assignment::optimal`), take the
//! admin's edits and exclusions, and publish the pairs as requests from the programme.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::{
    Assignment, Exclusion, MAX_ROUND_MENTEES, MAX_ROUND_MENTORS, NewRound, Published, Round, RoundMember, RoundPair,
    RoundStatus, RoundSummary, Unplaced, assignment,
};
use crate::admin::service::require_admin;
use crate::auth::User;
use crate::directory::score::ScoreParts;
use crate::error::AppError;
use crate::notifications::NotificationKind;
use crate::notifications::service::{notify, notify_about_request};
use crate::pagination::{Page, PageRequest, paged};

const NOT_DRAFT: &str = "This round was published; it can no longer change.";
/// Why a mentee has no pair, once the pairs are stored (the optimum's own reasons come with
/// `compute`).
const NOT_PLACED: &str = "No pair: no eligible mentor had a free place left for them, or their pair was removed.";

/// Opens a round for `input`'s mentees and mentors (active accounts of those roles).
pub async fn create(pool: &PgPool, admin: &User, input: &NewRound, now: DateTime<Utc>) -> Result<Round, AppError> {
    require_admin(admin)?;
    let name = input.name.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut fields = crate::error::FieldErrors::new();
    if name.is_empty() || name.chars().count() > 120 {
        fields.insert("name".into(), "Name the round in 1 to 120 characters.".into());
    }
    let mentees: Vec<Uuid> = unique(&input.mentee_ids);
    let mentors: Vec<Uuid> = unique(&input.mentor_ids);
    if mentees.is_empty() || mentees.len() > MAX_ROUND_MENTEES {
        fields.insert("mentee_ids".into(), format!("Choose 1 to {MAX_ROUND_MENTEES} mentees."));
    }
    if mentors.is_empty() || mentors.len() > MAX_ROUND_MENTORS {
        fields.insert("mentor_ids".into(), format!("Choose 1 to {MAX_ROUND_MENTORS} mentors."));
    }
    if fields.is_empty() {
        for (ids, role, field) in [(&mentees, "mentee", "mentee_ids"), (&mentors, "mentor", "mentor_ids")] {
            let found = sqlx::query_scalar!(
                r#"SELECT count(*) AS "n!" FROM users
                   WHERE id = ANY ($1) AND role = $2::text::user_role AND active AND deleted_at IS NULL"#,
                ids,
                role,
            )
            .fetch_one(pool)
            .await?;
            if found != ids.len() as i64 {
                fields.insert(
                    field.into(),
                    format!("Every id must be an active {role}'s ({} are not).", ids.len() as i64 - found),
                );
            }
        }
    }
    if !fields.is_empty() {
        return Err(AppError::invalid_fields(fields));
    }
    let mut tx = pool.begin().await?;
    let id = insert_round(&mut tx, &name, admin.id, &mentees, &mentors, now).await?;
    audit(
        &mut tx,
        admin,
        "round.created",
        serde_json::json!({"round_id": id, "name": name, "mentees": mentees.len(), "mentors": mentors.len()}),
        now,
    )
    .await?;
    tx.commit().await?;
    get(pool, admin, id).await
}

/// Writes a draft round and its members (already checked), returning its id.
pub async fn insert_round(
    conn: &mut PgConnection,
    name: &str,
    created_by: Uuid,
    mentees: &[Uuid],
    mentors: &[Uuid],
    now: DateTime<Utc>,
) -> Result<Uuid, AppError> {
    let id = sqlx::query_scalar!(
        "INSERT INTO matching_rounds (name, created_by, created_at) VALUES ($1, $2, $3) RETURNING id",
        name,
        created_by,
        now,
    )
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query!(
        "INSERT INTO round_members (round_id, user_id, side)
         SELECT $1::uuid, unnest($2::uuid[]), 'mentee'::round_side
         UNION ALL SELECT $1::uuid, unnest($3::uuid[]), 'mentor'::round_side",
        id,
        mentees,
        mentors,
    )
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

fn unique(ids: &[Uuid]) -> Vec<Uuid> {
    let mut seen = HashSet::new();
    ids.iter().copied().filter(|id| seen.insert(*id)).collect()
}

async fn audit(
    conn: &mut PgConnection,
    admin: &User,
    action: &str,
    after: serde_json::Value,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    sqlx::query!(
        "INSERT INTO audit_log (admin_id, action, after, created_at) VALUES ($1, $2, $3, $4)",
        admin.id,
        action,
        after,
        now,
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The rounds, newest first.
pub async fn list(pool: &PgPool, admin: &User, page: PageRequest) -> Result<Page<RoundSummary>, AppError> {
    require_admin(admin)?;
    paged(page, |limit, offset| async move {
        let rows = sqlx::query!(
            r#"SELECT r.id, r.name, r.status AS "status: RoundStatus", r.created_at,
                      (SELECT count(*) FROM round_members m WHERE m.round_id = r.id AND m.side = 'mentee') AS "mentees!",
                      (SELECT count(*) FROM round_members m WHERE m.round_id = r.id AND m.side = 'mentor') AS "mentors!",
                      (SELECT count(*) FROM round_pairs p WHERE p.round_id = r.id) AS "pairs!",
                      count(*) OVER () AS "total!"
               FROM matching_rounds r
               ORDER BY r.created_at DESC, r.id
               LIMIT $1 OFFSET $2"#,
            limit,
            offset,
        )
        .fetch_all(pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|row| {
                let summary = RoundSummary {
                    id: row.id,
                    name: row.name,
                    status: row.status,
                    created_at: row.created_at,
                    mentees: row.mentees,
                    mentors: row.mentors,
                    pairs: row.pairs,
                };
                (row.total, summary)
            })
            .collect())
    })
    .await
}

/// A round with its members, exclusions and current pairs.
pub async fn get(pool: &PgPool, admin: &User, id: Uuid) -> Result<Round, AppError> {
    require_admin(admin)?;
    let round = sqlx::query!(
        r#"SELECT id, name, status AS "status: RoundStatus", created_at, computed_at, published_at,
                  (SELECT count(*) FROM round_pairs p WHERE p.round_id = r.id AND p.request_id IS NOT NULL) AS "sent!"
           FROM matching_rounds r WHERE id = $1"#,
        id
    )
    .fetch_optional(pool)
    .await?
    .ok_or_else(|| AppError::not_found("There is no matching round with this id."))?;
    let members = sqlx::query!(
        r#"SELECT m.user_id, u.name, m.side::text AS "side!",
                  free_places(p.accepting_mentees, p.max_mentees, p.active_mentees) AS "free!"
           FROM round_members m JOIN users u ON u.id = m.user_id JOIN profiles p ON p.user_id = m.user_id
           WHERE m.round_id = $1 ORDER BY u.name, u.id"#,
        id
    )
    .fetch_all(pool)
    .await?;
    let (mut mentees, mut mentors) = (Vec::new(), Vec::new());
    for member in members {
        if member.side == "mentor" {
            mentors.push(RoundMember { id: member.user_id, name: member.name, free_places: Some(member.free) });
        } else {
            mentees.push(RoundMember { id: member.user_id, name: member.name, free_places: None });
        }
    }
    let exclusions = sqlx::query_as!(
        Exclusion,
        "SELECT mentee_id, mentor_id FROM round_exclusions WHERE round_id = $1 ORDER BY created_at, mentee_id",
        id
    )
    .fetch_all(pool)
    .await?;
    let assignment = match round.computed_at {
        Some(_) => kept_assignment(stored_pairs(pool, id).await?, mentees.iter().map(|m| m.id)),
        None => Assignment { pairs: vec![], total_score: 0, unplaced: vec![] },
    };
    Ok(Round {
        id: round.id,
        name: round.name,
        status: round.status,
        created_at: round.created_at,
        computed_at: round.computed_at,
        published_at: round.published_at,
        mentees,
        mentors,
        exclusions,
        assignment,
        requests_sent: round.sent,
    })
}

async fn stored_pairs(pool: &PgPool, id: Uuid) -> Result<Vec<RoundPair>, AppError> {
    Ok(sqlx::query_as!(
        RoundPair,
        "SELECT mentee_id, mentor_id, score, reasons FROM round_pairs WHERE round_id = $1",
        id
    )
    .fetch_all(pool)
    .await?)
}

/// An eligible pair of the round, scored.
#[derive(Clone, Debug)]
pub struct ScoredPair {
    pub pair: RoundPair,
    pub mentor_free_places: i32,
}

/// Every eligible pair of round `id` (or of one mentee), scored, best first per mentee.
pub async fn scored_pairs(
    db: impl sqlx::PgExecutor<'_>,
    id: Uuid,
    mentee: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<Vec<ScoredPair>, AppError> {
    let (open_from, open_until) = crate::directory::service::open_hours_window(now);
    let rows = sqlx::query_file!("src/matching/round_scores.sql", id, now, open_from, open_until, mentee)
        .fetch_all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let parts = ScoreParts {
                goals_matched: row.goals_matched,
                skills_shared: row.skills_shared,
                zone_hours: row.zone_hours,
                open_soon: row.open_soon,
                free_places: row.mentor_free_places,
                rating_average: row.rating_average,
                rating_count: row.rating_count,
            };
            ScoredPair {
                pair: RoundPair {
                    mentee_id: row.mentee_id,
                    mentor_id: row.mentor_id,
                    score: row.score,
                    reasons: parts.reasons(),
                },
                mentor_free_places: row.mentor_free_places,
            }
        })
        .collect())
}

/// `GET /admin/rounds/{id}/scores`: the eligible pairs, a page at a time.
pub async fn scores(
    pool: &PgPool,
    admin: &User,
    id: Uuid,
    mentee: Option<Uuid>,
    page: PageRequest,
    now: DateTime<Utc>,
) -> Result<Page<RoundPair>, AppError> {
    require_admin(admin)?;
    draft_or_published(pool, id).await?;
    let all = scored_pairs(pool, id, mentee, now).await?;
    let total = all.len() as i64;
    let items =
        all.into_iter().skip(page.offset() as usize).take(page.limit() as usize).map(|scored| scored.pair).collect();
    Ok(Page { items, total, page: page.page, per_page: page.per_page })
}

async fn draft_or_published(pool: &PgPool, id: Uuid) -> Result<RoundStatus, AppError> {
    sqlx::query_scalar!(r#"SELECT status AS "status: RoundStatus" FROM matching_rounds WHERE id = $1"#, id)
        .fetch_optional(pool)
        .await?
        .ok_or_else(|| AppError::not_found("There is no matching round with this id."))
}

/// Refuses a published round before the slow part of a change (scoring every pair); the
/// change checks again under the lock (`lock_draft`) when it stores.
async fn require_draft(pool: &PgPool, id: Uuid) -> Result<(), AppError> {
    match draft_or_published(pool, id).await? {
        RoundStatus::Draft => Ok(()),
        RoundStatus::Published => Err(AppError::conflict(NOT_DRAFT)),
    }
}

/// Locks the round for a change; refuses a published one.
async fn lock_draft(conn: &mut PgConnection, id: Uuid) -> Result<(), AppError> {
    let status = sqlx::query_scalar!(
        r#"SELECT status AS "status: RoundStatus" FROM matching_rounds WHERE id = $1 FOR UPDATE"#,
        id
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| AppError::not_found("There is no matching round with this id."))?;
    if status != RoundStatus::Draft {
        return Err(AppError::conflict(NOT_DRAFT));
    }
    Ok(())
}

/// The best assignment of the round's eligible pairs: the highest total score, each mentee at
/// most once, no mentor over their free places.
pub fn solve(scored: &[ScoredPair], mentees: &[Uuid]) -> Assignment {
    solve_by(scored, mentees, assignment::optimal)
}

/// `solve` with another method (the benchmark compares `assignment::greedy`).
pub fn solve_by(
    scored: &[ScoredPair],
    mentees: &[Uuid],
    method: fn(&assignment::Problem) -> assignment::Assignment,
) -> Assignment {
    let mentee_index: HashMap<Uuid, usize> = mentees.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let mut mentor_ids: Vec<Uuid> = Vec::new();
    let mut mentor_index: HashMap<Uuid, usize> = HashMap::new();
    let mut capacity: Vec<u32> = Vec::new();
    let mut pairs = Vec::with_capacity(scored.len());
    for scored_pair in scored {
        let Some(&mentee) = mentee_index.get(&scored_pair.pair.mentee_id) else { continue };
        let mentor = *mentor_index.entry(scored_pair.pair.mentor_id).or_insert_with(|| {
            mentor_ids.push(scored_pair.pair.mentor_id);
            capacity.push(u32::try_from(scored_pair.mentor_free_places).unwrap_or(0));
            mentor_ids.len() - 1
        });
        pairs.push(assignment::Pair { mentee, mentor, score: i64::from(scored_pair.pair.score) });
    }
    let problem = assignment::Problem { mentee_count: mentees.len(), mentor_capacity: capacity, pairs };
    let best = method(&problem);
    let by_key: HashMap<(Uuid, Uuid), &RoundPair> =
        scored.iter().map(|s| ((s.pair.mentee_id, s.pair.mentor_id), &s.pair)).collect();
    let chosen: Vec<RoundPair> =
        best.pairs.iter().map(|p| (*by_key[&(mentees[p.mentee], mentor_ids[p.mentor])]).clone()).collect();
    let placed: HashSet<Uuid> = chosen.iter().map(|p| p.mentee_id).collect();
    let with_options: HashSet<Uuid> = scored.iter().map(|s| s.pair.mentee_id).collect();
    let unplaced = mentees
        .iter()
        .filter(|id| !placed.contains(id))
        .map(|id| Unplaced {
            mentee_id: *id,
            reason: if with_options.contains(id) {
                "Every mentor who could take them was filled by pairs with higher scores.".into()
            } else {
                "No eligible mentor: none has a free place, or each is excluded or already paired with them.".into()
            },
        })
        .collect();
    let mut pairs = chosen;
    best_first(&mut pairs);
    Assignment { total_score: best.total_score, pairs, unplaced }
}

/// Pairs in the order rounds show them: highest score first, then by mentee.
fn best_first(pairs: &mut [RoundPair]) {
    pairs.sort_by(|a, b| b.score.cmp(&a.score).then(a.mentee_id.cmp(&b.mentee_id)));
}

/// A round's kept pairs as an assignment: best first, their total, and every other mentee of
/// `mentees` unplaced with `NOT_PLACED` (the optimum's own reasons come only with `compute`).
fn kept_assignment(mut pairs: Vec<RoundPair>, mentees: impl IntoIterator<Item = Uuid>) -> Assignment {
    let placed: HashSet<Uuid> = pairs.iter().map(|p| p.mentee_id).collect();
    let unplaced = mentees
        .into_iter()
        .filter(|id| !placed.contains(id))
        .map(|mentee_id| Unplaced { mentee_id, reason: NOT_PLACED.into() })
        .collect();
    best_first(&mut pairs);
    Assignment { total_score: pairs.iter().map(|p| i64::from(p.score)).sum(), pairs, unplaced }
}

async fn round_mentees(pool: &PgPool, id: Uuid) -> Result<Vec<Uuid>, AppError> {
    Ok(sqlx::query_scalar!(
        "SELECT user_id FROM round_members WHERE round_id = $1 AND side = 'mentee' ORDER BY user_id",
        id
    )
    .fetch_all(pool)
    .await?)
}

/// Proposes the optimal assignment and keeps it as the round's pairs.
pub async fn compute(pool: &PgPool, admin: &User, id: Uuid, now: DateTime<Utc>) -> Result<Assignment, AppError> {
    require_admin(admin)?;
    require_draft(pool, id).await?;
    let scored = scored_pairs(pool, id, None, now).await?;
    let mentees = round_mentees(pool, id).await?;
    let proposal = solve(&scored, &mentees);
    let mut tx = pool.begin().await?;
    lock_draft(&mut tx, id).await?;
    store_pairs(&mut tx, id, &proposal.pairs, now).await?;
    tx.commit().await?;
    Ok(proposal)
}

async fn store_pairs(
    conn: &mut PgConnection,
    id: Uuid,
    pairs: &[RoundPair],
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    sqlx::query!("DELETE FROM round_pairs WHERE round_id = $1", id).execute(&mut *conn).await?;
    let mentees: Vec<Uuid> = pairs.iter().map(|p| p.mentee_id).collect();
    let mentors: Vec<Uuid> = pairs.iter().map(|p| p.mentor_id).collect();
    let scores: Vec<i32> = pairs.iter().map(|p| p.score).collect();
    // Reasons as one text each (arrays of arrays must be rectangular); split again below.
    let reasons: Vec<String> = pairs.iter().map(|p| p.reasons.join("\u{1f}")).collect();
    sqlx::query!(
        "INSERT INTO round_pairs (round_id, mentee_id, mentor_id, score, reasons)
         SELECT $1, mentee, mentor, score, string_to_array(reasons, chr(31))
         FROM unnest($2::uuid[], $3::uuid[], $4::int4[], $5::text[]) AS p(mentee, mentor, score, reasons)",
        id,
        &mentees,
        &mentors,
        &scores,
        &reasons,
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!("UPDATE matching_rounds SET computed_at = $2 WHERE id = $1", id, now).execute(&mut *conn).await?;
    Ok(())
}

/// The admin's pairs: checked against the eligible pairs and the mentors' free places, then
/// kept as the round's pairs (with their scores).
pub async fn set_pairs(
    pool: &PgPool,
    admin: &User,
    id: Uuid,
    wanted: &[Exclusion],
    now: DateTime<Utc>,
) -> Result<Assignment, AppError> {
    require_admin(admin)?;
    require_draft(pool, id).await?;
    let scored = scored_pairs(pool, id, None, now).await?;
    let eligible: HashMap<(Uuid, Uuid), &ScoredPair> =
        scored.iter().map(|s| ((s.pair.mentee_id, s.pair.mentor_id), s)).collect();
    let mut placed = HashSet::new();
    let mut load: HashMap<Uuid, i32> = HashMap::new();
    let mut pairs = Vec::with_capacity(wanted.len());
    for pair in wanted {
        let Some(scored_pair) = eligible.get(&(pair.mentee_id, pair.mentor_id)) else {
            return Err(AppError::invalid_field(
                "pairs",
                "Each pair must be a mentee and a mentor of this round who may be paired (not excluded, mentor with a free place, no open request between them).",
            ));
        };
        if !placed.insert(pair.mentee_id) {
            return Err(AppError::invalid_field("pairs", "A mentee can be in only one pair."));
        }
        let taken = load.entry(pair.mentor_id).or_default();
        *taken += 1;
        if *taken > scored_pair.mentor_free_places {
            return Err(AppError::invalid_field("pairs", "A mentor has more pairs than free places."));
        }
        pairs.push(scored_pair.pair.clone());
    }
    let mentees = round_mentees(pool, id).await?;
    let mut tx = pool.begin().await?;
    lock_draft(&mut tx, id).await?;
    store_pairs(&mut tx, id, &pairs, now).await?;
    tx.commit().await?;
    Ok(kept_assignment(pairs, mentees))
}

/// "Never pair these two" in this round; a proposed pair of the two is taken out.
pub async fn exclude(
    pool: &PgPool,
    admin: &User,
    id: Uuid,
    rule: &Exclusion,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    require_admin(admin)?;
    let mut tx = pool.begin().await?;
    lock_draft(&mut tx, id).await?;
    let members = sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM round_members
           WHERE round_id = $1 AND ((user_id = $2 AND side = 'mentee') OR (user_id = $3 AND side = 'mentor'))"#,
        id,
        rule.mentee_id,
        rule.mentor_id,
    )
    .fetch_one(&mut *tx)
    .await?;
    if members != 2 {
        return Err(AppError::invalid_field("mentee_id", "Name a mentee and a mentor of this round."));
    }
    sqlx::query!(
        "INSERT INTO round_exclusions (round_id, mentee_id, mentor_id, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        id,
        rule.mentee_id,
        rule.mentor_id,
        admin.id,
        now,
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "DELETE FROM round_pairs WHERE round_id = $1 AND mentee_id = $2 AND mentor_id = $3",
        id,
        rule.mentee_id,
        rule.mentor_id
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Sends each pair as a request from the programme, tells both sides, and closes the round.
/// A pair whose two already have an open request or mentorship by now is skipped and named.
pub async fn publish(pool: &PgPool, admin: &User, id: Uuid, now: DateTime<Utc>) -> Result<Published, AppError> {
    require_admin(admin)?;
    let mut tx = pool.begin().await?;
    lock_draft(&mut tx, id).await?;
    let round_name = sqlx::query_scalar!(
        "UPDATE matching_rounds SET status = 'published', published_at = $2, published_by = $3
         WHERE id = $1 RETURNING name",
        id,
        now,
        admin.id,
    )
    .fetch_one(&mut *tx)
    .await?;
    let pairs = sqlx::query!(
        r#"SELECT p.mentee_id, p.mentor_id, mentee.name AS mentee_name, mentor.name AS mentor_name,
                  (mentee.active AND mentee.deleted_at IS NULL AND mentor.active AND mentor.deleted_at IS NULL)
                      AS "both_active!"
           FROM round_pairs p
           JOIN users mentee ON mentee.id = p.mentee_id
           JOIN users mentor ON mentor.id = p.mentor_id
           WHERE p.round_id = $1 ORDER BY p.score DESC, p.mentee_id"#,
        id
    )
    .fetch_all(&mut *tx)
    .await?;
    if pairs.is_empty() {
        return Err(AppError::conflict("There are no pairs to publish: compute the round first."));
    }
    let mut skipped = Vec::new();
    let mut sent = 0_i64;
    for pair in pairs {
        // Someone deactivated or deleted since the pairs were proposed gets no request.
        if !pair.both_active {
            skipped.push(Unplaced {
                mentee_id: pair.mentee_id,
                reason: format!("{} or {} no longer has an active account.", pair.mentee_name, pair.mentor_name),
            });
            continue;
        }
        let message = format!(
            "The programme's matching round \"{round_name}\" proposes you as {}'s mentor. Accept or decline as usual.",
            pair.mentee_name
        );
        let request = sqlx::query_scalar!(
            "INSERT INTO mentorship_requests (mentee_id, mentor_id, message, created_at, round_id)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (mentor_id, mentee_id) WHERE open DO NOTHING
             RETURNING id",
            pair.mentee_id,
            pair.mentor_id,
            message,
            now,
            id,
        )
        .fetch_optional(&mut *tx)
        .await?;
        let Some(request_id) = request else {
            skipped.push(Unplaced {
                mentee_id: pair.mentee_id,
                reason: format!(
                    "{} and {} already have an open request or mentorship.",
                    pair.mentee_name, pair.mentor_name
                ),
            });
            continue;
        };
        sqlx::query!(
            "UPDATE round_pairs SET request_id = $3 WHERE round_id = $1 AND mentee_id = $2",
            id,
            pair.mentee_id,
            request_id
        )
        .execute(&mut *tx)
        .await?;
        notify_about_request(
            &mut tx,
            pair.mentor_id,
            request_id,
            NotificationKind::RequestReceived,
            &format!("The programme proposes {} as your mentee (round \"{round_name}\").", pair.mentee_name),
            "/requests?status=pending",
            now,
        )
        .await?;
        notify(
            &mut tx,
            pair.mentee_id,
            NotificationKind::MatchProposed,
            &format!("The programme proposed {} as your mentor. They will accept or decline soon.", pair.mentor_name),
            &format!("/mentors/{}", pair.mentor_id),
            now,
        )
        .await?;
        sent += 1;
    }
    audit(
        &mut tx,
        admin,
        "round.published",
        serde_json::json!({"round_id": id, "name": round_name, "requests_sent": sent, "skipped": skipped.len()}),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Published { requests_sent: sent, skipped })
}

/// Who a round would usually take: mentees without an active mentorship or open request who
/// joined on or after `joined_since`, and listed mentors with a free place; with a `topic`,
/// only mentees with it among their goals and mentors with it among their skills.
pub async fn usual_members(
    pool: &PgPool,
    admin: &User,
    joined_since: DateTime<Utc>,
    topic: Option<&str>,
) -> Result<(Vec<Uuid>, Vec<Uuid>), AppError> {
    require_admin(admin)?;
    let mentees = sqlx::query_scalar!(
        "SELECT u.id FROM users u
         JOIN profiles p ON p.user_id = u.id
         WHERE u.role = 'mentee' AND u.active AND u.deleted_at IS NULL AND u.created_at >= $1
           AND ($3::text IS NULL OR $3 = ANY (p.goals))
           AND NOT EXISTS (SELECT 1 FROM mentorship_requests r WHERE r.mentee_id = u.id AND r.open)
         ORDER BY u.created_at, u.id
         LIMIT $2",
        joined_since,
        MAX_ROUND_MENTEES as i64,
        topic,
    )
    .fetch_all(pool)
    .await?;
    let mentors = sqlx::query_scalar!(
        "SELECT p.user_id FROM profiles p
         WHERE p.listed AND has_free_place(p.accepting_mentees, p.max_mentees, p.active_mentees)
           AND ($2::text IS NULL OR $2 = ANY (p.skills))
         ORDER BY p.user_id
         LIMIT $1",
        MAX_ROUND_MENTORS as i64,
        topic,
    )
    .fetch_all(pool)
    .await?;
    Ok((mentees, mentors))
}

#[cfg(test)]
#[path = "rounds_tests.rs"]
mod tests;
