//! The command line end to end: the main job on the bundled book, and bad input.

use std::path::Path;
use std::process::Output;

use crate::common::voices;
use voices::tables::{DataFrame, read_parquet};

/// The first value of the text column `name`.
fn first_text(frame: &DataFrame, name: &str) -> String {
    let column = frame
        .column(name)
        .unwrap_or_else(|_| panic!("no column {name}"));
    column.str().unwrap().get(0).unwrap_or_default().to_string()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn report_on_the_bundled_corpus_writes_tables_and_summary() {
    let out = tempfile::tempdir().unwrap();
    let output = voices(
        ["report", "-o", out.path().to_str().unwrap()],
        Path::new(env!("CARGO_MANIFEST_DIR")),
    );
    crate::common::assert_success(&output);
    let documents = read_parquet(&out.path().join("data/documents.parquet")).unwrap();
    assert_eq!(documents.height(), 1);
    assert_eq!(
        first_text(&documents, "title"),
        "Inside the Stalin Archives: Introduction"
    );
    assert_eq!(first_text(&documents, "author"), "Jonathan Brent");
    assert_eq!(first_text(&documents, "year"), "2008");
    let running_heads = documents
        .column("running_heads_removed")
        .unwrap()
        .u64()
        .unwrap()
        .get(0);
    assert_eq!(running_heads, Some(4));
    for table in [
        "paragraphs",
        "sentences",
        "tokens",
        "quotes",
        "characters",
        "voice_stats",
        "features",
        "distances",
    ] {
        let frame = read_parquet(&out.path().join(format!("data/{table}.parquet"))).unwrap();
        assert!(frame.height() > 0, "{table} is empty");
    }
    // The people model: Stalin is one person under his full name, with the evidence
    // for `Stalin`; Russia and Moscow are places and never speak.
    let characters = read_parquet(&out.path().join("data/characters.parquet")).unwrap();
    let column = |name: &str| {
        characters
            .column(name)
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .map(|value| value.unwrap_or("").to_string())
            .collect::<Vec<_>>()
    };
    let (names, merges, reasons) = (column("name"), column("merges"), column("not_a_person"));
    let stalin = names
        .iter()
        .position(|name| name == "Josef Stalin")
        .unwrap();
    assert!(
        merges[stalin].contains("“Stalin” is “Josef Stalin”"),
        "{}",
        merges[stalin]
    );
    assert_eq!(column("gender")[stalin], "male");
    for place in ["Russia", "Moscow"] {
        let row = names.iter().position(|name| name == place).unwrap();
        assert!(
            reasons[row].starts_with("a place"),
            "{place}: {}",
            reasons[row]
        );
    }
    let quotes = read_parquet(&out.path().join("data/quotes.parquet")).unwrap();
    let speakers = quotes.column("speaker").unwrap().str().unwrap();
    assert!(
        speakers
            .iter()
            .flatten()
            .all(|speaker| !["Russia", "Moscow", "Europe"].contains(&speaker)),
        "a place speaks"
    );
    // The voices of the seed with 100 words or more compared (the author, Lenin,
    // the procurator, Stalin and Yezhov): 10 pairs, at 10 MFW settings.
    let distances = read_parquet(&out.path().join("data/distances.parquet")).unwrap();
    assert_eq!(distances.height(), 10 * 10);
    assert_eq!(first_text(&distances, "measure"), "cosine_delta");
    // Each voice's distinctive words against the others: Lenin's orders (`must`),
    // Yezhov's letter (`i`).
    let keyness = read_parquet(&out.path().join("data/keyness.parquet")).unwrap();
    let units = keyness.column("unit").unwrap().str().unwrap();
    let features = keyness.column("feature").unwrap().str().unwrap();
    let pairs: Vec<(&str, &str)> = units
        .iter()
        .zip(features.iter())
        .map(|(unit, feature)| (unit.unwrap(), feature.unwrap()))
        .collect();
    assert!(pairs.contains(&("Vladimir Lenin", "must")), "{pairs:?}");
    assert!(pairs.contains(&("Nikolai Yezhov", "i")), "{pairs:?}");
    assert!(keyness.column("g2").is_ok() && keyness.column("log_ratio").is_ok());
    // Principal components of the 5 voices at each of the 10 settings.
    let pca = read_parquet(&out.path().join("data/pca.parquet")).unwrap();
    assert_eq!(pca.height(), 5 * 10);
    let share = pca
        .column("pc1_variance")
        .unwrap()
        .f64()
        .unwrap()
        .get(0)
        .unwrap();
    assert!(share > 0.0 && share < 1.0);
    stats_tables_hold_every_voice(&out.path().join("data"));
    let report = std::fs::read_to_string(out.path().join("report.md")).unwrap();
    assert!(report.contains("Inside the Stalin Archives: Introduction"));
    // The charts, linked from the report, in both formats.
    let html = std::fs::read_to_string(out.path().join("report.html")).unwrap();
    // Self-contained: nothing to fetch (the SVG namespace is a name, not a fetch).
    for fetch in ["src=\"http", "href=\"http", "url(http", "<link", "<script"] {
        assert!(!html.contains(fetch), "report.html has {fetch}");
    }
    for chart in [
        "voice-map-0",
        "words-per-voice",
        "mtld-per-voice",
        "flesch-reading-ease-per-voice",
        "sentence-lengths",
        "rhetoric",
        "distances",
        "pca",
        "distinctive-words",
    ] {
        assert!(
            report.contains(&format!("(charts/{chart}.png)")),
            "{chart} is not linked"
        );
        assert!(
            html.contains(&format!(
                "<figure class=\"chart\" id=\"chart-{chart}\">\n<svg"
            )),
            "{chart} is not inlined in report.html"
        );
        for extension in ["png", "svg"] {
            let path = out.path().join(format!("charts/{chart}.{extension}"));
            assert!(
                std::fs::metadata(&path).unwrap().len() > 1000,
                "{}",
                path.display()
            );
        }
    }
    assert!(report.contains("| eng |"));
    assert!(report.contains("running head"));
    // The voices, the author first, each with its quotations and words.
    let voices = &report[report.find("## Voices").expect("a voices section")..];
    let author = voices
        .find("| *the author* | – |")
        .expect("the author's row");
    let lenin = voices.find("| Vladimir Lenin | 2 |").expect("Lenin's row");
    assert!(author < lenin, "{voices}");
}

#[test]
fn bad_documents_are_reported_and_the_others_still_written() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(corpus.join("nested")).unwrap();
    std::fs::write(corpus.join("a_empty.txt"), b"").unwrap();
    std::fs::write(corpus.join("b_binary.txt"), b"PK\x03\x04\x00\x00binary").unwrap();
    std::fs::write(
        corpus.join("c_cp1252.txt"),
        b"\x93Stalin lives,\x94 they said. The caf\xe9 was full.\r\n",
    )
    .unwrap();
    std::fs::write(corpus.join("nested/d_good.txt"), "Lenin wrote a letter.\n").unwrap();
    std::fs::write(corpus.join("ignored.md"), "not a text file for voices").unwrap();
    let out = dir.path().join("out");
    let output = voices(
        [
            "report",
            "corpus",
            "missing.txt",
            "-o",
            out.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let messages = stderr(&output);
    assert!(messages.contains("a_empty.txt: empty file"), "{messages}");
    assert!(messages.contains("b_binary.txt: binary file"), "{messages}");
    assert!(
        messages.contains("missing.txt: no such file or directory"),
        "{messages}"
    );
    assert!(
        messages.contains("c_cp1252.txt: not valid UTF-8; decoded as windows-1252 (detected)"),
        "{messages}"
    );
    assert!(!messages.contains("panicked"), "{messages}");

    let documents = read_parquet(&out.join("data/documents.parquet")).unwrap();
    let paths: Vec<String> = documents
        .column("path")
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .map(|p| p.unwrap().to_string())
        .collect();
    assert_eq!(
        paths,
        vec!["corpus/c_cp1252.txt", "corpus/nested/d_good.txt"]
    );
    let encodings: Vec<String> = documents
        .column("encoding")
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .map(|p| p.unwrap().to_string())
        .collect();
    assert_eq!(encodings, vec!["windows-1252", "utf-8"]);
    let report = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(report.contains("b_binary.txt: binary file"));
}

#[test]
fn metadata_attaches_columns_by_file_name() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("fed_10.txt"),
        "AMONG the numerous advantages promised by a well constructed Union.\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("meta.csv"), "path,author,title,year\nsomewhere/fed_10.txt,Madison,Federalist No. 10,1787\nfed_99.txt,Nobody,Ghost,1800\n").unwrap();
    let output = voices(
        [
            "report",
            "fed_10.txt",
            "--metadata",
            "meta.csv",
            "-o",
            "out",
        ],
        dir.path(),
    );
    crate::common::assert_success(&output);
    assert!(stderr(&output).contains("(`fed_99.txt`) matches no input document"));
    let documents = read_parquet(&dir.path().join("out/data/documents.parquet")).unwrap();
    assert_eq!(first_text(&documents, "author"), "Madison");
    assert_eq!(first_text(&documents, "title"), "Federalist No. 10");
    assert_eq!(first_text(&documents, "year"), "1787");
}

#[test]
fn metadata_without_a_path_column_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "Some text.\n").unwrap();
    std::fs::write(dir.path().join("meta.csv"), "file,author\na.txt,X\n").unwrap();
    let output = voices(
        ["report", "a.txt", "--metadata", "meta.csv", "-o", "out"],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("no `path` column"),
        "{}",
        stderr(&output)
    );
    assert!(!dir.path().join("out/report.md").exists());
}

