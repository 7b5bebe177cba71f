//! Matching rounds on a real PostgreSQL: the proposal is the best total (checked by brute force
//! over the real scores), capacities and never-pair rules hold, edits are checked, and
//! publishing sends requests once.

use sqlx::PgPool;

use super::*;
use crate::auth::User;
use crate::matching::rounds;
use crate::test_support::{monday, pair, person};

async fn admin(pool: &PgPool) -> User {
    person(pool, "Ada Admin", "admin", "UTC").await
}

/// A mentor with these skills and `places` free places, Tuesday mornings.
async fn mentor(pool: &PgPool, name: &str, skills: &[&str], places: i32) -> User {
    let user = person(pool, name, "mentor", "UTC").await;
    let skills: Vec<String> = skills.iter().map(|s| s.to_string()).collect();
    sqlx::query!(
        "UPDATE profiles SET headline = 'Mentor', skills = $2, max_mentees = $3 WHERE user_id = $1",
        user.id,
        &skills,
        places
    )
    .execute(pool)
    .await
    .unwrap();
    user
}

async fn mentee(pool: &PgPool, name: &str, goals: &[&str]) -> User {
    let user = person(pool, name, "mentee", "UTC").await;
    let goals: Vec<String> = goals.iter().map(|s| s.to_string()).collect();
    sqlx::query!("UPDATE profiles SET goals = $2 WHERE user_id = $1", user.id, &goals).execute(pool).await.unwrap();
    user
}

async fn open(pool: &PgPool, admin: &User, mentees: &[&User], mentors: &[&User]) -> Round {
    let input = NewRound {
        name: "Spring cohort".into(),
        mentee_ids: mentees.iter().map(|m| m.id).collect(),
        mentor_ids: mentors.iter().map(|m| m.id).collect(),
    };
    rounds::create(pool, admin, &input, monday()).await.unwrap()
}

fn pairs_of(assignment: &Assignment) -> Vec<(Uuid, Uuid)> {
    let mut pairs: Vec<(Uuid, Uuid)> = assignment.pairs.iter().map(|p| (p.mentee_id, p.mentor_id)).collect();
    pairs.sort();
    pairs
}

/// The best total over every feasible assignment of the scored pairs (tiny rounds only).
fn brute_force_best(scored: &[rounds::ScoredPair], mentees: &[Uuid]) -> i64 {
    fn go(
        at: usize,
        mentees: &[Uuid],
        scored: &[rounds::ScoredPair],
        used: &mut std::collections::HashMap<Uuid, i32>,
    ) -> i64 {
        let Some(mentee) = mentees.get(at) else { return 0 };
        let mut best = go(at + 1, mentees, scored, used);
        for option in scored.iter().filter(|s| s.pair.mentee_id == *mentee) {
            let taken = used.get(&option.pair.mentor_id).copied().unwrap_or(0);
            if taken < option.mentor_free_places {
                used.insert(option.pair.mentor_id, taken + 1);
                best = best.max(i64::from(option.pair.score) + go(at + 1, mentees, scored, used));
                used.insert(option.pair.mentor_id, taken);
            }
        }
        best
    }
    go(0, mentees, scored, &mut std::collections::HashMap::new())
}

