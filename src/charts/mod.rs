//! Charts: drawn with plotters, each as SVG and PNG, with the bundled DejaVu Sans
//! (`data/fonts/`) registered as `sans-serif`, so that they look the same on every
//! machine and render Cyrillic, curly quotes and dashes. Colours are the Okabe-Ito
//! palette, which colour-blind readers can tell apart.
//!
//! Each chart is one function generic over the drawing backend, so that the SVG
//! and the PNG come from the same code. Here, the voices' charts: the voice map of
//! each document (who speaks where), the words of each voice, two measures per
//! voice with their 95% intervals, sentence lengths, and the rhetoric heatmap
//! (voices by markers); in [`comparison`], the charts of the units compared.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;
use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::coord::ranged1d::SegmentedCoord;
use plotters::coord::types::RangedCoordusize;
use plotters::prelude::*;

pub mod comparison;

pub use comparison::{DistanceView, PcaView, keyness_panels};

use crate::compare::Comparison;
use crate::compare::cluster::Linkage;
use crate::document::{DocumentPieces, DocumentWords};
use crate::stats::VoiceStats;
use crate::voices::AUTHOR;

static FONT: &[u8] = include_bytes!("../../data/fonts/DejaVuSans.ttf");

/// Registers the bundled font once; plotters draws no text without it.
fn register_font() -> Result<(), String> {
    static REGISTERED: OnceLock<Result<(), String>> = OnceLock::new();
    REGISTERED
        .get_or_init(|| {
            plotters::style::register_font("sans-serif", FontStyle::Normal, FONT)
                .map_err(|_| "the bundled font (data/fonts/DejaVuSans.ttf) is invalid".to_string())
        })
        .clone()
}

/// Okabe and Ito's colour-blind safe palette (2008), without its black.
const PALETTE: [RGBColor; 7] = [
    RGBColor(230, 159, 0),
    RGBColor(86, 180, 233),
    RGBColor(0, 158, 115),
    RGBColor(240, 228, 66),
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(204, 121, 167),
];
/// The author's prose, mentions and the voices beyond the palette.
const AUTHOR_GREY: RGBColor = RGBColor(200, 200, 200);
const MENTION: RGBColor = RGBColor(90, 90, 90);
const OTHER: RGBColor = RGBColor(150, 150, 150);

/// Who speaks where in a document: its words from start to end, in runs of one
/// voice each.
#[derive(Clone, Debug, PartialEq)]
pub struct VoiceMap {
    pub title: String,
    /// The voices the map colours, the most words first (the author excepted).
    pub speakers: Vec<String>,
    /// Runs of words: (range of word positions, what they are).
    pub runs: Vec<(Range<usize>, Stretch)>,
    pub words: usize,
}

/// What a run of words is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stretch {
    Author,
    /// A speaker: an index into [`VoiceMap::speakers`], or None for one beyond the
    /// palette.
    Speaker(Option<usize>),
    /// Words inside a mention (scare quotes, titles, echoes).
    Mention,
    /// The attribution line of an epigraph.
    Nobody,
}

/// The voice map draws the text in at most this many stretches (the band is about
/// 900 pixels wide).
const MAP_BINS: usize = 1000;

/// What a stretch of words is shown as: the speaker with most words in it (a
/// quotation, however short, shows), else a mention, else the author's prose.
/// `counts` holds the words of each kind in the stretch, in order of first word.
fn dominant(counts: Vec<(Stretch, usize)>) -> Stretch {
    let rank = |stretch: Stretch| match stretch {
        Stretch::Speaker(_) => 3,
        Stretch::Mention => 2,
        Stretch::Author => 1,
        Stretch::Nobody => 0,
    };
    counts
        .into_iter()
        .max_by_key(|&(stretch, count)| (rank(stretch), count))
        .map_or(Stretch::Nobody, |(stretch, _)| stretch)
}

