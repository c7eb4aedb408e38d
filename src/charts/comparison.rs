//! The charts of the comparison: the distances between the units with their tree,
//! the units on their first two principal components, and each unit's distinctive
//! words. All three draw from the first MFW setting (the most frequent words, the
//! ones even a small voice uses) and its first distance.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{DrawResult, OTHER, PALETTE, blue_shade, segments};
use crate::compare::Comparison;
use crate::compare::cluster::{Linkage, Merge, Node, cluster};
use crate::compare::matrix::DistanceMatrix;
use crate::output::shorten;

/// The distances between the largest units and the tree that joins them.
#[derive(Clone, Debug, PartialEq)]
pub struct DistanceView {
    /// What was compared: `Cosine Delta, 100 most frequent words`.
    pub setting: String,
    /// The units, in the order of the tree's leaves (top to bottom).
    pub names: Vec<String>,
    /// Distances between the units, in that order.
    pub distances: Vec<Vec<f64>>,
    /// The tree over the units, by index into `names` before reordering
    /// ([`DistanceView::leaf_of`] maps them).
    pub merges: Vec<Merge>,
    /// For each unit of the tree (its index before reordering), its row.
    pub leaf_of: Vec<usize>,
}

impl DistanceView {
    /// The view of the first setting's first distance, for the largest units (all
    /// of them up to [`crate::compare::HEATMAP_UNITS`]), clustered with `linkage`; None with
    /// fewer than three units.
    pub fn of(comparison: &Comparison, linkage: Linkage) -> Option<Self> {
        let result = comparison.results.first()?;
        let (distance, _) = result.distances.first()?;
        let largest = result.largest.as_ref()?;
        let (chosen, sub) = (&largest.units, &largest.distances);
        if chosen.len() < 3 {
            return None;
        }
        let merges = cluster(DistanceMatrix::from_rows(sub), linkage);
        let order = leaf_order(&merges, chosen.len());
        let mut leaf_of = vec![0; chosen.len()];
        for (row, &unit) in order.iter().enumerate() {
            leaf_of[unit] = row;
        }
        Some(DistanceView {
            setting: format!(
                "{}, {} most frequent words{}",
                distance.name(),
                result.words.len(),
                if chosen.len() < comparison.units.len() {
                    format!(", the {} largest units", chosen.len())
                } else {
                    String::new()
                }
            ),
            names: order
                .iter()
                .map(|&unit| comparison.units[chosen[unit]].name.clone())
                .collect(),
            distances: order
                .iter()
                .map(|&a| order.iter().map(|&b| sub[a][b]).collect())
                .collect(),
            merges,
            leaf_of,
        })
    }
}

/// The units of a tree in the order its leaves are drawn (left branch first).
fn leaf_order(merges: &[Merge], units: usize) -> Vec<usize> {
    let Some(root) = merges.len().checked_sub(1) else {
        return (0..units).collect();
    };
    let mut order = Vec::with_capacity(units);
    let mut stack = vec![Node::Merge(root)];
    while let Some(node) = stack.pop() {
        match node {
            Node::Unit(unit) => order.push(unit),
            Node::Merge(index) => {
                stack.push(merges[index].right);
                stack.push(merges[index].left);
            }
        }
    }
    order
}

