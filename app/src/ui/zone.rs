//! The time zone a page shows its times in, for pages that list dated things (requests,
//! mentorships, notifications, the admin console): the member's own, a visitor's browser's.

use leptos::prelude::*;

use crate::profiles::server_fns::{viewer_timezone, viewer_timezone_and_now};

/// Starts loading the viewer's zone; await it in the page's `Suspend` and hand it to the rows.
/// A failure to read it is no reason to fail the page: UTC is shown, and named.
pub fn viewer_zone() -> Resource<String> {
    Resource::new(|| (), |_| async { viewer_timezone().await.unwrap_or_else(|_| "UTC".to_owned()) })
}

/// The viewer's zone and the app clock's now, for pages that say "Tue 25 Nov" (with the year
/// only when it is not this year's).
pub fn viewer_zone_and_now() -> Resource<(String, chrono::DateTime<chrono::Utc>)> {
    Resource::new(
        || (),
        |_| async {
            viewer_timezone_and_now().await.unwrap_or_else(|_| ("UTC".to_owned(), chrono::DateTime::UNIX_EPOCH))
        },
    )
}
