//! Sales figures for the dashboard: which orders count as sales, the periods a merchant compares,
//! and a day-by-day revenue series with no gaps.

use serde::{Deserialize, Serialize};

use crate::domain::money::{Currency, Money};

pub const SECONDS_PER_DAY: i64 = 86_400;

/// The periods of the dashboard, each ending now. Days are UTC days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SalesPeriod {
    Today,
    Last7Days,
    Last30Days,
}

impl SalesPeriod {
    pub const ALL: [SalesPeriod; 3] = [
        SalesPeriod::Today,
        SalesPeriod::Last7Days,
        SalesPeriod::Last30Days,
    ];

    pub fn label(self) -> &'static str {
        match self {
            SalesPeriod::Today => "Today",
            SalesPeriod::Last7Days => "Last 7 days",
            SalesPeriod::Last30Days => "Last 30 days",
        }
    }

    pub fn days(self) -> i64 {
        match self {
            SalesPeriod::Today => 1,
            SalesPeriod::Last7Days => 7,
            SalesPeriod::Last30Days => 30,
        }
    }

    /// The first second (unix time) of the period that contains `now`: today counts as one of
    /// the days.
    pub fn starts_at(self, now: i64) -> i64 {
        day_of(now - (self.days() - 1) * SECONDS_PER_DAY) * SECONDS_PER_DAY
    }
}

/// Days since 1970-01-01 (UTC) of a unix time.
pub fn day_of(unix: i64) -> i64 {
    unix.div_euclid(SECONDS_PER_DAY)
}

/// What sold in a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SalesFigures {
    pub revenue: Money,
    pub orders: u64,
}

impl SalesFigures {
    /// Revenue per order, rounded half up to the minor unit; zero without orders.
    pub fn average_order(&self) -> Money {
        let orders = i64::try_from(self.orders).unwrap_or(i64::MAX);
        let minor = if orders == 0 {
            0
        } else {
            (self.revenue.minor() * 2 + orders).div_euclid(orders * 2)
        };
        Money::from_minor(minor, self.revenue.currency())
    }
}

/// Revenue of one UTC day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayRevenue {
    /// Days since 1970-01-01.
    pub day: i64,
    pub revenue: Money,
}

/// `days` consecutive days ending with `last_day`, each with its revenue from `sums` (day,
/// minor units) or zero.
pub fn daily_series(
    sums: &[(i64, i64)],
    last_day: i64,
    days: i64,
    currency: Currency,
) -> Vec<DayRevenue> {
    (last_day - days + 1..=last_day)
        .map(|day| DayRevenue {
            day,
            revenue: Money::from_minor(
                sums.iter()
                    .filter(|(d, _)| *d == day)
                    .map(|(_, minor)| minor)
                    .sum(),
                currency,
            ),
        })
        .collect()
}

/// A round top for a chart's scale: 1, 2 or 5 times a power of ten, at least `value`.
pub fn chart_ceiling(value: i64) -> i64 {
    if value <= 0 {
        return 1;
    }
    let mut power = 1_i64;
    while power.saturating_mul(10) <= value {
        power = power.saturating_mul(10);
    }
    [1, 2, 5, 10]
        .into_iter()
        .map(|step| power.saturating_mul(step))
        .find(|top| *top >= value)
        .unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOON_2026_11_30: i64 = 1_796_040_000;

    #[test]
    fn periods_start_at_midnight_and_include_today() {
        let midnight = NOON_2026_11_30 - 12 * 3600;
        assert_eq!(SalesPeriod::Today.starts_at(NOON_2026_11_30), midnight);
        assert_eq!(
            SalesPeriod::Last7Days.starts_at(NOON_2026_11_30),
            midnight - 6 * SECONDS_PER_DAY
        );
        assert_eq!(
            SalesPeriod::Last30Days.starts_at(midnight),
            midnight - 29 * SECONDS_PER_DAY
        );
        assert_eq!(day_of(midnight), day_of(midnight + SECONDS_PER_DAY - 1));
    }

    #[test]
    fn averages_round_half_up_and_survive_no_orders() {
        let figures = |minor, orders| SalesFigures {
            revenue: Money::from_minor(minor, Currency::Eur),
            orders,
        };
        assert_eq!(figures(1_000, 3).average_order().minor(), 333);
        assert_eq!(figures(1_001, 2).average_order().minor(), 501);
        assert_eq!(figures(0, 0).average_order().minor(), 0);
    }

    #[test]
    fn the_series_has_every_day_once() {
        let series = daily_series(&[(100, 500), (98, 250), (90, 999)], 100, 3, Currency::Pln);
        let values: Vec<(i64, i64)> = series.iter().map(|d| (d.day, d.revenue.minor())).collect();
        assert_eq!(values, vec![(98, 250), (99, 0), (100, 500)]);
    }

    #[test]
    fn chart_ceilings_are_round() {
        assert_eq!(chart_ceiling(0), 1);
        assert_eq!(chart_ceiling(7), 10);
        assert_eq!(chart_ceiling(10), 10);
        assert_eq!(chart_ceiling(11), 20);
        assert_eq!(chart_ceiling(43_210), 50_000);
        assert_eq!(chart_ceiling(150_001), 200_000);
    }
}
