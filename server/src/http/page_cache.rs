//! Rendered public pages, kept ready (issue 16, ADR 010).
//!
//! The home page, air quality, the board, campaigns and news are the same
//! for every visitor who shares a language and a text size, and they are
//! what everyone opens at once on a heavy-pollution day. Each is rendered
//! once, compressed once (brotli, gzip) and then answered from memory with
//! an ETag (a 304 when the browser has it).
//!
//! - **What is cached.** Only GET and HEAD of those pages, only for a
//!   request whose cookies are at most the language and text size (a staff
//!   session or a filing draft renders afresh), and only a 200 HTML answer
//!   without `Set-Cookie`. A page with a form's error is the answer to a
//!   POST, never cached. The key is the path and query, the language, the
//!   text size and the versions of the data the page shows.
//! - **Fresh at once.** Every write to public data moves its scope's
//!   version on, by database triggers (migration 14). A write through this
//!   instance is seen as soon as it is answered (the versions are read
//!   again after every POST); writes elsewhere (another instance, direct
//!   SQL) within `page_cache_poll_ms`. Scheduled content coming due and the
//!   Shanghai day turning over drop the pages at that instant; anything
//!   else that depends on the clock (an air reading becoming stale) ages
//!   out with the entries' one-minute life.
//! - **Answered first.** [`answer`] is the outermost layer: a kept page
//!   goes out before anything else runs for the request, with every header
//!   the stack would have added stored with it. [`serve`], inside the
//!   stack, renders and keeps the pages not kept yet.
//! - **No shared nonce.** A cached page carries no CSP nonce: its inline
//!   scripts are allowed by their SHA-256 hashes, computed from the page
//!   itself, in a policy sent with it. Every other page keeps a fresh
//!   nonce per response (`security::headers`).

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use app::prefs::Prefs;
use app::server::Db;
use app::server::changes::{self, Scope};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use bytes::Bytes;
use chrono::{DateTime, Utc};
use http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use sha2::{Digest, Sha256};

use super::security::{CspNonce, content_security_policy, fixed_headers};

/// Largest page kept (anything bigger is answered, not stored).
const MAX_PAGE: usize = 2 * 1024 * 1024;
/// Longest path and query cached; longer ones are rendered each time.
const MAX_TARGET: usize = 256;
/// How long an entry lives at most: what changes with the clock alone (an
/// air reading turning stale) shows within this.
const LIFETIME: Duration = Duration::from_secs(60);

/// The pages kept, and the versions of the data they show.
pub struct PageCache {
    pages: moka::future::Cache<Key, Arc<Cached>>,
    /// This instance's count of changes seen per scope ([`Scope::ALL`]
    /// order); part of every key, so a change makes the old pages
    /// unreachable at once.
    generations: [AtomicU64; 3],
    watch: std::sync::Mutex<Watch>,
    db: Db,
    /// Whether responses say HSTS (`security::fixed_headers`).
    https: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Key {
    target: String,
    prefs: Prefs,
    generations: [u64; 3],
}

/// A page ready to send.
struct Cached {
    /// The page's digest; each encoding's ETag adds its own suffix (a strong
    /// validator names one representation's bytes).
    digest: String,
    /// What every answer with this page carries: its policy, caching and the
    /// security headers.
    headers: HeaderMap,
    content_type: HeaderValue,
    identity: Bytes,
    gzip: Bytes,
    brotli: Bytes,
}

/// An answer that is not kept (a 404, a redirect, an error page), shared
/// with the requests that waited for the same render.
struct Uncached {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

/// What the watcher last saw in the database.
#[derive(Default)]
struct Watch {
    versions: Option<[i64; 3]>,
    /// Scopes to drop once more on the next tick: on PostgreSQL a version
    /// may move just before its write commits, so a page rendered in
    /// between would show the old data under the new version.
    settle: [bool; 3],
    /// The next instant something scheduled turns public (or the day
    /// turns over); `None` until read, and again when content changed.
    next_due: Option<DateTime<Utc>>,
}

impl PageCache {
    /// A cache of at most `megabytes`; `None` when that is 0 (off).
    pub fn new(db: Db, megabytes: u64, https: bool) -> Option<Arc<PageCache>> {
        (megabytes > 0).then(|| {
            let pages = moka::future::Cache::builder()
                .max_capacity(megabytes * 1024 * 1024)
                .weigher(|key: &Key, page: &Arc<Cached>| {
                    let bytes = key.target.len()
                        + page.identity.len()
                        + page.gzip.len()
                        + page.brotli.len()
                        + 512;
                    u32::try_from(bytes).unwrap_or(u32::MAX)
                })
                .time_to_live(LIFETIME)
                .build();
            Arc::new(PageCache {
                pages,
                generations: Default::default(),
                watch: Default::default(),
                db,
                https,
            })
        })
    }

