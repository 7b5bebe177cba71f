//! Generated avatars: a person's initials on a colour chosen from their name, so the same person
//! looks the same on every card, request and session without anyone uploading a picture.

use leptos::prelude::*;

/// How many avatar colours the stylesheet defines (`.avatar-0` … `.avatar-7`); classes rather
/// than inline styles, because the content policy allows only the app's own stylesheet.
const COLOURS: u32 = 8;

/// Up to two initials: "Grace Hopper" → "GH", "ada" → "A".
pub fn initials(name: &str) -> String {
    name.split_whitespace().filter_map(|word| word.chars().next()).take(2).flat_map(char::to_uppercase).collect()
}

/// A stable colour index for a name (FNV-1a), the same on the server and in the browser.
pub fn colour_index(name: &str) -> u32 {
    let hash = name.bytes().fold(0x811c_9dc5_u32, |hash, byte| (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193));
    hash % COLOURS
}

/// The avatar; `small` for list rows. Decorative: the name is always written next to it.
#[component]
pub fn Avatar(#[prop(into)] name: String, #[prop(optional)] small: bool) -> impl IntoView {
    let class = format!("avatar avatar-{}{}", colour_index(&name), if small { " avatar-small" } else { "" });
    view! {
        <span class=class aria-hidden="true">
            {initials(&name)}
        </span>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_and_colours_come_from_the_name() {
        assert_eq!(initials("Grace Brewster Hopper"), "GB");
        assert_eq!(initials("ada"), "A");
        assert_eq!(initials("  "), "");
        assert_eq!(colour_index("Grace Hopper"), colour_index("Grace Hopper"));
        assert!((0..COLOURS).contains(&colour_index("Ada Lovelace")));
        let spread: std::collections::BTreeSet<u32> =
            ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Radia"]
                .iter()
                .map(|n| colour_index(n))
                .collect();
        assert!(spread.len() >= 4, "names spread over the colours: {spread:?}");
    }
}
