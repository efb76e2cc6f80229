//! Thirty days of revenue as an SVG bar chart, drawn by the app itself: no chart service, no
//! script, readable without the WASM. Each bar has a tooltip and the chart a text summary.

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::back_office::dashboard::domain::chart_ceiling;
use crate::back_office::dashboard::domain::DayRevenue;
use crate::back_office::style;
use crate::domain::Money;

const WIDTH: i64 = 620;
const HEIGHT: i64 = 180;
const LEFT: i64 = 64;
const BOTTOM: i64 = 22;
const TOP: i64 = 8;

/// 1970-01-01 counted from 0001-01-01 (chrono's "days from the common era").
const UNIX_EPOCH_DAYS_FROM_CE: i64 = 719_163;

fn date_of(day: i64) -> String {
    i32::try_from(day + UNIX_EPOCH_DAYS_FROM_CE)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .map(|d| d.format("%-d %b").to_string())
        .unwrap_or_default()
}

/// One bar: x, y, width, height in the chart's coordinates.
fn bars(days: &[DayRevenue]) -> (i64, Vec<(i64, i64, i64, i64)>) {
    let top = chart_ceiling(days.iter().map(|d| d.revenue.minor()).max().unwrap_or(0));
    let slots = i64::try_from(days.len().max(1)).unwrap_or(1);
    let slot = (WIDTH - LEFT) / slots;
    let plot = HEIGHT - BOTTOM - TOP;
    let shapes = days
        .iter()
        .zip(0..)
        .map(|(day, i)| {
            let height = day.revenue.minor().max(0) * plot / top;
            (
                LEFT + i * slot + 1,
                TOP + plot - height,
                (slot - 2).max(1),
                height,
            )
        })
        .collect();
    (top, shapes)
}

#[component]
pub fn RevenueChart(days: Vec<DayRevenue>, total: Money) -> impl IntoView {
    let (top, shapes) = bars(&days);
    let currency = total.currency();
    let first = days.first().map(|d| date_of(d.day)).unwrap_or_default();
    let last = days.last().map(|d| date_of(d.day)).unwrap_or_default();
    let summary = format!("Revenue per day from {first} to {last}: {total} in all.");
    let baseline = HEIGHT - BOTTOM;
    view! {
        <figure class=style::chart>
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-label=summary.clone()>
                <line x1=LEFT y1=TOP x2=WIDTH y2=TOP class=style::grid/>
                <line x1=LEFT y1=baseline x2=WIDTH y2=baseline class=style::axis/>
                <text x=LEFT - 6 y=TOP + 4 text-anchor="end">{Money::from_minor(top, currency).to_string()}</text>
                <text x=LEFT - 6 y=baseline text-anchor="end">"0"</text>
                {days.iter().zip(shapes).map(|(day, (x, y, w, h))| view! {
                    <rect x=x y=y width=w height=h class=style::bar>
                        <title>{format!("{}: {}", date_of(day.day), day.revenue)}</title>
                    </rect>
                }).collect_view()}
                <text x=LEFT y=HEIGHT - 4>{first}</text>
                <text x=WIDTH y=HEIGHT - 4 text-anchor="end">{last}</text>
            </svg>
            <figcaption>{summary}</figcaption>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Currency;

    fn day(day: i64, minor: i64) -> DayRevenue {
        DayRevenue {
            day,
            revenue: Money::from_minor(minor, Currency::Eur),
        }
    }

    #[test]
    fn bars_scale_to_a_round_top_and_stand_on_the_baseline() {
        let (top, shapes) = bars(&[day(0, 0), day(1, 7_500), day(2, 15_000)]);
        assert_eq!(top, 20_000);
        let plot = HEIGHT - BOTTOM - TOP;
        assert_eq!(shapes[0].3, 0);
        assert_eq!(shapes[2].3, 15_000 * plot / 20_000);
        for (_, y, _, h) in &shapes {
            assert_eq!(y + h, HEIGHT - BOTTOM);
        }
        assert!(shapes.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn days_are_named_by_their_date() {
        assert_eq!(date_of(0), "1 Jan");
        assert_eq!(date_of(20_787), "30 Nov");
    }
}
