//! The two complaint pages that are not steps of the form:
//! `/complaints/new/done`, the receipt after filing, and
//! `/complaints/other`, where a resident with a problem this service does
//! not take learns where to take it.

use domain::shanghai;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::api::complaints::Confirmation;
use crate::components::keep_receipt::KeepReceipt;
use crate::i18n::use_texts;
use crate::pages::error::ErrorPage;
use crate::prefs::use_prefs;

/// `/complaints/new/done`: the reference, the access code (once), the QR
/// code of the tracking page and what happens next. Printable.
#[component]
pub fn ConfirmationPage() -> impl IntoView {
    let Some(c) = use_context::<Confirmation>() else {
        return view! { <ErrorPage /> }.into_any();
    };
    let t = use_texts();
    let locale = use_prefs().locale;
    let due = shanghai::format_date(c.due_on, locale);
    if c.supported {
        // The supporter joins someone else's case: they learn nothing of it
        // (no reference, no tracking link) beyond what the hint showed.
        return view! {
            <Title text=t.c.voice_title />
            <Meta name="robots" content="noindex" />
            <div class="narrow receipt">
                <div class="panel-success">
                    <h1>{t.c.voice_title}</h1>
                    <p>{t.c.voice_body}</p>
                </div>
                <p class="no-print link-line">
                    <a href="/complaints/new">{t.c.file_another}</a>
                </p>
            </div>
        }
        .into_any();
    }
    let reference = c.reference.clone().unwrap_or_default();
    // Copy and the picture hold the code only on the one page showing it.
    let keep = c.access_code.clone().map(|code| {
        let t = use_texts();
        let copy_text = format!(
            "{}{}{reference}\n{}{}{code}",
            t.c.reference_label, t.colon, t.c.access_code_label, t.colon
        );
        let lines = vec![
            (t.site_name.to_owned(), false),
            (t.c.confirm_title.to_owned(), false),
            (t.c.reference_label.to_owned(), false),
            (reference.clone(), true),
            (t.c.access_code_label.to_owned(), false),
            (code, true),
            ((t.c.receipt_due)(&due), false),
            (t.c.qr_label.to_owned(), false),
        ];
        view! {
            <KeepReceipt
                copy_label=t.c.copy_receipt.to_owned()
                copied=t.c.receipt_copied.to_owned()
                copy_failed=t.c.copy_failed.to_owned()
                save_label=t.c.save_receipt.to_owned()
                saved=t.c.receipt_saved.to_owned()
                save_failed=t.c.receipt_save_failed.to_owned()
                copy_text=copy_text
                lines=lines
                file_name=(t.c.receipt_file)(&reference)
            />
        }
    });
    view! {
        <Title text=t.c.confirm_title />
        <Meta name="robots" content="noindex" />
        <div class="narrow receipt">
            <div class="panel-success">
                <h1>{t.c.confirm_title}</h1>
                <p>{t.c.reference_label}</p>
                <p class="reference" id="reference">{reference.clone()}</p>
            </div>
            {match c.access_code.clone() {
                Some(code) => view! {
                    <p>{t.c.access_code_label}</p>
                    <p class="reference" id="access-code">{code}</p>
                    <p class="warning">{t.c.code_keep}</p>
                }
                    .into_any(),
                None => view! { <p class="note">{t.c.code_shown_once}</p> }.into_any(),
            }}
            <h2>{t.c.next_title}</h2>
            <p>{(t.c.next_body)(&due)}</p>
            <figure class="qr">
                <div inner_html=c.qr_svg.clone()></div>
                <figcaption>{t.c.qr_label}</figcaption>
            </figure>
            {keep}
            <p class="note">{t.c.print_hint}</p>
            <p class="note no-print">{t.c.home_screen_hint}</p>
            <p class="no-print link-line">
                <a href=format!("/track?reference={reference}")>{t.c.nav_track}</a>
            </p>
            <p class="no-print link-line">
                <a href="/complaints/new">{t.c.file_another}</a>
            </p>
        </div>
    }
    .into_any()
}

/// `/complaints/other`: problems this service does not take, and where to
/// take them.
#[component]
pub fn OtherProblemsPage() -> impl IntoView {
    let t = use_texts();
    view! {
        <Title text=t.c.other_title />
        <div class="narrow">
            <p class="breadcrumb">
                <a href="/complaints/new">{t.c.back}</a>
            </p>
            <h1>{t.c.other_title}</h1>
            <p>{t.c.other_body}</p>
            <p class="reference">{t.c.other_hotline}</p>
            <p class="warning">{t.c.other_urgent}</p>
        </div>
    }
}