impl VoiceMap {
    /// The map of the document whose pieces are `pieces`: two passes over its
    /// words' voices, holding nothing per word (a long book has millions).
    pub fn of(pieces: &DocumentPieces) -> Self {
        let words = &pieces.words;
        // Words per voice, by the voice's index in `words.voices`.
        let mut said = vec![0usize; words.voices.len()];
        for (range, stretch) in words.stretches() {
            if stretch.voice != DocumentWords::NOBODY {
                said[stretch.voice as usize] += range.len();
            }
        }
        let speakers = palette_speakers((words.voices.iter().map(String::as_str)).zip(said));
        let kinds: Vec<(Range<usize>, Stretch)> = words
            .stretches()
            .map(|(range, stretch)| {
                let kind = match (words.voice_name(stretch.voice), stretch.mention) {
                    (_, true) => Stretch::Mention,
                    (None, _) => Stretch::Nobody,
                    (Some(AUTHOR), _) => Stretch::Author,
                    (Some(name), _) => Stretch::Speaker(speakers.iter().position(|s| s == name)),
                };
                (range, kind)
            })
            .collect();
        // A novel has thousands of runs, most narrower than a pixel: the band is
        // drawn in at most MAP_BINS stretches of equal length, each shown as the
        // voice that most deserves the eye there (see `dominant`).
        let length = words.len();
        let bin = length.div_ceil(MAP_BINS).max(1);
        let mut runs: Vec<(Range<usize>, Stretch)> = Vec::new();
        let mut first_kind = 0;
        for start in (0..length).step_by(bin) {
            let end = (start + bin).min(length);
            while kinds[first_kind].0.end <= start {
                first_kind += 1;
            }
            let mut counts: Vec<(Stretch, usize)> = Vec::new();
            for (range, kind) in kinds[first_kind..]
                .iter()
                .take_while(|(range, _)| range.start < end)
            {
                let overlap = range.end.min(end) - range.start.max(start);
                match counts.iter_mut().find(|(seen, _)| seen == kind) {
                    Some((_, count)) => *count += overlap,
                    None => counts.push((*kind, overlap)),
                }
            }
            let kind = dominant(counts);
            match runs.last_mut() {
                Some((range, last)) if *last == kind => range.end = end,
                _ => runs.push((start..end, kind)),
            }
        }
        VoiceMap {
            title: pieces.summary.title.clone(),
            speakers,
            runs,
            words: length,
        }
    }

    fn colour(&self, stretch: Stretch) -> RGBColor {
        match stretch {
            Stretch::Author => AUTHOR_GREY,
            Stretch::Mention => MENTION,
            Stretch::Nobody => WHITE,
            Stretch::Speaker(Some(index)) => PALETTE[index],
            Stretch::Speaker(None) => OTHER,
        }
    }
}

/// The speakers a document's voice map (and its reading view) colours, given each
/// voice's words: those with words, the author excepted, the most words first (ties
/// by name), as many as the palette has colours.
pub fn palette_speakers<'a>(words: impl IntoIterator<Item = (&'a str, usize)>) -> Vec<String> {
    let mut counts: Vec<(&str, usize)> = words
        .into_iter()
        .filter(|&(name, count)| name != AUTHOR && count > 0)
        .collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    counts
        .iter()
        .take(PALETTE.len())
        .map(|(name, _)| name.to_string())
        .collect()
}

/// The colours of the voice map in CSS, for pages that show the same voices.
pub mod css {
    use plotters::style::RGBColor;

    fn rgb(RGBColor(red, green, blue): RGBColor) -> String {
        format!("#{red:02x}{green:02x}{blue:02x}")
    }

    /// The colour of the speaker at `index` of [`super::palette_speakers`] (None:
    /// beyond the palette).
    pub fn speaker(index: Option<usize>) -> String {
        rgb(index.map_or(super::OTHER, |index| super::PALETTE[index]))
    }

    pub fn author() -> String {
        rgb(super::AUTHOR_GREY)
    }

    pub fn mention() -> String {
        rgb(super::MENTION)
    }
}

/// The label of a row of a chart whose first item is drawn at the top (plotters
/// counts rows from the bottom).
fn top_down_label(labels: &[String], segment: &SegmentValue<usize>) -> String {
    match segment {
        SegmentValue::CenterOf(index) => (labels.len().max(1) - 1)
            .checked_sub(*index)
            .and_then(|row| labels.get(row))
            .cloned()
            .unwrap_or_default(),
        _ => String::new(),
    }
}

