//! How long a failed background job waits before its next try.

/// Seconds to wait after the `attempt`-th failure (1-based): 30 s, 1 min, 2 min, … doubling up to
/// an hour, so a supplier's mail server that is down for a while is not hammered.
pub fn retry_delay_secs(attempt: u32) -> i64 {
    let doubled = 30_i64.saturating_mul(1_i64 << attempt.saturating_sub(1).min(20));
    doubled.min(3_600)
}

#[cfg(test)]
mod tests {
    use super::retry_delay_secs;

    #[test]
    fn backs_off_exponentially_up_to_an_hour() {
        assert_eq!(retry_delay_secs(1), 30);
        assert_eq!(retry_delay_secs(2), 60);
        assert_eq!(retry_delay_secs(3), 120);
        assert_eq!(retry_delay_secs(8), 3_600);
        assert_eq!(retry_delay_secs(500), 3_600);
        assert_eq!(retry_delay_secs(0), 30);
    }
}
