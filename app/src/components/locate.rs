//! "Use my location": with WASM, a button that asks the browser for the
//! phone's position and puts it in the location form's hidden fields.
//! Without WASM nothing shows and the address alone is enough.

use leptos::prelude::*;

/// What the status line says (set in the browser only).
#[derive(Clone, Copy, PartialEq)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
enum Found {
    /// Not asked yet.
    Nothing,
    /// The position is recorded (and the town was chosen already).
    Saved,
    /// Recorded, and the town chosen from it: to be checked.
    Guessed,
    /// Recorded, but not in the district.
    Outside,
    /// The browser gave no position.
    Failed,
}

/// The button and its status line. `guessed` names the town chosen from
/// the position where it says `{town}`.
#[island]
pub fn LocateButton(
    label: String,
    saved: String,
    guessed: String,
    outside: String,
    failed: String,
    has_point: bool,
) -> impl IntoView {
    let state = RwSignal::new(if has_point {
        Found::Saved
    } else {
        Found::Nothing
    });
    let town = RwSignal::new(String::new());
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));
    let on_click = move |_| {
        #[cfg(feature = "hydrate")]
        locate(state, town);
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
                    Found::Nothing => String::new(),
                    Found::Saved => saved.clone(),
                    Found::Guessed => guessed.replace("{town}", &town.get()),
                    Found::Outside => outside.clone(),
                    Found::Failed => failed.clone(),
                }}
            </p>
        </div>
    }
}

#[cfg(feature = "hydrate")]
fn locate(state: RwSignal<Found>, town: RwSignal<String>) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;

    let Ok(geolocation) = leptos::prelude::window().navigator().geolocation() else {
        state.set(Found::Failed);
        return;
    };
    let success = Closure::once_into_js(move |position: web_sys::Position| {
        let coords = position.coords();
        let document = leptos::prelude::document();
        let (latitude, longitude) = (
            format!("{:.6}", coords.latitude()),
            format!("{:.6}", coords.longitude()),
        );
        // A position outside the district is not put in the form: it is
        // not where a problem here is (and one outside Shanghai would be
        // refused, with no way on).
        let district_town = domain::complaint::filing::GeoPoint::parse(&latitude, &longitude)
            .ok()
            .flatten()
            .and_then(domain::complaint::towns::nearest_town);
        for (id, value) in [("latitude", &latitude), ("longitude", &longitude)] {
            if let Some(input) = document
                .get_element_by_id(id)
                .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
            {
                input.set_value(if district_town.is_some() { value } else { "" });
            }
        }
        let Some(code) = district_town else {
            state.set(Found::Outside);
            return;
        };
        // The town list: chosen from the position unless the resident
        // chose one already.
        let select = document
            .get_element_by_id("town")
            .and_then(|e| e.dyn_into::<web_sys::HtmlSelectElement>().ok());
        match select {
            Some(select) if select.value().is_empty() => {
                select.set_value(code);
                let name = select
                    .selected_options()
                    .item(0)
                    .and_then(|o| o.text_content())
                    .unwrap_or_default();
                if select.value() == code {
                    town.set(name.trim().to_owned());
                    state.set(Found::Guessed);
                } else {
                    state.set(Found::Saved);
                }
            }
            _ => state.set(Found::Saved),
        }
    });
    let failure = Closure::once_into_js(move |_: wasm_bindgen::JsValue| state.set(Found::Failed));
    if geolocation
        .get_current_position_with_error_callback(
            success.unchecked_ref(),
            Some(failure.unchecked_ref()),
        )
        .is_err()
    {
        state.set(Found::Failed);
    }
}
