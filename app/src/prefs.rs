//! The visitor's display preferences, read once per request on the server
//! and provided to every component as context.

pub use domain::prefs::{Locale, TextSize};
use leptos::prelude::*;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Prefs {
    pub locale: Locale,
    pub text_size: TextSize,
}

impl Prefs {
    /// From the request: the cookies chosen with the switches win, then the
    /// browser's `Accept-Language`, then the defaults (zh-CN, standard size).
    #[cfg(feature = "ssr")]
    pub fn from_headers(headers: &http::HeaderMap) -> Prefs {
        use domain::prefs::{LOCALE_COOKIE, TEXT_SIZE_COOKIE};
        let cookie = |name: &str| cookie(headers, name);
        let locale = cookie(LOCALE_COOKIE)
            .and_then(|v| Locale::from_tag(&v))
            .unwrap_or_else(|| {
                headers
                    .get(http::header::ACCEPT_LANGUAGE)
                    .and_then(|v| v.to_str().ok())
                    .map(Locale::negotiate)
                    .unwrap_or_default()
            });
        let text_size = cookie(TEXT_SIZE_COOKIE)
            .and_then(|v| TextSize::parse(&v))
            .unwrap_or_default();
        Prefs { locale, text_size }
    }
}

/// A cookie's value from a request's headers.
#[cfg(feature = "ssr")]
pub fn cookie(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// The current request's preferences (defaults outside a request).
pub fn use_prefs() -> Prefs {
    use_context::<Prefs>().unwrap_or_default()
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use http::{HeaderMap, HeaderValue, header};

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(k.clone(), HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn cookie_beats_accept_language() {
        let h = headers(&[
            (header::COOKIE, "a=b; qj_lang=zh-CN; qj_text=large"),
            (header::ACCEPT_LANGUAGE, "en"),
        ]);
        assert_eq!(
            Prefs::from_headers(&h),
            Prefs {
                locale: Locale::ZhCn,
                text_size: TextSize::Large
            }
        );
    }

    #[test]
    fn accept_language_then_default() {
        let h = headers(&[(header::ACCEPT_LANGUAGE, "en-GB,en;q=0.9")]);
        assert_eq!(Prefs::from_headers(&h).locale, Locale::En);
        let h = headers(&[(header::COOKIE, "qj_lang=xx; qj_text=giant")]);
        assert_eq!(Prefs::from_headers(&h), Prefs::default());
    }
}