    fn drop_scope(&self, scope: Scope) {
        self.generations[scope.index()].fetch_add(1, Ordering::Release);
    }

    /// Reads the versions and drops the scopes that changed. `tick` is the
    /// periodic look: it also drops the scopes that changed on the last
    /// one again, and everything when something scheduled came due.
    ///
    /// Looks may overlap (a write's look during a tick): each compares
    /// what it read with what the last one saw, so an older reading
    /// applied after a newer one only drops pages once more, and no change
    /// is ever missed.
    pub async fn look(&self, tick: bool) {
        let versions = match changes::versions(&self.db).await {
            Ok(v) => v,
            Err(e) => {
                tracing::warn!(error = %e, "reading the versions of public data");
                return;
            }
        };
        let now = Utc::now();
        let read_due = {
            let mut watch = self.watch.lock().unwrap_or_else(|e| e.into_inner());
            for scope in Scope::ALL {
                let i = scope.index();
                let changed = watch.versions.is_some_and(|seen| seen[i] != versions[i]);
                if changed {
                    self.drop_scope(scope);
                    if scope == Scope::Content {
                        // New content may be scheduled: read the time again.
                        watch.next_due = None;
                    }
                } else if tick && watch.settle[i] {
                    self.drop_scope(scope);
                }
                if changed || tick {
                    watch.settle[i] = changed;
                }
            }
            watch.versions = Some(versions);
            let due = tick && watch.next_due.is_some_and(|at| at <= now);
            if due {
                for scope in Scope::ALL {
                    self.drop_scope(scope);
                }
            }
            tick && (due || watch.next_due.is_none())
        };
        if read_due {
            match changes::next_due(&self.db, now).await {
                Ok(next) => {
                    let midnight = next_shanghai_midnight(now);
                    let mut watch = self.watch.lock().unwrap_or_else(|e| e.into_inner());
                    watch.next_due = Some(next.map_or(midnight, |at| at.min(midnight)));
                }
                Err(e) => {
                    tracing::warn!(error = %e, "reading the next scheduled change");
                    // Try again in a minute, not on every tick.
                    let mut watch = self.watch.lock().unwrap_or_else(|e| e.into_inner());
                    watch.next_due = Some(now + LIFETIME);
                }
            }
        }
    }

    /// Looks for changes every `every` for as long as the process runs.
    pub async fn watch(self: Arc<Self>, every: Duration) {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            self.look(true).await;
        }
    }

