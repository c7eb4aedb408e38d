//! Report: the human-readable summary of a run (`report.md`).
//!
//! A summary per document (its size, language, what the cleaner repaired and
//! removed), its voices, the statistics of every voice over the corpus, and the
//! documents that could not be read.

use std::fmt::Write as _;

use crate::charts::ChartFile;
use crate::compare::Comparison;
use crate::compare::print::{attributions, neighbours};
use crate::ingest::IngestError;
use crate::pipeline::DocumentSummary;
use crate::stats::VoiceStats;
use crate::tables::REPAIR_COLUMNS;

/// The report lists the voices of this many documents; the tables have them all.
const MAX_DOCUMENTS_WITH_VOICES: usize = 50;

/// The report shows the statistics of this many voices; `voice_stats` has them all.
const MAX_VOICES_WITH_STATISTICS: usize = 30;

/// The Markdown report of a run; `statistics` are the rows of `voice_stats`.
pub fn markdown(
    documents: &[DocumentSummary],
    failures: &[IngestError],
    statistics: &[VoiceStats],
    comparison: &Comparison,
    charts: &[ChartFile],
) -> String {
    let words: usize = documents.iter().map(|document| document.words).sum();
    let mut out = String::new();
    let _ = writeln!(out, "# voices report\n");
    let _ = writeln!(
        out,
        "{} document{}, {} words. Tables are in `data/` (Parquet, zstd): `documents`, `paragraphs`, `sentences`, `tokens`, `quotes`, `voice_stats`, `features`, `distances`, `keyness`, `pca`, `trees`.\n",
        documents.len(),
        if documents.len() == 1 { "" } else { "s" },
        thousands(words)
    );

    if !charts.is_empty() {
        let _ = writeln!(out, "## Charts\n");
        for chart in charts {
            let _ = writeln!(out, "![{}](charts/{}.png)\n", chart.title, chart.name);
        }
        let _ = writeln!(
            out,
            "Each chart is also in `charts/` as SVG. Words are coloured by who says them: grey for the author's own prose, dark grey for words the author only mentions (scare quotes, titles, echoes).\n"
        );
    }

    let _ = writeln!(out, "## Documents\n");
    let _ = writeln!(
        out,
        "| doc_id | document | title | author | language | encoding | paragraphs | sentences | words |"
    );
    let _ = writeln!(out, "|---:|---|---|---|---|---|---:|---:|---:|");
    for (id, document) in documents.iter().enumerate() {
        let _ = writeln!(
            out,
            "| {id} | `{}` | {} | {} | {} | {} | {} | {} | {} |",
            cell(&document.path.display().to_string()),
            cell(&document.title),
            cell(document.metadata.get("author").map_or("", String::as_str)),
            document.language.unwrap_or("unknown"),
            document.encoding.name(),
            thousands(document.paragraphs),
            thousands(document.sentences),
            thousands(document.words),
        );
    }

    let _ = writeln!(out, "\n## What the cleaner repaired\n");
    let _ = writeln!(
        out,
        "Running heads and page numbers are removed wherever they fall; split ligatures (`offi cer`) and words hyphenated at line ends are joined unless the halves are two real words; paragraphs cut by a page break in mid-sentence are joined again. Every row of the tables keeps its byte offsets into the original file.\n"
    );
    let header: Vec<String> = REPAIR_COLUMNS
        .iter()
        .map(|(label, _)| label.to_string())
        .collect();
    let _ = writeln!(out, "| doc_id | {} |", header.join(" | "));
    let _ = writeln!(out, "|---:|{}", "---:|".repeat(header.len()));
    for (id, document) in documents.iter().enumerate() {
        let counts: Vec<String> = REPAIR_COLUMNS
            .iter()
            .map(|(label, _)| thousands(document.repairs(label)))
            .collect();
        let _ = writeln!(out, "| {id} | {} |", counts.join(" | "));
    }

    let _ = writeln!(out, "\n## Voices\n");
    let _ = writeln!(
        out,
        "Who speaks: the author's own prose, and every speaker of a quotation (`unattributed` where no speaker could be found with evidence; scare quotes, titles and echoes are mentions and stay in the voice around them). `voices quotes` lists every quotation with its speaker, rule, confidence and evidence.\n"
    );
    for (id, document) in documents.iter().enumerate().take(MAX_DOCUMENTS_WITH_VOICES) {
        let total: usize = document.voices.iter().map(|voice| voice.words).sum();
        let _ = writeln!(out, "### {id}. {}\n", cell(&document.title));
        let _ = writeln!(out, "| voice | quotations | words | share |");
        let _ = writeln!(out, "|---|---:|---:|---:|");
        for voice in &document.voices {
            let share = 100.0 * voice.words as f64 / total.max(1) as f64;
            let _ = writeln!(
                out,
                "| {} | {} | {} | {share:.1}% |",
                cell(&voice.name),
                thousands(voice.quotations),
                thousands(voice.words)
            );
        }
        let _ = writeln!(out);
    }
    if documents.len() > MAX_DOCUMENTS_WITH_VOICES {
        let _ = writeln!(
            out,
            "The voices of the other {} documents are in `data/tokens.parquet` and `data/quotes.parquet`.",
            documents.len() - MAX_DOCUMENTS_WITH_VOICES
        );
    }

    write_statistics(&mut out, statistics);
    write_comparison(&mut out, comparison);

    let warnings: Vec<String> = documents
        .iter()
        .flat_map(|document| {
            document
                .warnings
                .iter()
                .map(move |warning| format!("- `{}`: {warning}", document.path.display()))
        })
        .collect();
    if !warnings.is_empty() {
        let _ = writeln!(out, "\n## Warnings\n\n{}", warnings.join("\n"));
    }
    if !failures.is_empty() {
        let _ = writeln!(out, "\n## Documents that could not be analysed\n");
        for failure in failures {
            let _ = writeln!(out, "- {failure}");
        }
    }
    out
}