/// `voice_stats` has a row per voice of the document and per voice of the corpus,
/// with intervals and warnings; `features` has every word of each unit.
fn stats_tables_hold_every_voice(data: &Path) {
    let stats = read_parquet(&data.join("voice_stats.parquet")).unwrap();
    let voices: Vec<&str> = stats
        .column("voice")
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .map(Option::unwrap_or_default)
        .collect();
    let doc_ids: Vec<Option<u32>> = stats
        .column("doc_id")
        .unwrap()
        .u32()
        .unwrap()
        .iter()
        .collect();
    let author = voices.iter().position(|v| *v == "author").unwrap();
    assert_eq!(doc_ids[author], Some(0));
    let corpus_author = (0..voices.len())
        .find(|&i| voices[i] == "author" && doc_ids[i].is_none())
        .expect("a corpus row for the author");
    let value = |name: &str, row: usize| stats.column(name).unwrap().f64().unwrap().get(row);
    let mtld = value("mtld", corpus_author).unwrap();
    let (lo, hi) = (
        value("mtld_lo", corpus_author).unwrap(),
        value("mtld_hi", corpus_author).unwrap(),
    );
    assert!(lo < mtld && mtld < hi);
    // Only the voices over the corpus, which the report shows, have intervals by
    // default; each document's voices have their values.
    assert!(value("mtld", author).is_some());
    assert_eq!(value("mtld_lo", author), None);
    let words = stats
        .column("words")
        .unwrap()
        .u64()
        .unwrap()
        .get(corpus_author);
    assert_eq!(words, Some(2832));
    let pasternak = voices.iter().position(|v| *v == "Boris Pasternak").unwrap();
    assert_eq!(value("hdd", pasternak), None);
    let warnings = stats
        .column("warnings")
        .unwrap()
        .str()
        .unwrap()
        .get(pasternak)
        .unwrap();
    assert!(warnings.contains("HD-D (needs 42 words)"), "{warnings}");

    let features = read_parquet(&data.join("features.parquet")).unwrap();
    let kinds = features.column("unit_kind").unwrap().str().unwrap();
    let units = features.column("unit").unwrap().str().unwrap();
    let words = features.column("feature").unwrap().str().unwrap();
    let shares = features.column("rel_freq").unwrap().f64().unwrap();
    let ranks = features.column("rank").unwrap().u32().unwrap();
    let mut total = 0.0;
    for row in 0..features.height() {
        if kinds.get(row) == Some("voice") && units.get(row) == Some("author") {
            total += shares.get(row).unwrap();
            if ranks.get(row) == Some(1) {
                assert_eq!(words.get(row), Some("the"));
            }
        }
    }
    assert!(
        (total - 1.0).abs() < 1e-9,
        "the author's shares add up to {total}"
    );
    assert!(kinds.iter().any(|kind| kind == Some("document")));
}