    fn key(&self, target: &str, prefs: Prefs, scopes: &[Scope]) -> Key {
        let mut generations = [0; 3];
        for scope in scopes {
            generations[scope.index()] = self.generations[scope.index()].load(Ordering::Acquire);
        }
        Key {
            target: target.to_owned(),
            prefs,
            generations,
        }
    }
}

fn next_shanghai_midnight(now: DateTime<Utc>) -> DateTime<Utc> {
    let tomorrow = domain::shanghai::today(now) + chrono::Days::new(1);
    let midnight = tomorrow.and_time(chrono::NaiveTime::MIN);
    midnight
        .and_local_timezone(domain::shanghai::offset())
        .single()
        .map(|at| at.with_timezone(&Utc))
        .unwrap_or(now + chrono::TimeDelta::hours(24))
}

/// The data a public page shows, by its path; `None` for every other path.
/// Every page shows the heavy-pollution banner, so every one depends on
/// the air.
fn scopes(path: &str) -> Option<&'static [Scope]> {
    let one_segment_under = |prefix: &str| {
        path.strip_prefix(prefix)
            .is_some_and(|rest| !rest.is_empty() && !rest.contains('/'))
    };
    match path {
        "/" => Some(&[Scope::Air, Scope::Content]),
        "/air" => Some(&[Scope::Air]),
        "/board" => Some(&[Scope::Air, Scope::Cases]),
        // Published months change only when the next is published, which
        // happens at the first request after the Shanghai day turns over
        // (when every kept page is dropped).
        "/stats" => Some(&[Scope::Air]),
        "/campaigns" | "/news" => Some(&[Scope::Air, Scope::Content]),
        _ if one_segment_under("/air/stations/") => Some(&[Scope::Air]),
        _ if one_segment_under("/campaigns/") || one_segment_under("/news/") => {
            Some(&[Scope::Air, Scope::Content])
        }
        _ => None,
    }
}

/// Whether every cookie the request carries is a display preference.
fn only_preference_cookies(headers: &HeaderMap) -> bool {
    use domain::prefs::{LOCALE_COOKIE, TEXT_SIZE_COOKIE};
    headers.get_all(header::COOKIE).iter().all(|value| {
        value.to_str().is_ok_and(|v| {
            v.split(';')
                .map(str::trim)
                .filter(|pair| !pair.is_empty())
                .all(|pair| {
                    let name = pair.split_once('=').map_or(pair, |(k, _)| k);
                    name == LOCALE_COOKIE || name == TEXT_SIZE_COOKIE
                })
        })
    })
}

/// What a request for a public page looks up.
struct Lookup {
    key: Key,
    encoding: Encoding,
    revalidating: Option<HeaderValue>,
}

impl PageCache {
    /// The lookup of a GET or HEAD of a public page by a visitor without
    /// a session; `None` for anything else.
    fn lookup(&self, request: &Request) -> Option<Lookup> {
        if request.method() != Method::GET && request.method() != Method::HEAD {
            return None;
        }
        let target = request.uri().path_and_query().map_or("/", |pq| pq.as_str());
        let scopes = scopes(request.uri().path())
            .filter(|_| target.len() <= MAX_TARGET && only_preference_cookies(request.headers()))?;
        let headers = request.headers();
        Some(Lookup {
            key: self.key(target, Prefs::from_headers(headers), scopes),
            encoding: Encoding::accepted(headers),
            revalidating: headers.get(header::IF_NONE_MATCH).cloned(),
        })
    }
}

/// The outermost layer: a kept page is answered here, before anything
/// else runs for the request (request id, tracing, the edge's checks):
/// the page was made by the whole stack once, and its answer carries
/// every header that stack would add. Everything else goes on inwards.
pub async fn answer(
    State(cache): State<Option<Arc<PageCache>>>,
    request: Request,
    next: Next,
) -> Response {
    if let Some(cache) = &cache
        && let Some(lookup) = cache.lookup(&request)
        && let Some(page) = cache.pages.get(&lookup.key).await
    {
        return page.answer(lookup.encoding, lookup.revalidating.as_ref());
    }
    next.run(request).await
}

