//! The front page: what the platform does for visitors, where to go next for members.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::auth::{Role, User};
use crate::directory::pages::Suggestions;
use crate::ui::app::use_session;

#[component]
pub fn HomePage() -> impl IntoView {
    let session = use_session();
    view! {
        <Title text="" />
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
    view! {
        <section class="hero">
            <h1>"Find the mentor who has walked your path."</h1>
            <p class="lead">
                "A mentoring programme in one place: mentees find mentors by skill and goal, "
                "send a request, and book sessions in each other's time zones. Mentors choose whom "
                "they take on and when they are available. Admins see it all."
            </p>
            <div class="hero-actions">
                <A href="/signup?role=mentee" attr:class="button">
                    "Find a mentor"
                </A>
                <A href="/signup?role=mentor" attr:class="button button-secondary">
                    "Become a mentor"
                </A>
            </div>
        </section>
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

#[component]
fn MemberHome(user: User) -> impl IntoView {
    let first_name = user.name.split_whitespace().next().unwrap_or_default().to_owned();
    let next_step = match user.role {
        Role::Mentor => {
            let href = format!("/mentors/{}", user.id);
            view! {
                <p>
                    "Keep your skills and capacity up to date so mentees can find you. "
                    <A href=href>"See your public page"</A>
                    "."
                </p>
            }
                .into_any()
        }
        Role::Mentee => {
            view! {
                <p>
                    "Your goals are how we match you with mentors. "
                    <A href="/mentors">"Browse the directory"</A>
                    " or start with these:"
                </p>
                <Suggestions />
            }
                .into_any()
        }
        Role::Admin => view! { <p>"You are signed in as an administrator."</p> }.into_any(),
    };
    view! {
        <section class="card">
            <h1>"Welcome back, " {first_name}</h1>
            {next_step}
            <p>
                <A href="/profile" attr:class="button">
                    "Edit your profile"
                </A>
            </p>
        </section>
    }
}
