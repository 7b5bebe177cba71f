//! The HTML shell, the router and the navigation bar.

use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, Link, Meta, MetaTags, Title, provide_meta_context};
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::{SsrMode, path};

use crate::account::pages::{
    AdminDeleteUserPage, ConfirmEmailPage, ForgotPasswordPage, ResetPasswordPage, SettingsPage, UnsubscribePage,
};
use crate::admin::pages::{AdminActivityPage, AdminAuditPage, AdminDashboardPage, AdminUserChangePage, AdminUsersPage};
use crate::auth::pages::{LoginPage, SignupPage};
use crate::auth::session::{Session, use_session};
use crate::auth::{Role, User};
use crate::availability::pages::{AvailabilityPage, BookingPage};
use crate::directory::pages::DirectoryPage;
use crate::listing::pages::AdminMentorsPage;
use crate::mail::pages::AdminOutboxPage;
use crate::matching::pages::{AdminRoundPage, AdminRoundsPage};
use crate::notifications::pages::{NotificationsLink, NotificationsPage, NotificationsState};
use crate::profiles::mentee_page::MenteePage;
use crate::profiles::pages::{MentorPage, ProfilePage};
use crate::requests::pages::{EndMentorshipPage, MentorshipsPage, RequestsPage};
use crate::sessions::pages::SessionsPage;
use crate::ui::home::HomePage;

pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::security::use_request_nonce();
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <AutoReload options=options.clone() />
                // The stylesheet under its content-hashed name when the build hashes files.
                <HashedStylesheet options=options.clone() id="leptos" />
                <HydrationScripts options islands=true />
                // Without scripts the phone menu cannot open: show its links instead.
                <noscript>
                    <link rel="stylesheet" href="/no-script.css" />
                </noscript>
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    Session::provide();
    NotificationsState::provide();

    view! {
        <Link rel="icon" href="/favicon.svg" type_="image/svg+xml" />
        <Meta
            name="description"
            content="Pair mentees with the right mentors, book sessions and collect feedback."
        />
        <Title formatter=|text: String| {
            if text.is_empty() {
                "Mentorship".to_owned()
            } else {
                format!("{text} · Mentorship")
            }
        } />
        <Router>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <NavBar />
            <main id="main" class="container" tabindex="-1">
                // Every route renders in Async mode: the server waits for the page's data and
                // sends complete HTML, so pages read right without JavaScript and can set their
                // status code (404 for an unknown mentor). The data is one or two indexed queries.
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("/signup") view=SignupPage ssr=SsrMode::Async />
                    <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async />
                    <Route path=path!("/profile") view=ProfilePage ssr=SsrMode::Async />
                    <Route path=path!("/mentors") view=DirectoryPage ssr=SsrMode::Async />
                    <Route path=path!("/mentors/:id") view=MentorPage ssr=SsrMode::Async />
                    <Route path=path!("/mentees/:id") view=MenteePage ssr=SsrMode::Async />
                    <Route path=path!("/requests") view=RequestsPage ssr=SsrMode::Async />
                    <Route path=path!("/mentorships") view=MentorshipsPage ssr=SsrMode::Async />
                    <Route path=path!("/mentorships/:id/end") view=EndMentorshipPage ssr=SsrMode::Async />
                    <Route path=path!("/mentors/:id/book") view=BookingPage ssr=SsrMode::Async />
                    <Route path=path!("/availability") view=AvailabilityPage ssr=SsrMode::Async />
                    <Route path=path!("/sessions") view=SessionsPage ssr=SsrMode::Async />
                    <Route path=path!("/notifications") view=NotificationsPage ssr=SsrMode::Async />
                    <Route path=path!("/admin") view=AdminDashboardPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/users") view=AdminUsersPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/users/:id/change") view=AdminUserChangePage ssr=SsrMode::Async />
                    <Route path=path!("/admin/mentors") view=AdminMentorsPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/activity") view=AdminActivityPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/audit") view=AdminAuditPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/outbox") view=AdminOutboxPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/rounds") view=AdminRoundsPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/rounds/:id") view=AdminRoundPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/users/:id/delete") view=AdminDeleteUserPage ssr=SsrMode::Async />
                    <Route path=path!("/forgot-password") view=ForgotPasswordPage ssr=SsrMode::Async />
                    <Route path=path!("/reset-password") view=ResetPasswordPage ssr=SsrMode::Async />
                    <Route path=path!("/confirm-email") view=ConfirmEmailPage ssr=SsrMode::Async />
                    <Route path=path!("/unsubscribe") view=UnsubscribePage ssr=SsrMode::Async />
                    <Route path=path!("/settings") view=SettingsPage ssr=SsrMode::Async />
                </Routes>
            </main>
            <footer class="site-footer container">
                <p>"Mentorship Pairing Platform · open source, self-hosted"</p>
            </footer>
            <HydratedMarker />
        </Router>
    }
}

