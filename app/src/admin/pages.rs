//! The admin console pages: dashboard with charts, users, activity overviews, audit log.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use super::charts::{BarChart, short_week};
use super::server_fns::{UpdateUser, load_admin_activity, load_admin_audit, load_admin_stats, load_admin_users};
use super::{Activity, AuditEntry, Stats};
use crate::auth::{Role, User};
use crate::error::AppError;
use crate::pagination::Page;
use crate::ui::forms::{ErrorAlert, FormError, form_error, login_prompt, plain_post_error_text, reloaded_after};
use crate::ui::pager::Pager;

use crate::time_display::utc_label as when;

/// The console's own tabs.
#[component]
fn AdminTabs(current: &'static str) -> impl IntoView {
    let tabs = [
        ("/admin", "Dashboard"),
        ("/admin/users", "Users"),
        ("/admin/activity", "Activity"),
        ("/admin/audit", "Audit log"),
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
fn refused(err: AppError, here: &str) -> AnyView {
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
                    match users.await {
                        Ok(page) => {
                            view! { <UserAdmin page search=params.get_untracked() plain_error=plain_post_error_text() /> }
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

/// The table with its role and activation buttons, as an island: after a change it says what was
/// saved and shows the rows again.
#[island(lazy)]
fn UserAdmin(page: Page<User>, search: UserSearch, plain_error: Option<String>) -> impl IntoView {
    let update = ServerAction::<UpdateUser>::new();
    let filters = search.filter_params();
    let page = reloaded_after(update, page, move || search.clone().load());
    let value = update.value();
    view! {
        <FormError message=form_error(value, plain_error) />
        {move || {
            value.get().and_then(Result::ok).map(|user| {
                let text = format!(
                    "Saved: {} is now {}{}.",
                    user.name,
                    user.role.label().to_lowercase(),
                    if user.active { "" } else { " (deactivated)" },
                );
                view! { <div class="alert alert-success" role="status">{text}</div> }
            })
        }}
        {move || view! { <UserTable page=page.get() update filters=filters.clone() /> }}
    }
}

#[component]
fn UserTable(page: Page<User>, update: ServerAction<UpdateUser>, filters: String) -> impl IntoView {
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
                <tbody>
                    {page.items.into_iter().map(|user| view! { <UserRow user update /> }).collect_view()}
                </tbody>
            </table>
        </div>
        <Pager current pages href=move |n| format!("/admin/users?page={n}{filters}") />
    }
    .into_any()
}

#[component]
fn UserRow(user: User, update: ServerAction<UpdateUser>) -> impl IntoView {
    let id = user.id.to_string();
    let role_id = format!("role-{id}");
    let (toggle_label, toggle_value) = if user.active { ("Deactivate", "false") } else { ("Reactivate", "true") };
    let (role_id_for, toggle_id) = (id.clone(), id.clone());
    let role_label = format!("Role for {}", user.name);
    let toggle_aria = format!("{toggle_label} {}", user.name);
    let current_role = user.role;
    view! {
        <tr data-user=user.email.clone()>
            <td>{user.name.clone()}</td>
            <td>{user.email.clone()}</td>
            <td>
                <span class=format!("role-badge role-{}", user.role.as_str())>{user.role.label()}</span>
            </td>
            <td>{if user.active { "Active" } else { "Deactivated" }}</td>
            <td>{user.created_at.format("%-d %b %Y").to_string()}</td>
            <td class="row-actions">
                <ActionForm action=update attr:class="inline-form">
                    <input type="hidden" name="id" value=role_id_for.clone() />
                    <label class="visually-hidden" for=role_id.clone()>{role_label.clone()}</label>
                    <select id=role_id.clone() name="role">
                        {[Role::Mentee, Role::Mentor, Role::Admin]
                            .into_iter()
                            .map(|r| view! { <option value=r.as_str() selected=r == current_role>{r.label()}</option> })
                            .collect_view()}
                    </select>
                    <button type="submit" class="button button-small button-secondary" aria-label=format!("Change role of {}", role_label.trim_start_matches("Role for "))>
                        "Change role"
                    </button>
                </ActionForm>
                <ActionForm action=update attr:class="inline-form">
                    <input type="hidden" name="id" value=toggle_id.clone() />
                    <input type="hidden" name="active" value=toggle_value />
                    <button type="submit" class="button button-small button-secondary" aria-label=toggle_aria.clone()>
                        {toggle_label}
                    </button>
                </ActionForm>
            </td>
        </tr>
    }
}

#[component]
pub fn AdminActivityPage() -> impl IntoView {
    let query = use_query_map();
    let params = Memo::new(move |_| {
        query.with(|q| (q.get("view"), q.get("filter"), q.get("page").and_then(|p| p.parse::<u32>().ok())))
    });
    let activity = Resource::new(move || params.get(), |(view, filter, page)| load_admin_activity(view, filter, page));
    view! {
        <Title text="Activity · Admin" />
        <section class="card wide">
            <h1>"Activity"</h1>
            <AdminTabs current="/admin/activity" />
            <Transition fallback=|| view! { <p class="loading">"Loading activity…"</p> }>
                {move || Suspend::new(async move {
                    let (_, filter, _) = params.get_untracked();
                    match activity.await {
                        Ok(activity) => view! { <ActivityView activity filter /> }.into_any(),
                        Err(err) => refused(err, "/admin/activity"),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ActivityView(activity: Activity, filter: Option<String>) -> impl IntoView {
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
                            <td>{when(r.created_at)}</td>
                            <td>{r.decided_at.map(when).unwrap_or_default()}</td>
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
                            <td>{when(m.started_at)}</td>
                            <td>{m.ended_at.map(when).unwrap_or_else(|| "active".to_owned())}</td>
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
                            <td>{when(s.starts_at)}</td>
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
    view! {
        <Title text="Audit log · Admin" />
        <section class="card wide">
            <h1>"Audit log"</h1>
            <AdminTabs current="/admin/audit" />
            <Transition fallback=|| view! { <p class="loading">"Loading the audit log…"</p> }>
                {move || Suspend::new(async move {
                    match entries.await {
                        Ok(page) => view! { <AuditTable page /> }.into_any(),
                        Err(err) => refused(err, "/admin/audit"),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn AuditTable(page: Page<AuditEntry>) -> impl IntoView {
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
                    <td>{when(entry.created_at)}</td>
                    <td>{entry.admin_name}</td>
                    <td>{action}</td>
                    <td>{entry.target_name.unwrap_or_default()}</td>
                    <td>{change}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <ActivityTable headings=&["When", "Admin", "Action", "User", "Change"]>{rows}</ActivityTable>
        <Pager current pages href=|n| format!("/admin/audit?page={n}") />
    }
    .into_any()
}