/// `report --document-intervals` gives each document's voices the intervals
/// `voices stats --by document` prints for them.
#[test]
fn a_report_asked_for_each_documents_intervals_has_those_of_stats_by_document() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let output = voices(
        [
            "report",
            "data/corpus",
            "-o",
            out.path().to_str().unwrap(),
            "--document-intervals",
        ],
        root,
    );
    crate::common::assert_success(&output);
    let stats = read_parquet(&out.path().join("data/voice_stats.parquet")).unwrap();
    let voices_column = stats.column("voice").unwrap().str().unwrap();
    let doc_ids = stats.column("doc_id").unwrap().u32().unwrap();
    let author = (0..stats.height())
        .find(|&row| voices_column.get(row) == Some("author") && doc_ids.get(row) == Some(0))
        .expect("the document's author");
    let value = |name: &str| stats.column(name).unwrap().f64().unwrap().get(author);

    let output = stats_by_document(root, "jsonl");
    crate::common::assert_success(&output);
    let stdout = String::from_utf8(output.stdout).unwrap();
    let printed: serde_json::Value = stdout
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap())
        .find(|row| row["voice"] == "author")
        .expect("the document's author printed");
    for name in ["mtld_lo", "mtld_hi", "flesch_reading_ease_lo", "ttr_hi"] {
        let expected = printed[name].as_f64().unwrap();
        let got = value(name).unwrap_or_else(|| panic!("{name} is null"));
        assert!(
            (got - expected).abs() <= 1e-9 * expected.abs(),
            "{name}: {got} against {expected}"
        );
    }
}

