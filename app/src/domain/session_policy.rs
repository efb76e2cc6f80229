//! How long a signed-in session lives: it ends after a spell of inactivity (idle expiry) and, at
//! the latest, a fixed time after sign-in (absolute expiry), whichever comes first.

/// Times are whole seconds since the Unix epoch, as stored with the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPolicy {
    pub idle_secs: i64,
    pub absolute_secs: i64,
}

impl Default for SessionPolicy {
    /// Two days of inactivity, thirty days at most.
    fn default() -> Self {
        SessionPolicy {
            idle_secs: 2 * 24 * 3600,
            absolute_secs: 30 * 24 * 3600,
        }
    }
}

impl SessionPolicy {
    /// Touching a session on every request would make every page view a database write; a
    /// minute's imprecision in the idle timer is harmless.
    pub const TOUCH_EVERY_SECS: i64 = 60;

    pub fn is_live(&self, created_at: i64, last_seen_at: i64, now: i64) -> bool {
        now < created_at + self.absolute_secs && now < last_seen_at + self.idle_secs
    }

    pub fn needs_touch(&self, last_seen_at: i64, now: i64) -> bool {
        now - last_seen_at >= Self::TOUCH_EVERY_SECS
    }

    /// The moment after which the session is dead however active it is.
    pub fn absolute_end(&self, created_at: i64) -> i64 {
        created_at + self.absolute_secs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: SessionPolicy = SessionPolicy {
        idle_secs: 100,
        absolute_secs: 1000,
    };

    #[test]
    fn idle_sessions_end() {
        assert!(POLICY.is_live(0, 0, 99));
        assert!(!POLICY.is_live(0, 0, 100));
        assert!(POLICY.is_live(0, 500, 599));
    }

    #[test]
    fn busy_sessions_still_end_at_the_absolute_limit() {
        assert!(POLICY.is_live(0, 990, 999));
        assert!(!POLICY.is_live(0, 999, 1000));
    }

    #[test]
    fn touches_at_most_once_a_minute() {
        assert!(!POLICY.needs_touch(1000, 1059));
        assert!(POLICY.needs_touch(1000, 1060));
    }
}