/// The last island on every page. Islands hydrate in document order, each waiting for the one
/// before, so when this one runs the page is interactive: it marks `<body data-hydrated>` for
/// tests (and curious humans in devtools). It also remembers the browser's time zone in a cookie,
/// so the next pages show a visitor's times in it.
#[island]
fn HydratedMarker() -> impl IntoView {
    Effect::new(|_| {
        #[cfg(feature = "hydrate")]
        crate::time_display::remember_browser_zone();
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}

/// A member's links behind a "Menu" button on narrow screens (one header row instead of three);
/// on wide screens the button is hidden and the links show as they are. Escape closes the menu.
/// Without JavaScript a `<noscript>` stylesheet shows the links and hides the button. Lazy: its
/// code is a chunk of its own, fetched on members' pages only, not part of every visitor's page.
#[island(lazy)]
fn NavMenu(unread: i64, children: Children) -> impl IntoView {
    let open = RwSignal::new(false);
    let close_on_escape = move |event: leptos::ev::KeyboardEvent| {
        if event.key() == "Escape" && open.get_untracked() {
            open.set(false);
        }
    };
    view! {
        <div class="nav-menu" class:open=open on:keydown=close_on_escape>
            <button
                type="button"
                class="nav-toggle"
                aria-expanded=move || open.get().to_string()
                aria-controls="nav-menu-links"
                on:click=move |_| open.update(|open| *open = !*open)
            >
                <span aria-hidden="true">"☰ "</span>
                "Menu"
                {(unread > 0)
                    .then(|| {
                        view! {
                            <span class="badge">
                                <span class="visually-hidden">", unread notifications: "</span>
                                {unread}
                            </span>
                        }
                    })}
            </button>
            <div id="nav-menu-links" class="nav-menu-links">
                {children()}
            </div>
        </div>
    }
}

#[component]
fn NavBar() -> impl IntoView {
    let session = use_session();
    let notifications = expect_context::<NotificationsState>();
    view! {
        <header class="site-header">
            <nav class="container nav" aria-label="Main">
                <A href="/" attr:class="brand">
                    <span class="brand-mark" aria-hidden="true">"◆"</span>
                    <span class="brand-name">" Mentorship"</span>
                </A>
                <Transition fallback=|| view! { <span class="nav-placeholder"></span> }>
                    {move || Suspend::new(async move {
                        match session.user.await {
                            Ok(Some(user)) => {
                                let unread = notifications.unread.await.unwrap_or(0);
                                view! {
                                    <NavMenu unread>
                                        <SignedInLinks user unread />
                                    </NavMenu>
                                }
                                    .into_any()
                            }
                            _ => view! { <VisitorLinks /> }.into_any(),
                        }
                    })}
                </Transition>
            </nav>
        </header>
    }
}

#[component]
fn VisitorLinks() -> impl IntoView {
    view! {
        <ul class="nav-links">
            <li>
                <A href="/mentors">"Find mentors"</A>
            </li>
            <li>
                <A href="/login">"Log in"</A>
            </li>
            <li>
                <A href="/signup" attr:class="button button-small">
                    "Sign up"
                </A>
            </li>
        </ul>
    }
}

#[component]
fn SignedInLinks(user: User, unread: i64) -> impl IntoView {
    let session = use_session();
    let pairing_links = matches!(user.role, Role::Mentor | Role::Mentee).then(|| {
        view! {
            <li>
                <A href="/requests">"Requests"</A>
            </li>
            <li>
                <A href="/mentorships">"Mentorships"</A>
            </li>
            <li>
                <A href="/sessions">"Sessions"</A>
            </li>
        }
    });
    let admin_link = (user.role == Role::Admin).then(|| {
        view! {
            <li>
                <A href="/admin">"Admin"</A>
            </li>
        }
    });
    let availability_link = (user.role == Role::Mentor).then(|| {
        view! {
            <li>
                <A href="/availability">"Availability"</A>
            </li>
        }
    });
    view! {
        <ul class="nav-links">
            <li>
                <A href="/mentors">"Find mentors"</A>
            </li>
            {pairing_links}
            {availability_link}
            {admin_link}
            <li>
                <NotificationsLink unread />
            </li>
            <li>
                <A href="/profile">"Profile"</A>
            </li>
            <li>
                <A href="/settings">"Settings"</A>
            </li>
            <li class="nav-user">
                <span class="nav-name">{user.name.clone()}</span>
                <span class=format!(
                    "role-badge role-{}",
                    user.role.as_str(),
                )>{user.role.label()}</span>
            </li>
            <li>
                <ActionForm action=session.logout attr:class="inline-form">
                    <button type="submit" class="link-button">
                        "Log out"
                    </button>
                </ActionForm>
            </li>
        </ul>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Page not found" />
        <section class="card narrow">
            <h1>"Page not found"</h1>
            <p>"The page you asked for does not exist or has moved."</p>
            <p>
                <A href="/">"Back to the start"</A>
            </p>
        </section>
    }
}
