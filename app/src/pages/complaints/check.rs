//! The last step of filing: every answer to check, each with a link back
//! to change it, the open cases nearby to add a voice to, and the button
//! that files.

use domain::complaint::filing::{Details, Step};
use domain::complaint::input::{FumeKind, NoiseTime};
use domain::shanghai;
use leptos::prelude::*;

use crate::api::complaints::{Choice, FilingView};
use crate::components::form::Honeypot;
use crate::i18n::use_texts;
use crate::prefs::use_prefs;

fn choice_name(list: &[Choice], code: &str) -> String {
    let locale = use_prefs().locale;
    list.iter()
        .find(|c| c.code == code)
        .map(|c| c.name(locale).to_owned())
        .unwrap_or_else(|| code.to_owned())
}

#[component]
pub(super) fn CheckStep(view: FilingView) -> impl IntoView {
    let t = use_texts();
    let locale = use_prefs().locale;
    let d = &view.draft;
    let mut rows: Vec<(&'static str, String, Step)> = Vec::new();
    if let Some((code, _)) = &d.category {
        rows.push((
            t.c.answer_category,
            choice_name(&view.categories, code),
            Step::Category,
        ));
    }
    if let Some(l) = &d.location {
        rows.push((
            t.c.answer_town,
            choice_name(&view.towns, &l.town),
            Step::Location,
        ));
        rows.push((
            t.c.answer_address,
            l.address.as_str().to_owned(),
            Step::Location,
        ));
        rows.push((
            t.c.answer_point,
            if l.point.is_some() {
                t.c.point_attached
            } else {
                t.c.point_none
            }
            .to_owned(),
            Step::Location,
        ));
    }
    match &d.details {
        Some(Details::Noise {
            when,
            recurring,
            description,
        }) => {
            let when = match when {
                NoiseTime::Day => t.c.when_day,
                NoiseTime::Night => t.c.when_night,
                NoiseTime::Both => t.c.when_both,
            };
            rows.push((t.c.answer_when, when.to_owned(), Step::Details));
            rows.push((
                t.c.answer_recurring,
                if *recurring { t.c.yes } else { t.c.no }.to_owned(),
                Step::Details,
            ));
            rows.push((
                t.c.answer_description,
                description.as_str().to_owned(),
                Step::Details,
            ));
        }
        Some(Details::Fumes {
            business,
            kind,
            description,
        }) => {
            let kind = match kind {
                FumeKind::Smoke => t.c.fume_smoke,
                FumeKind::Odour => t.c.fume_odour,
                FumeKind::Both => t.c.fume_both,
            };
            rows.push((
                t.c.answer_business,
                business.as_str().to_owned(),
                Step::Details,
            ));
            rows.push((t.c.answer_fume_kind, kind.to_owned(), Step::Details));
            rows.push((
                t.c.answer_description,
                description.as_str().to_owned(),
                Step::Details,
            ));
        }
        None => {}
    }
    rows.push((
        t.c.answer_photos,
        (t.c.photos_count)(view.photos.len()),
        Step::Photos,
    ));
    if let Some(c) = &d.contact {
        rows.push((t.c.answer_name, c.name.as_str().to_owned(), Step::Contact));
        rows.push((t.c.answer_phone, c.phone.as_str().to_owned(), Step::Contact));
        if let Some(email) = &c.email {
            rows.push((t.c.answer_email, email.as_str().to_owned(), Step::Contact));
        }
        rows.push((
            t.c.answer_public,
            if c.public {
                t.c.public_yes
            } else {
                t.c.public_no
            }
            .to_owned(),
            Step::Contact,
        ));
    }
    let nearby = (!view.nearby.is_empty()).then(|| {
        view! {
            <section class="nearby" aria-labelledby="nearby-title">
                <h2 id="nearby-title">{t.c.nearby_title}</h2>
                <p>{t.c.nearby_intro}</p>
                <ul class="nearby-list">
                    {view
                        .nearby
                        .iter()
                        .map(|n| {
                            view! {
                                <li>
                                    <p>
                                        <strong>{n.address_public.clone().unwrap_or_else(|| t.c.nearby_place.to_owned())}</strong>
                                        " · "
                                        {shanghai::format_date(shanghai::today(n.submitted_at), locale)}
                                        " · "
                                        {t.c.status(n.status)}
                                    </p>
                                    {(n.supporters > 0).then(|| view! { <p class="hint">{(t.c.supporters)(n.supporters)}</p> })}
                                    <form method="post" action="/complaints/new/support">
                                        <input type="hidden" name="case" value=n.tag.clone() />
                                        <button type="submit" class="button secondary">{t.c.add_voice}</button>
                                    </form>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </section>
        }
    });
    view! {
        {nearby}
        <dl class="answers">
            {rows
                .into_iter()
                .map(|(label, value, step)| {
                    view! {
                        <div class="answer">
                            <dt>{label}</dt>
                            <dd class="answer-value">{value}</dd>
                            <dd>
                                <a href=step.path()>
                                    {t.c.change}
                                    <span class="visually-hidden">{format!(" {label}")}</span>
                                </a>
                            </dd>
                        </div>
                    }
                })
                .collect_view()}
        </dl>
        <form method="post" action="/complaints/new/check" class="form">
            <Honeypot />
            <button type="submit" class="button">{t.c.submit}</button>
        </form>
    }
}
