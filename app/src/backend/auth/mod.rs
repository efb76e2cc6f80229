//! Who is asking: accounts, sessions, permissions, and the request-safety layers (CSRF, security
//! headers, attempt limits) that sit in front of every server function.

pub mod api_keys;
pub mod csrf;
pub mod password;
pub mod rate_limiter;
mod request;
pub mod secret;
pub mod security_headers;
pub mod sessions;

pub use request::{
    client_ip, current_actor, end_session, request_cookie, require, require_in_headers,
    require_signed_in, require_staff, set_cookie, start_session,
};

use crate::domain::{Role, SessionPolicy};

/// The signed-in person making a request, as the server knows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: i32,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub email_verified: bool,
}

/// How cookies and sessions behave; built from the configuration.
#[derive(Debug, Clone)]
pub struct SecurityConfig {
    pub session_policy: SessionPolicy,
    /// The shop is served over HTTPS: cookies get `Secure` and the `__Host-` prefix, and
    /// responses carry HSTS.
    pub https: bool,
    /// A reverse proxy in front sets `X-Forwarded-For`; without one that header is ignored,
    /// since any client could send it.
    pub trust_proxy: bool,
}

impl SecurityConfig {
    pub fn for_site(site_url: &str, trust_proxy: bool) -> Self {
        SecurityConfig {
            session_policy: SessionPolicy::default(),
            https: site_url.starts_with("https://"),
            trust_proxy,
        }
    }

    pub fn session_cookie(&self) -> &'static str {
        if self.https {
            "__Host-mercato_session"
        } else {
            "mercato_session"
        }
    }

    pub fn cart_cookie(&self) -> &'static str {
        if self.https {
            "__Host-mercato_cart"
        } else {
            "mercato_cart"
        }
    }

    pub fn csrf_cookie(&self) -> &'static str {
        if self.https {
            "__Host-mercato_csrf"
        } else {
            "mercato_csrf"
        }
    }

    /// A `Set-Cookie` value: host-only, whole site, `SameSite=Lax`, `Secure` on HTTPS.
    /// `max_age` of zero removes the cookie.
    pub fn cookie(&self, name: &str, value: &str, http_only: bool, max_age_secs: i64) -> String {
        let mut cookie = format!("{name}={value}; Path=/; SameSite=Lax; Max-Age={max_age_secs}");
        if http_only {
            cookie.push_str("; HttpOnly");
        }
        if self.https {
            cookie.push_str("; Secure");
        }
        cookie
    }
}

/// The value of cookie `name` in a request's `Cookie` headers.
pub fn cookie_value(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|line| line.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_string())
}

/// Now, in whole Unix seconds (how session, link and attempt times are stored).
pub fn unix_now() -> i64 {
    chrono::Utc::now().timestamp()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_hardened_on_https() {
        let https = SecurityConfig::for_site("https://shop.example", false);
        let cookie = https.cookie(https.session_cookie(), "abc", true, 60);
        assert_eq!(
            cookie,
            "__Host-mercato_session=abc; Path=/; SameSite=Lax; Max-Age=60; HttpOnly; Secure"
        );
        let http = SecurityConfig::for_site("http://127.0.0.1:3000", false);
        assert!(!http
            .cookie("mercato_csrf", "x", false, 60)
            .contains("Secure"));
    }

    #[test]
    fn finds_a_cookie_among_several_headers() {
        let mut headers = http::HeaderMap::new();
        headers.append(
            http::header::COOKIE,
            "a=1; mercato_session=s3".parse().expect("header"),
        );
        headers.append(http::header::COOKIE, "b=2".parse().expect("header"));
        assert_eq!(
            cookie_value(&headers, "mercato_session").as_deref(),
            Some("s3")
        );
        assert_eq!(cookie_value(&headers, "b").as_deref(), Some("2"));
        assert_eq!(cookie_value(&headers, "missing"), None);
    }
}
