//! The signed-in staff member, for staff pages.

use domain::staff::Role;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The session cookie of staff members.
pub const SESSION_COOKIE: &str = "qj_staff";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffMe {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub demo: bool,
    /// Signs in with a one-time code too.
    pub two_factor: bool,
}

/// `/staff/login/code` and `/staff/login/setup`: the second step of
/// signing in, or setting up an authenticator app.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CodeView {
    /// Setting up: the secret to type and the QR code (inline SVG) to scan.
    pub setup: Option<CodeSetup>,
    /// The account must set it up before anything else (administrators).
    pub required: bool,
    pub problem: Option<CodeProblem>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct CodeSetup {
    pub secret: String,
    pub qr_svg: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeProblem {
    Missing,
    Wrong,
}

/// What the login form shows after a failed attempt: the username as typed
/// (never the password) and what went wrong.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LoginForm {
    pub username: String,
    pub problem: Option<LoginProblem>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoginProblem {
    Missing,
    Invalid,
    Locked,
    Throttled,
}

/// The staff member of this request's session, if any.
#[server(endpoint = "staff/me")]
pub async fn get_staff_me() -> Result<Option<StaffMe>, ServerFnError> {
    let db = crate::server::use_db()?;
    let Some(parts) = use_context::<http::request::Parts>() else {
        return Ok(None);
    };
    let Some(token) = crate::prefs::cookie(&parts.headers, SESSION_COOKIE) else {
        return Ok(None);
    };
    let user = crate::server::staff::session_user(&db, &token)
        .await
        .map_err(crate::server::internal)?;
    Ok(user.map(|u| StaffMe {
        username: u.username,
        display_name: u.display_name,
        role: u.role,
        demo: u.demo,
        two_factor: u.two_factor,
    }))
}

/// Whether this request's staff member may take `action` (outside any
/// case); false without a session.
#[cfg(feature = "ssr")]
pub(crate) async fn session_may(
    db: &crate::server::Db,
    action: domain::access::Action,
) -> Result<bool, ServerFnError> {
    let Some(parts) = use_context::<http::request::Parts>() else {
        return Ok(false);
    };
    let Some(token) = crate::prefs::cookie(&parts.headers, SESSION_COOKIE) else {
        return Ok(false);
    };
    let user = crate::server::staff::session_user(db, &token)
        .await
        .map_err(crate::server::internal)?;
    Ok(user.is_some_and(|u| domain::access::may(u.role, action, domain::access::Scope::NoCase)))
}