/// The middleware inside the stack: renders and keeps the public pages
/// not kept yet, and looks at the versions after every write.
pub async fn serve(
    State(cache): State<Option<Arc<PageCache>>>,
    request: Request,
    next: Next,
) -> Response {
    let Some(cache) = cache else {
        return next.run(request).await;
    };
    let method = request.method().clone();
    if method != Method::GET && method != Method::HEAD {
        let response = next.run(request).await;
        // Whatever this write changed shows on the very next request.
        cache.look(false).await;
        return response;
    }
    let Some(Lookup {
        key,
        encoding,
        revalidating,
    }) = cache.lookup(&request)
    else {
        return next.run(request).await;
    };
    // `answer`, outside, found no kept page: render it (`try_get_with`
    // still answers from one kept meanwhile, and lets concurrent misses
    // wait for one render).
    if method == Method::HEAD {
        // Its answer has no body to keep.
        return next.run(request).await;
    }
    let https = cache.https;
    let rendered = cache
        .pages
        .try_get_with(key, render(next, request, https))
        .await;
    match rendered {
        Ok(page) => page.answer(encoding, revalidating.as_ref()),
        Err(uncached) => uncached.answer(),
    }
}

/// Renders the page (no nonce, identity encoding) and prepares it.
async fn render(next: Next, mut request: Request, https: bool) -> Result<Arc<Cached>, Uncached> {
    // Rendered with a stand-in nonce known only to this process, taken
    // out below: the page's scripts are allowed by their hashes instead.
    request
        .extensions_mut()
        .insert(CspNonce(stand_in_nonce().to_owned()));
    request.headers_mut().remove(header::ACCEPT_ENCODING);
    request.headers_mut().remove(header::IF_NONE_MATCH);
    request.headers_mut().remove(header::IF_MODIFIED_SINCE);
    let (mut parts, body) = next.run(request).await.into_parts();
    let body = match axum::body::to_bytes(body, MAX_PAGE).await {
        Ok(body) => body,
        Err(e) => {
            tracing::error!(error = %e, "reading a rendered public page");
            return Err(Uncached {
                status: StatusCode::INTERNAL_SERVER_ERROR,
                headers: HeaderMap::new(),
                body: Bytes::new(),
            });
        }
    };
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .filter(|v| v.as_bytes().starts_with(b"text/html"))
        .cloned();
    let html = content_type.is_some();
    let body = if html { without_nonce(&body) } else { body };
    let csp = html.then(|| {
        HeaderValue::from_str(&content_security_policy(&script_hashes(&body)))
            .unwrap_or(HeaderValue::from_static("default-src 'self'"))
    });
    let keep = parts.status == StatusCode::OK
        && html
        && !parts.headers.contains_key(header::SET_COOKIE)
        && !parts.headers.contains_key(header::CONTENT_ENCODING);
    match (keep, csp, content_type) {
        (true, Some(csp), Some(content_type)) => {
            Ok(Arc::new(Cached::new(body, csp, content_type, https)))
        }
        (_, csp, _) => {
            if let Some(csp) = csp {
                parts.headers.insert(header::CONTENT_SECURITY_POLICY, csp);
            }
            parts.headers.remove(header::CONTENT_LENGTH);
            Err(Uncached {
                status: parts.status,
                headers: parts.headers,
                body,
            })
        }
    }
}

/// A random nonce for pages rendered for the cache, the same for the
/// process' life: it never reaches a response.
fn stand_in_nonce() -> &'static str {
    static NONCE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    NONCE.get_or_init(|| uuid::Uuid::new_v4().simple().to_string())
}

/// The page without the stand-in nonce's attributes.
fn without_nonce(html: &Bytes) -> Bytes {
    let attribute = format!(" nonce=\"{}\"", stand_in_nonce());
    match std::str::from_utf8(html) {
        Ok(text) if text.contains(&attribute) => Bytes::from(text.replace(&attribute, "")),
        _ => html.clone(),
    }
}

