//! The admin console's Outbox: every mail the app wrote, whether it went out, and what it says.
//! Without `SMTP_URL` this is where a trial install's reset links and notices can be read.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::server_fns::load_outbox;
use super::{MailStatus, OutboxMail};
use crate::admin::pages::{AdminTabs, refused};
use crate::pagination::{Page, PageParams};
use crate::time_display::at;
use crate::ui::pager::Pager;
use crate::ui::zone::viewer_zone;

#[component]
pub fn AdminOutboxPage() -> impl IntoView {
    let query = use_query_map();
    let page = Memo::new(move |_| query.with(|q| q.get("page").and_then(|p| p.parse::<u32>().ok())));
    let to = Memo::new(move |_| query.with(|q| q.get("to")).filter(|to| !to.trim().is_empty()));
    let sent_reset = query.with_untracked(|q| q.get("sent")).is_some_and(|sent| sent == "reset");
    let mails = Resource::new(move || (to.get(), page.get()), |(to, page)| load_outbox(to, PageParams::page(page)));
    let zone = viewer_zone();
    view! {
        <Title text="Outbox · Admin" />
        <section class="card wide">
            <h1>"Outbox"</h1>
            <AdminTabs current="/admin/outbox" />
            {sent_reset.then(|| view! { <p class="notice" role="status">"The reset link is in the outbox below."</p> })}
            <p class="muted">
                "Every mail the app writes. With SMTP_URL set, a worker sends it and retries until the mail server takes it; without, it waits here."
            </p>
            <form method="get" class="filters" action="/admin/outbox">
                <div class="field">
                    <label for="outbox-to">"Recipient"</label>
                    <input id="outbox-to" name="to" type="search" value=move || to.get().unwrap_or_default() />
                </div>
                <button type="submit" class="button button-secondary">"Show"</button>
            </form>
            <Transition fallback=|| view! { <p class="loading">"Loading the outbox…"</p> }>
                {move || Suspend::new(async move {
                    let zone = zone.await;
                    match mails.await {
                        Ok(page) => view! { <OutboxList page zone to=to.get_untracked() /> }.into_any(),
                        Err(err) => refused(err, "/admin/outbox"),
                    }
                })}
            </Transition>
        </section>
    }
}

fn status_label(mail: &OutboxMail) -> String {
    match mail.status {
        MailStatus::Sent => "Sent".to_owned(),
        MailStatus::Failed => "Refused by the mail server".to_owned(),
        MailStatus::Pending if mail.attempts == 0 => "Waiting".to_owned(),
        MailStatus::Pending => format!("Retrying ({} attempts)", mail.attempts),
    }
}

#[component]
fn OutboxList(page: Page<OutboxMail>, zone: String, to: Option<String>) -> impl IntoView {
    if page.items.is_empty() {
        return view! { <div class="empty-state"><p>"No mail yet."</p></div> }.into_any();
    }
    let (current, pages) = (page.page, page.total_pages());
    let to_query = to.map(|to| format!("&to={}", crate::url::percent_encode(&to))).unwrap_or_default();
    let items = page
        .items
        .into_iter()
        .map(|mail| {
            let status = status_label(&mail);
            view! {
                <li class="outbox-mail" data-testid="outbox-mail">
                    <details>
                        <summary>
                            <strong>{mail.subject.clone()}</strong>
                            <span>"to " <span data-testid="outbox-to">{mail.to_address.clone()}</span></span>
                            <span class=format!("mail-status-{}", format!("{:?}", mail.status).to_lowercase())>{status}</span>
                            <span class="muted">{at(mail.created_at, &zone)}</span>
                        </summary>
                        <p class="muted">
                            {format!("Kind: {} · attempts: {}", mail.kind, mail.attempts)}
                            {mail.last_error.clone().map(|error| format!(" · last error: {error}"))}
                        </p>
                        <pre class="mail-body" data-testid="outbox-body">{mail.text_body.clone()}</pre>
                    </details>
                </li>
            }
        })
        .collect_view();
    view! {
        <ul class="plain-list outbox">{items}</ul>
        <Pager current pages href=move |n| format!("/admin/outbox?page={n}{to_query}") />
    }
    .into_any()
}
