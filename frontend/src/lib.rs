//! The browser entry point. Pages are rendered on the server; this only wakes up their islands
//! (the forms and other interactive parts marked `#[island]`), which Leptos's script then
//! hydrates one by one.

// Linked for its islands' exported hydration functions, which nothing here names.
extern crate app;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
