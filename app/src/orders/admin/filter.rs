//! The orders list's filters, read from the page's URL (`?status=paid&from=2026-11-01…`) so a
//! filtered list can be bookmarked and shared. A value that does not parse is dropped with a
//! notice rather than refused: the merchant still sees a list, and learns what was ignored.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::{Currency, Money, PageNumber};
use crate::orders::domain::OrderStatus;
use crate::search::domain::encode_query_value;

pub const ORDERS_PER_PAGE: u64 = 50;

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct OrderFilter {
    /// An order number or (part of) the e-mail address it was placed with.
    pub text: String,
    pub status: Option<OrderStatus>,
    /// Placed on or after this day (UTC).
    pub from: Option<NaiveDate>,
    /// Placed on or before this day (UTC).
    pub to: Option<NaiveDate>,
    /// (Part of) the customer's name or e-mail address.
    pub customer: String,
    pub min_total: Option<Money>,
    pub max_total: Option<Money>,
    pub page: u64,
    /// What was ignored, in words.
    pub notices: Vec<String>,
}

/// A search text at most 254 characters long, trimmed after the cut too: the list's links
/// carry it and must read back as the same filter.
fn cut(value: &str) -> String {
    let cut: String = value.chars().take(254).collect();
    cut.trim_end().to_string()
}

impl OrderFilter {
    /// Reads the filter from URL query pairs; prices are in `currency`.
    pub fn from_pairs(pairs: &[(String, String)], currency: Currency) -> OrderFilter {
        let mut filter = OrderFilter {
            page: 1,
            ..Default::default()
        };
        for (key, value) in pairs {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            match key.as_str() {
                "q" => filter.text = cut(value),
                "customer" => filter.customer = cut(value),
                "status" => match OrderStatus::from_code(value) {
                    Some(status) => filter.status = Some(status),
                    None => filter
                        .notices
                        .push(format!("“{value}” is not an order status; all are shown.")),
                },
                "from" | "to" => match NaiveDate::parse_from_str(value, "%Y-%m-%d") {
                    Ok(day) if key == "from" => filter.from = Some(day),
                    Ok(day) => filter.to = Some(day),
                    Err(_) => filter.notices.push(format!(
                        "“{value}” is not a date like 2026-11-30; it was ignored."
                    )),
                },
                "min" | "max" => match Money::parse(value, currency) {
                    Ok(amount) if amount.minor() >= 0 && key == "min" => {
                        filter.min_total = Some(amount)
                    }
                    Ok(amount) if amount.minor() >= 0 => filter.max_total = Some(amount),
                    _ => filter.notices.push(format!(
                        "“{value}” is not an amount like 49.99; it was ignored."
                    )),
                },
                "page" => match PageNumber::parse(value) {
                    Some(page) => filter.page = u64::from(page.get()),
                    None => filter
                        .notices
                        .push(format!("“{value}” is not a page number; page 1 is shown.")),
                },
                _ => {}
            }
        }
        if let (Some(from), Some(to)) = (filter.from, filter.to) {
            if from > to {
                filter.from = Some(to);
                filter.to = Some(from);
                filter
                    .notices
                    .push("The dates were the wrong way round; they were swapped.".into());
            }
        }
        if let (Some(min), Some(max)) = (filter.min_total, filter.max_total) {
            if min.minor() > max.minor() {
                filter.min_total = Some(max);
                filter.max_total = Some(min);
                filter
                    .notices
                    .push("The amounts were the wrong way round; they were swapped.".into());
            }
        }
        filter
    }

    /// The unix times [start, end) the dates cover.
    pub fn placed_between(&self) -> (Option<i64>, Option<i64>) {
        let start = |day: NaiveDate| day.and_hms_opt(0, 0, 0).map(|t| t.and_utc().timestamp());
        (
            self.from.and_then(start),
            self.to.and_then(|day| day.succ_opt()).and_then(start),
        )
    }

