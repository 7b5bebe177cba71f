//! The one slot function: weekly blocks in a mentor's time zone → concrete UTC start instants.
//!
//! The booking endpoint calls this same function to check a requested time, so the listing and
//! the rule can never disagree. Dates are walked as calendar dates in the mentor's zone and each
//! local start is mapped to UTC on its own (never "previous instant + 24h"), so daylight-saving
//! changes move slots correctly: a local time that does not exist that day is skipped, and an
//! ambiguous one takes the earlier instant.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::{HORIZON_DAYS, MIN_NOTICE_HOURS, SLOT_STEP_MINUTES};

/// A weekly block: ISO weekday (1 = Monday) and minutes after local midnight, `start < end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Block {
    pub weekday: u8,
    pub start: u32,
    pub end: u32,
}

/// A half-open UTC interval already taken (a scheduled session).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Busy {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

/// How far ahead and how soon a session may be booked.
#[derive(Clone, Copy, Debug)]
pub struct BookingWindow {
    pub min_notice: Duration,
    pub horizon: Duration,
}

impl Default for BookingWindow {
    fn default() -> Self {
        Self { min_notice: Duration::hours(MIN_NOTICE_HOURS), horizon: Duration::days(HORIZON_DAYS) }
    }
}

/// A mentor's availability as the slot function needs it.
pub struct Schedule<'a> {
    pub timezone: Tz,
    pub blocks: &'a [Block],
    pub days_off: &'a BTreeSet<NaiveDate>,
    pub busy: &'a [Busy],
}

/// Open start instants of `duration_minutes` sessions beginning in `[from, to)`, sorted.
///
/// A start is open when the whole session fits inside one block on a local date that is not a
/// day off, it is at least the minimum notice after `now` and no later than the horizon, and the
/// session overlaps no busy interval.
pub fn open_slots(
    schedule: &Schedule<'_>,
    window: BookingWindow,
    now: DateTime<Utc>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    duration_minutes: u32,
) -> Vec<DateTime<Utc>> {
    let earliest = from.max(now + window.min_notice);
    let latest = to.min(now + window.horizon + Duration::seconds(1));
    if earliest >= latest || duration_minutes == 0 {
        return Vec::new();
    }
    let duration = Duration::minutes(i64::from(duration_minutes));
    let tz = schedule.timezone;
    // One calendar day of margin either side: a local date's blocks can start before `earliest`
    // in UTC terms or end after `latest`, whatever the zone's offset.
    let first_date = earliest.with_timezone(&tz).date_naive().pred_opt().unwrap_or(NaiveDate::MIN);
    let last_date = latest.with_timezone(&tz).date_naive().succ_opt().unwrap_or(NaiveDate::MAX);

    let mut starts = Vec::new();
    for date in first_date.iter_days().take_while(|date| *date <= last_date) {
        if schedule.days_off.contains(&date) {
            continue;
        }
        let weekday = date.weekday().number_from_monday() as u8;
        for block in schedule.blocks.iter().filter(|block| block.weekday == weekday) {
            // The block's end as an instant: on a day the clocks change, a session that fits
            // the wall-clock times can still run past it (01:30 + 60 min on a spring-forward
            // night ends at 03:30).
            let block_end = first_instant_from(tz, date, block.end);
            let mut local_start = block.start;
            while local_start + duration_minutes <= block.end {
                if let Some(start) = local_instant(tz, date, local_start) {
                    let end = start + duration;
                    if start >= earliest
                        && start < latest
                        && block_end.is_some_and(|block_end| end <= block_end)
                        && !schedule.busy.iter().any(|b| start < b.ends_at && end > b.starts_at)
                    {
                        starts.push(start);
                    }
                }
                local_start += SLOT_STEP_MINUTES;
            }
        }
    }
    starts.sort_unstable();
    starts.dedup();
    starts
}

/// The UTC instant of a local wall-clock time on `date` in `tz`: `None` when the clocks skip
/// over it, the earlier instant when they pass it twice.
pub fn local_instant(tz: Tz, date: NaiveDate, minutes: u32) -> Option<DateTime<Utc>> {
    let time = NaiveTime::from_hms_opt(minutes / 60, minutes % 60, 0)?;
    match tz.from_local_datetime(&date.and_time(time)) {
        LocalResult::Single(instant) => Some(instant.with_timezone(&Utc)),
        LocalResult::Ambiguous(earlier, _) => Some(earlier.with_timezone(&Utc)),
        LocalResult::None => None,
    }
}

