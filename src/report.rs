//! Report: the human-readable summary of a run (`report.md`).
//!
//! For now a first summary per document: its size, language, and what the cleaner
//! repaired and removed, plus the documents that could not be read.

use std::fmt::Write as _;

use crate::ingest::IngestError;
use crate::pipeline::DocumentSummary;
use crate::tables::REPAIR_COLUMNS;

/// The Markdown report of a run.
/// The report lists the voices of this many documents; the tables have them all.
const MAX_DOCUMENTS_WITH_VOICES: usize = 50;

pub fn markdown(documents: &[DocumentSummary], failures: &[IngestError]) -> String {
    let words: usize = documents.iter().map(|document| document.words).sum();
    let mut out = String::new();
    let _ = writeln!(out, "# voices report\n");
    let _ = writeln!(
        out,
        "{} document{}, {} words. Tables are in `data/` (Parquet, zstd): `documents`, `paragraphs`, `sentences`, `tokens`.\n",
        documents.len(),
        if documents.len() == 1 { "" } else { "s" },
        thousands(words)
    );

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
