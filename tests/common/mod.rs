//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use voices::document::AnalysedDocument;
use voices::ingest;
use voices::pipeline;

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

/// Runs the `voices` binary with `args` in `dir`.
pub fn voices<Arg: AsRef<std::ffi::OsStr>>(
    args: impl IntoIterator<Item = Arg>,
    dir: &Path,
) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_voices"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("voices runs")
}

/// Panics with the command's stderr unless it succeeded.
pub fn assert_success(output: &std::process::Output) {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The Python (`VOICES_PYTHON`, else `python3`) that can import `modules`, or None
/// with a message saying that `test` is skipped and what to install. In CI (`CI`
/// set), where `.ci/run` installs them, a missing module fails the test instead.
pub fn python_with(modules: &[&str], install: &str, test: &str) -> Option<PathBuf> {
    let python = std::env::var_os("VOICES_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("python3"));
    let found = std::process::Command::new(&python)
        .args(["-c", &format!("import {}", modules.join(", "))])
        .output()
        .is_ok_and(|output| output.status.success());
    if found {
        return Some(python);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{} must be installed in CI (.ci/run)",
        modules.join(", ")
    );
    eprintln!(
        "skipping {test}: {} lacks {} (pip install {install}, or set VOICES_PYTHON)",
        python.display(),
        modules.join(", ")
    );
    None
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
        .map(|sentence| &document.clean.text.text[sentence.range()])
        .collect()
}

pub fn token_texts(document: &AnalysedDocument) -> Vec<&str> {
    document
        .segmented
        .tokens
        .iter()
        .map(|token| &document.clean.text.text[token.range()])
        .collect()
}
