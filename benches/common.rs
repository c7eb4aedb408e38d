//! What the evaluation benches (`pdnc`, `polnear`) share: where a corpus is, an
//! annotation's character offsets as byte offsets, and the quotations `voices` calls
//! speech with their pieces as byte ranges of the original file.

use std::ops::Range;
use std::path::{Path, PathBuf};

use voices::document::AnalysedDocument;
use voices::voices::Quote;

/// `../shared/corpora/NAME` (or `$VOICES_CORPORA/NAME`), or None with a message
/// saying the bench is skipped.
pub fn corpus(name: &str) -> Option<PathBuf> {
    let corpora = std::env::var_os("VOICES_CORPORA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora"));
    let folder = corpora.join(name);
    if folder.is_dir() {
        Some(folder)
    } else {
        eprintln!(
            "skipped: {} not found (set VOICES_CORPORA)",
            folder.display()
        );
        None
    }
}

/// The byte offset of every character of `text`, and of its end: annotations count
/// characters, `voices` counts bytes.
pub fn byte_of_char(text: &str) -> Vec<usize> {
    let mut bytes: Vec<usize> = text.char_indices().map(|(byte, _)| byte).collect();
    bytes.push(text.len());
    bytes
}

/// Every quotation of the document that is speech (mentions left out), with its
/// pieces as byte ranges of the original file.
pub fn speech(document: &AnalysedDocument) -> Vec<(Vec<Range<usize>>, &Quote)> {
    document
        .voices
        .quotes
        .iter()
        .filter(|quote| quote.is_speech())
        .map(|quote| (source_pieces(document, quote), quote))
        .collect()
}

/// A quotation's pieces as byte ranges of the original file.
pub fn source_pieces(document: &AnalysedDocument, quote: &Quote) -> Vec<Range<usize>> {
    let map = &document.clean.text.map;
    quote
        .pieces
        .iter()
        .map(|piece| map.source_range(piece.clone()))
        .collect()
}

/// True when some range of `a` shares a byte with some range of `b`.
pub fn overlaps(a: &[Range<usize>], b: &[Range<usize>]) -> bool {
    a.iter()
        .any(|x| b.iter().any(|y| x.start < y.end && y.start < x.end))
}

/// What `voices` gave a quotation, as the columns of a bench's mistakes and
/// sequence files: its speaker (`-` for none), rule and evidence, tab-separated.
pub fn given(quote: &Quote) -> String {
    format!(
        "{}\t{}\t{}",
        quote.speaker.as_deref().unwrap_or("-"),
        quote.rule,
        quote.evidence.replace(['\t', '\n'], " ")
    )
}

/// `a / b`, 0 when `b` is 0.
pub fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}
