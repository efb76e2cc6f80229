//! Limits on attempts (sign-in, sign-up, password reset): a fixed window per key, and when the
//! attempts in it exceed the limit the key is locked until the window ends.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Stored keys start with this, e.g. "sign-in:account".
    pub name: &'static str,
    pub max_attempts: i64,
    pub window_secs: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Allowed,
    Locked { retry_after_secs: i64 },
}

impl RateLimit {
    /// Wrong passwords for one account: five tries per quarter hour.
    pub const SIGN_IN_PER_ACCOUNT: RateLimit = RateLimit {
        name: "sign-in:account",
        max_attempts: 5,
        window_secs: 15 * 60,
    };
    /// Any sign-in from one address (shared offices and mobile carriers get room).
    pub const SIGN_IN_PER_IP: RateLimit = RateLimit {
        name: "sign-in:ip",
        max_attempts: 30,
        window_secs: 15 * 60,
    };
    pub const SIGN_UP_PER_IP: RateLimit = RateLimit {
        name: "sign-up:ip",
        max_attempts: 10,
        window_secs: 3600,
    };
    pub const RESET_PER_ACCOUNT: RateLimit = RateLimit {
        name: "reset:account",
        max_attempts: 3,
        window_secs: 3600,
    };
    pub const RESET_PER_IP: RateLimit = RateLimit {
        name: "reset:ip",
        max_attempts: 10,
        window_secs: 3600,
    };
    /// Guests looking up an order by e-mail and number: enough for typos, too few to guess.
    pub const ORDER_LOOKUP_PER_IP: RateLimit = RateLimit {
        name: "order-lookup:ip",
        max_attempts: 10,
        window_secs: 15 * 60,
    };

    /// Where a window that started at `window_started_at` stands after its `attempts`-th attempt.
    pub fn verdict(&self, attempts: i64, window_started_at: i64, now: i64) -> Verdict {
        if attempts <= self.max_attempts {
            Verdict::Allowed
        } else {
            Verdict::Locked {
                retry_after_secs: (window_started_at + self.window_secs - now).max(1),
            }
        }
    }

    /// The stored key for one subject (an address, or a hashed account e-mail).
    pub fn key(&self, subject: &str) -> String {
        format!("{}:{subject}", self.name)
    }
}

/// "Try again in 12 minutes." — rounded up, so the shopper never comes back too early.
pub fn retry_message(retry_after_secs: i64) -> String {
    let minutes = (retry_after_secs + 59) / 60;
    if minutes <= 1 {
        "Too many attempts. Please wait a minute and try again.".to_string()
    } else {
        format!("Too many attempts. Please try again in {minutes} minutes.")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_after_the_limit_until_the_window_ends() {
        let limit = RateLimit::SIGN_IN_PER_ACCOUNT;
        assert_eq!(limit.verdict(5, 1000, 1010), Verdict::Allowed);
        assert_eq!(
            limit.verdict(6, 1000, 1010),
            Verdict::Locked {
                retry_after_secs: 890
            }
        );
    }

    #[test]
    fn says_how_long_to_wait() {
        assert_eq!(
            retry_message(890),
            "Too many attempts. Please try again in 15 minutes."
        );
        assert_eq!(
            retry_message(30),
            "Too many attempts. Please wait a minute and try again."
        );
    }
}
