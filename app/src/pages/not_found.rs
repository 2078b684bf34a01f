use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::use_texts;

/// Shown for any path no route matches, with status 404.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let t = use_texts();
    view! {
        <Title text=t.not_found_title />
        <section class="message-page">
            <h1>{t.not_found_title}</h1>
            <p>{t.not_found_body}</p>
            <p>
                <a class="button" href="/">{t.back_home}</a>
            </p>
        </section>
    }
}