/// The dendrogram on the left, its leaves against the rows of the heatmap of
/// distances, the units named on the right by number and name (the columns carry
/// the same numbers), and the colour scale below.
pub(super) fn draw_distances<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &DistanceView,
) -> DrawResult<DB> {
    area.fill(&WHITE)?;
    let n = view.names.len();
    let cell = 22i32;
    let (top, tree_left, tree_width) = (70i32, 12i32, 200i32);
    let grid_left = tree_left + tree_width + 8;
    let grid_right = grid_left + cell * n as i32;
    area.draw(&Text::new(
        "Distances between the units, and their tree".to_string(),
        (12, 10),
        ("sans-serif", 20).into_font(),
    ))?;
    area.draw(&Text::new(
        shorten(&view.setting, 110),
        (12, 36),
        ("sans-serif", 13).into_font(),
    ))?;

    let off_diagonal =
        || (0..n).flat_map(move |a| (0..n).filter(move |&b| b != a).map(move |b| (a, b)));
    let low = off_diagonal()
        .map(|(a, b)| view.distances[a][b])
        .fold(f64::INFINITY, f64::min);
    let high = off_diagonal()
        .map(|(a, b)| view.distances[a][b])
        .fold(f64::NEG_INFINITY, f64::max);
    let span = (high - low).max(1e-12);
    for a in 0..n {
        for b in 0..n {
            let (x, y) = (grid_left + cell * b as i32, top + cell * a as i32);
            let colour = if a == b {
                RGBColor(235, 235, 235)
            } else {
                blue_shade(1.0 - (view.distances[a][b] - low) / span)
            };
            area.draw(&Rectangle::new(
                [(x, y), (x + cell - 1, y + cell - 1)],
                colour.filled(),
            ))?;
        }
        let number = format!("{}", a + 1);
        area.draw(&Text::new(
            number.clone(),
            (grid_left + cell * a as i32 + 3, top - 16),
            ("sans-serif", 11).into_font(),
        ))?;
        area.draw(&Text::new(
            format!("{number}  {}", shorten(&view.names[a], 40)),
            (grid_right + 8, top + cell * a as i32 + 4),
            ("sans-serif", 13).into_font(),
        ))?;
    }

    // The tree: each node at the middle of its leaves' rows, the height of its
    // merge across.
    let tallest = view
        .merges
        .last()
        .map_or(1.0, |merge| merge.height)
        .max(1e-12);
    let x_of =
        |height: f64| tree_left + tree_width - (f64::from(tree_width) * height / tallest) as i32;
    let y_of = |row: f64| top + (f64::from(cell) * (row + 0.5)) as i32;
    let mut positions: Vec<(f64, f64)> = Vec::with_capacity(view.merges.len());
    let place = |node: Node, positions: &[(f64, f64)]| match node {
        Node::Unit(unit) => (view.leaf_of[unit] as f64, 0.0),
        Node::Merge(index) => positions[index],
    };
    let ink = RGBColor(60, 60, 60).stroke_width(1);
    for merge in &view.merges {
        let (left, right) = (
            place(merge.left, &positions),
            place(merge.right, &positions),
        );
        let x = x_of(merge.height);
        for (row, height) in [left, right] {
            area.draw(&PathElement::new(
                vec![(x_of(height), y_of(row)), (x, y_of(row))],
                ink,
            ))?;
        }
        area.draw(&PathElement::new(
            vec![(x, y_of(left.0)), (x, y_of(right.0))],
            ink,
        ))?;
        positions.push(((left.0 + right.0) / 2.0, merge.height));
    }

    // The colour scale.
    let scale_top = top + cell * n as i32 + 16;
    let steps = 40;
    for step in 0..steps {
        let x = grid_left + 5 * step;
        area.draw(&Rectangle::new(
            [(x, scale_top), (x + 5, scale_top + 12)],
            blue_shade(1.0 - f64::from(step) / f64::from(steps - 1)).filled(),
        ))?;
    }
    let scale =
        |x: i32, text: String| Text::new(text, (x, scale_top + 16), ("sans-serif", 12).into_font());
    area.draw(&scale(grid_left, format!("{low:.3} nearer")))?;
    area.draw(&scale(
        grid_left + 5 * steps + 10,
        format!("farther {high:.3}"),
    ))?;
    area.present()
}

/// The size of the distance chart for `units` units: the tree, the grid, the names.
pub(super) fn distances_size(units: usize) -> (u32, u32) {
    (540 + 22 * units as u32, 130 + 22 * units as u32)
}

/// A unit on the first two principal components.
#[derive(Clone, Debug, PartialEq)]
pub struct PcaPoint {
    pub name: String,
    pub x: f64,
    pub y: f64,
    pub words: u64,
    /// Its index in [`PcaView::groups`], if coloured by group.
    pub group: Option<usize>,
}

/// The units on the first two principal components, and the words that pull each
/// way.
#[derive(Clone, Debug, PartialEq)]
pub struct PcaView {
    pub setting: String,
    pub points: Vec<PcaPoint>,
    /// The groups the points are coloured by (authors), when few enough to tell
    /// apart; else empty and every point has the same colour.
    pub groups: Vec<String>,
    /// Share of the variance each of the two components explains.
    pub explained: [f64; 2],
    /// For each component: the words that load most negatively, then positively.
    pub words: [(Vec<String>, Vec<String>); 2],
}

