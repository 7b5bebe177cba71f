//! The directory search on a real PostgreSQL: what people type (a table of query → mentors),
//! the ranking, the filters, the facets, the highlighting and the refusals.

use super::*;
use crate::auth::User;
use crate::directory::{SortOrder, TextPart};
use crate::test_support::{monday, pair, person, session, utc};

/// A listed mentor: a profile with these words, two free places, Tuesday mornings 09–12.
async fn mentor(pool: &PgPool, name: &str, headline: &str, skills: &[&str], bio: &str) -> User {
    let user = person(pool, name, "mentor", "UTC").await;
    let skills: Vec<String> = skills.iter().map(|s| s.to_string()).collect();
    sqlx::query!(
        "UPDATE profiles SET headline = $2, skills = $3, bio = $4, max_mentees = 2 WHERE user_id = $1",
        user.id,
        headline,
        &skills,
        bio,
    )
    .execute(pool)
    .await
    .unwrap();
    weekly_hours(pool, name).await;
    user
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

pub(super) async fn set_rating(pool: &PgPool, mentor: uuid::Uuid, count: i32, sum: i32) {
    sqlx::query!("UPDATE profiles SET rating_count = $2, rating_sum = $3 WHERE user_id = $1", mentor, count, sum)
        .execute(pool)
        .await
        .unwrap();
}

async fn find(pool: &PgPool, query: DirectoryQuery) -> DirectoryResults {
    search(pool, &query, None, monday()).await.unwrap()
}

async fn words(pool: &PgPool, q: &str) -> DirectoryResults {
    find(pool, DirectoryQuery { q: Some(q.into()), ..Default::default() }).await
}

fn names(found: &DirectoryResults) -> Vec<&str> {
    found.items.iter().map(|m| m.name.as_str()).collect()
}

/// The people of the search table.
async fn cast(pool: &PgPool) {
    mentor(pool, "Ana Rust", "Systems programmer", &["rust", "databases"], "I also coach career growth.").await;
    mentor(pool, "Ben Go", "Backend engineer who likes Rust", &["go"], "").await;
    mentor(pool, "Cleo Design", "Design lead", &["ux design", "product management"], "").await;
    mentor(
        pool,
        "Zoë Lambert",
        "Engineering manager and career coach",
        &["leadership"],
        "I lead teams and help with designing systems.",
    )
    .await;
    mentor(pool, "Dev Patel", "Data scientist", &["python", "machine learning"], "").await;
    mentor(pool, "Eli Moreau", "Principal engineer", &["system design", "distributed systems"], "Kubernetes upgrades.")
        .await;
}

#[sqlx::test(migrations = "../migrations")]
async fn searches_as_people_type_them(pool: PgPool) {
    cast(&pool).await;
    let everyone = ["Ana Rust", "Ben Go", "Cleo Design", "Zoë Lambert", "Dev Patel", "Eli Moreau"];
    // query, the mentors found (best first), and for the order only the first `ranked` count.
    let table: &[(&str, &[&str], usize)] = &[
        // A listed skill outranks a headline mention.
        ("rust", &["Ana Rust", "Ben Go"], 2),
        // Every word counts, in any order: both words first, then either.
        ("rust career", &["Ana Rust", "Ben Go", "Zoë Lambert"], 1),
        ("career rust", &["Ana Rust", "Ben Go", "Zoë Lambert"], 1),
        ("RUST   Career", &["Ana Rust", "Ben Go", "Zoë Lambert"], 1),
        // Word forms: "leads" finds "lead"; "designing systems" finds "system design".
        ("leads", &["Cleo Design", "Zoë Lambert"], 2),
        ("designing systems", &["Eli Moreau", "Zoë Lambert", "Ana Rust", "Cleo Design"], 2),
        // Accents do not matter, either way round.
        ("zoe", &["Zoë Lambert"], 1),
        ("Patél", &["Dev Patel"], 1),
        // Typos in words of four letters or more.
        ("pyhton", &["Dev Patel"], 1),
        ("kubernets", &["Eli Moreau"], 1),
        ("rsut", &["Ana Rust", "Ben Go"], 2),
        ("desgin", &["Cleo Design", "Eli Moreau", "Zoë Lambert"], 0),
        // ... but not in shorter words, which match too much by accident.
        ("pyt", &[], 0),
        // Quoted phrases keep their words together and in order.
        ("\"system design\"", &["Eli Moreau"], 1),
        ("\"designing systems\"", &["Zoë Lambert"], 1),
        // Exclusions.
        ("design -ux", &["Eli Moreau", "Zoë Lambert"], 1),
        ("rust -\"likes rust\"", &["Ana Rust"], 1),
        ("-rust", &["Cleo Design", "Zoë Lambert", "Dev Patel", "Eli Moreau"], 0),
        // Names, and words that are only stop words.
        ("patel", &["Dev Patel"], 1),
        ("the", &everyone, 0),
        // Typed wildcards and punctuation are just text.
        ("100%_", &[], 0),
        ("rust!!!", &["Ana Rust", "Ben Go"], 2),
    ];
    for (query, expected, ranked) in table {
        let found = words(&pool, query).await;
        let mut got = names(&found);
        assert_eq!(got[..(*ranked).min(got.len())], expected[..*ranked], "order for {query:?}");
        let mut want = expected.to_vec();
        got.sort_unstable();
        want.sort_unstable();
        assert_eq!(got, want, "mentors for {query:?}");
        assert_eq!(found.total, expected.len() as i64, "total for {query:?}");
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn skills_and_headline_rank_above_the_bio(pool: PgPool) {
    mentor(&pool, "Bio Only", "Engineer", &["go"], "Kubernetes is my hobby, kubernetes all day.").await;
    mentor(&pool, "Headline", "Kubernetes consultant", &["go"], "").await;
    mentor(&pool, "Skill", "Engineer", &["kubernetes"], "").await;
    assert_eq!(names(&words(&pool, "kubernetes").await), ["Skill", "Headline", "Bio Only"]);
}

#[sqlx::test(migrations = "../migrations")]
async fn equal_matches_go_to_free_places_then_ratings(pool: PgPool) {
    let full = mentor(&pool, "Full", "Engineer", &["rust"], "").await;
    let fair = mentor(&pool, "Fair", "Engineer", &["rust"], "").await;
    let good = mentor(&pool, "Good", "Engineer", &["rust"], "").await;
    mentor(&pool, "Unrated", "Engineer", &["rust"], "").await;
    sqlx::query!("UPDATE profiles SET max_mentees = 1 WHERE user_id = $1", full.id).execute(&pool).await.unwrap();
    let mentee = person(&pool, "Mia", "mentee", "UTC").await;
    pair(&pool, &full, &mentee).await;
    set_rating(&pool, full.id, 20, 100).await;
    set_rating(&pool, fair.id, 10, 35).await;
    set_rating(&pool, good.id, 10, 48).await;
    assert_eq!(names(&words(&pool, "rust").await), ["Good", "Fair", "Unrated", "Full"]);
    // Without words: the same tie-breakers.
    assert_eq!(names(&find(&pool, DirectoryQuery::default()).await), ["Good", "Fair", "Unrated", "Full"]);
    let sorted = find(&pool, DirectoryQuery { sort: SortOrder::Rating, ..Default::default() }).await;
    assert_eq!(names(&sorted), ["Full", "Good", "Fair", "Unrated"]);
    assert_eq!(sorted.items[0].active_mentees, 1);
    assert!(!sorted.items[0].has_free_place);
}

#[sqlx::test(migrations = "../migrations")]
async fn the_card_says_what_matched(pool: PgPool) {
    cast(&pool).await;
    let found = words(&pool, "rust career").await;
    let ana = found.items[0].matched.clone().unwrap();
    assert_eq!(ana.terms, ["rust", "career"]);
    assert_eq!(ana.skills, ["rust"]);
    assert_eq!(ana.headline, [TextPart { text: "Systems programmer".into(), hit: false }]);
    let bio_hits: Vec<&str> = ana.bio.iter().filter(|part| part.hit).map(|part| part.text.as_str()).collect();
    assert_eq!(bio_hits, ["career"]);
    let ben = found.items.iter().find(|m| m.name == "Ben Go").unwrap().matched.clone().unwrap();
    assert_eq!(ben.terms, ["rust"]);
    assert!(ben.skills.is_empty() && ben.bio.is_empty());
    assert_eq!(
        ben.headline,
        [
            TextPart { text: "Backend engineer who likes ".into(), hit: false },
            TextPart { text: "Rust".into(), hit: true },
        ]
    );
    // A corrected typo highlights the word it found.
    let dev = words(&pool, "pyhton").await.items.remove(0).matched.unwrap();
    assert_eq!((dev.terms, dev.skills), (vec!["pyhton".to_owned()], vec!["python".to_owned()]));
    // Without search words there is nothing to mark.
    assert!(find(&pool, DirectoryQuery::default()).await.items.iter().all(|m| m.matched.is_none()));
}

#[sqlx::test(migrations = "../migrations")]
async fn filters_compose_with_the_words(pool: PgPool) {
    cast(&pool).await;
    let ana = |q: &str, skill: &str| DirectoryQuery {
        q: (!q.is_empty()).then(|| q.to_owned()),
        skill: Some(skill.into()),
        ..Default::default()
    };
    assert_eq!(names(&find(&pool, ana("", "Rust, databases")).await), ["Ana Rust"]);
    assert_eq!(names(&find(&pool, ana("", "rust,go")).await), Vec::<&str>::new());
    assert_eq!(names(&find(&pool, ana("career", "rust")).await), ["Ana Rust"]);

    sqlx::query!("UPDATE profiles SET accepting_mentees = false WHERE skills @> '{go}'").execute(&pool).await.unwrap();
    let accepting = find(&pool, DirectoryQuery { q: Some("rust".into()), accepting: true, ..Default::default() }).await;
    assert_eq!(names(&accepting), ["Ana Rust"]);

    let dev = sqlx::query_scalar!("SELECT id FROM users WHERE name = 'Dev Patel'").fetch_one(&pool).await.unwrap();
    set_rating(&pool, dev, 3, 14).await;
    let rated = find(&pool, DirectoryQuery { min_rating: Some(4.5), ..Default::default() }).await;
    assert_eq!(names(&rated), ["Dev Patel"]);
    assert_eq!(find(&pool, DirectoryQuery { min_rating: Some(5.0), ..Default::default() }).await.total, 0);
}

#[sqlx::test(migrations = "../migrations")]
async fn time_zone_overlap_measures_from_me(pool: PgPool) {
    mentor(&pool, "London", "Engineer", &["rust"], "").await;
    let tokyo = mentor(&pool, "Tokyo", "Engineer", &["rust"], "").await;
    let new_york = mentor(&pool, "New York", "Engineer", &["rust"], "").await;
    for (who, zone) in [(&tokyo, "Asia/Tokyo"), (&new_york, "America/New_York")] {
        sqlx::query!("UPDATE profiles SET timezone = $2 WHERE user_id = $1", who.id, zone)
            .execute(&pool)
            .await
            .unwrap();
    }
    let near = |hours: u32, tz: Option<&str>| DirectoryQuery {
        tz_within: Some(hours),
        tz: tz.map(str::to_owned),
        sort: SortOrder::Name,
        ..Default::default()
    };
    // June: Berlin is UTC+2, London (the fixture's UTC) 2 hours away, New York 6, Tokyo 7.
    for (hours, expected) in
        [(2, vec!["London"]), (6, vec!["London", "New York"]), (7, vec!["London", "New York", "Tokyo"])]
    {
        let found = search(&pool, &near(hours, None), Some("Europe/Berlin"), monday()).await.unwrap();
        assert_eq!(names(&found), expected, "within {hours} h of Berlin");
    }
    // A zone in the query wins over the viewer's.
    let from_seoul = search(&pool, &near(0, Some("Asia/Seoul")), Some("Europe/Berlin"), monday()).await.unwrap();
    assert_eq!(names(&from_seoul), ["Tokyo"]);
    // Nobody signed in and no zone: measured from UTC.
    assert_eq!(names(&find(&pool, near(1, None)).await), ["London"]);
}

#[sqlx::test(migrations = "../migrations")]
async fn open_hours_this_week(pool: PgPool) {
    let free = mentor(&pool, "Free", "Engineer", &["rust"], "").await;
    let booked = mentor(&pool, "Booked", "Engineer", &["rust"], "").await;
    let away = mentor(&pool, "Away", "Engineer", &["rust"], "").await;
    let almost = mentor(&pool, "Almost", "Engineer", &["rust"], "").await;
    // Booked: the whole Tuesday morning; Almost: all but 30 minutes of it.
    for (who, hours) in [(&booked, 3), (&almost, 2)] {
        let mentee = person(&pool, "Mia", "mentee", "UTC").await;
        let mentorship = pair(&pool, who, &mentee).await;
        for hour in 0..hours {
            let start = utc(2030, 6, 4, 9 + hour, 0);
            session(&pool, mentorship, who, &mentee, start, 60, monday()).await;
        }
        if hours == 2 {
            session(&pool, mentorship, who, &mentee, utc(2030, 6, 4, 11, 0), 30, monday()).await;
        }
    }
    sqlx::query!("INSERT INTO availability_days_off (mentor_id, day) VALUES ($1, '2030-06-04')", away.id)
        .execute(&pool)
        .await
        .unwrap();
    let open = find(&pool, DirectoryQuery { has_hours: true, sort: SortOrder::Name, ..Default::default() }).await;
    assert_eq!(names(&open), ["Almost", "Free"]);
    assert!(open.items.iter().any(|m| m.id == free.id));
    // Next week the days off and the bookings are behind: everyone has hours.
    let later = search(&pool, &DirectoryQuery { has_hours: true, ..Default::default() }, None, utc(2030, 6, 10, 6, 0))
        .await
        .unwrap();
    assert_eq!(later.total, 4);
}

#[sqlx::test(migrations = "../migrations")]
async fn facets_count_skills_among_all_results(pool: PgPool) {
    cast(&pool).await;
    mentor(&pool, "Fay Rust", "Engineer", &["rust", "go"], "").await;
    let asking = |page| DirectoryQuery {
        q: Some("rust".into()),
        per_page: Some(1),
        page: Some(page),
        facets: true,
        ..Default::default()
    };
    let found = find(&pool, asking(1)).await;
    assert_eq!(found.total, 3);
    let facets: Vec<(&str, i64)> = found.facets.iter().map(|f| (f.skill.as_str(), f.mentors)).collect();
    assert_eq!(facets, [("go", 2), ("rust", 2), ("databases", 1)]);
    // The same facets and total on a page past the end.
    let beyond = find(&pool, asking(9)).await;
    assert_eq!((beyond.items.len(), beyond.total, beyond.facets), (0, 3, found.facets));
    // Only when asked for.
    assert!(find(&pool, DirectoryQuery { facets: false, ..asking(1) }).await.facets.is_empty());
}

#[sqlx::test(migrations = "../migrations")]
async fn sorting_and_paging(pool: PgPool) {
    cast(&pool).await;
    let by_name =
        |page| DirectoryQuery { sort: SortOrder::Name, page: Some(page), per_page: Some(4), ..Default::default() };
    assert_eq!(names(&find(&pool, by_name(1)).await), ["Ana Rust", "Ben Go", "Cleo Design", "Dev Patel"]);
    let second = find(&pool, by_name(2)).await;
    assert_eq!((names(&second), second.total, second.total_pages()), (vec!["Eli Moreau", "Zoë Lambert"], 6, 2));
    let newest = find(&pool, DirectoryQuery { sort: SortOrder::Newest, ..Default::default() }).await;
    assert_eq!(names(&newest)[0], "Eli Moreau");
}

#[sqlx::test(migrations = "../migrations")]
async fn bad_searches_are_refused_by_field(pool: PgPool) {
    let refused = |query: DirectoryQuery| {
        let pool = pool.clone();
        async move {
            let err = search(&pool, &query, None, monday()).await.unwrap_err();
            (err.status_code(), err.fields().keys().cloned().collect::<Vec<_>>())
        }
    };
    let field = |name: &str| (422, vec![name.to_owned()]);
    assert_eq!(refused(DirectoryQuery { q: Some("x".repeat(101)), ..Default::default() }).await, field("q"));
    assert_eq!(refused(DirectoryQuery { tz_within: Some(13), ..Default::default() }).await, field("tz_within"));
    assert_eq!(
        refused(DirectoryQuery { tz_within: Some(2), tz: Some("Mars/Olympus".into()), ..Default::default() }).await,
        field("tz")
    );
    assert_eq!(refused(DirectoryQuery { tz: Some("Nowhere/\0".into()), ..Default::default() }).await, field("tz"));
    assert_eq!(refused(DirectoryQuery { min_rating: Some(0.5), ..Default::default() }).await, field("min_rating"));
    assert_eq!(refused(DirectoryQuery { per_page: Some(500), ..Default::default() }).await, field("per_page"));
}

#[sqlx::test(migrations = "../migrations")]
async fn the_database_keeps_the_search_in_step(pool: PgPool) {
    let ana = mentor(&pool, "Old Name", "Engineer", &["go"], "").await;
    sqlx::query!("UPDATE users SET name = 'Zelda Quartz' WHERE id = $1", ana.id).execute(&pool).await.unwrap();
    assert_eq!(words(&pool, "quartz").await.total, 1);
    sqlx::query!("UPDATE profiles SET bio = 'Loves gardening' WHERE user_id = $1", ana.id)
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(names(&words(&pool, "garden").await), ["Zelda Quartz"]);
    // A word added later is known to the typo correction.
    assert_eq!(names(&words(&pool, "gardning").await), ["Zelda Quartz"]);

    // The stored active-mentee count and listing follow mentorships, hours and the account.
    let mentee = person(&pool, "Mia", "mentee", "UTC").await;
    let mentorship = pair(&pool, &ana, &mentee).await;
    let stored = || async {
        sqlx::query!(
            r#"SELECT active_mentees, listed, active_mentee_count(user_id) AS "counted!" FROM profiles WHERE user_id = $1"#,
            ana.id
        )
        .fetch_one(&pool)
        .await
        .unwrap()
    };
    let row = stored().await;
    assert_eq!((row.active_mentees, row.counted, row.listed), (1, 1, true));
    sqlx::query!("UPDATE mentorships SET ended_at = now() WHERE id = $1", mentorship).execute(&pool).await.unwrap();
    assert_eq!(stored().await.active_mentees, 0);
    sqlx::query!("DELETE FROM availability_blocks WHERE mentor_id = $1", ana.id).execute(&pool).await.unwrap();
    assert!(!stored().await.listed);
    weekly_hours(&pool, "Zelda Quartz").await;
    assert!(stored().await.listed);
    sqlx::query!("UPDATE users SET active = false WHERE id = $1", ana.id).execute(&pool).await.unwrap();
    assert!(!stored().await.listed);
    assert_eq!(find(&pool, DirectoryQuery::default()).await.total, 0);
}
