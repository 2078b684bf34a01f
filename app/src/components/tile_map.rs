//! A tile map drawn on the server as SVG: one square per town, placed as
//! a schematic of the district (`domain::public_stats::TILES`), coloured
//! by class, with its name and value written on it. No map tiles, fonts
//! or script from elsewhere; the page's table says the same in words.

use leptos::prelude::*;

/// One area's square.
pub struct Tile {
    pub name: String,
    /// What is written under the name (a share, "—").
    pub value: String,
    /// Its colour class (`None`: hatched, no value).
    pub class: Option<usize>,
    pub at: (u8, u8),
}

/// The map.
pub struct TileMap {
    pub id: &'static str,
    pub title: String,
    pub description: String,
    pub tiles: Vec<Tile>,
    /// The key: each class's label, then the label of the hatched tiles.
    pub classes: Vec<String>,
    pub none: String,
    pub legend: String,
}

const SIZE: f64 = 150.0;
const GAP: f64 = 8.0;
/// Longest name line before it breaks (in characters; CJK names fit).
const LINE: usize = 10;

/// The names' font size (as `.map-name` in the style sheet).
const NAME_FONT: f64 = 24.0;

/// A line's width about, in the map's units: a CJK character is a font
/// size wide, a Latin one a little more than half.
fn line_width(line: &str) -> f64 {
    line.chars()
        .map(|c| if c >= '\u{2e80}' { 1.0 } else { 0.6 })
        .sum::<f64>()
        * NAME_FONT
}

/// A name in lines of at most [`LINE`] characters where it has spaces
/// to break at (at most three lines; CJK names stay one).
fn lines(name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in name.split(' ') {
        let full = out.len() >= 3;
        match out.last_mut() {
            Some(line) if full || line.chars().count() + 1 + word.chars().count() <= LINE => {
                line.push(' ');
                line.push_str(word);
            }
            _ => out.push(word.to_owned()),
        }
    }
    out
}

pub fn tile_map(m: TileMap) -> impl IntoView {
    let columns = m.tiles.iter().map(|t| t.at.0).max().unwrap_or(0) as f64 + 1.0;
    let rows = m.tiles.iter().map(|t| t.at.1).max().unwrap_or(0) as f64 + 1.0;
    let width = columns * (SIZE + GAP) - GAP;
    let height = rows * (SIZE + GAP) - GAP;
    let class_of = |c: Option<usize>| match c {
        Some(i) => format!("map-c{i}"),
        None => "map-none".to_owned(),
    };
    let squares = m
        .tiles
        .iter()
        .map(|t| {
            let x = t.at.0 as f64 * (SIZE + GAP);
            let y = t.at.1 as f64 * (SIZE + GAP);
            let name = lines(&t.name);
            // The name's lines and the value, as one block in the middle.
            let n = name.len() as f64;
            let top = y + (SIZE - (n * 28.0 + 36.0)) / 2.0;
            let first_line = top + 22.0;
            let value_line = top + n * 28.0 + 30.0;
            let names = name
                .into_iter()
                .enumerate()
                .map(|(i, line)| {
                    // A word wider than the tile is squeezed into it.
                    let room = SIZE - 14.0;
                    let fit = (line_width(&line) > room).then_some(room);
                    view! {
                        <text x=x + SIZE / 2.0 y=first_line + 28.0 * i as f64 text-anchor="middle"
                            class="map-name" textLength=fit
                            lengthAdjust=fit.map(|_| "spacingAndGlyphs")>{line}</text>
                    }
                })
                .collect_view();
            view! {
                <g class=class_of(t.class)>
                    <rect x=x y=y width=SIZE height=SIZE rx="6" />
                    {names}
                    <text x=x + SIZE / 2.0 y=value_line text-anchor="middle"
                        class="map-value">{t.value.clone()}</text>
                </g>
            }
        })
        .collect_view();
    let key = m
        .classes
        .iter()
        .enumerate()
        .map(|(i, label)| (Some(i), label.clone()))
        .chain([(None, m.none.clone())])
        .map(|(class, label)| {
            view! {
                <li>
                    <svg viewBox="0 0 20 20" class="map-swatch" aria-hidden="true">
                        <g class=class_of(class)><rect width="20" height="20" rx="3" /></g>
                    </svg>
                    {label}
                </li>
            }
        })
        .collect_view();
    let title_id = format!("{}-title", m.id);
    let desc_id = format!("{}-desc", m.id);
    view! {
        <figure class="tile-map" id=m.id>
            <figcaption id=title_id.clone()>{m.title.clone()}</figcaption>
            <p class="note" id=desc_id.clone()>{m.description.clone()}</p>
            <svg viewBox=format!("-2 -2 {} {}", width + 4.0, height + 4.0) role="img"
                aria-labelledby=title_id aria-describedby=desc_id
                preserveAspectRatio="xMidYMid meet">
                <defs>
                    <pattern id="map-hatch" patternUnits="userSpaceOnUse" width="12" height="12">
                        <rect width="12" height="12" class="map-hatch-ground" />
                        <path d="M0,12 L12,0" class="map-hatch-line" />
                    </pattern>
                </defs>
                {squares}
            </svg>
            <ul class="map-key" aria-label=m.legend.clone()>{key}</ul>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_names_break_at_spaces_and_short_ones_not() {
        assert_eq!(lines("嘉定工业区"), vec!["嘉定工业区"]);
        assert_eq!(lines("Malu Town"), vec!["Malu Town"]);
        assert_eq!(lines("Anting Town"), vec!["Anting", "Town"]);
        assert_eq!(
            lines("Jiading Industrial Zone"),
            vec!["Jiading", "Industrial", "Zone"]
        );
        assert_eq!(lines("Juyuan New Area"), vec!["Juyuan New", "Area"]);
        assert_eq!(
            lines("Xinchenglu Subdistrict"),
            vec!["Xinchenglu", "Subdistrict"]
        );
    }
}
