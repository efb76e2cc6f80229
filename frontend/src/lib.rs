//! The browser entry point: hydrates the server-rendered page into the live app.

// Leptos views are deeply nested types; laying out the hydration futures needs the headroom.
#![recursion_limit = "256"]

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // The back office's routes are lazy (their code is a separate WASM chunk, loaded when a
    // member of staff opens one), which needs the asynchronous hydration.
    leptos::mount::hydrate_lazy(app::App);
}
