use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::use_texts;

/// Shown when a page cannot load its data. The cause is logged on the server;
/// the visitor gets a translated explanation, never internals.
#[component]
pub fn ErrorPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::INTERNAL_SERVER_ERROR);
    }
    let t = use_texts();
    view! {
        <Title text=t.error_title />
        <section class="message-page" role="alert">
            <h1>{t.error_title}</h1>
            <p>{t.error_body}</p>
            <p>
                <a class="button" href="/">{t.back_home}</a>
            </p>
        </section>
    }
}
