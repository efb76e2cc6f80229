//! Times as the back office shows them.

/// "30 Nov 2026, 14:05 UTC" for seconds since the epoch.
pub fn moment(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0)
        .map(|t| t.format("%-d %b %Y, %H:%M UTC").to_string())
        .unwrap_or_default()
}

/// "30 November 2026" for seconds since the epoch (UTC).
#[cfg(feature = "ssr")]
pub fn day(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0)
        .map(|t| t.format("%-d %B %Y").to_string())
        .unwrap_or_default()
}