/// The first instant at or after a local time on `date` (minutes may be 1440, the next day's
/// midnight). A time the clocks skip is replaced by the first one that exists after it.
pub fn first_instant_from(tz: Tz, date: NaiveDate, minutes: u32) -> Option<DateTime<Utc>> {
    let (date, minutes) = if minutes >= 1440 { (date.succ_opt()?, minutes - 1440) } else { (date, minutes) };
    (0..=180).step_by(15).find_map(|later| {
        let minutes = minutes + later;
        if minutes < 1440 { local_instant(tz, date, minutes) } else { first_instant_from(tz, date, minutes) }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// Every day of the week, one block.
    fn daily(start: u32, end: u32) -> Vec<Block> {
        (1..=7).map(|weekday| Block { weekday, start, end }).collect()
    }

    /// Slots for the whole span with no notice and a long horizon, so only the blocks matter.
    fn slots_between(
        zone: Tz,
        blocks: &[Block],
        days_off: &BTreeSet<NaiveDate>,
        busy: &[Busy],
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        duration: u32,
    ) -> Vec<DateTime<Utc>> {
        let schedule = Schedule { timezone: zone, blocks, days_off, busy };
        let window = BookingWindow { min_notice: Duration::zero(), horizon: Duration::days(3650) };
        open_slots(&schedule, window, from - Duration::days(1), from, to, duration)
    }

    fn first_slot_per_day(zone: Tz, start_minutes: u32, from: DateTime<Utc>, days: i64) -> Vec<DateTime<Utc>> {
        let blocks = daily(start_minutes, start_minutes + 60);
        slots_between(zone, &blocks, &BTreeSet::new(), &[], from, from + Duration::days(days), 60)
    }

    #[test]
    fn new_york_spring_forward_moves_nine_am_by_an_hour_in_utc() {
        // 2025-03-09: clocks jump from 02:00 EST to 03:00 EDT.
        let slots = first_slot_per_day(chrono_tz::America::New_York, 9 * 60, utc(2025, 3, 8, 0, 0), 2);
        assert_eq!(slots, vec![utc(2025, 3, 8, 14, 0), utc(2025, 3, 9, 13, 0)]);
    }

    #[test]
    fn new_york_fall_back_moves_nine_am_by_an_hour_in_utc() {
        // 2025-11-02: clocks fall back from 02:00 EDT to 01:00 EST.
        let slots = first_slot_per_day(chrono_tz::America::New_York, 9 * 60, utc(2025, 11, 1, 0, 0), 2);
        assert_eq!(slots, vec![utc(2025, 11, 1, 13, 0), utc(2025, 11, 2, 14, 0)]);
    }

    #[test]
    fn london_changes_both_ways() {
        let london = chrono_tz::Europe::London;
        // 2025-03-30: GMT → BST.
        let spring = first_slot_per_day(london, 9 * 60, utc(2025, 3, 29, 0, 0), 2);
        assert_eq!(spring, vec![utc(2025, 3, 29, 9, 0), utc(2025, 3, 30, 8, 0)]);
        // 2025-10-26: BST → GMT.
        let autumn = first_slot_per_day(london, 9 * 60, utc(2025, 10, 25, 0, 0), 2);
        assert_eq!(autumn, vec![utc(2025, 10, 25, 8, 0), utc(2025, 10, 26, 9, 0)]);
    }

    #[test]
    fn the_skipped_hour_yields_no_slot() {
        // A 02:00–03:30 block on 2025-03-09 in New York: 02:00 and 02:30 do not exist that day;
        // only 03:00 (EDT, 07:00 UTC) is left for 30-minute sessions.
        let blocks = [Block { weekday: 7, start: 120, end: 210 }];
        let slots = slots_between(
            chrono_tz::America::New_York,
            &blocks,
            &BTreeSet::new(),
            &[],
            utc(2025, 3, 9, 0, 0),
            utc(2025, 3, 10, 0, 0),
            30,
        );
        assert_eq!(slots, vec![utc(2025, 3, 9, 7, 0)]);

        // London, 2025-03-30: 01:00–02:00 local does not exist.
        let blocks = [Block { weekday: 7, start: 60, end: 150 }];
        let slots = slots_between(
            chrono_tz::Europe::London,
            &blocks,
            &BTreeSet::new(),
            &[],
            utc(2025, 3, 30, 0, 0),
            utc(2025, 3, 31, 0, 0),
            30,
        );
        assert_eq!(slots, vec![utc(2025, 3, 30, 1, 0)]);
    }

    #[test]
    fn sessions_never_run_past_the_block_across_a_change() {
        // New York, 2025-03-09, block 01:00–03:00 local: only 120 minutes of wall clock but one
        // real hour (02:00 does not exist). 01:00 EST + 60 min = 03:00 EDT fits; 01:30 does not.
        let blocks = [Block { weekday: 7, start: 60, end: 180 }];
        let slots = slots_between(
            chrono_tz::America::New_York,
            &blocks,
            &BTreeSet::new(),
            &[],
            utc(2025, 3, 9, 0, 0),
            utc(2025, 3, 10, 0, 0),
            60,
        );
        assert_eq!(slots, vec![utc(2025, 3, 9, 6, 0)]);
        // The same block on 2025-11-02 lasts three real hours; 01:00 and 01:30 take their first
        // (EDT) instants and 02:00 EST follows.
        let blocks = [Block { weekday: 7, start: 60, end: 180 }];
        let slots = slots_between(
            chrono_tz::America::New_York,
            &blocks,
            &BTreeSet::new(),
            &[],
            utc(2025, 11, 2, 0, 0),
            utc(2025, 11, 3, 0, 0),
            60,
        );
        assert_eq!(slots, vec![utc(2025, 11, 2, 5, 0), utc(2025, 11, 2, 5, 30), utc(2025, 11, 2, 7, 0)]);
    }

    #[test]
    fn an_ambiguous_time_takes_the_earlier_instant() {
        // 2025-11-02 01:30 happens twice in New York: 05:30 UTC (EDT) and 06:30 UTC (EST).
        let blocks = [Block { weekday: 7, start: 90, end: 120 }];
        let slots = slots_between(
            chrono_tz::America::New_York,
            &blocks,
            &BTreeSet::new(),
            &[],
            utc(2025, 11, 2, 0, 0),
            utc(2025, 11, 3, 0, 0),
            30,
        );
        assert_eq!(slots, vec![utc(2025, 11, 2, 5, 30)]);
    }

    #[test]
    fn blocks_are_cut_into_steps_that_fit_the_duration() {
        // Monday 2025-06-02, 09:00–11:00 UTC.
        let blocks = [Block { weekday: 1, start: 540, end: 660 }];
        let at = |duration| {
            slots_between(
                Tz::UTC,
                &blocks,
                &BTreeSet::new(),
                &[],
                utc(2025, 6, 2, 0, 0),
                utc(2025, 6, 3, 0, 0),
                duration,
            )
        };
        assert_eq!(
            at(30),
            vec![utc(2025, 6, 2, 9, 0), utc(2025, 6, 2, 9, 30), utc(2025, 6, 2, 10, 0), utc(2025, 6, 2, 10, 30)]
        );
        assert_eq!(at(45), vec![utc(2025, 6, 2, 9, 0), utc(2025, 6, 2, 9, 30), utc(2025, 6, 2, 10, 0)]);
        assert_eq!(at(60), vec![utc(2025, 6, 2, 9, 0), utc(2025, 6, 2, 9, 30), utc(2025, 6, 2, 10, 0)]);
    }

    #[test]
    fn days_off_have_no_slots() {
        let days_off = BTreeSet::from([date(2025, 6, 3)]);
        let slots = slots_between(
            chrono_tz::Europe::Berlin,
            &daily(600, 660),
            &days_off,
            &[],
            utc(2025, 6, 2, 0, 0),
            utc(2025, 6, 5, 0, 0),
            60,
        );
        // 10:00 Berlin (CEST) = 08:00 UTC on the 2nd and the 4th, nothing on the 3rd.
        assert_eq!(slots, vec![utc(2025, 6, 2, 8, 0), utc(2025, 6, 4, 8, 0)]);
    }

    #[test]
    fn booked_time_is_removed_and_back_to_back_stays_open() {
        let blocks = [Block { weekday: 1, start: 540, end: 720 }];
        let busy = [Busy { starts_at: utc(2025, 6, 2, 10, 0), ends_at: utc(2025, 6, 2, 11, 0) }];
        let slots =
            slots_between(Tz::UTC, &blocks, &BTreeSet::new(), &busy, utc(2025, 6, 2, 0, 0), utc(2025, 6, 3, 0, 0), 60);
        // 09:00 ends exactly when the booking starts; 11:00 starts exactly when it ends.
        assert_eq!(slots, vec![utc(2025, 6, 2, 9, 0), utc(2025, 6, 2, 11, 0)]);
    }

    #[test]
    fn minimum_notice_and_horizon_bound_the_starts() {
        let blocks = daily(540, 600);
        let schedule = Schedule { timezone: Tz::UTC, blocks: &blocks, days_off: &BTreeSet::new(), busy: &[] };
        let now = utc(2025, 6, 2, 8, 0);
        let window = BookingWindow { min_notice: Duration::hours(12), horizon: Duration::days(3) };
        let slots = open_slots(&schedule, window, now, now - Duration::days(5), now + Duration::days(30), 60);
        // Today 09:00 is within the 12-hour notice; the horizon ends 2025-06-05 08:00, so the
        // 5th's 09:00 is out.
        assert_eq!(slots, vec![utc(2025, 6, 3, 9, 0), utc(2025, 6, 4, 9, 0)]);
        // A start exactly at the horizon is still in.
        let window = BookingWindow { min_notice: Duration::hours(12), horizon: Duration::hours(73) };
        let slots = open_slots(&schedule, window, now, now, now + Duration::days(30), 60);
        assert_eq!(slots.last(), Some(&utc(2025, 6, 5, 9, 0)));
    }

    #[test]
    fn a_block_until_midnight_offers_the_last_hour() {
        let blocks = [Block { weekday: 1, start: 1380, end: 1440 }];
        let slots =
            slots_between(Tz::UTC, &blocks, &BTreeSet::new(), &[], utc(2025, 6, 2, 0, 0), utc(2025, 6, 3, 0, 0), 60);
        assert_eq!(slots, vec![utc(2025, 6, 2, 23, 0)]);
    }
}
