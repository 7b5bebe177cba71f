//! Search words as people type them in a web search: words, `"quoted phrases"`, and `-word`
//! or `-"a phrase"` to leave something out. The database turns each term into a full-text
//! query (`search_term_query` in the migrations); this module only splits the text.

use super::TextPart;

/// At most this many terms count; the rest of a long paste is ignored.
pub const MAX_TERMS: usize = 12;

/// A search split into what must and must not appear.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchTerms {
    /// Words and phrases, as typed (lower-cased, inner spaces collapsed), first seen first.
    pub wanted: Vec<String>,
    /// Words and phrases after a minus sign.
    pub unwanted: Vec<String>,
}

impl SearchTerms {
    pub fn is_empty(&self) -> bool {
        self.wanted.is_empty() && self.unwanted.is_empty()
    }
}

/// Splits `text` into terms. A quote left open runs to the end; a minus sign inside a word
/// (`e-mail`) is part of the word; a lone `-` or empty quotes are ignored.
pub fn parse(text: &str) -> SearchTerms {
    let mut terms = SearchTerms::default();
    let mut rest = text.trim_start();
    while !rest.is_empty() {
        let (negated, after_sign) = match rest.strip_prefix('-') {
            Some(after) => (true, after),
            None => (false, rest),
        };
        let (raw, remaining) = match after_sign.strip_prefix('"') {
            Some(quoted) => match quoted.find('"') {
                Some(end) => (&quoted[..end], &quoted[end + 1..]),
                None => (quoted, ""),
            },
            None => match after_sign.find(char::is_whitespace) {
                Some(end) => (&after_sign[..end], &after_sign[end..]),
                None => (after_sign, ""),
            },
        };
        let term = raw.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
        let list = if negated { &mut terms.unwanted } else { &mut terms.wanted };
        if !term.is_empty() && !list.contains(&term) && list.len() < MAX_TERMS {
            list.push(term);
        }
        rest = remaining.trim_start();
    }
    terms
}

/// Where the database marked matching words in a text (`ts_headline` with these two
/// private-use characters around each hit; the stored text has them removed first).
pub const HIT_START: char = '\u{E000}';
pub const HIT_END: char = '\u{E001}';

/// The marked text as parts, neighbours of the same kind joined.
pub fn parts(marked: &str) -> Vec<TextPart> {
    let mut parts: Vec<TextPart> = Vec::new();
    let mut push = |text: &str, hit: bool| {
        if text.is_empty() {
            return;
        }
        match parts.last_mut() {
            Some(last) if last.hit == hit => last.text.push_str(text),
            _ => parts.push(TextPart { text: text.to_owned(), hit }),
        }
    };
    let mut rest = marked;
    while let Some(start) = rest.find(HIT_START) {
        push(&rest[..start], false);
        let inside = &rest[start + HIT_START.len_utf8()..];
        let end = inside.find(HIT_END).unwrap_or(inside.len());
        push(&inside[..end], true);
        rest = inside.get(end + HIT_END.len_utf8()..).unwrap_or("");
    }
    push(rest, false);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The wanted and unwanted terms, joined by `|` for short comparisons.
    fn terms(text: &str) -> (String, String) {
        let parsed = parse(text);
        (parsed.wanted.join("|"), parsed.unwanted.join("|"))
    }

    fn pair(wanted: &str, unwanted: &str) -> (String, String) {
        (wanted.to_owned(), unwanted.to_owned())
    }

    #[test]
    fn words_phrases_and_exclusions() {
        assert_eq!(terms("Rust  career"), pair("rust|career", ""));
        assert_eq!(terms(r#""System   Design" mentor"#), pair("system design|mentor", ""));
        assert_eq!(terms(r#"design -ux -"product management""#), pair("design", "ux|product management"));
        assert_eq!(terms("e-mail marketing"), pair("e-mail|marketing", ""));
        assert_eq!(terms(r#"rust "open source"#), pair("rust|open source", ""));
    }

    #[test]
    fn blanks_lone_signs_and_repeats_are_ignored() {
        assert_eq!(terms("  - \"\" rust RUST -rust -rust "), pair("rust", "rust"));
        assert!(parse("   ").is_empty());
        let many = (0..30).map(|i| format!("w{i}")).collect::<Vec<_>>().join(" ");
        assert_eq!(parse(&many).wanted.len(), MAX_TERMS);
    }

    #[test]
    fn marked_text_becomes_parts() {
        let marked = format!("Staff {HIT_START}Rust{HIT_END} engineer, {HIT_START}systems{HIT_END}");
        assert_eq!(
            parts(&marked),
            vec![
                TextPart { text: "Staff ".into(), hit: false },
                TextPart { text: "Rust".into(), hit: true },
                TextPart { text: " engineer, ".into(), hit: false },
                TextPart { text: "systems".into(), hit: true },
            ]
        );
        assert_eq!(parts("plain"), vec![TextPart { text: "plain".into(), hit: false }]);
        assert!(parts("").is_empty());
        // An unclosed mark runs to the end instead of losing the text.
        assert_eq!(parts(&format!("a {HIT_START}b")).len(), 2);
    }
}
