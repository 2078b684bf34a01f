//! The portal on a phone that loses its connection: the island registers
//! the service worker (`/sw.js`, which keeps the shell and complaint steps
//! sent without a connection) and says so while the phone is offline, and
//! again when what was kept has been sent. Without WASM nothing changes:
//! the forms post as they always do.

use leptos::prelude::*;

/// What the worker says happened to the steps kept on the phone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Sent: go on (the next step, or the receipt).
    Sent,
    /// The server found a problem in a kept step: its page shows it.
    Check,
    /// The draft had expired: nothing was filed.
    Lost,
}

impl Outcome {
    /// From the worker's message type.
    pub fn parse(kind: &str) -> Option<Outcome> {
        match kind {
            "qj-sent" => Some(Outcome::Sent),
            "qj-check" => Some(Outcome::Check),
            "qj-lost" => Some(Outcome::Lost),
            _ => None,
        }
    }
}

/// What to say while offline (`offline`), then when kept steps were sent,
/// had a problem or were lost, with a link (`link`) to go on.
#[island]
pub fn ConnectionNotice(
    offline: String,
    sent: String,
    check: String,
    lost: String,
    link: String,
) -> impl IntoView {
    let online = RwSignal::new(true);
    // What happened to the kept steps, and where the resident goes on.
    let told = RwSignal::new(None::<(Outcome, String)>);
    let live = RwSignal::new(false);
    Effect::new(move |_| {
        live.set(true);
        #[cfg(feature = "hydrate")]
        browser::start(online, told);
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
                told.get()
                    .map(|(outcome, href)| {
                        let (class, words) = match outcome {
                            Outcome::Sent => ("success", sent.clone()),
                            Outcome::Check => ("connection-offline", check.clone()),
                            Outcome::Lost => ("connection-offline", lost.clone()),
                        };
                        view! {
                            <p class=class role="status">
                                {words} " " <a href=href>{link.clone()}</a>
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

    pub fn start(online: RwSignal<bool>, told: RwSignal<Option<(super::Outcome, String)>>) {
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
                if let Some(outcome) = kind.as_deref().and_then(super::Outcome::parse) {
                    let href = href.unwrap_or_else(|| "/complaints/new".to_owned());
                    told.set(Some((outcome, href)));
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

#[cfg(test)]
mod tests {
    use super::Outcome;

    #[test]
    fn the_workers_messages_are_read() {
        assert_eq!(Outcome::parse("qj-sent"), Some(Outcome::Sent));
        assert_eq!(Outcome::parse("qj-check"), Some(Outcome::Check));
        assert_eq!(Outcome::parse("qj-lost"), Some(Outcome::Lost));
        assert_eq!(Outcome::parse("qj-flush"), None);
    }
}