/// `'sha256-…'` of every inline script in `html`, space-separated.
///
/// The renderer escapes `<` in text and attribute values and the
/// sanitiser removes scripts from stored HTML, so a literal `<script` in a
/// rendered page is a script element the app itself wrote.
fn script_hashes(html: &[u8]) -> String {
    use base64::Engine as _;
    let html = String::from_utf8_lossy(html);
    let mut sources = Vec::new();
    let mut rest = html.as_ref();
    while let Some(start) = rest.find("<script") {
        rest = &rest[start + "<script".len()..];
        let Some(tag_end) = rest.find('>') else { break };
        let attributes = &rest[..tag_end];
        rest = &rest[tag_end + 1..];
        let Some(end) = rest.find("</script") else {
            break;
        };
        let content = &rest[..end];
        rest = &rest[end..];
        if attributes.contains(" src=") {
            continue;
        }
        let digest = Sha256::digest(content.as_bytes());
        let hash = format!(
            "'sha256-{}'",
            base64::engine::general_purpose::STANDARD.encode(digest)
        );
        if !sources.contains(&hash) {
            sources.push(hash);
        }
    }
    sources.join(" ")
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Encoding {
    Identity,
    Gzip,
    Brotli,
}

impl Encoding {
    /// The best encoding the client accepts (`q=0` refuses one).
    fn accepted(headers: &HeaderMap) -> Encoding {
        let mut best = Encoding::Identity;
        for value in headers.get_all(header::ACCEPT_ENCODING) {
            let Ok(value) = value.to_str() else { continue };
            for item in value.split(',') {
                let mut parts = item.split(';').map(str::trim);
                let name = parts.next().unwrap_or_default();
                let refused = parts.any(|p| {
                    p.strip_prefix("q=")
                        .and_then(|q| q.parse::<f32>().ok())
                        .is_some_and(|q| q <= 0.0)
                });
                if refused {
                    continue;
                }
                match name.to_ascii_lowercase().as_str() {
                    "br" | "*" => best = Encoding::Brotli,
                    "gzip" if best == Encoding::Identity => best = Encoding::Gzip,
                    _ => {}
                }
            }
        }
        best
    }
}

impl Cached {
    fn new(identity: Bytes, csp: HeaderValue, content_type: HeaderValue, https: bool) -> Cached {
        let mut digest = format!("{:x}", Sha256::digest(&identity));
        digest.truncate(24);
        let gzip = {
            let mut out = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            let done = out.write_all(&identity).and_then(|()| out.finish());
            done.map(Bytes::from).unwrap_or_default()
        };
        let brotli = {
            let mut out = Vec::new();
            let params = brotli::enc::BrotliEncoderParams {
                quality: 9,
                ..Default::default()
            };
            let done = brotli::BrotliCompress(&mut identity.as_ref(), &mut out, &params);
            done.map(|_| Bytes::from(out)).unwrap_or_default()
        };
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_SECURITY_POLICY, csp);
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        headers.insert(
            header::VARY,
            HeaderValue::from_static("accept-encoding, accept-language, cookie"),
        );
        fixed_headers(&mut headers, https);
        Cached {
            digest,
            headers,
            content_type,
            identity,
            gzip,
            brotli,
        }
    }

    fn answer(&self, encoding: Encoding, if_none_match: Option<&HeaderValue>) -> Response {
        // Any encoding's tag of these bytes is fresh: the client holds the
        // same page whichever way it travelled.
        let fresh = if_none_match
            .and_then(|v| v.to_str().ok())
            .is_some_and(|tags| {
                tags.split(',').map(str::trim).any(|tag| {
                    let tag = tag.trim_start_matches("W/").trim_matches('"');
                    let tag = tag
                        .strip_suffix("-br")
                        .or(tag.strip_suffix("-gz"))
                        .unwrap_or(tag);
                    tag == "*" || tag == self.digest
                })
            });
        // A failed compression left its variant empty: send it plain.
        let (body, encoding, suffix) = match encoding {
            Encoding::Brotli if !self.brotli.is_empty() => (self.brotli.clone(), Some("br"), "-br"),
            Encoding::Gzip | Encoding::Brotli if !self.gzip.is_empty() => {
                (self.gzip.clone(), Some("gzip"), "-gz")
            }
            _ => (self.identity.clone(), None, ""),
        };
        let etag = HeaderValue::from_str(&format!("\"{}{suffix}\"", self.digest))
            .unwrap_or(HeaderValue::from_static("\"0\""));
        let len = body.len();
        let mut response = if fresh {
            let mut r = Response::new(Body::empty());
            *r.status_mut() = StatusCode::NOT_MODIFIED;
            r
        } else {
            Response::new(Body::from(body))
        };
        let h = response.headers_mut();
        *h = self.headers.clone();
        h.insert(header::ETAG, etag);
        if !fresh {
            h.insert(header::CONTENT_TYPE, self.content_type.clone());
            h.insert(header::CONTENT_LENGTH, len.into());
            if let Some(encoding) = encoding {
                h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
            }
        }
        response
    }
}