/// White at 0, the palette's blue at 1: the shading of the heatmaps.
fn blue_shade(strength: f64) -> RGBColor {
    let blue = PALETTE[4];
    let shade = |channel: u8| (255.0 - strength * (255.0 - f64::from(channel))) as u8;
    RGBColor(shade(blue.0), shade(blue.1), shade(blue.2))
}

/// `n` rows (or columns) of a chart, numbered from 0 (plotters' integer ranges
/// include their end, so `0..n` would make one row too many).
fn segments(n: usize) -> SegmentedCoord<RangedCoordusize> {
    (0..n.max(1) - 1).into_segmented()
}

type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// The voice map: one band, the document's words from left to right, each run
/// coloured by its voice; the legend of the speakers beside it, so that it hides
/// nothing.
fn draw_voice_map<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    map: &VoiceMap,
) -> DrawResult<DB> {
    area.fill(&WHITE)?;
    let (band_area, legend_area) = area.split_horizontally(area.dim_in_pixel().0 * 7 / 10);
    let mut chart = ChartBuilder::on(&band_area)
        .caption(
            format!("Who speaks where: {}", map.title),
            ("sans-serif", 18),
        )
        .margin(12)
        .x_label_area_size(36)
        .build_cartesian_2d(0f64..map.words.max(1) as f64, 0f64..1f64)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .disable_y_axis()
        .x_desc("words from the start of the text")
        .x_label_formatter(&|x| format!("{x:.0}"))
        .label_style(("sans-serif", 13))
        .draw()?;
    chart.draw_series(map.runs.iter().map(|(range, stretch)| {
        Rectangle::new(
            [(range.start as f64, 0.0), (range.end as f64, 1.0)],
            map.colour(*stretch).filled(),
        )
    }))?;
    let mut legend: Vec<(String, RGBColor)> = vec![("author".to_string(), AUTHOR_GREY)];
    legend.extend(map.speakers.iter().cloned().zip(PALETTE));
    if map.runs.iter().any(|(_, s)| *s == Stretch::Speaker(None)) {
        legend.push(("other speakers".to_string(), OTHER));
    }
    if map.runs.iter().any(|(_, s)| *s == Stretch::Mention) {
        legend.push(("mentions".to_string(), MENTION));
    }
    let line = 19;
    for (index, (name, colour)) in legend.iter().enumerate() {
        let y = 24 + line * index as i32;
        legend_area.draw(&Rectangle::new([(8, y), (22, y + 12)], colour.filled()))?;
        legend_area.draw(&Text::new(
            crate::output::shorten(name, 40),
            (28, y),
            ("sans-serif", 13).into_font(),
        ))?;
    }
    area.present()
}

/// A voice's bar: its name, words, and (for the measures chart) a value with its
/// interval.
#[derive(Clone, Debug, PartialEq)]
pub struct VoiceBar {
    pub voice: String,
    pub words: u32,
    pub value: Option<f64>,
    pub interval: Option<(f64, f64)>,
    /// The quotations it speaks (none for the author).
    pub quotations: Option<usize>,
    /// Too small for the measure to be trusted (a warning applies).
    pub small: bool,
}

/// The corpus rows of `voice_stats` as bars for `measure`, the author first, then
/// the voices that say most, at most `limit`.
pub fn voice_bars(rows: &[VoiceStats], measure: &str, limit: usize) -> Vec<VoiceBar> {
    crate::stats::corpus_rows(rows)
        .into_iter()
        .take(limit)
        .map(|row| VoiceBar {
            voice: row.voice.clone(),
            words: row.words(),
            value: row.get(measure),
            interval: row.interval(measure),
            quotations: None,
            small: row.words() < crate::stats::measures::PROFILE_MINIMUM_WORDS,
        })
        .collect()
}

/// The bars of the words chart: each voice's words and quotations.
fn word_bars(statistics: &[VoiceStats], quotations: &BTreeMap<String, usize>) -> Vec<VoiceBar> {
    let mut bars = voice_bars(statistics, "words", 20);
    for bar in &mut bars {
        bar.quotations = quotations.get(&bar.voice).copied();
    }
    bars
}

