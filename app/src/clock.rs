//! The application clock. Every rule that depends on "now" (minimum notice, cancelling before
//! the start, rating only after the end) reads it from here, never from `Utc::now()` directly, so
//! tests can move time instead of sleeping.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, Duration, Utc};

/// The system clock plus an offset that only a test deployment can change.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    offset_seconds: Arc<AtomicI64>,
}

impl Clock {
    pub fn system() -> Self {
        Self::default()
    }

    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + Duration::seconds(self.offset_seconds.load(Ordering::Relaxed))
    }

    /// Moves this clock (and every clone of it) so that it reads `now + offset`.
    pub fn set_offset(&self, offset: Duration) {
        self.offset_seconds.store(offset.num_seconds(), Ordering::Relaxed);
    }
}
