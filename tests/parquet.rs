//! An independent reader (pyarrow) opens the Parquet files: schema and row counts
//! match what voices built. Skipped with a message when pyarrow is missing, except
//! in CI, where `.ci/run` installs it and its absence is a failure.

use std::process::Command;

use voices::tables::{DataFrame, Tables, read_parquet, write_parquet};

const PYARROW_CHECK: &str = r#"
import json, sys
import pyarrow.parquet as pq
result = {}
for path in sys.argv[1:]:
    table = pq.read_table(path)
    result[path] = {"rows": table.num_rows, "columns": {f.name: str(f.type) for f in table.schema}}
    metadata = pq.ParquetFile(path).metadata
    result[path]["compression"] = metadata.row_group(0).column(0).compression if metadata.num_row_groups else None
print(json.dumps(result))
"#;

#[test]
fn pyarrow_reads_the_same_schema_and_row_counts() {
    let Some(python) = crate::common::python_with(&["pyarrow"], "pyarrow", "the pyarrow check")
    else {
        return;
    };
    let documents = vec![crate::common::seed().clone()];
    let mut tables = Tables::build(&documents, &[]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut expected = Vec::new();
    let mut paths = Vec::new();
    for (name, frame) in tables.named() {
        let path = dir.path().join(format!("{name}.parquet"));
        write_parquet(frame, &path).unwrap();
        let names: Vec<String> = frame
            .get_column_names()
            .iter()
            .map(|n| n.to_string())
            .collect();
        expected.push((path.display().to_string(), frame.height(), names));
        paths.push(path.display().to_string());
    }
    let output = Command::new(&python)
        .arg("-c")
        .arg(PYARROW_CHECK)
        .args(&paths)
        .output()
        .unwrap();
    crate::common::assert_success(&output);
    let report = String::from_utf8(output.stdout).unwrap();
    for (path, rows, names) in expected {
        let start = report
            .find(&format!("\"{path}\""))
            .expect("pyarrow read every file");
        let entry = &report[start..];
        assert!(
            entry.contains(&format!("\"rows\": {rows}")),
            "{path}: row count differs: {entry}"
        );
        for name in names {
            assert!(
                entry.contains(&format!("\"{name}\": ")),
                "{path}: pyarrow lacks column {name}"
            );
        }
        assert!(
            entry.contains("\"compression\": \"ZSTD\""),
            "{path} is not zstd: {entry}"
        );
    }
    // Spot-check the types a Python user will see.
    assert!(report.contains("\"start\": \"uint32\""));
    assert!(report.contains("\"is_word\": \"bool\""));
    // Polars writes Arrow string views; pyarrow reads them as `string_view`.
    assert!(
        report.contains("\"text\": \"string_view\"")
            || report.contains("\"text\": \"large_string\"")
    );
}

#[test]
fn parquet_round_trips_through_polars() {
    let documents = vec![crate::common::seed().clone()];
    let mut tables = Tables::build(&documents, &[]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tokens.parquet");
    write_parquet(&mut tables.tokens, &path).unwrap();
    let back = read_parquet(&path).unwrap();
    assert!(back.equals_missing(&tables.tokens));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
}

/// Ids and byte offsets are delta-encoded: a token's `start` is a few bytes after the
/// last one's, so the tokens table costs a few bytes a row, where plain 32-bit values
/// (Polars' choice for columns with too many distinct values for a dictionary) cost
/// four bytes a row for each of `token_id`, `start` and `end` alone.
#[test]
fn token_ids_and_offsets_take_a_few_bits_a_row() {
    let documents = vec![crate::common::seed().clone()];
    let tables = Tables::build(&documents, &[]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tokens.parquet");
    // Only the columns that are numbers, so that the words' own cost does not hide
    // the offsets'.
    let mut offsets = tables
        .tokens
        .select(["doc_id", "token_id", "sent_id", "para_id", "start", "end"])
        .unwrap();
    write_parquet(&mut offsets, &path).unwrap();
    let bytes = std::fs::metadata(&path).unwrap().len() as f64;
    let per_row = bytes / offsets.height() as f64;
    eprintln!(
        "{} rows, {bytes} bytes, {per_row:.2} bytes a row",
        offsets.height()
    );
    assert!(
        per_row < 2.0,
        "{per_row:.2} bytes a row for six ids and offsets"
    );
    assert!(read_parquet(&path).unwrap().equals_missing(&offsets));
}

fn strings(frame: &DataFrame, name: &str) -> Vec<Option<String>> {
    let column = frame.column(name).unwrap().str().unwrap();
    column.iter().map(|text| text.map(str::to_string)).collect()
}

fn numbers(frame: &DataFrame, name: &str) -> Vec<u32> {
    let column = frame.column(name).unwrap().u32().unwrap();
    column.iter().map(|id| id.unwrap()).collect()
}

fn booleans(frame: &DataFrame, name: &str) -> Vec<bool> {
    let column = frame.column(name).unwrap().bool().unwrap();
    column.iter().map(|flag| flag.unwrap()).collect()
}

/// Every sentence's text from the tables, as a reader gets it: its `text`, or else
/// its tokens' texts (`coalesce(text, norm)`), each after a space where
/// `space_before`. Also the number of sentences whose `text` was left out.
fn sentence_texts(tables: &Tables) -> (Vec<String>, usize) {
    let token_text: Vec<String> = strings(&tables.tokens, "text")
        .into_iter()
        .zip(strings(&tables.tokens, "norm"))
        .map(|(text, norm)| text.or(norm).unwrap())
        .collect();
    let space_before = booleans(&tables.tokens, "space_before");
    let token_sentence = numbers(&tables.tokens, "sent_id");
    let mut rebuilt = vec![String::new(); tables.sentences.height()];
    for ((text, space), sentence) in token_text.iter().zip(&space_before).zip(&token_sentence) {
        let sentence = &mut rebuilt[*sentence as usize];
        if *space {
            sentence.push(' ');
        }
        sentence.push_str(text);
    }
    let written = strings(&tables.sentences, "text");
    let left_out = written.iter().filter(|text| text.is_none()).count();
    let texts = written
        .into_iter()
        .zip(rebuilt)
        .map(|(written, rebuilt)| written.unwrap_or(rebuilt))
        .collect();
    (texts, left_out)
}

/// A sentence's `text` is left null where its tokens give it, and only there: every
/// sentence's text comes back from the tokens.
#[test]
fn a_sentence_text_left_out_comes_back_from_its_tokens() {
    let document = crate::common::seed();
    let tables = Tables::build(std::slice::from_ref(document), &[]).unwrap();
    let (texts, left_out) = sentence_texts(&tables);
    let expected = crate::common::sentence_texts(document);
    assert_eq!(texts, expected);
    assert!(
        left_out * 10 > expected.len() * 9,
        "only {left_out} of {} sentences left to their tokens",
        expected.len()
    );
}

/// A paragraph's `text` is left null where its sentences' texts joined by a space
/// give it, and only there: every paragraph's text comes back from the tables.
#[test]
fn a_paragraph_text_left_out_comes_back_from_its_sentences() {
    let document = crate::common::seed();
    let tables = Tables::build(std::slice::from_ref(document), &[]).unwrap();
    let paragraph_text = strings(&tables.paragraphs, "text");
    let (sentence_text, _) = sentence_texts(&tables);
    let sentence_paragraph = numbers(&tables.sentences, "para_id");
    let expected = crate::common::paragraph_texts(document);
    assert_eq!(paragraph_text.len(), expected.len());
    let mut left_out = 0;
    for (index, (text, expected)) in paragraph_text.iter().zip(&expected).enumerate() {
        let rebuilt = match text {
            Some(text) => text.clone(),
            None => {
                left_out += 1;
                let sentences: Vec<&str> = sentence_paragraph
                    .iter()
                    .zip(&sentence_text)
                    .filter(|(paragraph, _)| **paragraph as usize == index)
                    .map(|(_, text)| text.as_str())
                    .collect();
                sentences.join(" ")
            }
        };
        assert_eq!(&rebuilt, expected, "paragraph {index}");
    }
    assert!(
        left_out * 2 > expected.len(),
        "only {left_out} of {} paragraphs left to their sentences",
        expected.len()
    );
}

/// A token's `text` is left null where it is its `norm`, and only there: `coalesce(text,
/// norm)` gives every token's text.
#[test]
fn a_token_text_left_out_is_its_norm() {
    let document = crate::common::seed();
    let tables = Tables::build(std::slice::from_ref(document), &[]).unwrap();
    let text = strings(&tables.tokens, "text");
    let norm = strings(&tables.tokens, "norm");
    let expected = crate::common::token_texts(document);
    assert_eq!(text.len(), expected.len());
    let mut left_out = 0;
    for (index, ((text, norm), expected)) in text.iter().zip(&norm).zip(&expected).enumerate() {
        let norm = norm.as_deref().expect("every token has a norm");
        match text {
            Some(text) => {
                assert_eq!(text, expected, "token {index}");
                assert_ne!(text, norm, "token {index} repeats its norm");
            }
            None => {
                left_out += 1;
                assert_eq!(&norm, expected, "token {index}");
            }
        }
    }
    assert!(
        left_out * 2 > expected.len(),
        "only {left_out} of {} tokens left to their norm",
        expected.len()
    );
}

/// `report --from` reads a shard's tables a row group (a batch) at a time, to hold
/// one batch in memory, not the shard.
#[test]
fn a_file_appended_batch_by_batch_is_read_back_a_batch_at_a_time() {
    use voices::tables::{AppendedFile, for_each_row_group};
    let tables = Tables::build(std::slice::from_ref(crate::common::seed()), &[]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tokens.parquet");
    let mut file = AppendedFile::create(path.clone()).unwrap();
    let half = tables.tokens.height() / 2;
    let (first, second) = tables.tokens.split_at(half as i64);
    file.append(&first).unwrap();
    file.append(&second).unwrap();
    file.finish(|| Ok(first.clear())).unwrap();
    let mut heights = Vec::new();
    let mut rows = first.clear();
    for_each_row_group(&path, |frame| {
        heights.push(frame.height());
        rows.vstack_mut(&frame)?;
        Ok(())
    })
    .unwrap();
    assert_eq!(heights, [half, tables.tokens.height() - half]);
    assert!(rows.equals_missing(&tables.tokens));
}