/// The height of a chart of one bar (or dot) per voice.
fn bar_chart_height(rows: usize) -> u32 {
    90 + 26 * rows as u32
}

/// Horizontal bars of each voice's words, the counts written at their ends.
fn draw_words<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    bars: &[VoiceBar],
) -> DrawResult<DB> {
    area.fill(&WHITE)?;
    let most = bars.iter().map(|b| b.words).max().unwrap_or(1).max(1) as f64;
    let n = bars.len().max(1);
    let mut chart = ChartBuilder::on(area)
        .caption("Words per voice", ("sans-serif", 20))
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(230)
        .build_cartesian_2d(0f64..most * 1.3, segments(n))?;
    let labels: Vec<String> = bars
        .iter()
        .map(|b| crate::output::shorten(&b.voice, 34))
        .collect();
    chart
        .configure_mesh()
        .disable_y_mesh()
        .light_line_style(WHITE)
        .x_desc("words")
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_labels(n)
        .y_label_formatter(&|segment| top_down_label(&labels, segment))
        .label_style(("sans-serif", 13))
        .draw()?;
    chart.draw_series(bars.iter().enumerate().map(|(index, bar)| {
        let row = n - 1 - index;
        let colour = if bar.voice == AUTHOR {
            AUTHOR_GREY
        } else {
            PALETTE[4]
        };
        let mut bar = Rectangle::new(
            [
                (0.0, SegmentValue::Exact(row)),
                (f64::from(bar.words), SegmentValue::Exact(row + 1)),
            ],
            colour.filled(),
        );
        bar.set_margin(3, 3, 0, 0);
        bar
    }))?;
    chart.draw_series(bars.iter().enumerate().map(|(index, bar)| {
        let quotations = match bar.quotations {
            Some(1) => " · 1 quotation".to_string(),
            Some(count) if count > 0 => format!(" · {count} quotations"),
            _ => String::new(),
        };
        Text::new(
            format!(" {}{quotations}", bar.words),
            (f64::from(bar.words), SegmentValue::CenterOf(n - 1 - index)),
            ("sans-serif", 12).into_font(),
        )
    }))?;
    area.present()
}

/// Each voice's value of a measure as a dot with its 95% interval; voices too small
/// to be trusted hollow, voices without a value left out.
fn draw_measure<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    bars: &[VoiceBar],
) -> DrawResult<DB> {
    area.fill(&WHITE)?;
    let shown: Vec<&VoiceBar> = bars.iter().filter(|b| b.value.is_some()).collect();
    let n = shown.len().max(1);
    let (mut low, mut high) = (f64::INFINITY, f64::NEG_INFINITY);
    for bar in &shown {
        let value = bar.value.unwrap_or_default();
        let (lo, hi) = bar.interval.unwrap_or((value, value));
        low = low.min(lo).min(value);
        high = high.max(hi).max(value);
    }
    if !low.is_finite() {
        (low, high) = (0.0, 1.0);
    }
    let pad = ((high - low) * 0.08).max(1e-9);
    let mut chart = ChartBuilder::on(area)
        .caption(title, ("sans-serif", 20))
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(230)
        .build_cartesian_2d((low - pad)..(high + pad), segments(n))?;
    let labels: Vec<String> = shown
        .iter()
        .map(|b| {
            let name = crate::output::shorten(&b.voice, 28);
            if b.small {
                format!("{name} (small)")
            } else {
                name
            }
        })
        .collect();
    chart
        .configure_mesh()
        .disable_y_mesh()
        .light_line_style(WHITE)
        .x_desc("value, with its 95% interval; hollow: fewer than 2,500 words")
        .y_labels(n)
        .y_label_formatter(&|segment| top_down_label(&labels, segment))
        .label_style(("sans-serif", 13))
        .draw()?;
    for (index, bar) in shown.iter().enumerate() {
        let row = SegmentValue::CenterOf(n - 1 - index);
        let value = bar.value.unwrap_or_default();
        if let Some((lo, hi)) = bar.interval {
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(lo, row.clone()), (hi, row.clone())],
                PALETTE[4].stroke_width(2),
            )))?;
        }
        let style = if bar.small {
            PALETTE[5].stroke_width(2)
        } else {
            PALETTE[5].filled()
        };
        chart.draw_series(std::iter::once(Circle::new((value, row), 5, style)))?;
    }
    area.present()
}

