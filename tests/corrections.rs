//! Corrections: a scholar's decisions about quotations, fed back with
//! `--corrections`, move the words of the voices in every table and chart.

use std::ffi::OsStr;
use std::path::Path;
use std::process::Output;

use crate::common::{assert_success, seed_path, voices};
use voices::tables::read_parquet;

/// Byte offset in the seed of Pasternak's quotation (`There was such inhuman…`).
const PASTERNAK_QUOTE: usize = 15851;

fn repository() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `voices COMMAND INPUT EXTRA...` with `--corrections` when given.
fn run(command: &str, input: &Path, extra: &[&str], corrections: Option<&Path>) -> Output {
    let mut args: Vec<&OsStr> = vec![OsStr::new(command), input.as_os_str()];
    args.extend(extra.iter().map(OsStr::new));
    if let Some(corrections) = corrections {
        args.extend([OsStr::new("--corrections"), corrections.as_os_str()]);
    }
    voices(args, repository())
}

/// Writes the seed's report with `corrections` (a CSV, if any) into `out`.
fn seed_report(out: &Path, corrections: Option<&Path>) {
    let out = out.to_str().unwrap();
    let extra = ["-o", out, "--resamples", "0"];
    assert_success(&run("report", &seed_path(), &extra, corrections));
}

/// Each voice's words over the corpus in `voice_stats`.
fn corpus_words(report: &Path) -> std::collections::BTreeMap<String, u64> {
    let stats = read_parquet(&report.join("data/voice_stats.parquet")).unwrap();
    let doc_ids = stats.column("doc_id").unwrap();
    let voices = stats.column("voice").unwrap().str().unwrap().clone();
    let words = stats.column("words").unwrap().u64().unwrap().clone();
    (0..stats.height())
        .filter(|&row| doc_ids.get(row).unwrap().is_null())
        .map(|row| {
            (
                voices.get(row).unwrap().to_string(),
                words.get(row).unwrap(),
            )
        })
        .collect()
}

/// The seed's quotations as CSV, with `corrections` when given.
fn quotes_csv(corrections: Option<&Path>) -> (String, Output) {
    let output = run("quotes", &seed_path(), &["--format", "csv"], corrections);
    (String::from_utf8(output.stdout.clone()).unwrap(), output)
}

/// The rows of a CSV (a quotation's text may hold line breaks).
fn records(csv: &str) -> usize {
    csv::Reader::from_reader(csv.as_bytes()).records().count()
}

#[test]
fn moving_a_quotation_to_another_speaker_moves_its_words_in_the_statistics_and_chart() {
    let dir = tempfile::tempdir().unwrap();
    let corrections = dir.path().join("corrections.csv");
    std::fs::write(
        &corrections,
        format!(
            "document,start,speaker\ninside-the-stalin-archives-introduction.txt,{PASTERNAK_QUOTE},Josef Stalin\n"
        ),
    )
    .unwrap();
    let (before, after) = (dir.path().join("before"), dir.path().join("after"));
    seed_report(&before, None);
    seed_report(&after, Some(&corrections));

    let (words_before, words_after) = (corpus_words(&before), corpus_words(&after));
    let pasternak = words_before["Boris Pasternak"];
    assert!(pasternak > 20, "{words_before:?}");
    assert!(
        !words_after.contains_key("Boris Pasternak"),
        "{words_after:?}"
    );
    assert_eq!(
        words_after["Josef Stalin"],
        words_before["Josef Stalin"] + pasternak
    );
    assert_eq!(words_after["author"], words_before["author"]);

    let chart =
        |report: &Path| std::fs::read_to_string(report.join("charts/words-per-voice.svg")).unwrap();
    assert!(chart(&before).contains("Boris Pasternak"));
    assert!(!chart(&after).contains("Boris Pasternak"));
    let stalin = words_after["Josef Stalin"];
    assert!(
        chart(&after).contains(&format!("{stalin} · 5 quotations")),
        "Stalin's bar should show {stalin} words and 5 quotations"
    );

    // The quotation carries the decision, with its row as evidence.
    let quotes = read_parquet(&after.join("data/quotes.parquet")).unwrap();
    let starts = quotes.column("start").unwrap().u32().unwrap().clone();
    let row = (0..quotes.height())
        .find(|&row| starts.get(row) == Some(PASTERNAK_QUOTE as u32))
        .expect("the quotation is still there");
    let text = |name: &str| {
        let column = quotes.column(name).unwrap().str().unwrap().clone();
        column.get(row).unwrap().to_string()
    };
    assert_eq!(text("speaker"), "Josef Stalin");
    assert_eq!(text("rule"), "correction");
    assert!(text("evidence").ends_with("corrections.csv row 2"));
}

