//! `/staff/admin/notifications`: the messages queued for residents and
//! what became of them (the default sender only records them).

use domain::shanghai;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::api::outbox::get_outbox;
use crate::i18n::use_texts;
use crate::pages::error::ErrorPage;
use crate::prefs::use_prefs;

#[component]
pub fn OutboxPage() -> impl IntoView {
    let t = use_texts();
    let locale = use_prefs().locale;
    let rows = Resource::new(|| (), |_| get_outbox());
    view! {
        <Title text=t.c.outbox_title />
        <Meta name="robots" content="noindex" />
        <p class="breadcrumb">
            <a href="/staff">{t.staff_home_title}</a>
        </p>
        <h1>{t.c.outbox_title}</h1>
        <Suspense>
            {move || {
                rows.get()
                    .map(|result| match result {
                        Ok(Some(rows)) if rows.is_empty() => view! { <p>{t.c.outbox_empty}</p> }.into_any(),
                        Ok(Some(rows)) => view! {
                            <p class="note">{t.c.outbox_intro}</p>
                            <div class="table-scroll" tabindex="0">
                                <table class="data">
                                    <thead>
                                        <tr>
                                            <th scope="col">{t.c.outbox_time}</th>
                                            <th scope="col">{t.c.reference_label}</th>
                                            <th scope="col">{t.c.outbox_recipient}</th>
                                            <th scope="col">{t.c.outbox_message}</th>
                                            <th scope="col">{t.c.status_label}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {rows
                                            .into_iter()
                                            .map(|r| {
                                                view! {
                                                    <tr>
                                                        <td>{shanghai::format_datetime(r.created_at, locale)}</td>
                                                        <td>{r.reference.unwrap_or_else(|| t.c.outbox_signup.to_owned())}</td>
                                                        <td>{format!("{} {}", r.channel.to_uppercase(), r.recipient)}</td>
                                                        <td>{r.body}</td>
                                                        <td>
                                                            {format!("{} ({})", r.status, r.attempts)}
                                                            {r.last_error.map(|e| view! { <br /> {e} })}
                                                        </td>
                                                    </tr>
                                                }
                                            })
                                            .collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }
                            .into_any(),
                        Ok(None) => {
                            #[cfg(feature = "ssr")]
                            crate::server::see_other("/staff/login");
                            view! { <a href="/staff/login">{t.staff_login_title}</a> }.into_any()
                        }
                        Err(_) => view! { <ErrorPage /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}
