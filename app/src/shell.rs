//! The HTML document and the router.

use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
};

use crate::components::layout::Layout;
use crate::i18n::use_texts;
use crate::pages::air::{AirQualityPage, StationPage};
use crate::pages::board::BoardPage;
use crate::pages::complaints::{ConfirmationPage, FilingPage, OtherProblemsPage};
use crate::pages::content::{
    ArticlePage, CampaignPage, CampaignsPage, CancelPage, NewsPage, SignedUpPage,
};
use crate::pages::inspection::PublicInspectionPage;
use crate::pages::offline::OfflinePage;
use crate::pages::public_stats::PublicStatsPage;
use crate::pages::staff::{CodePage, LoginPage, StaffHome};
use crate::pages::staff_air::AirImportPage;
use crate::pages::staff_cases::{InboxPage, StaffCasePage};
use crate::pages::staff_content::{
    ArticleEditPage, CampaignEditPage, ContentAdminPage, DaysPage, EventEditPage,
};
use crate::pages::staff_dashboard::DashboardPage;
use crate::pages::staff_inspection_admin::{InspectionItemsPage, InspectionStatsPage};
use crate::pages::staff_inspections::{InspectionsPage, RegisterPage, VisitPage};
use crate::pages::staff_outbox::OutboxPage;
use crate::pages::staff_sources::{SourceFormPage, SourcePage, SourcesPage};
use crate::pages::staff_trail::TrailPage;
use crate::pages::staff_warnings::{RulesPage, WarningPage, WarningsPage};
use crate::pages::staff_workdays::WorkdaysPage;
use crate::pages::track::TrackPage;
use crate::pages::{home::HomePage, not_found::NotFound};
use crate::prefs::use_prefs;