impl PcaView {
    /// The view of the first setting's PCA, if it has one.
    pub fn of(comparison: &Comparison) -> Option<Self> {
        let result = comparison.results.first()?;
        let pca = result.pca.as_ref()?;
        if pca.explained.len() < 2 {
            return None;
        }
        let mut authors: Vec<String> = Vec::new();
        for unit in &comparison.units {
            if let Some(author) = &unit.author
                && !authors.contains(author)
            {
                authors.push(author.clone());
            }
        }
        authors.sort();
        // Colours mean something only when several units share an author.
        let grouped = authors.len() <= PALETTE.len() && authors.len() < comparison.units.len();
        let groups = if grouped { authors } else { Vec::new() };
        let points = comparison
            .units
            .iter()
            .zip(&pca.scores)
            .map(|(unit, scores)| {
                let group = unit
                    .author
                    .as_ref()
                    .and_then(|author| groups.iter().position(|g| g == author));
                PcaPoint {
                    name: unit.name.clone(),
                    x: scores[0],
                    y: scores[1],
                    words: unit.words,
                    group,
                }
            })
            .collect();
        let ends = |component: usize| {
            let mut words: Vec<(&String, f64)> = result
                .words
                .iter()
                .zip(&pca.loadings)
                .map(|(word, loadings)| (word, loadings[component]))
                .collect();
            words.sort_by(|a, b| a.1.total_cmp(&b.1).then_with(|| a.0.cmp(b.0)));
            let negative = words.iter().take(5).map(|(w, _)| w.to_string()).collect();
            let positive = words
                .iter()
                .rev()
                .take(5)
                .map(|(w, _)| w.to_string())
                .collect();
            (negative, positive)
        };
        Some(PcaView {
            setting: format!("{} most frequent words", result.words.len()),
            points,
            groups,
            explained: [pca.explained[0], pca.explained[1]],
            words: [ends(0), ends(1)],
        })
    }
}

/// Above this many units, the PCA chart draws smaller points: hundreds make a
/// cloud in which larger ones hide each other.
const CROWDED_POINTS: usize = 400;

/// The scatter of the units, each labelled where its label overlaps no other (the
/// largest units first), the loading words written along each axis.
pub(super) fn draw_pca<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &PcaView,
) -> DrawResult<DB> {
    area.fill(&WHITE)?;
    let range = |pick: fn(&PcaPoint) -> f64| {
        let low = view.points.iter().map(pick).fold(f64::INFINITY, f64::min);
        let high = view
            .points
            .iter()
            .map(pick)
            .fold(f64::NEG_INFINITY, f64::max);
        let pad = ((high - low) * 0.12).max(1e-9);
        (low - pad)..(high + pad)
    };
    let axis = |component: usize| {
        let (negative, positive) = &view.words[component];
        format!(
            "PC{} ({:.1}%):  ← {}   ·   {} →",
            component + 1,
            100.0 * view.explained[component],
            negative.join(", "),
            positive.join(", ")
        )
    };
    let legend_width = if view.groups.is_empty() { 0 } else { 200 };
    let (plot, legend) = area.split_horizontally(area.dim_in_pixel().0 - legend_width);
    let mut chart = ChartBuilder::on(&plot)
        .caption(
            "The units on their first two principal components",
            ("sans-serif", 20),
        )
        .margin(14)
        .x_label_area_size(44)
        .y_label_area_size(60)
        .build_cartesian_2d(range(|p| p.x), range(|p| p.y))?;
    chart
        .configure_mesh()
        .light_line_style(WHITE)
        .x_desc(axis(0))
        .y_desc(axis(1))
        .label_style(("sans-serif", 13))
        .draw()?;
    let colour = |group: Option<usize>| match (view.groups.is_empty(), group) {
        (true, _) => PALETTE[4],
        (false, Some(index)) => PALETTE[index],
        (false, None) => OTHER,
    };
    let radius = if view.points.len() > CROWDED_POINTS {
        3
    } else {
        5
    };
    chart.draw_series(
        view.points
            .iter()
            .map(|point| Circle::new((point.x, point.y), radius, colour(point.group).filled())),
    )?;

    // Labels: the largest units first, each to the right of its point, else to the
    // left, else left out; never over another label.
    let font: TextStyle = ("sans-serif", 12).into_font().into();
    let mut order: Vec<usize> = (0..view.points.len()).collect();
    order.sort_by_key(|&index| std::cmp::Reverse(view.points[index].words));
    let mut taken: Vec<(i32, i32, i32, i32)> = Vec::new();
    let (plot_x, plot_y) = chart.plotting_area().get_pixel_range();
    for index in order {
        let point = &view.points[index];
        let label = shorten(&point.name, 30);
        let (width, height) = plot.estimate_text_size(&label, &font)?;
        let (width, height) = (width as i32, height as i32);
        let (px, py) = chart.backend_coord(&(point.x, point.y));
        let candidates = [
            (px + 8, py - height / 2),
            (px - 8 - width, py - height / 2),
            (px - width / 2, py - 8 - height),
            (px - width / 2, py + 8),
        ];
        let free = candidates.into_iter().find(|&(left, top)| {
            let inside = left >= plot_x.start
                && left + width <= plot_x.end
                && top >= plot_y.start
                && top + height <= plot_y.end;
            inside
                && taken.iter().all(|&(l, t, r, b)| {
                    left + width < l || left > r || top + height < t || top > b
                })
        });
        if let Some((left, top)) = free {
            taken.push((left, top, left + width, top + height));
            plot.draw(&Text::new(label, (left, top), font.clone()))?;
        }
    }
    for (index, group) in view.groups.iter().enumerate() {
        let y = 60 + 20 * index as i32;
        legend.draw(&Circle::new((14, y + 6), 5, PALETTE[index].filled()))?;
        legend.draw(&Text::new(
            shorten(group, 24),
            (26, y),
            ("sans-serif", 13).into_font(),
        ))?;
    }
    if !view.groups.is_empty() && view.points.iter().any(|p| p.group.is_none()) {
        let y = 60 + 20 * view.groups.len() as i32;
        legend.draw(&Circle::new((14, y + 6), 5, OTHER.filled()))?;
        legend.draw(&Text::new(
            "unknown author".to_string(),
            (26, y),
            ("sans-serif", 13).into_font(),
        ))?;
    }
    area.present()
}

