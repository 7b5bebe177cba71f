//! The notifications page and the unread badge in the navigation.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::server_fns::{MarkNotificationsRead, my_notifications, unread_notifications};
use super::{Notification, NotificationList};
use crate::error::AppError;
use crate::ui::forms::{ErrorAlert, FormError, login_prompt, plain_post_error};
use crate::ui::pager::Pager;

/// The unread count for the navigation's badge, loaded once per page at the root (next to the
/// session) and read by the badge.
#[derive(Clone, Copy)]
pub struct NotificationsState {
    pub unread: Resource<Result<i64, AppError>>,
}

impl NotificationsState {
    pub fn provide() -> Self {
        let state = Self { unread: Resource::new(|| (), |_| unread_notifications()) };
        provide_context(state);
        state
    }
}

/// "Notifications" in the navigation, with the unread count as a badge.
#[component]
pub fn NotificationsLink(unread: i64) -> impl IntoView {
    view! {
        <A href="/notifications" attr:class="nav-notifications">
            "Notifications"
            {(unread > 0)
                .then(|| {
                    view! {
                        <span class="badge" data-testid="unread-badge">
                            <span class="visually-hidden">", unread: "</span>
                            {unread}
                        </span>
                    }
                })}
        </A>
    }
}

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let mark_read = ServerAction::<MarkNotificationsRead>::new();
    let query = use_query_map();
    let page = Memo::new(move |_| query.with(|q| q.get("page").and_then(|p| p.parse::<u32>().ok())));
    let data = Resource::new(move || page.get(), my_notifications);
    let zone = crate::ui::zone::viewer_zone();
    view! {
        <Title text="Notifications" />
        <section class="card wide">
            <h1>"Notifications"</h1>
            // "Mark as read" is a plain form: the server sends the browser back to this page.
            <FormError message=plain_post_error() />
            <Transition fallback=|| view! { <p class="loading">"Loading notifications…"</p> }>
                {move || Suspend::new(async move {
                    let zone = zone.await;
                    match data.await {
                        Ok(list) => view! { <NotificationItems list mark_read zone /> }.into_any(),
                        Err(AppError::Unauthorized { .. }) => {
                            login_prompt("/notifications", "to see your notifications.")
                        }
                        Err(err) => view! { <ErrorAlert message=err.to_string() /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn NotificationItems(
    list: NotificationList,
    mark_read: ServerAction<MarkNotificationsRead>,
    zone: String,
) -> impl IntoView {
    let NotificationList { unread, page } = list;
    let pages = page.total_pages();
    let current = page.page;
    if page.items.is_empty() {
        return view! {
            <div class="empty-state">
                <p>"Nothing yet. Requests, bookings and feedback will show up here."</p>
            </div>
        }
        .into_any();
    }
    view! {
        <div class="notifications-head">
            <p class="muted">{format!("{unread} unread")}</p>
            {(unread > 0)
                .then(|| {
                    view! {
                        <ActionForm action=mark_read attr:class="inline-form">
                            <button type="submit" class="button button-small button-secondary">
                                "Mark all as read"
                            </button>
                        </ActionForm>
                    }
                })}
        </div>
        <ul class="notification-list">
            {page.items.into_iter().map(|item| view! { <NotificationItem item mark_read zone=zone.clone() /> }).collect_view()}
        </ul>
        <Pager current pages href=|n| format!("/notifications?page={n}") />
    }
    .into_any()
}

#[component]
fn NotificationItem(item: Notification, mark_read: ServerAction<MarkNotificationsRead>, zone: String) -> impl IntoView {
    let unread = item.read_at.is_none();
    let mark_label = format!("Mark as read: {}", item.message);
    view! {
        <li class="notification" class:unread=unread>
            <div>
                <p class="notification-message">
                    {unread.then(|| view! { <span class="visually-hidden">"Unread: "</span> })}
                    <A href=item.link.clone()>{item.message.clone()}</A>
                </p>
                <p class="muted small">{crate::time_display::at(item.created_at, &zone)}</p>
            </div>
            {unread
                .then(|| {
                    view! {
                        <ActionForm action=mark_read attr:class="inline-form">
                            <input type="hidden" name="id" value=item.id.to_string() />
                            <button type="submit" class="link-button" aria-label=mark_label.clone()>
                                "Mark as read"
                            </button>
                        </ActionForm>
                    }
                })}
        </li>
    }
}