impl Uncached {
    fn answer(&self) -> Response {
        let mut response = Response::new(Body::from(self.body.clone()));
        *response.status_mut() = self.status;
        *response.headers_mut() = self.headers.clone();
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_pages_and_nothing_else() {
        for path in [
            "/",
            "/air",
            "/air/stations/jd01",
            "/board",
            "/stats",
            "/campaigns",
            "/campaigns/day-2026",
            "/news",
            "/news/a-story",
        ] {
            assert!(scopes(path).is_some(), "{path}");
        }
        for path in [
            "/track",
            "/staff",
            "/staff/cases",
            "/complaints/new",
            "/campaigns/day-2026/cover.jpg",
            "/news/feed.atom/x",
            "/air/stations/",
            "/signups/done",
            "/api/x",
            "/pkg/qingjia.css",
        ] {
            assert!(scopes(path).is_none(), "{path}");
        }
    }

    #[test]
    fn only_preference_cookies_pass() {
        let with = |cookie: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::COOKIE, HeaderValue::from_str(cookie).unwrap());
            only_preference_cookies(&h)
        };
        assert!(only_preference_cookies(&HeaderMap::new()));
        assert!(with("qj_lang=en; qj_text=large"));
        assert!(!with("qj_lang=en; qj_staff=abc"));
        assert!(!with("qj_draft=1"));
    }

    #[test]
    fn encodings_by_preference_and_refusal() {
        let of = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::ACCEPT_ENCODING, HeaderValue::from_str(v).unwrap());
            Encoding::accepted(&h)
        };
        assert_eq!(Encoding::accepted(&HeaderMap::new()), Encoding::Identity);
        assert_eq!(of("gzip, deflate, br"), Encoding::Brotli);
        assert_eq!(of("gzip"), Encoding::Gzip);
        assert_eq!(of("br;q=0, gzip"), Encoding::Gzip);
        assert_eq!(of("identity"), Encoding::Identity);
    }

    #[test]
    fn hashes_inline_scripts_only() {
        let page = br#"<head><script type="module" src="/a.js"></script><script type="module">go()</script></head><body><p>&lt;script&gt;</p><script>x=1</script><script>go()</script></body>"#;
        let hashes = script_hashes(page);
        let of = |s: &str| {
            use base64::Engine as _;
            format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(Sha256::digest(s.as_bytes()))
            )
        };
        assert_eq!(hashes, format!("{} {}", of("go()"), of("x=1")));
        assert_eq!(script_hashes(b"<p>no scripts</p>"), "");
    }

    #[test]
    fn the_day_turns_over_at_shanghai_midnight() {
        let now: DateTime<Utc> = "2026-11-29T15:59:00Z".parse().unwrap();
        assert_eq!(
            next_shanghai_midnight(now),
            "2026-11-29T16:00:00Z".parse::<DateTime<Utc>>().unwrap()
        );
        let after: DateTime<Utc> = "2026-11-29T16:00:00Z".parse().unwrap();
        assert_eq!(
            next_shanghai_midnight(after),
            "2026-11-30T16:00:00Z".parse::<DateTime<Utc>>().unwrap()
        );
    }
}