/// `voices stats` of the bundled corpus, a row per voice of each document, in
/// `format`.
fn stats_by_document(root: &Path, format: &str) -> std::process::Output {
    let args = [
        "stats",
        "data/corpus",
        "--by",
        "document",
        "--format",
        format,
    ];
    voices(args, root)
}

#[test]
fn stats_prints_every_voice_with_its_warnings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = voices(["stats", "data/corpus", "--format", "jsonl"], root);
    crate::common::assert_success(&output);
    let rows: Vec<serde_json::Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is JSON"))
        .collect();
    // Over the corpus (doc_id null), the author first.
    assert_eq!(rows[0]["voice"], "author");
    assert_eq!(rows[0]["doc_id"], serde_json::Value::Null);
    assert_eq!(rows[0]["words"], 2832);
    assert!(rows[0]["mtld_lo"].as_f64().unwrap() < rows[0]["mtld"].as_f64().unwrap());
    let pasternak = rows
        .iter()
        .find(|row| row["voice"] == "Boris Pasternak")
        .unwrap();
    assert_eq!(pasternak["hdd"], serde_json::Value::Null);
    assert!(!pasternak["warnings"].as_array().unwrap().is_empty());

    let output = stats_by_document(root, "csv");
    crate::common::assert_success(&output);
    let csv = String::from_utf8(output.stdout).unwrap();
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    assert_eq!(&header[..4], ["doc_id", "path", "voice", "words"]);
    assert!(header.contains(&"mtld_lo") && header.contains(&"flesch_reading_ease_hi"));
    assert!(csv.lines().nth(1).unwrap().starts_with("0,data/corpus/"));

    let output = voices(["stats", "data/corpus", "--resamples", "0"], root);
    let table = String::from_utf8(output.stdout).unwrap();
    assert!(table.contains("Boris Pasternak"), "{table}");
    assert!(table.contains("! 37 words in 3 sentences: too few for lexical diversity"));
    assert!(
        !table.contains("["),
        "no intervals with --resamples 0:\n{table}"
    );

    let output = voices(["stats", "data/corpus", "--by", "speaker"], root);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn a_document_of_page_furniture_only_is_written_with_a_warning_and_empty_tables() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("heads.txt"),
        "8 Inside the Archive\n\n10 Inside the Archive\n",
    )
    .unwrap();
    let output = voices(["report", "heads.txt", "-o", "out"], dir.path());
    crate::common::assert_success(&output);
    assert!(stderr(&output).contains("heads.txt: no text left after cleaning"));
    let documents = read_parquet(&dir.path().join("out/data/documents.parquet")).unwrap();
    assert_eq!(documents.height(), 1);
    let tokens = read_parquet(&dir.path().join("out/data/tokens.parquet")).unwrap();
    assert_eq!(tokens.height(), 0);
    assert!(
        tokens.column("norm").is_ok(),
        "an empty table keeps its schema"
    );
    for (table, column) in [("voice_stats", "mtld_lo"), ("features", "rel_freq")] {
        let frame = read_parquet(&dir.path().join(format!("out/data/{table}.parquet"))).unwrap();
        assert_eq!(frame.height(), 0, "{table}");
        assert!(frame.column(column).is_ok(), "{table} keeps its schema");
    }
}

