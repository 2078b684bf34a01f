//! The text-size switch (standard / large), the start of the elderly-friendly
//! mode. Without WASM it is a plain form: the server sets the cookie and sends
//! the visitor back. With WASM the island applies the size at once, without
//! a page load, and stores the same cookie.

use domain::prefs::TextSize;
use leptos::prelude::*;

#[island]
pub fn TextSizeSwitch(
    current: TextSize,
    /// The page to come back to when the form is posted without WASM.
    next: String,
    label: String,
    standard: String,
    large: String,
) -> impl IntoView {
    let size = RwSignal::new(current);
    // Effects run only in the browser: this marks the island as live, for
    // the browser tests (and any style that should differ once it is).
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));
    let choose = move |ev: leptos::ev::MouseEvent, choice: TextSize| {
        ev.prevent_default();
        size.set(choice);
        #[cfg(feature = "hydrate")]
        apply_in_browser(choice);
    };
    let button = move |choice: TextSize, text: String| {
        view! {
            <button
                type="submit"
                name="text_size"
                value=choice.as_str()
                aria-pressed=move || if size.get() == choice { "true" } else { "false" }
                on:click=move |ev| choose(ev, choice)
            >
                {text}
            </button>
        }
    };
    view! {
        <form
            method="post"
            action="/prefs"
            class="text-size-switch"
            data-hydrated=move || live.get().then_some("true")
        >
            <input type="hidden" name="next" value=next />
            <span class="switch-label">{label}</span>
            {button(TextSize::Standard, standard)}
            {button(TextSize::Large, large)}
        </form>
    }
}

#[cfg(feature = "hydrate")]
fn apply_in_browser(choice: TextSize) {
    use wasm_bindgen::JsCast;
    let document = leptos::prelude::document();
    if let Some(root) = document.document_element() {
        let _ = root.set_attribute("data-text-size", choice.as_str());
    }
    // The page has the switch twice (menu and footer), each its own
    // island: the other one shows the choice too.
    if let Ok(buttons) = document.query_selector_all(".text-size-switch button") {
        for i in 0..buttons.length() {
            if let Some(button) = buttons
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
            {
                let pressed = button.get_attribute("value").as_deref() == Some(choice.as_str());
                let _ =
                    button.set_attribute("aria-pressed", if pressed { "true" } else { "false" });
            }
        }
    }
    if let Ok(html) = document.dyn_into::<web_sys::HtmlDocument>() {
        let _ = html.set_cookie(&format!(
            "{}={}; Path=/; Max-Age=31536000; SameSite=Lax",
            domain::prefs::TEXT_SIZE_COOKIE,
            choice.as_str()
        ));
    }
}
