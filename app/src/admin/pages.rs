//! The admin console pages: dashboard with charts, users, activity overviews, audit log.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use super::charts::{BarChart, short_week};
use super::server_fns::{
    UpdateUser, load_admin_activity, load_admin_audit, load_admin_stats, load_admin_users, load_change_preview,
};
use super::{Activity, AuditEntry, ChangePreview, Stats};
use crate::auth::{Role, User};
use crate::error::AppError;
use crate::pagination::Page;
use crate::ui::forms::{ErrorAlert, FormError, login_prompt, plain_post_error};
use crate::ui::pager::Pager;

use crate::time_display::at;
use crate::ui::zone::viewer_zone;

/// The console's own tabs.
#[component]
pub(crate) fn AdminTabs(current: &'static str) -> impl IntoView {
    let tabs = [
        ("/admin", "Dashboard"),
        ("/admin/users", "Users"),
        ("/admin/mentors", "Mentor approvals"),
        ("/admin/activity", "Activity"),
        ("/admin/audit", "Audit log"),
        ("/admin/outbox", "Outbox"),
        ("/admin/rounds", "Matching rounds"),
    ];
    view! {
        <nav class="tabs" aria-label="Admin sections">
            {tabs
                .into_iter()
                .map(|(href, label)| {
                    view! {
                        <a href=href class="tab" aria-current=(href == current).then_some("page")>
                            {label}
                        </a>
                    }
                })
                .collect_view()}
        </nav>
    }
}

/// What a page shows when loading failed: a way in for visitors, the reason for everyone else.
pub(crate) fn refused(err: AppError, here: &str) -> AnyView {
    match err {
        AppError::Unauthorized { .. } => login_prompt(here, "as an admin."),
        err => view! { <ErrorAlert message=err.to_string() /> }.into_any(),
    }
}

#[component]
pub fn AdminDashboardPage() -> impl IntoView {
    let stats = Resource::new(|| (), |_| load_admin_stats());
    view! {
        <Title text="Admin" />
        <section class="card wide">
            <h1>"Admin console"</h1>
            <AdminTabs current="/admin" />
            <Transition fallback=|| view! { <p class="loading">"Loading statistics…"</p> }>
                {move || Suspend::new(async move {
                    match stats.await {
                        Ok(stats) => view! { <StatsView stats /> }.into_any(),
                        Err(err) => refused(err, "/admin"),
                    }
                })}
            </Transition>
        </section>
    }
}

/// Totals and the four charts; also the admin's home page.
#[component]
pub fn StatsView(stats: Stats) -> impl IntoView {
    let Stats { totals, signups_per_week, requests_by_status, sessions_per_week, rating_distribution } = stats;
    let weeks =
        |series: Vec<super::WeekCount>| series.into_iter().map(|w| (short_week(&w.week), w.count)).collect::<Vec<_>>();
    let figures = [
        ("Mentors", totals.mentors),
        ("Mentees", totals.mentees),
        ("Admins", totals.admins),
        ("Deactivated", totals.deactivated),
        ("Active mentorships", totals.active_mentorships),
        ("Upcoming sessions", totals.upcoming_sessions),
        ("Ratings", totals.ratings),
    ];
    view! {
        <dl class="stat-grid">
            {figures
                .into_iter()
                .map(|(label, value)| view! { <div class="stat"><dt>{label}</dt><dd>{value}</dd></div> })
                .collect_view()}
        </dl>
        <div class="chart-grid">
            <BarChart title="Sign-ups per week" bars=weeks(signups_per_week) />
            <BarChart title="Sessions per week" bars=weeks(sessions_per_week) />
            <BarChart
                title="Requests by status"
                bars=vec![
                    ("pending".to_owned(), requests_by_status.pending),
                    ("accepted".to_owned(), requests_by_status.accepted),
                    ("declined".to_owned(), requests_by_status.declined),
                    ("cancelled".to_owned(), requests_by_status.cancelled),
                ]
            />
            <BarChart
                title="Ratings"
                bars=rating_distribution.into_iter().zip(1..).map(|(n, stars)| (format!("{stars} ★"), n)).collect()
            />
        </div>
    }
}

