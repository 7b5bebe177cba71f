//! Which of a mentor's weekly hours fall in another person's day, so a mentor deciding on a
//! request sees at once whether the two can meet at sensible hours for both.
//!
//! Worked on concrete dates in both zones (like the slot function), so daylight-saving changes
//! on either side move the overlap correctly.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use chrono_tz::Tz;

use super::slots::{Block, first_instant_from};

/// The hours of the other person's day the overlap counts: 08:00 to 20:00 on their clock.
pub const DAY_START_MINUTES: u32 = 8 * 60;
pub const DAY_END_MINUTES: u32 = 20 * 60;

/// The parts of `blocks` (weekly, in `mentor_tz`) on the seven local dates from `first_date`
/// that fall between 08:00 and 20:00 in `their_tz`, as sorted, merged UTC intervals.
pub fn hours_in_their_day(
    mentor_tz: Tz,
    blocks: &[Block],
    their_tz: Tz,
    first_date: NaiveDate,
) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    let mut spans = Vec::new();
    for date in first_date.iter_days().take(7) {
        let weekday = date.weekday().number_from_monday() as u8;
        for block in blocks.iter().filter(|block| block.weekday == weekday) {
            let (Some(start), Some(end)) =
                (first_instant_from(mentor_tz, date, block.start), first_instant_from(mentor_tz, date, block.end))
            else {
                continue;
            };
            // Their dates that can touch this block: the mentor's date and a day either side.
            let their_date = start.with_timezone(&their_tz).date_naive();
            for day in [their_date - Duration::days(1), their_date, their_date + Duration::days(1)] {
                let (Some(day_start), Some(day_end)) = (
                    first_instant_from(their_tz, day, DAY_START_MINUTES),
                    first_instant_from(their_tz, day, DAY_END_MINUTES),
                ) else {
                    continue;
                };
                let (from, to) = (start.max(day_start), end.min(day_end));
                if from < to {
                    spans.push((from, to));
                }
            }
        }
    }
    spans.sort_unstable();
    let mut merged: Vec<(DateTime<Utc>, DateTime<Utc>)> = Vec::with_capacity(spans.len());
    for (from, to) in spans {
        match merged.last_mut() {
            Some(last) if from <= last.1 => last.1 = last.1.max(to),
            _ => merged.push((from, to)),
        }
    }
    merged
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

    #[test]
    fn a_new_york_morning_is_a_london_afternoon() {
        // Monday 09:00–17:00 in New York (EST, UTC−5) is 14:00–22:00 in London (GMT): the
        // London day ends at 20:00, so 09:00–15:00 New York time is shared.
        let blocks = [Block { weekday: 1, start: 9 * 60, end: 17 * 60 }];
        let shared =
            hours_in_their_day(chrono_tz::America::New_York, &blocks, chrono_tz::Europe::London, date(2026, 11, 30));
        assert_eq!(shared, [(utc(2026, 11, 30, 14, 0), utc(2026, 11, 30, 20, 0))]);
    }

    #[test]
    fn a_block_across_their_midnight_is_cut_at_both_of_their_days() {
        // Kathmandu is UTC+05:45. A UTC block of 00:00–24:00 on Tuesday covers the Kathmandu
        // day of Tuesday 08:00–20:00 (02:15–14:15 UTC) only; the evening is outside their day.
        let blocks = [Block { weekday: 2, start: 0, end: 24 * 60 }];
        let shared = hours_in_their_day(chrono_tz::UTC, &blocks, chrono_tz::Asia::Kathmandu, date(2026, 11, 30));
        assert_eq!(shared, [(utc(2026, 12, 1, 2, 15), utc(2026, 12, 1, 14, 15))]);
    }

    #[test]
    fn no_shared_hours_when_the_day_is_the_others_night() {
        // 09:00–12:00 in Tokyo is 00:00–03:00 UTC: night in London.
        let blocks = [Block { weekday: 3, start: 9 * 60, end: 12 * 60 }];
        let shared = hours_in_their_day(chrono_tz::Asia::Tokyo, &blocks, chrono_tz::Europe::London, date(2026, 11, 30));
        assert!(shared.is_empty());
    }

    #[test]
    fn daylight_saving_moves_the_overlap() {
        // London springs forward on Sunday 29 Mar 2026: 08:00 London is 08:00 UTC on the
        // Saturday and 07:00 UTC on the Sunday.
        let blocks =
            [Block { weekday: 6, start: 6 * 60, end: 9 * 60 }, Block { weekday: 7, start: 6 * 60, end: 9 * 60 }];
        let shared = hours_in_their_day(chrono_tz::UTC, &blocks, chrono_tz::Europe::London, date(2026, 3, 28));
        assert_eq!(
            shared,
            [(utc(2026, 3, 28, 8, 0), utc(2026, 3, 28, 9, 0)), (utc(2026, 3, 29, 7, 0), utc(2026, 3, 29, 9, 0))]
        );
    }
}
