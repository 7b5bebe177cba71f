//! The front page: what the platform does for visitors, where to go next for members.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::admin::pages::StatsView;
use crate::admin::server_fns::load_admin_stats;
use crate::auth::server_fns::signed_in_before;
use crate::auth::session::use_session;
use crate::auth::{Role, User};
use crate::directory::ProgrammeNumbers;
use crate::directory::pages::Suggestions;
use crate::directory::server_fns::load_programme_numbers;
use crate::feedback::pages::MentorRatings;
use crate::listing::pages::ListingStatus;
use crate::requests::Direction;
use crate::requests::Mentorship;
use crate::requests::server_fns::{my_mentorships, my_requests};
use crate::sessions::SessionStatus;
use crate::sessions::server_fns::my_sessions;
use crate::ui::forms::ErrorAlert;

#[component]
pub fn HomePage() -> impl IntoView {
    let session = use_session();
    view! {
        <Title text="Home" />
        <Transition fallback=|| view! { <Landing /> }>
            {move || Suspend::new(async move {
                match session.user.await {
                    Ok(Some(user)) => view! { <MemberHome user /> }.into_any(),
                    _ => view! { <Landing /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Landing() -> impl IntoView {
    let numbers = Resource::new(|| (), |_| load_programme_numbers());
    view! {
        <section class="hero">
            <h1>"Find the mentor who has walked your path."</h1>
            <p class="lead">
                "A mentoring programme in one place: mentees find mentors by skill and goal, "
                "send a request, and book sessions in each other's time zones. Mentors choose whom "
                "they take on and when they are available. Admins see it all."
            </p>
            <div class="hero-actions">
                <a href="/signup?role=mentee" class="button">
                    "Find a mentor"
                </a>
                <a href="/signup?role=mentor" class="button button-secondary">
                    "Become a mentor"
                </a>
            </div>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move { numbers.await.ok().map(|numbers| view! { <Numbers numbers /> }) })}
            </Suspense>
        </section>
        <section class="offer" aria-label="What you get">
            <div class="offer-side">
                <h2>"As a mentee"</h2>
                <ul class="checklist">
                    <li class="check-done">"Suggestions that explain themselves: mentors whose skills match your goals"</li>
                    <li class="check-done">"A mentor's hours in your own time zone, booked in two clicks"</li>
                    <li class="check-done">"Sessions in your calendar (.ics) with the meeting link"</li>
                    <li class="check-done">"Ratings from earlier mentees to choose by"</li>
                </ul>
            </div>
            <div class="offer-side">
                <h2>"As a mentor"</h2>
                <ul class="checklist">
                    <li class="check-done">"You decide whom you take on, and how many at once"</li>
                    <li class="check-done">"Weekly hours and days off, never double-booked"</li>
                    <li class="check-done">"A mentee's goals, skills and time zone before you accept"</li>
                    <li class="check-done">"One place for requests, sessions and feedback"</li>
                </ul>
            </div>
        </section>
        <figure class="product-shot">
            <img
                src="/product-directory.jpg"
                width="1200"
                height="675"
                loading="lazy"
                alt="The mentor directory: cards with each mentor's headline, skills, rating and free places."
            />
            <figcaption class="muted small">"The mentor directory, as a mentee sees it."</figcaption>
        </figure>
        <section class="features" aria-label="How it works">
            <div class="feature">
                <h2>"1 · Match"</h2>
                <p>"Say what you want to grow in; we suggest mentors whose skills fit."</p>
            </div>
            <div class="feature">
                <h2>"2 · Ask"</h2>
                <p>"Send a short request. Mentors accept when they have room."</p>
            </div>
            <div class="feature">
                <h2>"3 · Meet"</h2>
                <p>"Book a slot from the mentor's weekly availability, shown in your time zone."</p>
            </div>
            <div class="feature">
                <h2>"4 · Reflect"</h2>
                <p>"Rate each session; feedback helps the next mentee choose."</p>
            </div>
        </section>
    }
}

/// "32 mentors to choose from · 21 with a free place · 480 sessions held · ★ 4.6 from 300 ratings"
#[component]
fn Numbers(numbers: ProgrammeNumbers) -> impl IntoView {
    let plural = |n: i64, one: &str, many: &str| if n == 1 { format!("1 {one}") } else { format!("{n} {many}") };
    let mut figures = vec![
        plural(numbers.listed_mentors, "mentor to choose from", "mentors to choose from"),
        format!("{} with a free place", numbers.mentors_with_room),
        plural(numbers.sessions_held, "session held", "sessions held"),
    ];
    if let Some(average) = numbers.rating_average {
        figures.push(format!("★ {average:.1} from {}", plural(numbers.rating_count, "rating", "ratings")));
    }
    view! {
        <ul class="numbers" aria-label="The programme in numbers" data-testid="programme-numbers">
            {figures.into_iter().map(|figure| view! { <li>{figure}</li> }).collect_view()}
        </ul>
    }
}

#[component]
fn MemberHome(user: User) -> impl IntoView {
    let first_name = user.name.split_whitespace().next().unwrap_or_default().to_owned();
    let body = match user.role {
        Role::Mentor => {
            let href = format!("/mentors/{}", user.id);
            view! {
                <p class="lead">
                    "Here is what needs you. Mentees see " <A href=href>"your public page"</A> "."
                </p>
                <ListingStatus />
                <div class="home-grid">
                    <OpenRequests heading="Waiting for your answer" empty="No requests waiting. Mentees find you through the directory." />
                    <UpcomingSessions />
                    <div class="home-panel">
                        <MentorRatings mentor_id=user.id />
                    </div>
                </div>
            }
                .into_any()
        }
        Role::Mentee => view! { <MenteeStart /> }.into_any(),
        Role::Admin => view! { <AdminHome /> }.into_any(),
    };
    let returning = Resource::new(|| (), |_| signed_in_before());
    view! {
        <section class="card wide">
            <Suspense fallback=|| ()>
                {move || {
                    let first_name = first_name.clone();
                    Suspend::new(async move {
                        let greeting = if returning.await.unwrap_or(true) { "Welcome back, " } else { "Welcome, " };
                        view! { <h1>{greeting} {first_name}</h1> }
                    })
                }}
            </Suspense>
            {body}
        </section>
    }
}

/// A mentee's home below the greeting. Paired: their mentor with the way to book, and their
/// sessions. Not yet: their open requests and mentors to ask.
#[component]
fn MenteeStart() -> impl IntoView {
    let mentorships = Resource::new(|| (), |_| my_mentorships());
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let mentors: Vec<Mentorship> = mentorships
                    .await
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|mentorship| mentorship.ended_at.is_none())
                    .collect();
                if mentors.is_empty() {
                    view! {
                        <p class="lead">
                            "Your goals are how we match you with mentors. "
                            <A href="/mentors">"Browse the directory"</A>
                            " or start with the suggestions below."
                        </p>
                        <div class="home-grid">
                            <OpenRequests heading="Your open requests" empty="No open requests. Ask a mentor below when one fits." />
                            <UpcomingSessions />
                        </div>
                        <Suggestions />
                    }
                        .into_any()
                } else {
                    view! {
                        <p class="lead">"You are paired: book your next session whenever it suits you both."</p>
                        <div class="home-grid">
                            <section class="home-panel" aria-labelledby="home-mentor">
                                <h2 id="home-mentor">{if mentors.len() == 1 { "Your mentor" } else { "Your mentors" }}</h2>
                                <ul class="home-list">
                                    {mentors
                                        .into_iter()
                                        .map(|mentorship| {
                                            let profile = format!("/mentors/{}", mentorship.mentor_id);
                                            let book = format!("/mentors/{}/book", mentorship.mentor_id);
                                            view! {
                                                <li>
                                                    <A href=profile>{mentorship.mentor_name}</A>
                                                    " · "
                                                    <A href=book>"Book a session"</A>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            </section>
                            <UpcomingSessions />
                        </div>
                    }
                        .into_any()
                }
            })}
        </Suspense>
    }
}

/// Pending requests on the viewer's side (inbox for mentors, outbox for mentees).
#[component]
fn OpenRequests(heading: &'static str, empty: &'static str) -> impl IntoView {
    let requests = Resource::new(
        || (),
        |_| {
            my_requests(
                crate::requests::RequestListQuery {
                    direction: None,
                    status: Some(crate::requests::RequestStatus::Pending),
                },
                Default::default(),
            )
        },
    );
    let zone_and_now = crate::ui::zone::viewer_zone_and_now();
    view! {
        <section class="home-panel" aria-labelledby="home-requests">
            <h2 id="home-requests">{heading}</h2>
            <Transition fallback=|| view! { <p class="loading">"Loading requests…"</p> }>
                {move || Suspend::new(async move {
                    let (zone, now) = zone_and_now.await;
                    match requests.await {
                        Ok(overview) if overview.page.items.is_empty() => view! { <p class="muted">{empty}</p> }.into_any(),
                        Ok(overview) => {
                            let incoming = overview.direction == Direction::Incoming;
                            let total = overview.counts.pending;
                            view! {
                                <ul class="home-list">
                                    {overview
                                        .page
                                        .items
                                        .into_iter()
                                        .take(5)
                                        .map(|r| {
                                            let who = if incoming { format!("From {}", r.mentee_name) } else { format!("To {}", r.mentor_name) };
                                            let day = format!(" · {}", crate::time_display::day_at(r.created_at, &zone, now));
                                            view! { <li>{who} <span class="muted small">{day}</span></li> }
                                        })
                                        .collect_view()}
                                </ul>
                                <p><A href="/requests?status=pending">{format!("All pending requests ({total})")}</A></p>
                            }
                                .into_any()
                        }
                        Err(err) => view! { <ErrorAlert message=err.to_string() /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn UpcomingSessions() -> impl IntoView {
    let sessions = Resource::new(|| (), |_| my_sessions(Default::default(), Default::default()));
    view! {
        <section class="home-panel" aria-labelledby="home-sessions">
            <h2 id="home-sessions">"Upcoming sessions"</h2>
            <Transition fallback=|| view! { <p class="loading">"Loading sessions…"</p> }>
                {move || Suspend::new(async move {
                    match sessions.await {
                        Ok(overview) => {
                            let upcoming: Vec<_> = overview
                                .page
                                .items
                                .into_iter()
                                .filter(|card| card.session.status == SessionStatus::Scheduled)
                                .take(3)
                                .collect();
                            if upcoming.is_empty() {
                                view! { <p class="muted">"Nothing booked yet."</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="home-list">
                                        {upcoming
                                            .into_iter()
                                            .map(|card| view! { <li><strong>{card.when}</strong> <span class="muted">{format!(" with {}", card.with_name)}</span></li> })
                                            .collect_view()}
                                    </ul>
                                    <p><A href="/sessions">"All sessions"</A></p>
                                }
                                    .into_any()
                            }
                        }
                        Err(err) => view! { <ErrorAlert message=err.to_string() /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn AdminHome() -> impl IntoView {
    let stats = Resource::new(|| (), |_| load_admin_stats());
    view! {
        <p class="lead">"The programme at a glance. " <A href="/admin/users">"Manage users"</A> "."</p>
        <Transition fallback=|| view! { <p class="loading">"Loading statistics…"</p> }>
            {move || Suspend::new(async move {
                match stats.await {
                    Ok(stats) => view! { <StatsView stats /> }.into_any(),
                    Err(err) => view! { <ErrorAlert message=err.to_string() /> }.into_any(),
                }
            })}
        </Transition>
    }
}