    /// The query string of this filter on another page.
    pub fn to_query(&self, page: u64) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        let mut add = |key, value: String| {
            if !value.is_empty() {
                pairs.push((key, value));
            }
        };
        add("q", self.text.clone());
        add(
            "status",
            self.status
                .map(|s| s.code().to_string())
                .unwrap_or_default(),
        );
        add("from", self.from.map(|d| d.to_string()).unwrap_or_default());
        add("to", self.to.map(|d| d.to_string()).unwrap_or_default());
        add("customer", self.customer.clone());
        add(
            "min",
            self.min_total
                .map(Money::to_decimal_string)
                .unwrap_or_default(),
        );
        add(
            "max",
            self.max_total
                .map(Money::to_decimal_string)
                .unwrap_or_default(),
        );
        if page > 1 {
            add("page", page.to_string());
        }
        pairs
            .into_iter()
            .map(|(k, v)| format!("{k}={}", encode_query_value(&v)))
            .collect::<Vec<_>>()
            .join("&")
    }
}

#[cfg(test)]
mod properties;

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn every_filter_is_read_and_printed_back() {
        let filter = OrderFilter::from_pairs(
            &pairs(&[
                ("q", "ada@example.com"),
                ("status", "paid"),
                ("from", "2026-11-01"),
                ("to", "2026-11-30"),
                ("customer", "Ada L"),
                ("min", "10"),
                ("max", "99,50"),
                ("page", "2"),
            ]),
            Currency::Eur,
        );
        assert!(filter.notices.is_empty(), "{:?}", filter.notices);
        assert_eq!(filter.status, Some(OrderStatus::Paid));
        assert_eq!(filter.max_total.map(Money::minor), Some(9_950));
        assert_eq!(filter.page, 2);
        assert_eq!(
            filter.to_query(3),
            "q=ada%40example.com&status=paid&from=2026-11-01&to=2026-11-30&customer=Ada+L&min=10.00&max=99.50&page=3"
        );
        let (start, end) = filter.placed_between();
        assert_eq!(end.zip(start).map(|(e, s)| e - s), Some(30 * 86_400));
    }

    /// Found by the properties: a text cut at 254 characters right after a space kept the
    /// space, and the next page's link (trimmed when read) searched for something else.
    #[test]
    fn a_cut_text_reads_back_from_the_links() {
        let long = format!("{} tail", "x".repeat(253));
        let filter = OrderFilter::from_pairs(&pairs(&[("q", &long)]), Currency::Eur);
        assert_eq!(filter.text, "x".repeat(253));
        let query = filter.to_query(2);
        let again = OrderFilter::from_pairs(
            &pairs(&[("q", &"x".repeat(253)), ("page", "2")]),
            Currency::Eur,
        );
        assert_eq!(query, again.to_query(2));
        assert_eq!(again.text, filter.text);
    }

    #[test]
    fn odd_values_are_dropped_with_a_notice() {
        let filter = OrderFilter::from_pairs(
            &pairs(&[
                ("status", "lost"),
                ("from", "yesterday"),
                ("min", "-5"),
                ("max", "lots"),
                ("page", "0"),
                ("unknown", "x"),
            ]),
            Currency::Usd,
        );
        assert_eq!(filter.notices.len(), 5, "{:?}", filter.notices);
        assert_eq!(
            filter,
            OrderFilter {
                notices: filter.notices.clone(),
                page: 1,
                ..Default::default()
            }
        );
    }

    #[test]
    fn reversed_ranges_are_swapped() {
        let filter = OrderFilter::from_pairs(
            &pairs(&[
                ("from", "2026-12-01"),
                ("to", "2026-11-01"),
                ("min", "50"),
                ("max", "5"),
            ]),
            Currency::Pln,
        );
        assert_eq!(
            filter.from.map(|d| d.to_string()).as_deref(),
            Some("2026-11-01")
        );
        assert_eq!(filter.min_total.map(Money::minor), Some(500));
        assert_eq!(filter.notices.len(), 2);
    }
}
