//! Times as the back office and the shopper see them.

use chrono::{Datelike, Timelike};

use crate::i18n::{td_string, Locale};

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

/// "4 December 2026, 14:05 UTC", "4 grudnia 2026, 14:05 UTC": a moment (seconds since the epoch)
/// as a reader of `language` writes it, with the month's name in the form a date takes.
pub fn in_language(unix: i64, language: Locale) -> String {
    let Some(t) = chrono::DateTime::from_timestamp(unix, 0) else {
        return String::new();
    };
    let month = match t.month() {
        1 => td_string!(language, common.month_1),
        2 => td_string!(language, common.month_2),
        3 => td_string!(language, common.month_3),
        4 => td_string!(language, common.month_4),
        5 => td_string!(language, common.month_5),
        6 => td_string!(language, common.month_6),
        7 => td_string!(language, common.month_7),
        8 => td_string!(language, common.month_8),
        9 => td_string!(language, common.month_9),
        10 => td_string!(language, common.month_10),
        11 => td_string!(language, common.month_11),
        _ => td_string!(language, common.month_12),
    };
    td_string!(
        language,
        common.date_time,
        day = t.day(),
        month,
        year = t.year(),
        time = format!("{:02}:{:02}", t.hour(), t.minute())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_moment_reads_naturally_in_each_language() {
        // 2026-12-04 09:05:00 UTC
        let unix = 1_796_375_100;
        assert_eq!(in_language(unix, Locale::en), "4 December 2026, 09:05 UTC");
        assert_eq!(in_language(unix, Locale::pl), "4 grudnia 2026, 09:05 UTC");
        assert_eq!(in_language(unix, Locale::it), "4 dicembre 2026, 09:05 UTC");
        assert_eq!(
            in_language(unix, Locale::id),
            "4 Desember 2026, pukul 09:05 UTC"
        );
        assert_eq!(moment(unix), "4 Dec 2026, 09:05 UTC");
    }
}
