//! The portal on a phone that loses its connection: the island registers
//! the service worker (`/sw.js`, which keeps the shell and complaint steps
//! sent without a connection) and says so while the phone is offline, and
//! again when what was kept has been sent. Without WASM nothing changes:
//! the forms post as they always do.

use leptos::prelude::*;

#[island]
pub fn ConnectionNotice(offline: String, sent: String, sent_link: String) -> impl IntoView {
    let online = RwSignal::new(true);
    // Where the resident goes on after the kept steps were sent.
    let next = RwSignal::new(None::<String>);
    let live = RwSignal::new(false);
    Effect::new(move |_| {
        live.set(true);
        #[cfg(feature = "hydrate")]
        browser::start(online, next);
    });
    view! {
        // Each notice is its own live region, put in with its words (an
        // empty region on every page would be one more for readers to
        // skip).
        <div class="connection wrap" data-hydrated=move || live.get().then_some("true")>
            {move || {
                (!online.get())
                    .then(|| view! { <p class="connection-offline" role="status">{offline.clone()}</p> })
            }}
            {move || {
                next.get()
                    .map(|href| {
                        view! {
                            <p class="success" role="status">
                                {sent.clone()} " " <a href=href>{sent_link.clone()}</a>
                            </p>
                        }
                    })
            }}
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;

    pub fn start(online: RwSignal<bool>, next: RwSignal<Option<String>>) {
        let window = leptos::prelude::window();
        let navigator = window.navigator();
        online.set(navigator.on_line());
        let up = window_event_listener_untyped("online", move |_| online.set(true));
        let down = window_event_listener_untyped("offline", move |_| online.set(false));
        on_cleanup(move || {
            up.remove();
            down.remove();
        });
        // Browsers without service workers (or a page not from a secure
        // origin) simply file online.
        let has_worker = js_sys::Reflect::has(&navigator, &"serviceWorker".into()).unwrap_or(false);
        if !has_worker {
            return;
        }
        let container = navigator.service_worker();
        let _ = container.register("/sw.js");
        // The worker says when steps kept on the phone were sent, and
        // where the resident goes on (the next step, or the receipt).
        let on_message =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
                let data = ev.data();
                let kind = js_sys::Reflect::get(&data, &"type".into())
                    .ok()
                    .and_then(|v| v.as_string());
                let href = js_sys::Reflect::get(&data, &"next".into())
                    .ok()
                    .and_then(|v| v.as_string())
                    .filter(|h| h.starts_with("/complaints/"));
                if kind.as_deref() == Some("qj-sent") {
                    next.set(Some(href.unwrap_or_else(|| "/complaints/new".to_owned())));
                    // Shown: the worker forgets it.
                    let navigator = leptos::prelude::window().navigator();
                    if let Some(worker) = navigator.service_worker().controller() {
                        let _ = worker.post_message(&"qj-seen".into());
                    }
                }
            });
        let _ = container
            .add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref());
        on_message.forget();
        // Ask the worker to send what it kept, in case the browser has no
        // background sync (it answers with the message above).
        if let Some(worker) = container.controller() {
            let _ = worker.post_message(&"qj-flush".into());
        }
    }
}
