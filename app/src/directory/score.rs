//! The match score in words, for suggestions and matching rounds alike. The points come from
//! the database (`match_points` in migration 0013, one definition for both); what they were
//! made of comes with them, and this module says it the way a mentee or an admin reads it.

use serde::{Deserialize, Serialize};

/// What a mentor–mentee pair's score was made of.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ScoreParts {
    /// The mentee's goals among the mentor's skills.
    pub goals_matched: Vec<String>,
    /// Skills both have.
    pub skills_shared: Vec<String>,
    /// Hours between their clocks now, the short way round (0 to 12).
    pub zone_hours: f64,
    /// The mentor has open hours to book in the coming week.
    pub open_soon: bool,
    /// The mentor's free places.
    pub free_places: i32,
    pub rating_average: Option<f64>,
    pub rating_count: i32,
}

/// "a", "a and b", "a, b and c".
pub fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Hours as people say them: "1 h", "2.5 h".
fn hours(value: f64) -> String {
    let rounded = (value * 2.0).round() / 2.0;
    if rounded.fract() == 0.0 { format!("{rounded:.0} h") } else { format!("{rounded:.1} h") }
}

impl ScoreParts {
    /// The reasons, most important first: "Shares your goal system design", "2 h time-zone
    /// difference", "Free this week", …
    pub fn reasons(&self) -> Vec<String> {
        let mut reasons = Vec::new();
        match self.goals_matched.len() {
            0 => {}
            1 => reasons.push(format!("Shares your goal {}", self.goals_matched[0])),
            _ => reasons.push(format!("Shares your goals {}", and_list(&self.goals_matched))),
        }
        if !self.skills_shared.is_empty() {
            reasons.push(format!("Also knows {}", and_list(&self.skills_shared)));
        }
        reasons.push(if self.zone_hours < 0.25 {
            "Same time zone".to_owned()
        } else {
            format!("{} time-zone difference", hours(self.zone_hours))
        });
        if self.open_soon {
            reasons.push("Free this week".to_owned());
        }
        match self.free_places {
            0 => {}
            1 => reasons.push("1 free place".to_owned()),
            n => reasons.push(format!("{n} free places")),
        }
        if let Some(average) = self.rating_average {
            let noun = if self.rating_count == 1 { "rating" } else { "ratings" };
            reasons.push(format!("Rated {average:.1} ({} {noun})", self.rating_count));
        }
        reasons
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_in_words() {
        let parts = ScoreParts {
            goals_matched: vec!["system design".into()],
            skills_shared: vec![],
            zone_hours: 2.0,
            open_soon: true,
            free_places: 1,
            rating_average: None,
            rating_count: 0,
        };
        assert_eq!(
            parts.reasons(),
            ["Shares your goal system design", "2 h time-zone difference", "Free this week", "1 free place"]
        );
        let more = ScoreParts {
            goals_matched: vec!["rust".into(), "go".into(), "career growth".into()],
            skills_shared: vec!["python".into()],
            zone_hours: 5.5,
            open_soon: false,
            free_places: 3,
            rating_average: Some(4.6),
            rating_count: 12,
        };
        assert_eq!(
            more.reasons(),
            [
                "Shares your goals rust, go and career growth",
                "Also knows python",
                "5.5 h time-zone difference",
                "3 free places",
                "Rated 4.6 (12 ratings)",
            ]
        );
        assert_eq!(ScoreParts::default().reasons(), ["Same time zone"]);
    }
}
