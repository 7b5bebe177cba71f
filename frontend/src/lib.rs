//! The browser entry point: hydrates the server-rendered page with the same `App`.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Pages are lazy routes (`app::ui::routes`), so hydration is asynchronous: it waits for the
    // page's chunk. (A plain wasm-bindgen task: Leptos's executor is set up by the hydration.)
    wasm_bindgen_futures::spawn_local(async {
        let body = leptos::prelude::document().body().expect("the page has a <body>");
        leptos::mount::hydrate_from_async(body.clone(), app::App).await.forget();
        // Set once hydration has finished: tests (and curious humans in devtools) read it as
        // "the page is now interactive".
        let _ = body.set_attribute("data-hydrated", "true");
    });
}
