//! "← Previous · Page 2 of 5 · Next →" for any paginated list.

use leptos::prelude::*;

/// Nothing when everything fits on one page. `href` builds the link for a page number.
#[component]
pub fn Pager(current: u32, pages: u32, href: impl Fn(u32) -> String + 'static) -> impl IntoView {
    (pages > 1).then(|| {
        view! {
            <nav class="pager" aria-label="Pages">
                {(current > 1).then(|| view! { <a href=href(current - 1)>"← Previous"</a> })}
                <span class="muted">{format!("Page {current} of {pages}")}</span>
                {(current < pages).then(|| view! { <a href=href(current + 1)>"Next →"</a> })}
            </nav>
        }
    })
}
