//! Bar charts drawn as inline SVG: no chart library, nothing to download, readable by screen
//! readers (the figure's label lists every value).

use leptos::prelude::*;

const WIDTH: f64 = 520.0;
const HEIGHT: f64 = 200.0;
const AXIS: f64 = 24.0;
const TOP: f64 = 18.0;

/// A bar per `(label, value)`, labelled underneath, values on top.
#[component]
pub fn BarChart(title: &'static str, bars: Vec<(String, i64)>) -> impl IntoView {
    let most = bars.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1) as f64;
    let slot = WIDTH / bars.len().max(1) as f64;
    let bar_width = (slot * 0.7).max(2.0);
    let described = bars.iter().map(|(label, value)| format!("{label}: {value}")).collect::<Vec<_>>().join(", ");
    let shapes = bars
        .into_iter()
        .enumerate()
        .map(|(index, (label, value))| {
            let height = (HEIGHT - AXIS - TOP) * value as f64 / most;
            let x = index as f64 * slot + (slot - bar_width) / 2.0;
            let y = HEIGHT - AXIS - height;
            let centre = x + bar_width / 2.0;
            view! {
                <g>
                    <rect x=format!("{x:.1}") y=format!("{y:.1}") width=format!("{bar_width:.1}") height=format!("{height:.1}") rx="3" class="chart-bar"></rect>
                    <text x=format!("{centre:.1}") y=format!("{:.1}", y - 4.0) text-anchor="middle" class="chart-value">{value}</text>
                    <text x=format!("{centre:.1}") y=format!("{:.1}", HEIGHT - 6.0) text-anchor="middle" class="chart-label">{label}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <figure class="chart">
            <figcaption>{title}</figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-label=format!("{title}. {described}")>
                <line x1="0" x2=WIDTH y1=HEIGHT - AXIS y2=HEIGHT - AXIS class="chart-axis"></line>
                {shapes}
            </svg>
        </figure>
    }
}

/// `2026-11-16` → `16 Nov`, for week labels.
pub fn short_week(week: &str) -> String {
    chrono::NaiveDate::parse_from_str(week, "%Y-%m-%d")
        .map(|d| d.format("%-d %b").to_string())
        .unwrap_or_else(|_| week.to_owned())
}
