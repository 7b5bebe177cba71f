//! Turns a submitted weekly set into checked blocks and dates, with a message per bad row.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};

use super::slots::Block;
use super::{Availability, BLOCK_GRID_MINUTES, MAX_BLOCKS, MAX_DAYS_OFF, WEEKDAY_NAMES, format_minutes, parse_minutes};
use crate::error::{AppError, FieldErrors};

/// Checked weekly blocks (sorted by weekday and start) and days off.
#[derive(Debug, PartialEq, Eq)]
pub struct CheckedAvailability {
    pub blocks: Vec<Block>,
    pub days_off: BTreeSet<NaiveDate>,
}

pub fn check(input: &Availability) -> Result<CheckedAvailability, AppError> {
    let mut errors = FieldErrors::new();
    if input.blocks.len() > MAX_BLOCKS {
        errors.insert("blocks".into(), format!("Keep to {MAX_BLOCKS} weekly blocks at most."));
    }
    if input.days_off.len() > MAX_DAYS_OFF {
        errors.insert("days_off".into(), format!("Keep to {MAX_DAYS_OFF} days off at most."));
    }

    let mut blocks: Vec<(usize, Block)> = Vec::new();
    for (index, raw) in input.blocks.iter().enumerate() {
        // The editor's spare rows (neither start nor end) are not blocks; skipping them here
        // rather than before the check keeps each message on its row's index.
        if raw.start.trim().is_empty() && raw.end.trim().is_empty() {
            continue;
        }
        match check_block(raw.weekday, &raw.start, &raw.end) {
            Ok(block) => blocks.push((index, block)),
            Err(message) => {
                errors.insert(format!("blocks[{index}]"), message);
            }
        }
    }
    blocks.sort_by_key(|(_, block)| (block.weekday, block.start));
    for pair in blocks.windows(2) {
        let ((_, earlier), (index, later)) = (pair[0], pair[1]);
        if earlier.weekday == later.weekday && later.start < earlier.end {
            errors.entry(format!("blocks[{index}]")).or_insert_with(|| {
                format!(
                    "{} {}–{} overlaps {}–{}.",
                    WEEKDAY_NAMES[usize::from(later.weekday - 1)],
                    format_minutes(later.start),
                    format_minutes(later.end),
                    format_minutes(earlier.start),
                    format_minutes(earlier.end),
                )
            });
        }
    }

    let mut days_off = BTreeSet::new();
    for (index, raw) in input.days_off.iter().enumerate() {
        if raw.trim().is_empty() {
            continue;
        }
        match NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").ok().filter(|day| (1..=9999).contains(&day.year())) {
            Some(day) => {
                days_off.insert(day);
            }
            None => {
                errors.insert(format!("days_off[{index}]"), format!("`{raw}` is not a date (YYYY-MM-DD)."));
            }
        }
    }

    if errors.is_empty() {
        Ok(CheckedAvailability { blocks: blocks.into_iter().map(|(_, block)| block).collect(), days_off })
    } else {
        Err(AppError::invalid_fields(errors))
    }
}

fn check_block(weekday: u8, start: &str, end: &str) -> Result<Block, String> {
    if !(1..=7).contains(&weekday) {
        return Err(format!("Weekday must be 1 (Monday) to 7 (Sunday), not {weekday}."));
    }
    let day = WEEKDAY_NAMES[usize::from(weekday - 1)];
    let start_minutes = parse_minutes(start).filter(|m| *m < 1440);
    // Time inputs cannot show 24:00, so an end of 00:00 after a later start means midnight.
    let end_minutes = parse_minutes(end).map(|m| if m == 0 { 1440 } else { m });
    let (Some(start), Some(end)) = (start_minutes, end_minutes) else {
        return Err(format!("{day}: give a start and an end time as HH:MM (the end may be 24:00)."));
    };
    if start % BLOCK_GRID_MINUTES != 0 || end % BLOCK_GRID_MINUTES != 0 {
        return Err(format!("{day}: times must be on the quarter hour (:00, :15, :30 or :45)."));
    }
    if start >= end {
        return Err(format!(
            "{day}: the block ends ({}) before it starts ({}).",
            format_minutes(end),
            format_minutes(start)
        ));
    }
    Ok(Block { weekday, start, end })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::availability::WeeklyBlock;

    fn block(weekday: u8, start: &str, end: &str) -> WeeklyBlock {
        WeeklyBlock { weekday, start: start.into(), end: end.into() }
    }

    #[test]
    fn several_blocks_a_day_are_fine_and_come_back_sorted() {
        let input = Availability {
            timezone: String::new(),
            blocks: vec![block(2, "14:00", "17:00"), block(2, "09:00", "12:00"), block(1, "12:00", "24:00")],
            days_off: vec!["2025-12-24".into()],
        };
        let checked = check(&input).unwrap();
        assert_eq!(
            checked.blocks,
            vec![
                Block { weekday: 1, start: 720, end: 1440 },
                Block { weekday: 2, start: 540, end: 720 },
                Block { weekday: 2, start: 840, end: 1020 },
            ]
        );
        assert_eq!(checked.days_off.len(), 1);
    }

    #[test]
    fn overlapping_and_inverted_blocks_are_refused_per_row() {
        let input = Availability {
            timezone: String::new(),
            blocks: vec![
                block(2, "09:00", "12:00"),
                block(2, "11:00", "13:00"),
                block(3, "12:00", "09:00"),
                block(8, "09:00", "10:00"),
                block(4, "09:10", "10:00"),
            ],
            days_off: vec!["24/12/2025".into(), "-5000-01-01".into()],
        };
        let err = check(&input).unwrap_err();
        assert_eq!(err.status_code(), 422);
        assert_eq!(err.field("blocks[1]").unwrap(), "Tuesday 11:00–13:00 overlaps 09:00–12:00.");
        assert!(err.field("blocks[2]").unwrap().contains("ends (09:00) before it starts (12:00)"));
        assert!(err.field("blocks[3]").unwrap().contains("Weekday"));
        assert!(err.field("blocks[4]").unwrap().contains("quarter hour"));
        assert!(err.field("days_off[0]").is_some());
        assert!(err.field("days_off[1]").is_some(), "years PostgreSQL cannot store are refused");
        assert!(err.field("blocks[0]").is_none());
    }

    #[test]
    fn blank_rows_are_skipped_and_errors_keep_their_row_index() {
        let input = Availability {
            timezone: String::new(),
            blocks: vec![block(1, "", ""), block(1, "10:00", "09:00")],
            days_off: vec!["".into()],
        };
        let err = check(&input).unwrap_err();
        assert!(err.field("blocks[1]").is_some());
        assert_eq!(err.fields().len(), 1);
    }

    #[test]
    fn an_end_of_midnight_may_be_written_00_00() {
        let input =
            Availability { timezone: String::new(), blocks: vec![block(6, "20:00", "00:00")], days_off: vec![] };
        assert_eq!(check(&input).unwrap().blocks, vec![Block { weekday: 6, start: 1200, end: 1440 }]);
    }

    #[test]
    fn touching_blocks_do_not_overlap() {
        let input = Availability {
            timezone: String::new(),
            blocks: vec![block(5, "09:00", "12:00"), block(5, "12:00", "13:00")],
            days_off: vec![],
        };
        assert!(check(&input).is_ok());
    }
}
