//! `/staff/admin/trail`: recomputes the hash chain of case events and
//! names the first event that does not check out.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::api::trail::{TrailCheck, check_trail};
use crate::i18n::use_texts;
use crate::pages::error::ErrorPage;

#[component]
pub fn TrailPage() -> impl IntoView {
    let t = use_texts();
    let check = Resource::new(|| (), |_| check_trail());
    view! {
        <Title text=t.c.trail_title />
        <Meta name="robots" content="noindex" />
        <p class="breadcrumb">
            <a href="/staff">{t.staff_home_title}</a>
        </p>
        <h1>{t.c.trail_title}</h1>
        <p>{t.c.trail_intro}</p>
        <Suspense>
            {move || {
                check
                    .get()
                    .map(|result| match result {
                        Ok(Some(TrailCheck::Intact { events })) => {
                            view! { <p class="success" role="status">{(t.c.trail_intact)(events)}</p> }.into_any()
                        }
                        Ok(Some(TrailCheck::Broken { seq, .. })) => {
                            view! { <p class="warning" role="alert">{(t.c.trail_broken)(seq)}</p> }.into_any()
                        }
                        Ok(Some(TrailCheck::Truncated { last_seq, head_seq })) => {
                            view! {
                                <p class="warning" role="alert">{(t.c.trail_truncated)(last_seq, head_seq)}</p>
                            }
                                .into_any()
                        }
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
