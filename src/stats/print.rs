//! How `voices stats` prints its rows: every column as JSON lines or CSV for pipes,
//! and a table of the headline measures for reading on a terminal.

use std::fmt::Write as _;
use std::io::Write;

use super::measures::MEASURES;
use super::{VoiceStats, column_names};
use crate::output::shorten;
use crate::voices::records::json_string;

/// The CSV header: `doc_id`, `path`, `voice`, then [`column_names`].
pub fn csv_header() -> Vec<String> {
    let mut header = vec![
        "doc_id".to_string(),
        "path".to_string(),
        "voice".to_string(),
    ];
    header.extend(column_names());
    header
}

/// A row's CSV fields, in [`csv_header`] order; empty for null.
pub fn csv_fields(row: &VoiceStats, path: &str) -> Vec<String> {
    let mut fields = vec![
        row.doc_id.map(|id| id.to_string()).unwrap_or_default(),
        path.to_string(),
        row.voice.clone(),
    ];
    for (index, measure) in MEASURES.iter().enumerate() {
        fields.push(row.values[index].map(format_value).unwrap_or_default());
        if measure.has_interval() {
            let (lo, hi) =
                row.intervals[index].map_or((None, None), |(lo, hi)| (Some(lo), Some(hi)));
            fields.push(lo.map(format_value).unwrap_or_default());
            fields.push(hi.map(format_value).unwrap_or_default());
        }
    }
    fields.push(row.warnings.join("; "));
    fields
}

/// A row as one JSON object: the CSV's columns, null for missing values, and the
/// warnings as a list.
pub fn json(row: &VoiceStats, path: &str) -> String {
    let mut line = String::with_capacity(4096);
    let doc_id = row.doc_id.map_or("null".to_string(), |id| id.to_string());
    let path = match row.doc_id {
        Some(_) => json_string(path),
        None => "null".to_string(),
    };
    let _ = write!(
        line,
        "{{\"doc_id\":{doc_id},\"path\":{path},\"voice\":{}",
        json_string(&row.voice)
    );
    let number = |value: Option<f64>| value.map_or("null".to_string(), format_value);
    for (index, measure) in MEASURES.iter().enumerate() {
        let _ = write!(line, ",\"{}\":{}", measure.name, number(row.values[index]));
        if measure.has_interval() {
            let interval = row.intervals[index];
            let _ = write!(
                line,
                ",\"{0}_lo\":{1},\"{0}_hi\":{2}",
                measure.name,
                number(interval.map(|(lo, _)| lo)),
                number(interval.map(|(_, hi)| hi))
            );
        }
    }
    let warnings: Vec<String> = row.warnings.iter().map(|w| json_string(w)).collect();
    let _ = write!(line, ",\"warnings\":[{}]}}", warnings.join(","));
    line
}

/// Shortest text that reads back as the same number (Rust's `Display` for f64),
/// integers without a decimal point.
fn format_value(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

/// The columns of the terminal table: (heading, measure, decimals).
const TABLE_COLUMNS: &[(&str, &str, usize)] = &[
    ("words", "words", 0),
    ("sents", "sentences", 0),
    ("MTLD", "mtld", 1),
    ("HD-D", "hdd", 3),
    ("Flesch", "flesch_reading_ease", 1),
    ("FK grade", "flesch_kincaid_grade", 1),
    ("?/100s", "questions_per_100_sentences", 1),
    ("I/1k", "first_person_singular_per_1k_words", 1),
    ("we/1k", "first_person_plural_per_1k_words", 1),
    ("they/1k", "third_person_plural_per_1k_words", 1),
    ("neg/1k", "negations_per_1k_words", 1),
];

/// Aligned columns of the headline measures, one line per voice, MTLD and Flesch
/// with their intervals, and each voice's warnings under it. `title` heads the
/// table.
pub fn write_table(out: &mut dyn Write, title: &str, rows: &[VoiceStats]) -> std::io::Result<()> {
    writeln!(out, "# {title}")?;
    let mut heading = format!("{:<28}", "voice");
    for (name, measure, _) in TABLE_COLUMNS {
        let width = column_width(measure);
        let _ = write!(heading, " {name:>width$}");
    }
    writeln!(out, "{}", heading.trim_end())?;
    for row in rows {
        let mut line = format!("{:<28}", shorten(&row.voice, 28));
        for (_, measure, decimals) in TABLE_COLUMNS {
            let width = column_width(measure);
            let value = row.get(measure);
            let mut cell = value.map_or("-".to_string(), |value| format!("{value:.decimals$}"));
            if let (Some((lo, hi)), true) = (row.interval(measure), is_wide(measure)) {
                let _ = write!(cell, " [{lo:.decimals$}–{hi:.decimals$}]");
            }
            let _ = write!(line, " {cell:>width$}");
        }
        writeln!(out, "{}", line.trim_end())?;
        for warning in &row.warnings {
            writeln!(out, "    ! {warning}")?;
        }
    }
    writeln!(out)
}

/// MTLD and Flesch show their intervals in the table.
fn is_wide(measure: &str) -> bool {
    matches!(measure, "mtld" | "flesch_reading_ease")
}

fn column_width(measure: &str) -> usize {
    if is_wide(measure) { 21 } else { 8 }
}