/// The headline measures of every voice over the corpus, the author first, then the
/// voices that say most; MTLD and Flesch with their 95% intervals; and why a
/// measure is missing.
fn write_statistics(out: &mut String, statistics: &[VoiceStats]) {
    let voices = crate::stats::corpus_rows(statistics);
    if voices.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n## Statistics per voice\n");
    let _ = writeln!(
        out,
        "Each voice over the whole corpus: its words and sentences, lexical diversity (MTLD, HD-D), readability (Flesch Reading Ease, Flesch-Kincaid grade) and some of its rhetoric (questions per 100 sentences; *I*, *we*, *they* and negations per 1,000 words). Brackets hold 95% intervals; a dash is a measure the voice is too small for (see the notes). Every measure, its interval and each document's voices are in `data/voice_stats.parquet`; the formulas in `docs/measures.md`.\n"
    );
    let _ = writeln!(
        out,
        "| voice | words | sentences | MTLD | HD-D | Flesch | FK grade | ?/100 sent. | I/1k | we/1k | they/1k | not/1k |"
    );
    let _ = writeln!(
        out,
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    );
    let shown = &voices[..voices.len().min(MAX_VOICES_WITH_STATISTICS)];
    for row in shown {
        let value = |name: &str, decimals: usize| {
            row.get(name)
                .map_or("–".to_string(), |value| format!("{value:.decimals$}"))
        };
        let with_interval = |name: &str, decimals: usize| match row.interval(name) {
            Some((lo, hi)) => format!(
                "{} [{lo:.decimals$}, {hi:.decimals$}]",
                value(name, decimals)
            ),
            None => value(name, decimals),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            cell(&row.voice),
            thousands(row.words() as usize),
            value("sentences", 0),
            with_interval("mtld", 1),
            value("hdd", 3),
            with_interval("flesch_reading_ease", 1),
            value("flesch_kincaid_grade", 1),
            value("questions_per_100_sentences", 1),
            value("first_person_singular_per_1k_words", 1),
            value("first_person_plural_per_1k_words", 1),
            value("third_person_plural_per_1k_words", 1),
            value("negations_per_1k_words", 1),
        );
    }
    if voices.len() > shown.len() {
        let _ = writeln!(
            out,
            "\n{} more voices are in `data/voice_stats.parquet`.",
            voices.len() - shown.len()
        );
    }
    let noted: Vec<&&VoiceStats> = shown
        .iter()
        .filter(|row| !row.warnings.is_empty())
        .collect();
    if !noted.is_empty() {
        let _ = writeln!(out, "\nNotes:\n");
    }
    for row in noted {
        let _ = writeln!(
            out,
            "- **{}**: {}.",
            cell(&row.voice),
            row.warnings.join("; ")
        );
    }
}

