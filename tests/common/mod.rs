//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use voices::ingest;
use voices::pipeline::{self, AnalysedDocument};

/// The bundled seed text.
pub fn seed_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/corpus/inside-the-stalin-archives-introduction.txt")
}

pub fn seed_bytes() -> Vec<u8> {
    std::fs::read(seed_path()).expect("the bundled seed text is readable")
}

/// The seed, analysed once for all tests.
pub fn seed() -> &'static AnalysedDocument {
    static SEED: OnceLock<AnalysedDocument> = OnceLock::new();
    SEED.get_or_init(|| analyse_bytes("seed.txt", &seed_bytes()))
}

pub fn analyse_bytes(name: &str, bytes: &[u8]) -> AnalysedDocument {
    let document = ingest::decode(Path::new(name), bytes).expect("the test text decodes");
    pipeline::analyse(document, Default::default(), &Default::default())
}

/// The shared corpora (`VOICES_CORPORA`, else `../shared/corpora`), or None with a
/// message saying that the test is skipped.
pub fn shared_corpora(test: &str) -> Option<PathBuf> {
    let path = std::env::var_os("VOICES_CORPORA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora"));
    if path.is_dir() {
        Some(path)
    } else {
        eprintln!(
            "skipping {test}: shared corpora not found at {} (set VOICES_CORPORA)",
            path.display()
        );
        None
    }
}

/// The texts of the cleaned paragraphs, sentences or tokens of a document.
pub fn paragraph_texts(document: &AnalysedDocument) -> Vec<&str> {
    document
        .clean
        .paragraphs
        .iter()
        .map(|paragraph| &document.clean.text.text[paragraph.range.clone()])
        .collect()
}

pub fn sentence_texts(document: &AnalysedDocument) -> Vec<&str> {
    document
        .segmented
        .sentences
        .iter()
        .map(|sentence| &document.clean.text.text[sentence.range.clone()])
        .collect()
}

pub fn token_texts(document: &AnalysedDocument) -> Vec<&str> {
    document
        .segmented
        .tokens
        .iter()
        .map(|token| &document.clean.text.text[token.token.range.clone()])
        .collect()
}
