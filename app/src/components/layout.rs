//! Header, navigation, display switches and footer around every page.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::api::air::{AirNow, get_air_now};
use crate::components::menu::MenuButton;
use crate::components::offline::ConnectionNotice;
use crate::components::staff_nav::{StaffBar, StaffNav};
use crate::components::text_size::TextSizeSwitch;
use crate::i18n::use_texts;
use crate::prefs::use_prefs;

/// The district's current air quality, loaded once per page by the layout
/// (for the heavy-pollution banner) and shared with pages that show it.
#[derive(Clone, Copy)]
pub struct AirNowResource(pub Resource<Result<Option<AirNow>, ServerFnError>>);

/// Where the language and text-size switches send the visitor back to,
/// when the server renders a page at an address other than the one asked
/// for (a route pattern such as `/news/_`, or a POST's answer).
#[derive(Clone, Debug)]
pub struct ReturnTo(pub String);

/// Site-wide facts the server knows at start-up.
#[derive(Clone, Copy, Debug, Default)]
pub struct SiteInfo {
    /// Demo content is shown; the footer says so on every page.
    pub demo: bool,
}

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let t = use_texts();
    let prefs = use_prefs();
    let demo = use_context::<SiteInfo>().unwrap_or_default().demo;
    let location = use_location();
    let air = Resource::new(|| (), |_| get_air_now());
    provide_context(AirNowResource(air));
    let banner = move || {
        air.get().and_then(Result::ok).flatten().and_then(|now| {
            let heavy = now.district.category.is_some_and(|c| c.is_heavy()) && !now.stale;
            heavy.then(|| {
                view! {
                    <div class="heavy-banner" role="alert">
                        <div class="wrap">
                            <p>
                                <strong>{t.heavy_banner}</strong>
                                " "
                                <a href="/air">{t.air_details}</a>
                            </p>
                        </div>
                    </div>
                }
            })
        })
    };
    // Where the display switches send the visitor back to (this page).
    let here = if let Some(ReturnTo(address)) = use_context::<ReturnTo>() {
        address
    } else {
        let path = location.pathname.get_untracked();
        let query = location.search.get_untracked();
        if query.is_empty() {
            path
        } else {
            format!("{path}?{query}")
        }
    };
    // Language and text size: in the menu (in the header row on wide
    // screens) and again in the footer.
    let text_size = prefs.text_size;
    let switches = move |here: String| {
        view! {
            <div class="prefs" role="group" aria-label=t.prefs_label>
                <form method="post" action="/prefs" class="lang-switch">
                    <input type="hidden" name="next" value=here.clone() />
                    <button
                        type="submit"
                        name="lang"
                        value=t.switch_language_to.tag()
                        lang=t.switch_language_to.tag()
                    >
                        {t.switch_language}
                    </button>
                </form>
                <TextSizeSwitch
                    current=text_size
                    next=here
                    label=t.text_size.to_owned()
                    standard=t.text_size_standard.to_owned()
                    large=t.text_size_large.to_owned()
                />
            </div>
        }
    };
    // Staff pages carry the staff's own navigation (and signing out).
    let staff = use_context::<StaffBar>();
    let (home, tagline) = match &staff {
        Some(_) => ("/staff", t.staff_home_title),
        None => ("/", t.site_tagline),
    };
    let signed_in = staff.is_some();
    let nav = match staff {
        Some(bar) => view! { <StaffNav bar /> }.into_any(),
        None => view! {
            <nav class="site-nav" aria-label=t.nav_label>
                <ul class="wrap">
                    <li>
                        <a href="/" aria-current=move || (location.pathname.get() == "/").then_some("page")>
                            {t.nav_home}
                        </a>
                    </li>
                    <li>
                        <a
                            href="/air"
                            aria-current=move || location.pathname.get().starts_with("/air").then_some("page")
                        >
                            {t.nav_air}
                        </a>
                    </li>
                    <li>
                        <a
                            href="/complaints/new"
                            aria-current=move || location.pathname.get().starts_with("/complaints").then_some("page")
                        >
                            {t.c.nav_complaints}
                        </a>
                    </li>
                    <li>
                        <a href="/track" aria-current=move || (location.pathname.get() == "/track").then_some("page")>
                            {t.c.nav_track}
                        </a>
                    </li>
                    <li>
                        <a href="/board" aria-current=move || (location.pathname.get() == "/board").then_some("page")>
                            {t.c.nav_board}
                        </a>
                    </li>
                    <li>
                        <a href="/stats" aria-current=move || (location.pathname.get() == "/stats").then_some("page")>
                            {t.p.link}
                        </a>
                    </li>
                    <li>
                        <a
                            href="/campaigns"
                            aria-current=move || location.pathname.get().starts_with("/campaigns").then_some("page")
                        >
                            {t.n.nav_campaigns}
                        </a>
                    </li>
                    <li>
                        <a
                            href="/news"
                            aria-current=move || location.pathname.get().starts_with("/news").then_some("page")
                        >
                            {t.n.nav_news}
                        </a>
                    </li>
                </ul>
            </nav>
        }
        .into_any(),
    };
    view! {
        <a class="skip-link" href="#main">{t.skip_to_content}</a>
        <header class="site-header">
            <div class="wrap header-row">
                <a class="brand" href=home>
                    <img src="/favicon.svg" alt="" width="36" height="36" />
                    <span class="brand-text">
                        <span class="brand-name">{t.site_name}</span>
                        <span class="brand-tagline">{tagline}</span>
                    </span>
                </a>
                <MenuButton label=t.menu.to_owned() />
            </div>
            <div id="site-menu" class="site-menu">
            {nav}
            <div class="wrap menu-prefs">{switches(here.clone())}</div>
            <p class="wrap menu-close">
                <a href="#">{t.menu_close}</a>
            </p>
            </div>
        </header>
        <Suspense>{banner}</Suspense>
        <ConnectionNotice
            offline=if signed_in { t.offline_notice_staff } else { t.offline_notice }.to_owned()
            sent=t.offline_sent.to_owned()
            check=t.offline_check.to_owned()
            lost=t.offline_lost.to_owned()
            link=t.offline_sent_link.to_owned()
        />
        <main id="main" class="wrap" tabindex="-1">
            {children()}
        </main>
        <footer class="site-footer">
            <div class="wrap">
                {demo.then(|| view! { <p class="demo-notice" role="note">{t.demo_notice}</p> })}
                <p>{t.footer_bureau}</p>
                <p>{t.footer_hotline}</p>
                <p>{t.footer_times}</p>
                // Businesses being inspected check the officers' code here.
                <p><a href="/inspections">{t.i.public_title}</a></p>
                {switches(here)}
                {(!signed_in)
                    .then(|| {
                        view! {
                            <p class="footer-staff">
                                <a href="/staff/login" rel="nofollow">{t.staff_login_title}</a>
                            </p>
                        }
                    })}
            </div>
        </footer>
    }
}