#[component]
pub fn AdminUsersPage() -> impl IntoView {
    let query = use_query_map();
    let params = Memo::new(move |_| {
        query.with(|q| UserSearch {
            q: q.get("q"),
            role: q.get("role"),
            active: q.get("active"),
            page: q.get("page").and_then(|p| p.parse::<u32>().ok()),
        })
    });
    let users = Resource::new(move || params.get(), |search| search.load());
    let zone_and_now = crate::ui::zone::viewer_zone_and_now();
    let current = params.get_untracked();
    let (q, role, active) = (
        current.q.clone().unwrap_or_default(),
        current.role.clone().unwrap_or_default(),
        current.active.clone().unwrap_or_default(),
    );
    view! {
        <Title text="Users · Admin" />
        <section class="card wide">
            <h1>"Users"</h1>
            <AdminTabs current="/admin/users" />
            <Form method="GET" action="/admin/users" attr:class="search-form" attr:role="search">
                <div class="field">
                    <label for="admin-q">"Name or email"</label>
                    <input id="admin-q" name="q" type="search" value=q />
                </div>
                <div class="field">
                    <label for="admin-role">"Role"</label>
                    <select id="admin-role" name="role">
                        <option value="" selected=role.is_empty()>"Any"</option>
                        {[Role::Mentee, Role::Mentor, Role::Admin]
                            .into_iter()
                            .map(|r| view! { <option value=r.as_str() selected=role == r.as_str()>{r.label()}</option> })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="admin-active">"Status"</label>
                    <select id="admin-active" name="active">
                        <option value="" selected=active.is_empty()>"Any"</option>
                        <option value="true" selected=active == "true">"Active"</option>
                        <option value="false" selected=active == "false">"Deactivated"</option>
                    </select>
                </div>
                <button type="submit" class="button">"Find users"</button>
            </Form>
            <Transition fallback=|| view! { <p class="loading">"Loading users…"</p> }>
                {move || Suspend::new(async move {
                    let (zone, now) = zone_and_now.await;
                    match users.await {
                        Ok(page) => {
                            view! { <UserTable page filters=params.get_untracked().filter_params() zone now /> }
                                .into_any()
                        }
                        Err(err) => refused(err, "/admin/users"),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The users page's search, from its URL: what the table shows and reloads after a change.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
struct UserSearch {
    q: Option<String>,
    role: Option<String>,
    active: Option<String>,
    page: Option<u32>,
}

impl UserSearch {
    async fn load(self) -> Result<Page<User>, AppError> {
        load_admin_users(self.q, self.role, self.active, self.page).await
    }

    /// The filters as they continue a page link (`&q=…&role=…`).
    fn filter_params(&self) -> String {
        [("q", &self.q), ("role", &self.role), ("active", &self.active)]
            .into_iter()
            .filter_map(|(key, value)| value.as_ref().map(|v| format!("&{key}={}", crate::url::percent_encode(v))))
            .collect()
    }
}

#[component]
fn UserTable(page: Page<User>, filters: String, zone: String, now: chrono::DateTime<chrono::Utc>) -> impl IntoView {
    let (current, pages, total) = (page.page, page.total_pages(), page.total);
    if page.items.is_empty() {
        return view! { <div class="empty-state"><p>"No users match."</p></div> }.into_any();
    }
    view! {
        <p class="result-count muted">{if total == 1 { "1 user".to_owned() } else { format!("{total} users") }}</p>
        <div class="table-wrap">
            <table class="data-table">
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Email"</th>
                        <th scope="col">"Role"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Joined"</th>
                        <th scope="col">"Actions"</th>
                    </tr>
                </thead>
                <tbody>{page.items.into_iter().map(|user| view! { <UserRow user zone=zone.clone() now /> }).collect_view()}</tbody>
            </table>
        </div>
        <Pager current pages href=move |n| format!("/admin/users?page={n}{filters}") />
    }
    .into_any()
}

/// A user's row. Its actions lead to a confirmation page that says what the change would do;
/// they are plain links and GET forms, so the table needs no JavaScript.
#[component]
fn UserRow(user: User, zone: String, now: chrono::DateTime<chrono::Utc>) -> impl IntoView {
    let change_href = format!("/admin/users/{}/change", user.id);
    let role_id = format!("role-{}", user.id);
    let (toggle_label, toggle_value) = if user.active { ("Deactivate…", "false") } else { ("Reactivate…", "true") };
    let toggle_href = format!("{change_href}?active={toggle_value}");
    let current_role = user.role;
    let send_reset = ServerAction::<crate::account::server_fns::AdminSendReset>::new();
    view! {
        <tr data-user=user.email.clone()>
            <td>{user.name.clone()}</td>
            <td>{user.email.clone()}</td>
            <td>
                <span class=format!("role-badge role-{}", user.role.as_str())>{user.role.label()}</span>
            </td>
            <td>{if user.active { "Active" } else { "Deactivated" }}</td>
            <td>{crate::time_display::day_at(user.created_at, &zone, now)}</td>
            <td class="row-actions">
                <form method="get" action=change_href class="inline-form">
                    <label class="visually-hidden" for=role_id.clone()>{format!("Role for {}", user.name)}</label>
                    <select id=role_id name="role">
                        {[Role::Mentee, Role::Mentor, Role::Admin]
                            .into_iter()
                            .map(|r| view! { <option value=r.as_str() selected=r == current_role>{r.label()}</option> })
                            .collect_view()}
                    </select>
                    <button
                        type="submit"
                        class="button button-small button-secondary"
                        aria-label=format!("Change role of {}", user.name)
                    >
                        "Change role…"
                    </button>
                </form>
                <a
                    href=toggle_href
                    class="button button-small button-secondary"
                    aria-label=format!("{} {}", toggle_label.trim_end_matches('…'), user.name)
                >
                    {toggle_label}
                </a>
                <a
                    href=format!("/admin/users/{}/delete", user.id)
                    class="button button-small button-secondary"
                    aria-label=format!("Delete {}'s account", user.name)
                >
                    "Delete…"
                </a>
                {user.active.then(|| view! {
                    <ActionForm action=send_reset attr:class="inline-form">
                        <input type="hidden" name="id" value=user.id.to_string() />
                        <button
                            type="submit"
                            class="button button-small button-secondary"
                            aria-label=format!("Send {} a password reset link", user.name)
                        >
                            "Send reset link"
                        </button>
                    </ActionForm>
                })}
            </td>
        </tr>
    }
}

/// The confirmation of a role change or (de)activation: what it would do, a reason for the
/// audit log, and the button that does it. A plain form, the same with or without JavaScript.
#[component]
pub fn AdminUserChangePage() -> impl IntoView {
    let params = leptos_router::hooks::use_params_map();
    let query = use_query_map();
    let asked = move || {
        (
            params.with(|p| p.get("id").unwrap_or_default()),
            query.with(|q| q.get("role")),
            query.with(|q| q.get("active")),
        )
    };
    let preview = Resource::new(asked, |(id, role, active)| load_change_preview(id, role, active));
    view! {
        <Title text="Confirm change · Admin" />
        <section class="card">
            <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match preview.await {
                        Ok(preview) => view! { <ChangeConfirmation preview /> }.into_any(),
                        Err(err @ AppError::Unauthorized { .. }) => refused(err, "/admin/users"),
                        Err(err) => {
                            view! {
                                <h1>"Change a user"</h1>
                                <ErrorAlert message=err.to_string() />
                                <p><a href="/admin/users">"Back to users"</a></p>
                            }
                                .into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ChangeConfirmation(preview: ChangePreview) -> impl IntoView {
    let ChangePreview { user, role, active, effects } = preview;
    let update = ServerAction::<UpdateUser>::new();
    let (heading, button, danger) = if user.active && !active {
        (format!("Deactivate {}?", user.name), format!("Deactivate {}", user.name), true)
    } else if !user.active && active {
        (format!("Reactivate {}?", user.name), format!("Reactivate {}", user.name), false)
    } else {
        let article = if role == Role::Admin { "an" } else { "a" };
        let label = role.label().to_lowercase();
        (format!("Make {} {article} {label}?", user.name), format!("Make {article} {label}"), false)
    };
    let back = format!("/admin/users?q={}", crate::url::percent_encode(&user.email));
    view! {
        <h1>{heading}</h1>
        <p class="muted">{format!("{} · {} · {}", user.email, user.role.label(), if user.active { "active" } else { "deactivated" })}</p>
        <FormError message=plain_post_error() />
        <ul class="plain-list" data-testid="effects">
            {effects.into_iter().map(|effect| view! { <li>{effect}</li> }).collect_view()}
        </ul>
        <ActionForm action=update attr:class="form">
            <input type="hidden" name="id" value=user.id.to_string() />
            {(role != user.role).then(|| view! { <input type="hidden" name="role" value=role.as_str() /> })}
            {(active != user.active).then(|| view! { <input type="hidden" name="active" value=active.to_string() /> })}
            <div class="field">
                <label for="change-reason">"Reason (optional, kept in the audit log)"</label>
                <textarea id="change-reason" name="reason" rows="3" maxlength=super::REASON_MAX.to_string()></textarea>
            </div>
            <div class="form-actions">
                <button type="submit" class=if danger { "button button-danger" } else { "button" }>{button}</button>
                <a href=back class="button button-secondary">"Cancel"</a>
            </div>
        </ActionForm>
    }
}

#[component]
pub fn AdminActivityPage() -> impl IntoView {
    let query = use_query_map();
    let params = Memo::new(move |_| {
        query.with(|q| (q.get("view"), q.get("filter"), q.get("page").and_then(|p| p.parse::<u32>().ok())))
    });
    let activity = Resource::new(move || params.get(), |(view, filter, page)| load_admin_activity(view, filter, page));
    let zone = viewer_zone();
    view! {
        <Title text="Activity · Admin" />
        <section class="card wide">
            <h1>"Activity"</h1>
            <AdminTabs current="/admin/activity" />
            <Transition fallback=|| view! { <p class="loading">"Loading activity…"</p> }>
                {move || Suspend::new(async move {
                    let (_, filter, _) = params.get_untracked();
                    let zone = zone.await;
                    match activity.await {
                        Ok(activity) => view! { <ActivityView activity filter zone /> }.into_any(),
                        Err(err) => refused(err, "/admin/activity"),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ActivityView(activity: Activity, filter: Option<String>, zone: String) -> impl IntoView {
    let (view_name, filters): (&str, &[(&str, &str)]) = match &activity {
        Activity::Requests(_) => (
            "requests",
            &[
                ("", "All"),
                ("pending", "Pending"),
                ("accepted", "Accepted"),
                ("declined", "Declined"),
                ("cancelled", "Cancelled"),
            ],
        ),
        Activity::Mentorships(_) => ("mentorships", &[("", "All"), ("active", "Active"), ("ended", "Ended")]),
        Activity::Sessions(_) => ("sessions", &[("upcoming", "Upcoming"), ("past", "Past")]),
    };
    let filter = filter.unwrap_or_else(|| if view_name == "sessions" { "upcoming".into() } else { String::new() });
    let views = [("requests", "Requests"), ("mentorships", "Mentorships"), ("sessions", "Sessions")];
    let filter_for_pager = filter.clone();
    let href = move |n: u32| format!("/admin/activity?view={view_name}&filter={filter_for_pager}&page={n}");
    let (table, current, pages) = match activity {
        Activity::Requests(page) => {
            let (current, pages) = (page.page, page.total_pages());
            let rows = page
                .items
                .into_iter()
                .map(|r| {
                    view! {
                        <tr>
                            <td>{r.mentee_name}</td>
                            <td>{r.mentor_name}</td>
                            <td><span class=format!("pill status-{}", r.status.as_str())>{r.status.as_str()}</span></td>
                            <td>{at(r.created_at, &zone)}</td>
                            <td>{r.decided_at.map(|t| at(t, &zone)).unwrap_or_default()}</td>
                        </tr>
                    }
                })
                .collect_view();
            (view! { <ActivityTable headings=&["Mentee", "Mentor", "Status", "Sent", "Decided"]>{rows}</ActivityTable> }.into_any(), current, pages)
        }
        Activity::Mentorships(page) => {
            let (current, pages) = (page.page, page.total_pages());
            let rows = page
                .items
                .into_iter()
                .map(|m| {
                    view! {
                        <tr>
                            <td>{m.mentor_name}</td>
                            <td>{m.mentee_name}</td>
                            <td>{at(m.started_at, &zone)}</td>
                            <td>{m.ended_at.map(|t| at(t, &zone)).unwrap_or_else(|| "active".to_owned())}</td>
                        </tr>
                    }
                })
                .collect_view();
            (
                view! { <ActivityTable headings=&["Mentor", "Mentee", "Started", "Ended"]>{rows}</ActivityTable> }
                    .into_any(),
                current,
                pages,
            )
        }
        Activity::Sessions(page) => {
            let (current, pages) = (page.page, page.total_pages());
            let rows = page
                .items
                .into_iter()
                .map(|s| {
                    let status =
                        if s.status == crate::sessions::SessionStatus::Cancelled { "cancelled" } else { "scheduled" };
                    view! {
                        <tr>
                            <td>{at(s.starts_at, &zone)}</td>
                            <td>{format!("{} min", s.duration_minutes)}</td>
                            <td>{s.mentor_name}</td>
                            <td>{s.mentee_name}</td>
                            <td><span class=format!("pill status-{status}")>{status}</span></td>
                            <td>{s.rating.map(|r| format!("{r}/5")).unwrap_or_default()}</td>
                        </tr>
                    }
                })
                .collect_view();
            (view! { <ActivityTable headings=&["Starts", "Length", "Mentor", "Mentee", "Status", "Rating"]>{rows}</ActivityTable> }.into_any(), current, pages)
        }
    };
    view! {
        <nav class="tabs" aria-label="What to list">
            {views
                .into_iter()
                .map(|(name, label)| {
                    view! {
                        <a href=format!("/admin/activity?view={name}") class="tab" aria-current=(name == view_name).then_some("page")>
                            {label}
                        </a>
                    }
                })
                .collect_view()}
        </nav>
        <nav class="tabs" aria-label="Filter">
            {filters
                .iter()
                .map(|(value, label)| {
                    view! {
                        <a
                            href=format!("/admin/activity?view={view_name}&filter={value}")
                            class="tab"
                            aria-current=(*value == filter).then_some("page")
                        >
                            {*label}
                        </a>
                    }
                })
                .collect_view()}
        </nav>
        {table}
        <Pager current pages href />
    }
}

#[component]
fn ActivityTable(headings: &'static [&'static str], children: Children) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="data-table">
                <thead>
                    <tr>{headings.iter().map(|h| view! { <th scope="col">{*h}</th> }).collect_view()}</tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}

#[component]
pub fn AdminAuditPage() -> impl IntoView {
    let query = use_query_map();
    let page = Memo::new(move |_| query.with(|q| q.get("page").and_then(|p| p.parse::<u32>().ok())));
    let entries = Resource::new(move || page.get(), load_admin_audit);
    let zone = viewer_zone();
    view! {
        <Title text="Audit log · Admin" />
        <section class="card wide">
            <h1>"Audit log"</h1>
            <AdminTabs current="/admin/audit" />
            <Transition fallback=|| view! { <p class="loading">"Loading the audit log…"</p> }>
                {move || Suspend::new(async move {
                    let zone = zone.await;
                    match entries.await {
                        Ok(page) => view! { <AuditTable page zone /> }.into_any(),
                        Err(err) => refused(err, "/admin/audit"),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn AuditTable(page: Page<AuditEntry>, zone: String) -> impl IntoView {
    if page.items.is_empty() {
        return view! { <div class="empty-state"><p>"No admin actions yet."</p></div> }.into_any();
    }
    let (current, pages) = (page.page, page.total_pages());
    let rows = page
        .items
        .into_iter()
        .map(|entry| {
            let (action, change) = entry.in_words();
            view! {
                <tr>
                    <td>{at(entry.created_at, &zone)}</td>
                    <td>{entry.admin_name}</td>
                    <td>{action}</td>
                    <td>{entry.target_name.unwrap_or_default()}</td>
                    <td>{change}</td>
                    <td>{entry.reason.unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <ActivityTable headings=&["When", "Admin", "Action", "User", "Change", "Reason"]>{rows}</ActivityTable>
        <Pager current pages href=|n| format!("/admin/audit?page={n}") />
    }
    .into_any()
}
