//! Text a member typed, as a checked value: only `parse` makes one, so a function that takes a
//! `BoundedText` needs no length check of its own, and each refusal is worded once, here.

/// Trimmed text of at most `MAX` characters. Each feature names its own, e.g.
/// `type Agenda = BoundedText<AGENDA_MAX>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoundedText<const MAX: usize>(String);

impl<const MAX: usize> BoundedText<MAX> {
    /// Text that may be empty. `what` names it in the refusal: "Keep the agenda to 2000
    /// characters."
    pub fn parse(raw: &str, what: &str) -> Result<Self, String> {
        // PostgreSQL text cannot hold NUL; refusing it here says so instead of failing the save,
        // and holds even where the text is not stored (a field ignored for this role).
        if raw.contains('\0') {
            return Err(format!("The {what} cannot contain a NUL character."));
        }
        let text = raw.trim();
        if text.chars().count() > MAX {
            return Err(format!("Keep the {what} to {MAX} characters."));
        }
        Ok(Self(text.to_owned()))
    }

    /// Text that must say something: empty (or only spaces) is refused with `when_empty`, which
    /// tells the member what to write.
    pub fn parse_required(raw: &str, what: &str, when_empty: &str) -> Result<Self, String> {
        let text = Self::parse(raw, what)?;
        if text.0.is_empty() {
            return Err(when_empty.to_owned());
        }
        Ok(text)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<const MAX: usize> std::fmt::Display for BoundedText<MAX> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::BoundedText;

    type Note = BoundedText<5>;

    #[test]
    fn trimmed_and_bounded_by_characters_not_bytes() {
        assert_eq!(Note::parse("  héllo ", "note").unwrap().as_str(), "héllo");
        assert_eq!(Note::parse("abcdef", "note").unwrap_err(), "Keep the note to 5 characters.");
        assert_eq!(Note::parse("   ", "note").unwrap().as_str(), "");
        assert_eq!(Note::parse("a\0b", "note").unwrap_err(), "The note cannot contain a NUL character.");
    }

    #[test]
    fn required_text_refuses_blank_with_its_own_words() {
        assert_eq!(Note::parse_required(" \n ", "note", "Write a note.").unwrap_err(), "Write a note.");
        assert_eq!(
            Note::parse_required("abcdef", "note", "Write a note.").unwrap_err(),
            "Keep the note to 5 characters."
        );
        assert_eq!(Note::parse_required(" hi ", "note", "Write a note.").unwrap().as_str(), "hi");
    }
}