#[test]
fn wrong_usage_exits_with_two() {
    let dir = tempfile::tempdir().unwrap();
    let output = voices(["report", "--no-such-flag"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    let output = voices(["frobnicate"], dir.path());
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn nothing_to_analyse_is_an_error_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("blank.txt"), " \n\n ").unwrap();
    let output = voices(["report", "blank.txt", "-o", "out"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("blank.txt: contains only whitespace"));
    assert!(!dir.path().join("out").exists());
}

#[test]
fn quotes_prints_jsonl_with_offsets_into_the_original_file() {
    let seed = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/corpus/inside-the-stalin-archives-introduction.txt");
    let original = std::fs::read(&seed).unwrap();
    let output = voices(
        ["quotes", seed.to_str().unwrap(), "--format", "jsonl"],
        Path::new(env!("CARGO_MANIFEST_DIR")),
    );
    crate::common::assert_success(&output);
    let lines: Vec<serde_json::Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is one JSON object"))
        .collect();
    assert!(lines.len() > 40, "{} quotations", lines.len());
    for record in &lines {
        for column in [
            "quote_id",
            "kind",
            "speaker",
            "rule",
            "confidence",
            "evidence",
            "echo_of",
            "start",
            "end",
            "text",
            "words",
        ] {
            assert!(record.get(column).is_some(), "no {column} in {record}");
        }
        let (start, end) = (
            record["start"].as_u64().unwrap() as usize,
            record["end"].as_u64().unwrap() as usize,
        );
        let slice = String::from_utf8_lossy(&original[start..end]);
        let text = record["text"].as_str().unwrap();
        // The offsets hold the quoted words: the same first and last characters.
        assert_eq!(slice.chars().next(), text.chars().next(), "{record}");
        assert_eq!(slice.chars().last(), text.chars().last(), "{record}");
    }
    let molotov = lines
        .iter()
        .find(|record| record["text"].as_str().unwrap().starts_with("The immortal"))
        .unwrap();
    assert_eq!(molotov["speaker"], "Vyacheslav Molotov");
    assert_eq!(molotov["kind"], "inline");
    let mention = lines
        .iter()
        .find(|record| record["text"] == "Man of steel.")
        .unwrap();
    assert_eq!(mention["kind"], "mention");
    assert!(mention["speaker"].is_null());
}

#[test]
fn quotes_prints_csv_and_a_table() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let csv = voices(["quotes", "data/corpus", "--format", "csv"], dir);
    crate::common::assert_success(&csv);
    let mut reader = csv::Reader::from_reader(csv.stdout.as_slice());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "doc_id");
    assert!(headers.iter().any(|header| header == "evidence"));
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert!(rows.iter().any(|row| &row[5] == "Boris Pasternak"));
    let table = voices(["quotes", "data/corpus"], dir);
    let table = String::from_utf8(table.stdout).unwrap();
    assert!(
        table.contains("Anna Akhmatova") && table.contains("epigraph"),
        "{table}"
    );
    let wrong = voices(["quotes", "data/corpus", "--format", "xml"], dir);
    assert_eq!(wrong.status.code(), Some(2));
}

#[test]
fn speakers_file_renames_voices() {
    let dir = tempfile::tempdir().unwrap();
    let speakers = dir.path().join("speakers.toml");
    std::fs::write(&speakers, "[speakers]\n\"Stalin\" = [\"Josef Stalin\"]\n").unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = voices(
        [
            "quotes",
            "data/corpus",
            "--format",
            "jsonl",
            "--speakers",
            speakers.to_str().unwrap(),
        ],
        root,
    );
    crate::common::assert_success(&output);
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("\"speaker\":\"Stalin\"") && !text.contains("\"Josef Stalin\""));
    std::fs::write(&speakers, "[speakers]\nStalin = 3\n").unwrap();
    let bad = voices(
        [
            "quotes",
            "data/corpus",
            "--speakers",
            speakers.to_str().unwrap(),
        ],
        root,
    );
    assert_eq!(bad.status.code(), Some(1));
    assert!(stderr(&bad).contains("is not valid"), "{}", stderr(&bad));
}
