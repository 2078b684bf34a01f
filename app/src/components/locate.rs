//! "Use my location": with WASM, a button that asks the browser for the
//! phone's position and puts it in the location form's hidden fields.
//! Without WASM nothing shows and the address alone is enough.

use leptos::prelude::*;

#[island]
pub fn LocateButton(
    label: String,
    saved: String,
    failed: String,
    has_point: bool,
) -> impl IntoView {
    // None: not asked; Some(true): recorded; Some(false): not available.
    let state = RwSignal::new(has_point.then_some(true));
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));
    let on_click = move |_| {
        #[cfg(feature = "hydrate")]
        locate(state);
    };
    view! {
        <div class="locate" data-hydrated=move || live.get().then_some("true")>
            {move || {
                live.get()
                    .then(|| {
                        view! {
                            <button type="button" class="button secondary" on:click=on_click>
                                {label.clone()}
                            </button>
                        }
                    })
            }}
            <p class="hint" role="status">
                {move || match state.get() {
                    Some(true) => saved.clone(),
                    Some(false) => failed.clone(),
                    None => String::new(),
                }}
            </p>
        </div>
    }
}

#[cfg(feature = "hydrate")]
fn locate(state: RwSignal<Option<bool>>) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;

    let Ok(geolocation) = leptos::prelude::window().navigator().geolocation() else {
        state.set(Some(false));
        return;
    };
    let success = Closure::once_into_js(move |position: web_sys::Position| {
        let coords = position.coords();
        let document = leptos::prelude::document();
        for (id, value) in [
            ("latitude", coords.latitude()),
            ("longitude", coords.longitude()),
        ] {
            if let Some(input) = document
                .get_element_by_id(id)
                .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
            {
                input.set_value(&format!("{value:.6}"));
            }
        }
        state.set(Some(true));
    });
    let failure = Closure::once_into_js(move |_: wasm_bindgen::JsValue| state.set(Some(false)));
    if geolocation
        .get_current_position_with_error_callback(
            success.unchecked_ref(),
            Some(failure.unchecked_ref()),
        )
        .is_err()
    {
        state.set(Some(false));
    }
}