/// Distinctive words of the largest units: (unit, [(word, G²)]).
pub type KeynessPanels = Vec<(String, Vec<(String, f64)>)>;

/// The panels of the keyness chart: the `limit` largest units with distinctive
/// words, each with its first eight.
pub fn keyness_panels(comparison: &Comparison, limit: usize) -> KeynessPanels {
    let mut units: Vec<usize> = (0..comparison.units.len())
        .filter(|&unit| {
            comparison
                .keywords
                .get(unit)
                .is_some_and(|words| !words.is_empty())
        })
        .collect();
    units.sort_by_key(|&unit| std::cmp::Reverse(comparison.units[unit].words));
    units
        .into_iter()
        .take(limit)
        .map(|unit| {
            let words = comparison.keywords[unit]
                .iter()
                .take(8)
                .map(|keyword| (keyword.word.clone(), keyword.g2))
                .collect();
            (comparison.units[unit].name.clone(), words)
        })
        .collect()
}

/// One panel per unit: its distinctive words as bars of their G² (log-likelihood
/// against all the other units), the strongest at the top.
pub(super) fn draw_keyness<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    panels: &KeynessPanels,
) -> DrawResult<DB> {
    area.fill(&WHITE)?;
    let (title, body) = area.split_vertically(40);
    title.draw(&Text::new(
        "Distinctive words per unit (Dunning's G² against all the others)".to_string(),
        (12, 10),
        ("sans-serif", 20).into_font(),
    ))?;
    let columns = panels.len().clamp(1, 3);
    let rows = panels.len().div_ceil(columns).max(1);
    for (index, (panel, (unit, words))) in body
        .split_evenly((rows, columns))
        .iter()
        .zip(panels)
        .enumerate()
    {
        let most = words.iter().map(|(_, g2)| *g2).fold(1.0, f64::max);
        let n = words.len().max(1);
        let labels: Vec<String> = words.iter().map(|(word, _)| shorten(word, 18)).collect();
        let mut chart = ChartBuilder::on(panel)
            .caption(shorten(unit, 36), ("sans-serif", 15))
            .margin(10)
            .x_label_area_size(30)
            .y_label_area_size(110)
            .build_cartesian_2d(0f64..most * 1.1, segments(n))?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .light_line_style(WHITE)
            .x_labels(4)
            .x_label_formatter(&|x| format!("{x:.0}"))
            .x_desc("G²")
            .y_labels(n)
            .y_label_formatter(&|segment| super::top_down_label(&labels, segment))
            .label_style(("sans-serif", 12))
            .draw()?;
        chart.draw_series(words.iter().enumerate().map(|(row, (_, g2))| {
            let row = n - 1 - row;
            let mut bar = Rectangle::new(
                [
                    (0.0, SegmentValue::Exact(row)),
                    (*g2, SegmentValue::Exact(row + 1)),
                ],
                PALETTE[index % PALETTE.len()].filled(),
            );
            bar.set_margin(3, 3, 0, 0);
            bar
        }))?;
    }
    area.present()
}

/// The height of the keyness chart for `panels` panels.
pub(super) fn keyness_height(panels: usize) -> u32 {
    40 + 300 * panels.div_ceil(3).max(1) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaves_come_in_tree_order() {
        // ((0, 2), (1, 3)): the leaves read 0, 2, 1, 3.
        let merges = vec![
            Merge {
                left: Node::Unit(0),
                right: Node::Unit(2),
                height: 1.0,
                size: 2,
            },
            Merge {
                left: Node::Unit(1),
                right: Node::Unit(3),
                height: 1.5,
                size: 2,
            },
            Merge {
                left: Node::Merge(0),
                right: Node::Merge(1),
                height: 3.0,
                size: 4,
            },
        ];
        assert_eq!(leaf_order(&merges, 4), vec![0, 2, 1, 3]);
        assert_eq!(leaf_order(&[], 2), vec![0, 1]);
    }
}