/// A voice's sentence lengths: (voice, sentences, [p10, p25, median, p75, p90],
/// mean).
pub type SentenceLengths = (String, u32, [f64; 5], f64);

/// The voices (over the corpus) with sentence lengths to show, the author first,
/// then the voices that say most, at most `limit`.
pub fn sentence_lengths(rows: &[VoiceStats], limit: usize) -> Vec<SentenceLengths> {
    const QUANTILES: [&str; 5] = [
        "sentence_length_p10",
        "sentence_length_p25",
        "median_sentence_length",
        "sentence_length_p75",
        "sentence_length_p90",
    ];
    crate::stats::corpus_rows(rows)
        .into_iter()
        .filter_map(|row| {
            let mut quantiles = [0.0; 5];
            for (slot, name) in quantiles.iter_mut().zip(QUANTILES) {
                *slot = row.get(name)?;
            }
            let sentences = row.get("sentences")? as u32;
            Some((
                row.voice.clone(),
                sentences,
                quantiles,
                row.get("mean_sentence_length")?,
            ))
        })
        .take(limit)
        .collect()
}

/// Fewer sentences than this make a box of a handful of points: drawn hollow.
const FEW_SENTENCES: u32 = 10;

/// Each voice's sentence lengths as a box (the middle half of its sentences) with
/// whiskers from the 10th to the 90th percentile, a bar at the median and a dot at
/// the mean.
fn draw_sentence_lengths<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    voices: &[SentenceLengths],
) -> DrawResult<DB> {
    area.fill(&WHITE)?;
    let n = voices.len().max(1);
    let longest = voices
        .iter()
        .map(|(_, _, q, mean)| q[4].max(*mean))
        .fold(1.0, f64::max);
    let mut chart = ChartBuilder::on(area)
        .caption("Sentence lengths per voice", ("sans-serif", 20))
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(230)
        .build_cartesian_2d(0f64..longest * 1.08, segments(n))?;
    let labels: Vec<String> = voices
        .iter()
        .map(|(voice, sentences, _, _)| {
            format!("{} ({sentences})", crate::output::shorten(voice, 26))
        })
        .collect();
    chart
        .configure_mesh()
        .disable_y_mesh()
        .light_line_style(WHITE)
        .x_label_formatter(&|x| format!("{x:.0}"))
        .x_desc("words per sentence: box 25–75%, whiskers 10–90%, bar median, dot mean; (sentences); hollow: fewer than 10")
        .y_labels(n)
        .y_label_formatter(&|segment| top_down_label(&labels, segment))
        .label_style(("sans-serif", 13))
        .draw()?;
    for (index, (voice, sentences, q, mean)) in voices.iter().enumerate() {
        let row = n - 1 - index;
        let centre = SegmentValue::CenterOf(row);
        let colour = if voice == AUTHOR {
            RGBColor(120, 120, 120)
        } else {
            PALETTE[4]
        };
        let (box_style, line) = if *sentences < FEW_SENTENCES {
            (colour.stroke_width(2), colour.stroke_width(2))
        } else {
            (colour.mix(0.45).filled(), colour.stroke_width(2))
        };
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(q[0], centre.clone()), (q[4], centre.clone())],
            line,
        )))?;
        let row_box = |from: f64, to: f64, style: ShapeStyle| {
            let mut shape = Rectangle::new(
                [
                    (from, SegmentValue::Exact(row)),
                    (to, SegmentValue::Exact(row + 1)),
                ],
                style,
            );
            shape.set_margin(5, 5, 0, 0);
            shape
        };
        chart.draw_series(std::iter::once(row_box(q[1], q[3], box_style)))?;
        let tick = longest * 0.003;
        chart.draw_series(std::iter::once(row_box(
            q[2] - tick,
            q[2] + tick,
            BLACK.filled(),
        )))?;
        chart.draw_series(std::iter::once(Circle::new(
            (*mean, centre),
            4,
            PALETTE[5].filled(),
        )))?;
    }
    area.present()
}

