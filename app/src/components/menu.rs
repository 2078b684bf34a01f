//! The header's menu button on narrow screens.
//!
//! Without WASM it is a link to `#site-menu`: the menu opens by CSS
//! (`:target`) and its own "close" link goes back. With WASM the island
//! makes it a disclosure: `aria-expanded`, the first link takes the focus
//! on opening, Escape closes it and gives the focus back to the button.

use leptos::prelude::*;

/// The id of the menu the button opens (navigation and display switches).
pub const MENU_ID: &str = "site-menu";

#[island]
pub fn MenuButton(label: String) -> impl IntoView {
    let open = RwSignal::new(false);
    let live = RwSignal::new(false);
    Effect::new(move |_| {
        live.set(true);
        #[cfg(feature = "hydrate")]
        {
            browser::mark_live();
            // Tapped before the WASM arrived: the menu opened as the
            // link's target and stays open as the disclosure's.
            if browser::targeted() {
                open.set(true);
                browser::show(true);
            }
        }
    });
    #[cfg(feature = "hydrate")]
    {
        let handle = window_event_listener(leptos::ev::keydown, move |ev| {
            if ev.key() == "Escape" && open.get_untracked() {
                open.set(false);
                browser::show(false);
                browser::focus_button();
            }
        });
        on_cleanup(move || handle.remove());
    }
    let toggle = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        let now = !open.get_untracked();
        open.set(now);
        #[cfg(feature = "hydrate")]
        {
            browser::show(now);
            if now {
                browser::focus_first_link();
            }
        }
    };
    view! {
        <a
            class="menu-button"
            id="menu-button"
            href=format!("#{MENU_ID}")
            aria-controls=MENU_ID
            role=move || live.get().then_some("button")
            aria-expanded=move || live.get().then(|| open.get().to_string())
            on:click=toggle
        >
            <span class="menu-icon" aria-hidden="true"></span>
            {label}
        </a>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use wasm_bindgen::JsCast;

    use super::MENU_ID;

    fn menu() -> Option<web_sys::Element> {
        leptos::prelude::document().get_element_by_id(MENU_ID)
    }

    /// The page knows the button works: the menu's no-JavaScript "close"
    /// link is hidden and `:target` no longer opens it.
    pub fn mark_live() {
        if let Some(root) = leptos::prelude::document().document_element() {
            let _ = root.class_list().add_1("menu-live");
        }
    }

    pub fn targeted() -> bool {
        leptos::prelude::window()
            .location()
            .hash()
            .is_ok_and(|h| h == format!("#{MENU_ID}"))
    }

    pub fn show(open: bool) {
        if let Some(menu) = menu() {
            let _ = menu.class_list().toggle_with_force("open", open);
        }
    }

    fn focus(element: Option<web_sys::Element>) {
        if let Some(e) = element.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = e.focus();
        }
    }

    pub fn focus_first_link() {
        focus(menu().and_then(|m| m.query_selector("a, button").ok().flatten()));
    }

    pub fn focus_button() {
        focus(leptos::prelude::document().get_element_by_id("menu-button"));
    }
}
