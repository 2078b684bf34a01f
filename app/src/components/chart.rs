//! Bar charts drawn on the server as SVG: no script, no fonts or tiles
//! from elsewhere, readable in print. Each chart carries a title for
//! screen readers and sits above a table with the same numbers, which is
//! what a screen reader or a leader copying figures uses.

use leptos::prelude::*;

/// A bar chart: at each label one value per series, stacked or side by
/// side.
pub struct BarChart {
    /// Unique on the page (the title's and table's ids derive from it).
    pub id: &'static str,
    pub title: String,
    /// Under each bar (shown thinned out when there are many).
    pub labels: Vec<String>,
    /// The label of each bar in the table (a full date, a month).
    pub rows: Vec<String>,
    /// Heading of the table's first column.
    pub row_heading: String,
    /// What opens the table ("the numbers"): folded away, so that on a
    /// phone a month of days does not push the next chart a screen down.
    pub table_label: String,
    /// (name, one value per label; NaN where there is none, shown as
    /// "—" and drawn as no bar).
    pub series: Vec<(String, Vec<f64>)>,
    pub stacked: bool,
    /// The top of the scale; `None`: a round number above the data.
    pub max: Option<f64>,
    /// How values read (a count, a percentage).
    pub format: fn(f64) -> String,
}

const W: f64 = 640.0;
const H: f64 = 220.0;
const LEFT: f64 = 88.0;
const BOTTOM: f64 = 32.0;
const TOP: f64 = 10.0;
const RIGHT: f64 = 28.0;

/// A round number at or above `v` whose half is whole too (so a count's
/// middle gridline reads true): at least 2, then 1, 2 or 4 times a power
/// of ten.
pub fn nice_ceiling(v: f64) -> f64 {
    if v <= 2.0 {
        return 2.0;
    }
    let power = 10f64.powf(v.log10().floor());
    [1.0, 2.0, 4.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|c| *c >= v)
        .unwrap_or(10.0 * power)
}

fn counted(v: f64) -> String {
    format!("{v:.0}")
}

/// Counts as they read in a chart's scale and table.
pub fn count_format() -> fn(f64) -> String {
    counted
}

/// The chart, its legend and its table.
pub fn bar_chart(c: BarChart) -> impl IntoView {
    let n = c.labels.len().max(1);
    let top = c.max.unwrap_or_else(|| {
        let highest = (0..n)
            .map(|i| {
                let at = c
                    .series
                    .iter()
                    .map(|(_, v)| v.get(i).copied().filter(|x| !x.is_nan()).unwrap_or(0.0));
                if c.stacked {
                    at.sum::<f64>()
                } else {
                    at.fold(0.0, f64::max)
                }
            })
            .fold(0.0, f64::max);
        nice_ceiling(highest)
    });
    let plot_w = W - LEFT - RIGHT;
    let plot_h = H - TOP - BOTTOM;
    let slot = plot_w / n as f64;
    let y = |v: f64| TOP + plot_h - (v / top).clamp(0.0, 1.0) * plot_h;
    let grid = [0.0, 0.5, 1.0]
        .into_iter()
        .map(|share| {
            let v = top * share;
            let at = y(v);
            view! {
                <line x1=LEFT x2=W - RIGHT y1=at y2=at class="chart-grid" />
                <text x=LEFT - 6.0 y=at + 6.0 text-anchor="end" class="chart-tick">{(c.format)(v)}</text>
            }
        })
        .collect_view();
    let series_count = c.series.len().max(1);
    let mut bars = Vec::new();
    for i in 0..n {
        let x0 = LEFT + slot * i as f64;
        let mut base = 0.0;
        for (s, (_, values)) in c.series.iter().enumerate() {
            let v = values.get(i).copied().unwrap_or(0.0);
            if v.is_nan() || v <= 0.0 {
                continue;
            }
            let (x, width, from) = if c.stacked {
                (x0 + slot * 0.15, slot * 0.7, base)
            } else {
                let w = slot * 0.8 / series_count as f64;
                (x0 + slot * 0.1 + w * s as f64, w, 0.0)
            };
            let y_top = y(from + v);
            let height = (y(from) - y_top).max(0.5);
            base += v;
            bars.push(view! {
                <rect x=x y=y_top width=width.max(0.5) height=height class=format!("chart-s{}", s % 6) />
            });
        }
    }
    // At most about six labels under the bars (legible on a phone).
    let every = n.div_ceil(6);
    let labels = c
        .labels
        .iter()
        .enumerate()
        .filter(|(i, _)| i % every == 0)
        .map(|(i, l)| {
            view! {
                <text x=LEFT + slot * (i as f64 + 0.5) y=H - 6.0 text-anchor="middle" class="chart-tick">
                    {l.clone()}
                </text>
            }
        })
        .collect_view();
    let legend = (c.series.len() > 1).then(|| {
        view! {
            <ul class="chart-legend" aria-hidden="true">
                {c.series
                    .iter()
                    .enumerate()
                    .map(|(s, (name, _))| {
                        view! {
                            <li><span class=format!("swatch chart-s{}", s % 6)></span>{name.clone()}</li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
    });
    let title_id = format!("{}-title", c.id);
    let heads = c
        .series
        .iter()
        .map(|(name, _)| view! { <th scope="col">{name.clone()}</th> })
        .collect_view();
    let body = c
        .rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let cells = c
                .series
                .iter()
                .map(|(_, v)| {
                    let v = v.get(i).copied().unwrap_or(0.0);
                    let shown = if v.is_nan() {
                        "—".to_owned()
                    } else {
                        (c.format)(v)
                    };
                    view! { <td class="num">{shown}</td> }
                })
                .collect_view();
            view! { <tr><th scope="row">{row.clone()}</th>{cells}</tr> }
        })
        .collect_view();
    view! {
        <figure class="chart" id=c.id>
            <figcaption id=title_id.clone()>{c.title.clone()}</figcaption>
            <svg viewBox=format!("0 0 {W} {H}") role="img" aria-labelledby=title_id
                preserveAspectRatio="xMidYMid meet">
                {grid}
                {bars}
                {labels}
            </svg>
            {legend}
            <details class="chart-table">
                <summary>{c.table_label.clone()}</summary>
                <div class="table-scroll" tabindex="0">
                    <table class="data chart-data">
                        <caption class="visually-hidden">{c.title.clone()}</caption>
                        <thead><tr><th scope="col">{c.row_heading.clone()}</th>{heads}</tr></thead>
                        <tbody>{body}</tbody>
                    </table>
                </div>
            </details>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_end_on_round_numbers() {
        assert_eq!(nice_ceiling(0.0), 2.0);
        assert_eq!(nice_ceiling(2.0), 2.0);
        assert_eq!(nice_ceiling(3.0), 4.0);
        assert_eq!(nice_ceiling(5.0), 10.0);
        assert_eq!(nice_ceiling(11.0), 20.0);
        assert_eq!(nice_ceiling(33.0), 40.0);
        assert_eq!(nice_ceiling(420.0), 1000.0);
    }
}