/// The rhetoric heatmap's columns: (measure, short label).
const RHETORIC: [(&str, &str); 11] = [
    ("first_person_singular_per_1k_words", "I"),
    ("first_person_plural_per_1k_words", "we"),
    ("second_person_per_1k_words", "you"),
    ("third_person_plural_per_1k_words", "they"),
    ("obligation_per_1k_words", "must"),
    ("possibility_per_1k_words", "may"),
    ("negations_per_1k_words", "not"),
    ("absolutes_per_1k_words", "all"),
    ("intensifiers_per_1k_words", "very"),
    ("hedges_per_1k_words", "perhaps"),
    ("superlatives_per_1k_words", "-est"),
];

/// The voices (over the corpus) with rates to show: the author first, then the
/// voices that say most, at most `limit`; each with its rates in [`RHETORIC`] order.
pub fn rhetoric_rows(rows: &[VoiceStats], limit: usize) -> Vec<(String, Vec<f64>)> {
    crate::stats::corpus_rows(rows)
        .into_iter()
        .filter(|row| row.get(RHETORIC[0].0).is_some())
        .take(limit)
        .map(|row| {
            let rates = RHETORIC
                .iter()
                .map(|(measure, _)| row.get(measure).unwrap_or(0.0))
                .collect();
            (row.voice.clone(), rates)
        })
        .collect()
}

/// Voices by rhetorical markers: each cell the rate per 1,000 words, shaded by its
/// share of the column's highest rate, so that each marker's leaders stand out.
fn draw_rhetoric<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    rows: &[(String, Vec<f64>)],
) -> DrawResult<DB> {
    area.fill(&WHITE)?;
    let n = rows.len().max(1);
    let columns = RHETORIC.len();
    let mut chart = ChartBuilder::on(area)
        .caption(
            "Rhetoric per voice (rates per 1,000 words)",
            ("sans-serif", 20),
        )
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(230)
        .build_cartesian_2d(segments(columns), segments(n))?;
    let labels: Vec<String> = rows
        .iter()
        .map(|(voice, _)| crate::output::shorten(voice, 34))
        .collect();
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(columns)
        .x_label_formatter(&|segment| match segment {
            SegmentValue::CenterOf(index) => RHETORIC
                .get(*index)
                .map(|(_, l)| l.to_string())
                .unwrap_or_default(),
            _ => String::new(),
        })
        .y_labels(n)
        .y_label_formatter(&|segment| top_down_label(&labels, segment))
        .label_style(("sans-serif", 13))
        .draw()?;
    let highest: Vec<f64> = (0..columns)
        .map(|column| {
            rows.iter()
                .map(|(_, rates)| rates[column])
                .fold(0.0, f64::max)
        })
        .collect();
    for (index, (_, rates)) in rows.iter().enumerate() {
        let row = n - 1 - index;
        for (column, &rate) in rates.iter().enumerate() {
            let share = if highest[column] > 0.0 {
                rate / highest[column]
            } else {
                0.0
            };
            let colour = blue_shade(share);
            chart.draw_series(std::iter::once(Rectangle::new(
                [
                    (SegmentValue::Exact(column), SegmentValue::Exact(row)),
                    (
                        SegmentValue::Exact(column + 1),
                        SegmentValue::Exact(row + 1),
                    ),
                ],
                colour.filled(),
            )))?;
            let ink = if share > 0.6 { WHITE } else { BLACK };
            chart.draw_series(std::iter::once(Text::new(
                format!("{rate:.1}"),
                (SegmentValue::CenterOf(column), SegmentValue::CenterOf(row)),
                ("sans-serif", 12).into_font().color(&ink),
            )))?;
        }
    }
    area.present()
}

/// A chart written: its name (the file stem under `charts/`), title, how to read
/// it, and its SVG (which `report.html` inlines).
#[derive(Clone, Debug, PartialEq)]
pub struct ChartFile {
    pub name: String,
    pub title: String,
    pub reading: &'static str,
    pub svg: String,
}

