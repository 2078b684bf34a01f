//! `/staff/login` and `/staff`, the staff workspace.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::api::staff::{CodeProblem, CodeView, LoginForm, LoginProblem, StaffMe, get_staff_me};
use crate::components::form::ErrorSummary;
use crate::i18n::use_texts;
use crate::pages::error::ErrorPage;

/// The sign-in form. After a failed attempt the server renders it again
/// with a [`LoginForm`] in context: an error summary on top, the message
/// beside the field, the username kept.
#[component]
pub fn LoginPage() -> impl IntoView {
    let t = use_texts();
    let form = use_context::<LoginForm>().unwrap_or_default();
    let message = form.problem.map(|p| match p {
        LoginProblem::Missing => t.login_missing,
        LoginProblem::Invalid => t.login_invalid,
        LoginProblem::Locked => t.login_locked,
        LoginProblem::Throttled => t.login_throttled,
    });
    let demo = use_context::<crate::components::layout::SiteInfo>()
        .unwrap_or_default()
        .demo;
    view! {
        <Title text=t.staff_login_title />
        <Meta name="robots" content="noindex" />
        <div class="narrow">
            <ErrorSummary items=message.map(|m| vec![("username".to_owned(), m.to_owned())]).unwrap_or_default() />
            {demo.then(|| view! { <p class="demo-banner" role="note">{t.demo_login_notice}</p> })}
            <h1>{t.staff_login_title}</h1>
            <form method="post" action="/staff/login" class="form">
                <div class=if message.is_some() { "field field-error" } else { "field" }>
                    <label for="username">{t.username}</label>
                    {message.map(|m| view! { <p class="field-message" id="username-error">{m}</p> })}
                    <input
                        id="username"
                        name="username"
                        type="text"
                        autocomplete="username"
                        autocapitalize="none"
                        spellcheck="false"
                        required
                        maxlength="64"
                        value=form.username
                        aria-describedby=message.map(|_| "username-error")
                    />
                </div>
                <div class="field">
                    <label for="password">{t.password}</label>
                    <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="128" />
                </div>
                <button type="submit" class="button">{t.sign_in}</button>
            </form>
        </div>
    }
}

/// The signed-in staff member's workspace; without a session, the way to
/// the sign-in form.
#[component]
pub fn StaffHome() -> impl IntoView {
    let t = use_texts();
    let me = Resource::new(|| (), |_| get_staff_me());
    view! {
        <Title text=t.staff_home_title />
        <Meta name="robots" content="noindex" />
        <Suspense>
            {move || {
                me.get()
                    .map(|result| match result {
                        Ok(Some(me)) => view! { <Workspace me /> }.into_any(),
                        Ok(None) => {
                            #[cfg(feature = "ssr")]
                            crate::server::see_other("/staff/login");
                            view! {
                                <p class="link-line">
                                    <a href="/staff/login">{t.staff_login_title}</a>
                                </p>
                            }
                                .into_any()
                        }
                        Err(_) => view! { <ErrorPage /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn Workspace(me: StaffMe) -> impl IntoView {
    let t = use_texts();
    view! {
        <h1>{t.staff_home_title}</h1>
        <p>{(t.signed_in_as)(&me.display_name, t.role_name(me.role))}</p>
        {me.demo.then(|| view! { <p class="tag">{t.demo_data}</p> })}
        {(me.role == domain::staff::Role::Editor)
            .then(|| {
                view! {
                    <ul class="task-list">
                        <li>
                            <a href="/staff/content">{t.n.admin_title}</a>
                        </li>
                    </ul>
                }
            })}
        {(me.role != domain::staff::Role::Editor)
            .then(|| {
                view! {
                    <ul class="task-list">
                        <li>
                            <a href="/staff/cases">{t.k.inbox_title}</a>
                        </li>
                    </ul>
                }
            })}
        {(me.role == domain::staff::Role::Admin)
            .then(|| {
                view! {
                    <ul class="task-list">
                        <li>
                            <a href="/staff/air/import">{t.import_title}</a>
                        </li>
                        <li>
                            <a href="/staff/admin/notifications">{t.c.outbox_title}</a>
                        </li>
                        <li>
                            <a href="/staff/admin/trail">{t.c.trail_title}</a>
                        </li>
                        <li>
                            <a href="/staff/admin/calendar">{t.k.calendar_title}</a>
                        </li>
                    </ul>
                }
            })}
        {if me.two_factor {
            view! { <p>{t.two_factor_on}</p> }.into_any()
        } else {
            view! {
                <p class="link-line">
                    <a href="/staff/login/setup">{t.two_factor_set_up}</a>
                </p>
            }
                .into_any()
        }}
        <p class="note">{t.session_rules}</p>
        <form method="post" action="/staff/logout">
            <button type="submit" class="button">{t.sign_out}</button>
        </form>
    }
}

/// The second step of signing in (`/staff/login/code`), or setting up an
/// authenticator app (`/staff/login/setup`). Rendered by the server's
/// handler with a [`CodeView`] in context.
#[component]
pub fn CodePage() -> impl IntoView {
    let t = use_texts();
    let v = use_context::<CodeView>().unwrap_or_default();
    let message = v.problem.map(|p| match p {
        CodeProblem::Missing => t.code_missing,
        CodeProblem::Wrong => t.code_wrong,
    });
    let (title, action) = if v.setup.is_some() {
        (t.setup_title, "/staff/login/setup")
    } else {
        (t.code_title, "/staff/login/code")
    };
    let field_class = if message.is_some() {
        "field field-error"
    } else {
        "field"
    };
    view! {
        <Title text=title />
        <Meta name="robots" content="noindex" />
        <div class="narrow">
            <ErrorSummary items=message.map(|m| vec![("code".to_owned(), m.to_owned())]).unwrap_or_default() />
            <h1>{title}</h1>
            {v.required.then(|| view! { <p class="warning">{t.setup_required}</p> })}
            {match v.setup.clone() {
                Some(setup) => {
                    view! {
                        <p>{t.setup_intro}</p>
                        <div class="qr" inner_html=setup.qr_svg></div>
                        <p>
                            {t.setup_secret} "：" <code id="totp-secret" class="reference">{setup.secret}</code>
                        </p>
                    }
                        .into_any()
                }
                None => view! { <p>{t.code_intro}</p> }.into_any(),
            }}
            <form method="post" action=action class="form">
                <div class=field_class>
                    <label for="code">{t.code_label}</label>
                    {message.map(|m| view! { <p class="field-message" id="code-error">{m}</p> })}
                    <input
                        id="code"
                        name="code"
                        type="text"
                        inputmode="numeric"
                        autocomplete="one-time-code"
                        maxlength="8"
                        aria-describedby=message.map(|_| "code-error")
                    />
                </div>
                <button type="submit" class="button">{t.code_verify}</button>
            </form>
        </div>
    }
}
