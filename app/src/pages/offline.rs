//! `/offline`: what the service worker shows when a page is asked for
//! without a connection and none was kept, and when a complaint step was
//! kept on the phone to be sent later (`?saved=1`). It says plainly what
//! still works. The service worker keeps a copy from its installation.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::i18n::use_texts;

#[component]
pub fn OfflinePage() -> impl IntoView {
    let t = use_texts();
    view! {
        <Title text=t.offline_title />
        <Meta name="robots" content="noindex" />
        <section class="message-page offline-page">
            <h1>{t.offline_title}</h1>
            // Filled in by the service worker's copy when a step was kept.
            <div class="success" id="offline-saved" hidden>
                <p>{t.offline_saved}</p>
            </div>
            <p>{t.offline_body}</p>
            <ul>
                <li>{t.offline_works_pages}</li>
                <li>{t.offline_works_filing}</li>
                <li>{t.offline_works_urgent}</li>
            </ul>
            <p>
                <a class="button" href="/">{t.back_home}</a>
            </p>
        </section>
    }
}