/// The units compared: attributions, distinctive words and nearest neighbours.
fn write_comparison(out: &mut String, comparison: &Comparison) {
    let units = &comparison.units;
    if units.len() < 2 || comparison.results.is_empty() {
        return;
    }
    let settings: Vec<String> = comparison
        .results
        .iter()
        .map(|r| r.mfw.to_string())
        .collect();
    let _ = writeln!(out, "\n## Comparison\n");
    let _ = writeln!(
        out,
        "{} units compared by their most frequent words ({} settings: {}). Distances for every pair are in `data/distances.parquet`, the trees in `data/trees.parquet` (Newick), the principal components in `data/pca.parquet`, each unit's distinctive words in `data/keyness.parquet`; `voices compare` prints more.\n",
        units.len(),
        settings.len(),
        settings.join(", ")
    );
    let attributed = attributions(comparison);
    if !attributed.is_empty() {
        let _ = writeln!(
            out,
            "| unit | nearest author (centroid) | support | margin | author of the nearest unit | support |"
        );
        let _ = writeln!(out, "|---|---|---:|---:|---|---:|");
        for summary in &attributed {
            let (centroid, nearest) = (&summary.by_centroid, &summary.by_nearest_unit);
            let _ = writeln!(
                out,
                "| {} | {} | {}/{} | {:.3} | {} | {}/{} |",
                cell(&units[summary.unit].name),
                cell(&centroid.answer),
                centroid.support.0,
                centroid.support.1,
                centroid.mean,
                cell(&nearest.answer),
                nearest.support.0,
                nearest.support.1
            );
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(
        out,
        "| unit | words | nearest unit | support | distinctive words (G²) |"
    );
    let _ = writeln!(out, "|---|---:|---|---:|---|");
    for ((unit, neighbour), keywords) in units
        .iter()
        .zip(neighbours(comparison))
        .zip(&comparison.keywords)
        .take(MAX_VOICES_WITH_STATISTICS)
    {
        let (nearest, support) = match &neighbour {
            Some(n) => (cell(&n.answer), format!("{}/{}", n.support.0, n.support.1)),
            None => ("–".to_string(), String::new()),
        };
        let words: Vec<String> = keywords
            .iter()
            .take(8)
            .map(|k| format!("{} ({:.0})", k.word, k.g2))
            .collect();
        let _ = writeln!(
            out,
            "| {} | {} | {nearest} | {support} | {} |",
            cell(&unit.name),
            thousands(unit.words as usize),
            cell(&words.join(", "))
        );
    }
    if !comparison.warnings.is_empty() {
        let _ = writeln!(out, "\nNotes:\n");
        for warning in &comparison.warnings {
            let _ = writeln!(out, "- {}.", cell(warning));
        }
    }
}

/// A table cell: pipes escaped, line breaks flattened.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// `12345` as `12,345`.
fn thousands(number: usize) -> String {
    let digits = number.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_get_thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(3813), "3,813");
        assert_eq!(thousands(1234567), "1,234,567");
    }
}