/// Writes the SVG and the PNG of one chart, and returns its [`ChartFile`].
macro_rules! write_chart {
    ($directory:expr, $name:expr, $title:expr, $reading:expr, $size:expr, |$area:ident| $body:expr) => {{
        let directory: &Path = $directory;
        let name: &str = &$name;
        let mut svg = String::new();
        {
            let $area = SVGBackend::with_string(&mut svg, $size).into_drawing_area();
            $body.map_err(|error| format!("drawing {name}.svg: {error}"))?;
        }
        let svg_path = directory.join(format!("{name}.svg"));
        crate::output::write_atomically(&svg_path, svg.as_bytes())
            .map_err(|error| format!("writing {}: {error}", svg_path.display()))?;
        let png_path = directory.join(format!("{name}.png"));
        let temporary = crate::output::temporary_beside(&png_path)
            .map_err(|error| format!("writing {}: {error}", png_path.display()))?;
        {
            let $area = BitMapBackend::new(temporary.path(), $size).into_drawing_area();
            $body.map_err(|error| format!("drawing {name}.png: {error}"))?;
        }
        temporary
            .persist(&png_path)
            .map_err(|error| format!("writing {}: {}", png_path.display(), error.error))?;
        ChartFile {
            name: name.to_string(),
            title: $title.to_string(),
            reading: $reading,
            svg,
        }
    }};
}

/// What the charts of a run are drawn from.
pub struct Inputs<'a> {
    /// The voice maps of the first documents.
    pub maps: &'a [VoiceMap],
    /// The rows of `voice_stats`.
    pub statistics: &'a [VoiceStats],
    /// The quotations of each voice over the corpus.
    pub quotations: &'a BTreeMap<String, usize>,
    pub comparison: &'a Comparison,
    /// How the distance chart's tree is clustered.
    pub linkage: Linkage,
}