#[sqlx::test(migrations = "../migrations")]
async fn the_proposal_has_the_best_total(pool: PgPool) {
    let admin = admin(&pool).await;
    let tags = ["rust", "go", "python", "design", "career growth"];
    // A small deterministic mix of goals and skills, several rounds of it.
    let mut seed = 7_u32;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        seed
    };
    for case in 0..4 {
        let mut mentees = Vec::new();
        for i in 0..4 {
            let goals: Vec<&str> = tags.iter().copied().filter(|_| next() % 3 == 0).collect();
            mentees.push(mentee(&pool, &format!("Mentee {case}-{i}"), &goals).await);
        }
        let mut mentors = Vec::new();
        for i in 0..3 {
            let skills: Vec<&str> = tags.iter().copied().filter(|_| next() % 2 == 0).collect();
            mentors.push(mentor(&pool, &format!("Mentor {case}-{i}"), &skills, 1 + (next() % 2) as i32).await);
        }
        let round = open(&pool, &admin, &mentees.iter().collect::<Vec<_>>(), &mentors.iter().collect::<Vec<_>>()).await;
        let proposal = rounds::compute(&pool, &admin, round.id, monday()).await.unwrap();
        let scored = rounds::scored_pairs(&pool, round.id, None, monday()).await.unwrap();
        let ids: Vec<Uuid> = mentees.iter().map(|m| m.id).collect();
        assert_eq!(proposal.total_score, brute_force_best(&scored, &ids), "case {case}");
        assert_eq!(proposal.total_score, proposal.pairs.iter().map(|p| i64::from(p.score)).sum::<i64>());
        assert_eq!(proposal.pairs.len() + proposal.unplaced.len(), 4);
        // What the round page reads back is what was proposed.
        let stored = rounds::get(&pool, &admin, round.id).await.unwrap();
        assert_eq!(pairs_of(&stored.assignment), pairs_of(&proposal));
        assert_eq!(stored.assignment.total_score, proposal.total_score);
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn capacities_never_pair_rules_and_reasons(pool: PgPool) {
    let admin = admin(&pool).await;
    let (ana, ben, cleo) = (
        mentee(&pool, "Ana", &["rust"]).await,
        mentee(&pool, "Ben", &["rust"]).await,
        mentee(&pool, "Cleo", &["rust"]).await,
    );
    let rustacean = mentor(&pool, "Rustacean", &["rust"], 1).await;
    let gopher = mentor(&pool, "Gopher", &["go"], 1).await;
    let round = open(&pool, &admin, &[&ana, &ben, &cleo], &[&rustacean, &gopher]).await;
    let proposal = rounds::compute(&pool, &admin, round.id, monday()).await.unwrap();
    // Two places for three mentees: one left out, with why; each mentor once.
    assert_eq!(proposal.pairs.len(), 2);
    assert_eq!(proposal.unplaced.len(), 1);
    assert!(proposal.unplaced[0].reason.contains("higher scores"), "{:?}", proposal.unplaced);
    let rust_pair = proposal.pairs.iter().find(|p| p.mentor_id == rustacean.id).unwrap();
    assert_eq!(rust_pair.reasons[0], "Shares your goal rust");
    assert!(proposal.pairs[0].score >= proposal.pairs[1].score);

    // Never pair the rust mentor's mentee with them: someone else gets the place.
    let first = rust_pair.mentee_id;
    let rule = Exclusion { mentee_id: first, mentor_id: rustacean.id };
    rounds::exclude(&pool, &admin, round.id, &rule, monday()).await.unwrap();
    let after = rounds::get(&pool, &admin, round.id).await.unwrap();
    assert!(after.assignment.pairs.iter().all(|p| p.mentee_id != first || p.mentor_id != rustacean.id));
    assert_eq!(after.exclusions, std::slice::from_ref(&rule));
    let again = rounds::compute(&pool, &admin, round.id, monday()).await.unwrap();
    assert!(pairs_of(&again).iter().all(|pair| *pair != (first, rustacean.id)));
    assert_eq!(again.pairs.len(), 2);
    let scores =
        rounds::scores(&pool, &admin, round.id, Some(first), PageRequest::new(None, None), monday()).await.unwrap();
    assert_eq!(scores.items.iter().map(|p| p.mentor_id).collect::<Vec<_>>(), [gopher.id]);

    // A mentor who is full takes no one; someone outside the round cannot be excluded.
    let outsider = mentee(&pool, "Dan", &["rust"]).await;
    let refused =
        rounds::exclude(&pool, &admin, round.id, &Exclusion { mentee_id: outsider.id, mentor_id: gopher.id }, monday())
            .await
            .unwrap_err();
    assert_eq!(refused.status_code(), 422);
    pair(&pool, &gopher, &outsider).await;
    let full = rounds::compute(&pool, &admin, round.id, monday()).await.unwrap();
    assert_eq!(full.pairs.len(), 1);
    assert!(full.unplaced.iter().any(|u| u.reason.starts_with("No eligible mentor")));
}

#[sqlx::test(migrations = "../migrations")]
async fn the_admin_edits_are_checked(pool: PgPool) {
    let admin = admin(&pool).await;
    let (ana, ben) = (mentee(&pool, "Ana", &["rust"]).await, mentee(&pool, "Ben", &["go"]).await);
    let (x, y) = (mentor(&pool, "X", &["rust"], 1).await, mentor(&pool, "Y", &["go"], 1).await);
    let round = open(&pool, &admin, &[&ana, &ben], &[&x, &y]).await;
    rounds::compute(&pool, &admin, round.id, monday()).await.unwrap();
    let set = |pairs: Vec<(Uuid, Uuid)>| {
        let pool = pool.clone();
        let admin = admin.clone();
        async move {
            let pairs: Vec<Exclusion> =
                pairs.into_iter().map(|(mentee_id, mentor_id)| Exclusion { mentee_id, mentor_id }).collect();
            rounds::set_pairs(&pool, &admin, round.id, &pairs, monday()).await
        }
    };
    // A swap is two eligible pairs; its total is lower than the optimum's.
    let swapped = set(vec![(ana.id, y.id), (ben.id, x.id)]).await.unwrap();
    assert_eq!(pairs_of(&swapped), {
        let mut expected = vec![(ana.id, y.id), (ben.id, x.id)];
        expected.sort();
        expected
    });
    let removed = set(vec![(ana.id, x.id)]).await.unwrap();
    assert_eq!(removed.unplaced.iter().map(|u| u.mentee_id).collect::<Vec<_>>(), [ben.id]);
    let refusals = [
        vec![(ana.id, x.id), (ana.id, y.id)], // a mentee twice
        vec![(ana.id, x.id), (ben.id, x.id)], // X has one place
        vec![(ana.id, ben.id)],               // not a mentor of the round
    ];
    for pairs in refusals {
        assert_eq!(set(pairs).await.unwrap_err().status_code(), 422);
    }
    rounds::exclude(&pool, &admin, round.id, &Exclusion { mentee_id: ana.id, mentor_id: y.id }, monday())
        .await
        .unwrap();
    assert_eq!(set(vec![(ana.id, y.id)]).await.unwrap_err().status_code(), 422, "never-pair rule");
}

#[sqlx::test(migrations = "../migrations")]
async fn publishing_sends_requests_from_the_programme_once(pool: PgPool) {
    let admin = admin(&pool).await;
    let (ana, ben) = (mentee(&pool, "Ana", &["rust"]).await, mentee(&pool, "Ben", &["go"]).await);
    let (x, y) = (mentor(&pool, "X", &["rust"], 1).await, mentor(&pool, "Y", &["go"], 1).await);
    let round = open(&pool, &admin, &[&ana, &ben], &[&x, &y]).await;
    assert_eq!(
        rounds::publish(&pool, &admin, round.id, monday()).await.unwrap_err().status_code(),
        409,
        "nothing computed"
    );
    rounds::compute(&pool, &admin, round.id, monday()).await.unwrap();
    // Ben writes to Y himself before the round goes out: that pair is skipped, not doubled.
    crate::requests::service::send(&pool, &ben, y.id, "Hello", monday()).await.unwrap();
    // Cleo's mentor leaves the programme meanwhile: no request to a deactivated account.
    let cleo = mentee(&pool, "Cleo", &["design"]).await;
    let z = mentor(&pool, "Z", &["design"], 1).await;
    let other = open(&pool, &admin, &[&cleo], &[&z]).await;
    rounds::compute(&pool, &admin, other.id, monday()).await.unwrap();
    sqlx::query!("UPDATE users SET active = false WHERE id = $1", z.id).execute(&pool).await.unwrap();
    let nobody = rounds::publish(&pool, &admin, other.id, monday()).await.unwrap();
    assert_eq!((nobody.requests_sent, nobody.skipped.len()), (0, 1));
    assert!(nobody.skipped[0].reason.contains("no longer has an active account"));

    let (one, two) = tokio::join!(
        rounds::publish(&pool, &admin, round.id, monday()),
        rounds::publish(&pool, &admin, round.id, monday())
    );
    let (published, refused) = match (one, two) {
        (Ok(published), Err(err)) | (Err(err), Ok(published)) => (published, err),
        other => panic!("exactly one publish succeeds: {other:?}"),
    };
    assert_eq!(refused.status_code(), 409);
    assert_eq!(published.requests_sent, 1);
    assert_eq!(published.skipped.len(), 1);
    assert_eq!(published.skipped[0].mentee_id, ben.id);

    let request = sqlx::query!(
        "SELECT id, status::text AS \"status!\", round_id, message FROM mentorship_requests WHERE mentee_id = $1",
        ana.id
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!((request.status.as_str(), request.round_id), ("pending", Some(round.id)));
    assert!(request.message.contains("Spring cohort"));
    let kinds = |user: Uuid| {
        let pool = pool.clone();
        async move {
            sqlx::query_scalar!("SELECT kind::text AS \"kind!\" FROM notifications WHERE user_id = $1", user)
                .fetch_all(&pool)
                .await
                .unwrap()
        }
    };
    assert_eq!(kinds(x.id).await, ["request_received"]);
    assert_eq!(kinds(ana.id).await, ["match_proposed"]);
    let audit = sqlx::query_scalar!("SELECT action FROM audit_log WHERE admin_id = $1 ORDER BY id", admin.id)
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(audit, ["round.created", "round.created", "round.published", "round.published"]);

    // The mentor decides as usual; the round no longer changes.
    crate::requests::service::accept(&pool, &x, request.id, monday()).await.unwrap();
    let shown = rounds::get(&pool, &admin, round.id).await.unwrap();
    assert_eq!((shown.status, shown.requests_sent), (RoundStatus::Published, 1));
    assert_eq!(rounds::compute(&pool, &admin, round.id, monday()).await.unwrap_err().status_code(), 409);
}

#[sqlx::test(migrations = "../migrations")]
async fn rounds_are_for_admins_with_real_members(pool: PgPool) {
    let admin = admin(&pool).await;
    let ana = mentee(&pool, "Ana", &["rust"]).await;
    let x = mentor(&pool, "X", &["rust"], 1).await;
    let input = |name: &str, mentees: Vec<Uuid>, mentors: Vec<Uuid>| NewRound {
        name: name.into(),
        mentee_ids: mentees,
        mentor_ids: mentors,
    };
    let fields = |err: AppError| {
        let mut keys: Vec<String> = err.fields().keys().cloned().collect();
        keys.sort();
        keys
    };
    let empty = rounds::create(&pool, &admin, &input(" ", vec![], vec![]), monday()).await.unwrap_err();
    assert_eq!(fields(empty), ["mentee_ids", "mentor_ids", "name"]);
    let swapped = rounds::create(&pool, &admin, &input("R", vec![x.id], vec![ana.id]), monday()).await.unwrap_err();
    assert_eq!(fields(swapped), ["mentee_ids", "mentor_ids"]);
    assert_eq!(
        rounds::create(&pool, &ana, &input("R", vec![ana.id], vec![x.id]), monday()).await.unwrap_err().status_code(),
        403
    );
    assert_eq!(rounds::get(&pool, &admin, Uuid::new_v4()).await.unwrap_err().status_code(), 404);
    let listed = rounds::list(&pool, &admin, PageRequest::new(None, None)).await.unwrap();
    assert_eq!(listed.total, 0);
}
