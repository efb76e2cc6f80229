//! Limits on attempts (sign-in, sign-up, password reset).
//!
//! Two kinds. A `RateLimit` is a fixed window per key: when the attempts in it exceed the limit,
//! the key is locked until the window ends; it slows one address down whatever it tries. A
//! `FailureBackoff` counts wrong passwords for one account *from one address*: after a few, each
//! further try from that address waits twice as long as the one before. Nobody can lock an
//! account's owner out this way (the owner signs in from their own address), which a lock per
//! account would allow anyone who knows the e-mail address to do (OWASP Authentication Cheat
//! Sheet, "Account Lockout").

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
    /// Wrong passwords for one account from every address together. Nothing is locked by it:
    /// at the `max_attempts`-th failure within the hour the owner is told by mail.
    pub const SIGN_IN_FAILURES_ALERT: RateLimit = RateLimit {
        name: "sign-in:account-failures",
        max_attempts: 10,
        window_secs: 3600,
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

/// Wrong passwords for one account from one address: `free_failures` tries, then a wait after
/// each failure that doubles from `first_delay_secs` up to `max_delay_secs`. Forgotten
/// `forget_after_secs` after the last failure, and at once after a successful sign-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FailureBackoff {
    /// Stored keys start with this, e.g. "sign-in:pair".
    pub name: &'static str,
    pub free_failures: i64,
    pub first_delay_secs: i64,
    pub max_delay_secs: i64,
    pub forget_after_secs: i64,
}

impl FailureBackoff {
    pub const SIGN_IN: FailureBackoff = FailureBackoff {
        name: "sign-in:pair",
        free_failures: 5,
        first_delay_secs: 30,
        max_delay_secs: 15 * 60,
        forget_after_secs: 3600,
    };

    /// How long the next attempt must wait after the `failures`-th failure.
    pub fn delay_after(&self, failures: i64) -> i64 {
        if failures < self.free_failures {
            return 0;
        }
        let doublings = u32::try_from(failures - self.free_failures).unwrap_or(u32::MAX);
        self.first_delay_secs
            .checked_mul(2_i64.checked_pow(doublings).unwrap_or(i64::MAX))
            .unwrap_or(i64::MAX)
            .min(self.max_delay_secs)
    }

    /// May an attempt go ahead `now`, after `failures` failures, the last at `last_failure_at`?
    pub fn verdict(&self, failures: i64, last_failure_at: i64, now: i64) -> Verdict {
        let since = now - last_failure_at;
        let wait = self.delay_after(failures);
        if since >= self.forget_after_secs || since >= wait {
            Verdict::Allowed
        } else {
            Verdict::Locked {
                retry_after_secs: wait - since,
            }
        }
    }

    /// The stored key for one account (a digest of its e-mail) and one address (a digest).
    pub fn key(&self, account: &str, address: &str) -> String {
        format!("{}:{account}:{address}", self.name)
    }

    /// The start shared by the keys of one account from every address.
    pub fn account_prefix(&self, account: &str) -> String {
        format!("{}:{account}:", self.name)
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
        let limit = RateLimit::SIGN_IN_PER_IP;
        assert_eq!(limit.verdict(30, 1000, 1010), Verdict::Allowed);
        assert_eq!(
            limit.verdict(31, 1000, 1010),
            Verdict::Locked {
                retry_after_secs: 890
            }
        );
    }

    #[test]
    fn wrong_passwords_from_one_address_wait_longer_and_longer() {
        let backoff = FailureBackoff::SIGN_IN;
        let delays: Vec<i64> = (0..12).map(|n| backoff.delay_after(n)).collect();
        assert_eq!(
            delays,
            [0, 0, 0, 0, 0, 30, 60, 120, 240, 480, 900, 900],
            "five free tries, then doubling up to a quarter hour"
        );
        assert_eq!(backoff.delay_after(i64::MAX), 900);
        assert_eq!(backoff.verdict(4, 1000, 1000), Verdict::Allowed);
        assert_eq!(
            backoff.verdict(5, 1000, 1010),
            Verdict::Locked {
                retry_after_secs: 20
            }
        );
        assert_eq!(backoff.verdict(5, 1000, 1030), Verdict::Allowed);
        assert_eq!(
            backoff.verdict(40, 1000, 1001),
            Verdict::Locked {
                retry_after_secs: 899
            }
        );
        // An hour after the last failure, all is forgotten.
        assert_eq!(backoff.verdict(40, 1000, 4600), Verdict::Allowed);
    }

    #[test]
    fn an_accounts_keys_share_a_prefix_and_nothing_else() {
        let backoff = FailureBackoff::SIGN_IN;
        let key = backoff.key("ab12", "cd34");
        assert!(key.starts_with(&backoff.account_prefix("ab12")));
        assert!(!key.starts_with(&backoff.account_prefix("ab1")));
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