#[test]
fn an_edited_export_is_a_corrections_file_and_an_unedited_one_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (export, output) = quotes_csv(None);
    assert_success(&output);
    let unedited = dir.path().join("unedited.csv");
    std::fs::write(&unedited, &export).unwrap();
    let (again, output) = quotes_csv(Some(&unedited));
    assert_success(&output);
    assert_eq!(again, export, "an unedited export must change nothing");

    // A scholar edits two speakers in a spreadsheet: Pasternak's words become
    // Stalin's, and the nested `Stalin lives.` is the author's words after all.
    let mut reader = csv::Reader::from_reader(export.as_bytes());
    let header = reader.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|c| c == name).unwrap();
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&header).unwrap();
    for record in reader.records() {
        let mut row: Vec<String> = record.unwrap().iter().map(str::to_string).collect();
        if row[column("start")] == PASTERNAK_QUOTE.to_string() {
            row[column("speaker")] = "Josef Stalin".to_string();
        }
        if row[column("text")] == "Stalin lives." && row[column("kind")] == "nested" {
            row[column("speaker")] = "author".to_string();
        }
        writer.write_record(&row).unwrap();
    }
    let edited = dir.path().join("edited.csv");
    std::fs::write(&edited, writer.into_inner().unwrap()).unwrap();
    let (corrected, output) = quotes_csv(Some(&edited));
    assert_success(&output);
    let rows: Vec<&str> = corrected
        .lines()
        .filter(|line| line.contains(",correction,"))
        .collect();
    assert_eq!(rows.len(), 2, "{rows:#?}");
    assert!(rows.iter().any(|row| row.contains(",withdrawn,author,")));
    assert!(rows.iter().any(|row| row.contains(",inline,Josef Stalin,")));
    // Quotation ids do not move: the withdrawn quotation stays in the table.
    assert_eq!(records(&corrected), records(&export));

    // The corrected export, fed back, keeps both decisions.
    let second = dir.path().join("second.csv");
    std::fs::write(&second, &corrected).unwrap();
    let (kept, output) = quotes_csv(Some(&second));
    assert_success(&output);
    assert_eq!(kept.matches(",correction,").count(), 2);
}

#[test]
fn a_correction_that_matches_no_quotation_is_an_error_naming_its_row() {
    let dir = tempfile::tempdir().unwrap();
    let corrections = dir.path().join("corrections.csv");
    std::fs::write(
        &corrections,
        "path,start,speaker\ninside-the-stalin-archives-introduction.txt,15851,Josef Stalin\n\
         inside-the-stalin-archives-introduction.txt,15852,Josef Stalin\n",
    )
    .unwrap();
    let (_, output) = quotes_csv(Some(&corrections));
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("corrections.csv row 3: no quotation of")
            && stderr.contains("starts at byte 15852"),
        "{stderr}"
    );
    // The report stops with it, and writes nothing.
    let out = dir.path().join("report");
    let extra = ["-o", out.to_str().unwrap()];
    let output = run("report", &seed_path(), &extra, Some(&corrections));
    assert_eq!(output.status.code(), Some(1));
    assert!(!out.exists(), "a report without the decision was written");

    // A file without the columns it needs says which.
    std::fs::write(&corrections, "path,speaker\nx.txt,Stalin\n").unwrap();
    let (_, output) = quotes_csv(Some(&corrections));
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("a `start` or `quote_id` column"),
        "{stderr}"
    );
}

#[test]
fn corrections_survive_a_rerun_in_which_other_quotations_change() {
    // A decision about Pasternak's quotation, written for a copy of the seed in
    // which a new quotation comes first: every later quotation id moves by one, the
    // decision follows the bytes.
    let dir = tempfile::tempdir().unwrap();
    let seed = std::fs::read_to_string(seed_path()).unwrap();
    let insert_at = seed[10_000..].find("\n\n").unwrap() + 10_002;
    let added = "“A new quotation,” said Ivan Petrov.\n\n";
    let mut text = seed.clone();
    text.insert_str(insert_at, added);
    let moved = PASTERNAK_QUOTE + added.len();
    let path = dir.path().join("seed-with-more.txt");
    std::fs::write(&path, &text).unwrap();
    let corrections = dir.path().join("corrections.csv");
    std::fs::write(
        &corrections,
        format!(
            "path,start,speaker\n{},{moved},Josef Stalin\n",
            path.display()
        ),
    )
    .unwrap();
    let output = run("quotes", &path, &["--format", "csv"], Some(&corrections));
    assert_success(&output);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let row = stdout
        .lines()
        .find(|line| line.contains(&format!(",{moved},")))
        .expect("the quotation is found at its new offset");
    assert!(row.contains(",Josef Stalin,correction,1,"), "{row}");
    let (seed_export, _) = quotes_csv(None);
    assert_eq!(
        records(&stdout),
        records(&seed_export) + 1,
        "the added quotation is found"
    );
}