/// Every chart of a run, written to `directory` (created if needed): the voice map
/// of each of the first documents; the words, MTLD, Flesch Reading Ease, sentence
/// lengths and rhetoric of each voice over the corpus; and, for the units compared,
/// their distances and tree (clustered with `linkage`), their principal components
/// and their distinctive words. A chart with nothing to show is left out. Returns
/// what was written, in order.
pub fn write_all(directory: &Path, inputs: &Inputs) -> Result<Vec<ChartFile>, String> {
    let Inputs {
        maps,
        statistics,
        quotations,
        comparison,
        linkage,
    } = *inputs;
    register_font()?;
    crate::output::create_dir_all(directory)
        .map_err(|error| format!("creating {}: {error}", directory.display()))?;
    let mut written = Vec::new();
    for (index, map) in maps.iter().enumerate() {
        written.push(write_chart!(
            directory,
            format!("voice-map-{index}"),
            format!("Who speaks where: {}", map.title),
            "The text from its first word (left) to its last: light grey is the author's own prose, dark grey the words the author only mentions, each colour a speaker (the legend lists them by their words). A long text is drawn in 1,000 stretches, each in the colour of the speaker with most words in it.",
            (1100, 260),
            |area| draw_voice_map(&area, map)
        ));
    }
    let words = word_bars(statistics, quotations);
    if !words.is_empty() {
        written.push(write_chart!(
            directory,
            "words-per-voice",
            "Words per voice",
            "Each voice's words over the corpus, the author first, then the voices that say most, with the number of quotations each speaks.",
            (900, bar_chart_height(words.len())),
            |area| draw_words(&area, &words)
        ));
    }
    for (measure, title, reading) in [
        (
            "mtld",
            "Lexical diversity (MTLD) per voice",
            "Higher is a more varied vocabulary, nearly independent of the voice's length. Lines are 95% intervals (a jackknife over blocks of the voice's sentences); hollow dots are voices under 2,500 words.",
        ),
        (
            "flesch_reading_ease",
            "Flesch Reading Ease per voice",
            "Higher is easier to read (60 to 70 is plain English, below 30 is academic prose). Lines are 95% intervals (a bootstrap over blocks of the voice's sentences); hollow dots are voices under 2,500 words.",
        ),
    ] {
        let bars = voice_bars(statistics, measure, 20);
        let drawn = bars.iter().filter(|bar| bar.value.is_some()).count();
        if drawn == 0 {
            continue;
        }
        written.push(write_chart!(
            directory,
            format!("{}-per-voice", measure.replace('_', "-")),
            title,
            reading,
            (900, bar_chart_height(drawn)),
            |area| draw_measure(&area, title, &bars)
        ));
    }
    let lengths = sentence_lengths(statistics, 20);
    if !lengths.is_empty() {
        written.push(write_chart!(
            directory,
            "sentence-lengths",
            "Sentence lengths per voice",
            "Box: the middle half of the voice's sentences; whiskers: the 10th to the 90th percentile; black bar: the median; dot: the mean. In brackets, the number of sentences; hollow boxes have fewer than 10.",
            (900, 100 + 26 * lengths.len() as u32),
            |area| draw_sentence_lengths(&area, &lengths)
        ));
    }
    let rhetoric = rhetoric_rows(statistics, 15);
    if !rhetoric.is_empty() {
        written.push(write_chart!(
            directory,
            "rhetoric",
            "Rhetoric per voice",
            "Rates per 1,000 words of each voice of 100 words or more. Each column is shaded by its highest rate, so that the voice leaning most on a marker stands out.",
            (1000, 100 + 28 * rhetoric.len() as u32),
            |area| draw_rhetoric(&area, &rhetoric)
        ));
    }
    if let Some(view) = DistanceView::of(comparison, linkage) {
        written.push(write_chart!(
            directory,
            "distances",
            "Distances between the units, and their tree",
            "Darker cells are nearer pairs, by the first distance at the first setting of the comparison. Rows follow the tree on the left, which joins the nearest units first; columns are numbered as the rows.",
            comparison::distances_size(view.names.len()),
            |area| comparison::draw_distances(&area, &view)
        ));
    }
    if let Some(view) = PcaView::of(comparison) {
        written.push(write_chart!(
            directory,
            "pca",
            "The units on their first two principal components",
            "Units close together use their most frequent words alike. Along each axis, the words that pull towards each end; the share of the variance each axis explains is in brackets.",
            (1000, 700),
            |area| comparison::draw_pca(&area, &view)
        ));
    }
    let panels = keyness_panels(comparison, 6);
    if !panels.is_empty() {
        written.push(write_chart!(
            directory,
            "distinctive-words",
            "Distinctive words per unit",
            "The words each of the largest units uses far more than all the others (Dunning's log-likelihood G², p < 0.0001); the longer the bar, the stronger.",
            (1100, comparison::keyness_height(panels.len())),
            |area| comparison::draw_keyness(&area, &panels)
        ));
    }
    Ok(written)
}

/// The SVG of the words-per-voice chart, for snapshot tests.
pub fn words_svg(
    statistics: &[VoiceStats],
    quotations: &BTreeMap<String, usize>,
) -> Result<String, String> {
    register_font()?;
    let words = word_bars(statistics, quotations);
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (900, bar_chart_height(words.len())))
            .into_drawing_area();
        draw_words(&area, &words).map_err(|error| error.to_string())?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stretch_shows_its_speaker_however_short_then_mentions_then_the_author() {
        use Stretch::*;
        assert_eq!(
            dominant(vec![(Author, 3), (Speaker(Some(1)), 1)]),
            Speaker(Some(1))
        );
        assert_eq!(
            dominant(vec![
                (Speaker(Some(0)), 1),
                (Speaker(Some(2)), 2),
                (Mention, 1)
            ]),
            Speaker(Some(2))
        );
        // Equal counts: the later kind (a stretch's order of first word).
        assert_eq!(
            dominant(vec![(Speaker(Some(0)), 2), (Speaker(Some(2)), 2)]),
            Speaker(Some(2))
        );
        assert_eq!(dominant(vec![(Author, 2), (Mention, 1)]), Mention);
        assert_eq!(dominant(vec![(Nobody, 1), (Author, 1)]), Author);
        assert_eq!(dominant(Vec::new()), Nobody);
    }
}