/// The whole document, rendered on the server for every page.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let prefs = use_prefs();
    // Under the directory named by the build's content (immutable).
    let stylesheet = format!("/{}/qingjia.css", options.site_pkg_dir);
    view! {
        <!DOCTYPE html>
        <html lang=prefs.locale.tag() data-text-size=prefs.text_size.as_str()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="theme-color" content="#0b5d3b" />
                <link rel="stylesheet" href=stylesheet />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <link rel="manifest" href="/manifest.webmanifest" />
                <link rel="apple-touch-icon" href="/icons/icon-192.png" />
                <HydrationScripts options islands=true />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let t = use_texts();
    view! {
        // leptos_meta 0.8.7 writes the title into the head as it is
        // (`MetaContext::inject_meta_context`): an editor's title
        // `</title><meta http-equiv=refresh …>` would become markup. Every
        // page's title passes through this formatter, so it is escaped here,
        // once. (`<Meta content>` values are attributes, which tachys escapes;
        // the shell is not hydrated, so the client never sets the title.)
        <Title formatter=move |page: String| {
            format!("{} · {}", html_escape::encode_text(&page), t.site_name)
        } />
        <Router>
            <Layout>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("/air") view=AirQualityPage ssr=SsrMode::Async />
                    <Route path=path!("/air/stations/:code") view=StationPage ssr=SsrMode::Async />
                    <Route path=path!("/complaints/new") view=FilingPage ssr=SsrMode::Async />
                    <Route path=path!("/complaints/new/:step") view=FilingPage ssr=SsrMode::Async />
                    <Route path=path!("/complaints/done") view=ConfirmationPage ssr=SsrMode::Async />
                    <Route path=path!("/complaints/other") view=OtherProblemsPage ssr=SsrMode::Async />
                    <Route path=path!("/track") view=TrackPage ssr=SsrMode::Async />
                    <Route path=path!("/offline") view=OfflinePage ssr=SsrMode::Async />
                    <Route path=path!("/board") view=BoardPage ssr=SsrMode::Async />
                    <Route path=path!("/stats") view=PublicStatsPage ssr=SsrMode::Async />
                    <Route path=path!("/campaigns") view=CampaignsPage ssr=SsrMode::Async />
                    <Route path=path!("/campaigns/:slug") view=CampaignPage ssr=SsrMode::Async />
                    <Route path=path!("/signups/done") view=SignedUpPage ssr=SsrMode::Async />
                    <Route path=path!("/signups/cancel") view=CancelPage ssr=SsrMode::Async />
                    <Route path=path!("/news") view=NewsPage ssr=SsrMode::Async />
                    <Route path=path!("/news/:slug") view=ArticlePage ssr=SsrMode::Async />
                    <Route path=path!("/staff/login") view=LoginPage ssr=SsrMode::Async />
                    <Route path=path!("/staff/login/code") view=CodePage ssr=SsrMode::Async />
                    <Route path=path!("/staff/login/setup") view=CodePage ssr=SsrMode::Async />
                    <Route path=path!("/staff") view=StaffHome ssr=SsrMode::Async />
                    <Route path=path!("/staff/air/import") view=AirImportPage ssr=SsrMode::Async />
                    <Route path=path!("/staff/cases") view=InboxPage ssr=SsrMode::Async />
                    <Route path=path!("/staff/content") view=ContentAdminPage ssr=SsrMode::Async />
                    <Route path=path!("/staff/content/days") view=DaysPage ssr=SsrMode::Async />
                    <Route path=path!("/staff/content/news/new") view=ArticleEditPage ssr=SsrMode::Async />
                    <Route path=path!("/staff/content/news/:id") view=ArticleEditPage ssr=SsrMode::Async />
                    <Route path=path!("/staff/content/campaigns/new") view=CampaignEditPage ssr=SsrMode::Async />
                    <Route path=path!("/staff/content/campaigns/:id") view=CampaignEditPage ssr=SsrMode::Async />
                    <Route path=path!("/staff/content/campaigns/:id/events/new") view=EventEditPage ssr=SsrMode::Async />
                    <Route path=path!("/staff/content/campaigns/:id/events/:event") view=EventEditPage ssr=SsrMode::Async />
                    <Route path=path!("/staff/cases/:reference") view=StaffCasePage ssr=SsrMode::Async />
                    <Route path=path!("/staff/admin/notifications") view=OutboxPage ssr=SsrMode::Async />
                    <Route path=path!("/staff/admin/trail") view=TrailPage ssr=SsrMode::Async />
                    <Route path=path!("/staff/admin/calendar") view=WorkdaysPage ssr=SsrMode::Async />
                    <Route path=path!("/staff/sources") view=SourcesPage ssr=SsrMode::Async />
                    <Route path=path!("/staff/sources/new") view=SourceFormPage ssr=SsrMode::Async />
                    <Route path=path!("/staff/sources/:id") view=SourcePage ssr=SsrMode::Async />
                    <Route path=path!("/staff/sources/:id/edit") view=SourceFormPage ssr=SsrMode::Async />
                    <Route path=path!("/staff/warnings") view=WarningsPage ssr=SsrMode::Async />
                    <Route path=path!("/staff/dashboard") view=DashboardPage ssr=SsrMode::Async />
                    <Route path=path!("/staff/admin/warning-rules") view=RulesPage ssr=SsrMode::Async />
                    <Route path=path!("/staff/warnings/:id") view=WarningPage ssr=SsrMode::Async />
                    <Route path=path!("/staff/inspections") view=InspectionsPage ssr=SsrMode::Async />
                    <Route path=path!("/staff/inspections/new") view=RegisterPage ssr=SsrMode::Async />
                    <Route path=path!("/staff/inspections/stats") view=InspectionStatsPage ssr=SsrMode::Async />
                    <Route path=path!("/staff/inspections/:id") view=VisitPage ssr=SsrMode::Async />
                    <Route path=path!("/staff/admin/inspection-items") view=InspectionItemsPage ssr=SsrMode::Async />
                    <Route path=path!("/inspections") view=PublicInspectionPage ssr=SsrMode::Async />
                    <Route path=path!("/inspections/:code") view=PublicInspectionPage ssr=SsrMode::Async />
                </Routes>
            </Layout>
        </Router>
    }
}
