//! `/board`: recent complaints whose residents allowed it, with only what
//! may be public: category, town, road or compound, the description with
//! numbers hidden, status and outcome. Never a name or phone number.

use domain::shanghai;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::api::complaints::BoardView;
use crate::i18n::use_texts;
use crate::prefs::use_prefs;

#[component]
pub fn BoardPage() -> impl IntoView {
    let t = use_texts();
    let locale = use_prefs().locale;
    let view = use_context::<BoardView>().unwrap_or_default();
    let page = view.page;
    let pages = view.pages.max(1);
    view! {
        <Title text=t.c.board_title />
        <Meta name="description" content=t.c.board_intro />
        <h1>{t.c.board_title}</h1>
        <p>{t.c.board_intro}</p>
        <p class="link-line"><a href="/stats">{t.p.link}</a></p>
        {view.items.is_empty().then(|| view! { <p>{t.c.board_empty}</p> })}
        <ul class="board">
            {view
                .items
                .iter()
                .map(|item| {
                    view! {
                        <li class="board-item">
                            <p class="board-meta">
                                <strong>{item.category.name(locale).to_owned()}</strong>
                                " · "
                                {item.town.name(locale).to_owned()}
                                " · "
                                {item.address_public.clone()}
                            </p>
                            <p class="board-text">{item.text.clone()}</p>
                            <p class="board-status">
                                <span class="tag-status">{t.c.status(item.status)}</span>
                                {item.outcome.map(|o| view! { " · " {t.c.outcome(o)} })}
                                " · "
                                <time datetime=shanghai::machine(item.submitted_at)>
                                    {shanghai::format_date(shanghai::today(item.submitted_at), locale)}
                                </time>
                                " · "
                                {item.reference.clone()}
                            </p>
                            {(item.supporters > 0)
                                .then(|| view! { <p class="hint">{(t.c.supporters)(item.supporters)}</p> })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
        {(pages > 1)
            .then(|| {
                view! {
                    <nav class="pager" aria-label=t.c.board_nav>
                        {(page > 1)
                            .then(|| {
                                view! {
                                    <a href=format!("/board?page={}", page - 1) rel="prev">
                                        {t.c.previous_page}
                                    </a>
                                }
                            })}
                        <span>{(t.c.page_of)(page, pages)}</span>
                        {(page < pages)
                            .then(|| {
                                view! {
                                    <a href=format!("/board?page={}", page + 1) rel="next">
                                        {t.c.next_page}
                                    </a>
                                }
                            })}
                    </nav>
                }
            })}
    }
}
