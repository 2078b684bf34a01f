//! The browser's entry point. Only islands hydrate; the rest of each page
//! stays server-rendered HTML.

// Referencing the app crate keeps its island exports in the final module;
// without it the linker drops them and no island can hydrate.
#[allow(unused_imports)]
use app::*;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
