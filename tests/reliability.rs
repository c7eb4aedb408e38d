//! Limits and guarantees: what `voices` does with stray bytes, legacy encodings, old
//! line ends, a kill in the middle of a report, absurd options, devices, standard
//! input and metadata that could be misapplied.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use voices::document::AnalysedDocument;
use voices::tables::{DataFrame, read_parquet};

use crate::common::{analyse_bytes, assert_success, seed, seed_bytes, seed_path, voices};

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The speaker of each quotation of speech of `document`, in order.
fn speakers(document: &AnalysedDocument) -> Vec<String> {
    document
        .voices
        .quotes
        .iter()
        .filter(|quote| quote.is_speech())
        .map(|quote| quote.voice().to_string())
        .collect()
}

fn text_column(frame: &DataFrame, name: &str) -> Vec<String> {
    frame
        .column(name)
        .unwrap_or_else(|_| panic!("no column {name}"))
        .str()
        .unwrap()
        .iter()
        .map(|value| value.unwrap_or_default().to_string())
        .collect()
}

#[test]
fn a_stray_byte_leaves_a_utf8_book_as_it_was() {
    let clean = seed_bytes();
    let middle = clean.len() / 2
        + clean[clean.len() / 2..]
            .iter()
            .position(|&b| b == b' ')
            .unwrap();
    let mut stray = clean.clone();
    stray.insert(middle, 0xE9);
    let document = analyse_bytes("stray.txt", &stray);
    assert_eq!(document.decoding.name(), "utf-8");
    assert_eq!(document.decoding.replaced_bytes, 1);
    assert_eq!(
        document.warnings,
        vec![format!(
            "1 byte not valid UTF-8, replaced by U+FFFD at byte offset {middle}"
        )]
    );
    assert_eq!(speakers(&document), speakers(seed()));
    assert_eq!(
        document.clean.paragraphs.len(),
        seed().clean.paragraphs.len()
    );

    // A surrogate pair written as CESU-8 (six invalid bytes) does the same.
    let mut cesu = clean;
    cesu.splice(middle..middle, *b"\xED\xA0\xBD\xED\xB8\x80");
    let document = analyse_bytes("cesu.txt", &cesu);
    assert_eq!(document.decoding.name(), "utf-8");
    assert_eq!(document.decoding.replaced_bytes, 6);
    assert_eq!(speakers(&document), speakers(seed()));
}

#[test]
fn legacy_encodings_are_detected_and_recorded_in_the_documents_table() {
    let dir = tempfile::tempdir().unwrap();
    let russian = "Товарищ Сталин сказал: «Жить стало лучше, товарищи, жить стало веселее». \
                   Молотов ответил, что это правда.\n\n"
        .repeat(30);
    let (cp1251, _, _) = encoding_rs::WINDOWS_1251.encode(&russian);
    std::fs::write(dir.path().join("ru.txt"), &cp1251).unwrap();
    let mut stray = seed_bytes();
    stray.insert(100, 0x9D);
    std::fs::write(dir.path().join("stray.txt"), &stray).unwrap();
    std::fs::copy(seed_path(), dir.path().join("seed.txt")).unwrap();
    let output = voices(
        [
            "report",
            "ru.txt",
            "stray.txt",
            "seed.txt",
            "-o",
            "out",
            "--resamples",
            "0",
        ],
        dir.path(),
    );
    assert_success(&output);
    assert!(
        stderr(&output).contains("ru.txt: not valid UTF-8; decoded as windows-1251 (detected)"),
        "{}",
        stderr(&output)
    );
    let documents = read_parquet(&dir.path().join("out/data/documents.parquet")).unwrap();
    assert_eq!(
        text_column(&documents, "encoding"),
        ["windows-1251", "utf-8", "utf-8"]
    );
    assert_eq!(
        text_column(&documents, "encoding_confidence"),
        ["high", "high", "certain"]
    );
    assert_eq!(text_column(&documents, "language"), ["rus", "eng", "eng"]);
    let replaced: Vec<Option<u64>> = documents
        .column("replaced_bytes")
        .unwrap()
        .u64()
        .unwrap()
        .iter()
        .collect();
    assert_eq!(replaced, [Some(0), Some(1), Some(0)]);
}

#[test]
fn old_macintosh_line_ends_make_the_same_paragraphs() {
    let mac: Vec<u8> = seed_bytes()
        .into_iter()
        .map(|byte| if byte == b'\n' { b'\r' } else { byte })
        .collect();
    let document = analyse_bytes("mac.txt", &mac);
    assert_eq!(
        document.clean.paragraphs.len(),
        seed().clean.paragraphs.len()
    );
    assert_eq!(speakers(&document), speakers(seed()));
}

#[test]
fn standard_input_is_read_when_the_input_is_a_dash() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_voices"))
        .args(["quotes", "-", "--format", "csv"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let bytes = seed_bytes();
    let writer = std::thread::spawn(move || std::io::Write::write_all(&mut stdin, &bytes));
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert_success(&output);
    let from_file = voices(
        ["quotes", seed_path().to_str().unwrap(), "--format", "csv"],
        Path::new("."),
    );
    let rows = |output: &Output| String::from_utf8_lossy(&output.stdout).lines().count();
    assert_eq!(rows(&output), rows(&from_file));
    assert!(rows(&output) > 40);
}

#[test]
fn devices_fifos_and_oversized_files_are_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.txt");
    assert_success(&Command::new("mkfifo").arg(&fifo).output().unwrap());
    // A sparse file a byte over the cap: nothing to read, and it must not be.
    let huge = std::fs::File::create(dir.path().join("huge.txt")).unwrap();
    huge.set_len(voices::ingest::MAX_FILE_BYTES + 1).unwrap();
    std::fs::copy(seed_path(), dir.path().join("seed.txt")).unwrap();
    let started = Instant::now();
    let output = voices(
        [
            "stats",
            "/dev/zero",
            "/dev/urandom",
            "pipe.txt",
            "huge.txt",
            "seed.txt",
            "--resamples",
            "0",
        ],
        dir.path(),
    );
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "it read a device"
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let messages = stderr(&output);
    for expected in [
        "/dev/zero: a character device, not a regular file",
        "/dev/urandom: a character device, not a regular file",
        "pipe.txt: a FIFO, not a regular file",
        "huge.txt: too large (1073741825 bytes; at most 1073741824 bytes, 1 GiB, per file",
    ] {
        assert!(messages.contains(expected), "{expected}\n{messages}");
    }
    assert!(String::from_utf8_lossy(&output.stdout).contains("Vladimir Lenin"));
}

#[test]
fn absurd_options_are_refused_at_once_with_the_limit() {
    let cores = std::thread::available_parallelism().map_or(1, |cores| cores.get());
    let too_many_threads = (cores + 1).to_string();
    for (option, value, expected) in [
        ("--mfw", "1..4000000000:1", "at most 10000000"),
        ("--mfw", "1..18446744073709551615:1", "at most 10000000"),
        ("--mfw", "1..100000:1", "makes 100000 settings, at most 100"),
        ("--threads", "100000", "more threads than cores"),
        (
            "--threads",
            too_many_threads.as_str(),
            "more threads than cores",
        ),
        ("--resamples", "1000000", "at most 10000"),
    ] {
        let started = Instant::now();
        let output = voices(
            [
                "report",
                seed_path().to_str().unwrap(),
                "-o",
                "never",
                option,
                value,
            ],
            Path::new("."),
        );
        assert_eq!(
            output.status.code(),
            Some(2),
            "{option} {value}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains(expected),
            "{option} {value}: {}",
            stderr(&output)
        );
        assert!(started.elapsed() < Duration::from_secs(10));
    }
    assert!(!Path::new("never").exists());
}

#[test]
fn metadata_that_could_be_misapplied_is_an_error_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    for shelf in ["one", "two"] {
        std::fs::create_dir(dir.path().join(shelf)).unwrap();
        std::fs::copy(seed_path(), dir.path().join(shelf).join("book.txt")).unwrap();
    }
    let cases = [
        (
            "path,author\none/book.txt,Brent\nbook.txt,Someone\n",
            vec!["one/book.txt"],
            "rows 2, 3 all describe one/book.txt",
        ),
        (
            "path,author\nbook.txt,Brent\n",
            vec!["one/book.txt", "two/book.txt"],
            "row 2 names `book.txt`, which is the file name of 2 inputs (one/book.txt, two/book.txt)",
        ),
    ];
    for (csv, inputs, expected) in cases {
        std::fs::write(dir.path().join("meta.csv"), csv).unwrap();
        let mut args = vec!["report", "--metadata", "meta.csv", "-o", "out"];
        args.extend(inputs);
        let output = voices(&args, dir.path());
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        assert!(stderr(&output).contains(expected), "{}", stderr(&output));
        assert!(!dir.path().join("out").exists(), "work started");
    }
}

#[test]
fn an_error_says_its_cause_once() {
    for (option, missing) in [
        ("--metadata", "missing.csv"),
        ("--speakers", "missing.toml"),
    ] {
        let seed = seed_path();
        let args = [
            "report",
            seed.to_str().unwrap(),
            option,
            missing,
            "-o",
            "never",
        ];
        let message = stderr(&voices(args, Path::new(".")));
        assert_eq!(
            message.matches("No such file or directory").count(),
            1,
            "{option}: {message}"
        );
    }
}

/// A corpus that takes the report a while: the seed forty times over.
fn slow_corpus(dir: &Path) -> PathBuf {
    let corpus = dir.join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    for copy in 0..40 {
        std::fs::copy(seed_path(), corpus.join(format!("copy-{copy:02}.txt"))).unwrap();
    }
    corpus
}

/// The staging directories beside `dir`'s `out`.
fn staging(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".out.voices-staging-"))
        .collect()
}

/// Starts a report of `corpus` into `dir/out` and sends `signal` once its staging
/// directory exists; returns how it ended.
fn interrupted_report(dir: &Path, corpus: &Path, signal: i32) -> std::process::ExitStatus {
    let mut child = Command::new(env!("CARGO_BIN_EXE_voices"))
        .args(["report", corpus.to_str().unwrap(), "-o", "out"])
        .current_dir(dir)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while staging(dir).is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no staging directory"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    // SAFETY: sends a signal to the child this test started.
    unsafe { libc::kill(child.id() as i32, signal) };
    child.wait().unwrap()
}

#[test]
fn an_interrupted_report_leaves_the_old_report_whole_and_no_staging() {
    use std::os::unix::process::ExitStatusExt;
    let dir = tempfile::tempdir().unwrap();
    let corpus = slow_corpus(dir.path());
    assert_success(&voices(
        [
            "report",
            seed_path().to_str().unwrap(),
            "-o",
            "out",
            "--resamples",
            "0",
        ],
        dir.path(),
    ));
    let listing = |dir: &Path| -> Vec<(PathBuf, Vec<u8>)> {
        let mut files: Vec<_> = walkdir::WalkDir::new(dir.join("out"))
            .into_iter()
            .map(|entry| entry.unwrap())
            .filter(|entry| entry.file_type().is_file())
            .map(|entry| {
                (
                    entry.path().to_path_buf(),
                    std::fs::read(entry.path()).unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    };
    let old = listing(dir.path());

    for (signal, code) in [(libc::SIGTERM, 143), (libc::SIGINT, 130)] {
        let status = interrupted_report(dir.path(), &corpus, signal);
        assert_eq!(status.code(), Some(code), "{status:?}");
        assert!(staging(dir.path()).is_empty(), "{:?}", staging(dir.path()));
        assert!(listing(dir.path()) == old, "the old report changed");
    }

    // `kill -9` cannot be caught: its staging directory stays until the next run.
    let status = interrupted_report(dir.path(), &corpus, libc::SIGKILL);
    assert_eq!(status.signal(), Some(libc::SIGKILL));
    assert!(listing(dir.path()) == old, "the old report changed");
    assert_eq!(staging(dir.path()).len(), 1);
    let output = voices(
        [
            "report",
            "corpus/copy-00.txt",
            "-o",
            "out",
            "--resamples",
            "0",
        ],
        dir.path(),
    );
    assert_success(&output);
    assert!(staging(dir.path()).is_empty(), "{:?}", staging(dir.path()));
    let new = listing(dir.path());
    assert!(new != old);
    assert_eq!(
        new.len(),
        old.len(),
        "a report of one document has the same files"
    );
}

#[test]
fn a_directory_that_is_not_a_report_is_not_replaced() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("notes")).unwrap();
    std::fs::write(dir.path().join("notes/todo.txt"), "read Pasternak").unwrap();
    let output = voices(
        ["report", seed_path().to_str().unwrap(), "-o", "notes"],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("notes: exists and is not a voices report"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("notes/todo.txt")).unwrap(),
        "read Pasternak"
    );
}

#[test]
fn every_adversarial_input_goes_through_the_pipeline() {
    let directory = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/adversarial");
    let mut inputs = 0;
    for entry in std::fs::read_dir(&directory).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name == "README.md" {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let result = std::panic::catch_unwind(|| voices::pipeline::exercise(&bytes));
        match result {
            Ok(Ok(_)) => {}
            // A crash the fuzzer found may be bytes that are no text: refused, fine.
            Ok(Err(_)) if name.starts_with("crash-") => {}
            Ok(Err(error)) => panic!("{name}: {error}"),
            Err(_) => panic!("{name}: the pipeline panicked"),
        }
        inputs += 1;
    }
    assert!(inputs >= 16, "{inputs} inputs in {}", directory.display());
}

/// The temporary files in a shard's directory of the `tokens` table.
fn shard_temporaries(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir.join("dataset/tokens/shard=0"))
        .map(|entries| {
            entries
                .map(|entry| entry.unwrap().path())
                .filter(|path| {
                    path.file_name()
                        .unwrap()
                        .to_string_lossy()
                        .starts_with(".voices-")
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_shard_killed_half_way_reads_as_unfinished_until_it_is_run_again() {
    let dir = tempfile::tempdir().unwrap();
    slow_corpus(dir.path());
    let analyse = [
        "analyse",
        "corpus",
        "-o",
        "dataset",
        "--shard",
        "0/1",
        "--resamples",
        "0",
    ];
    assert_success(&voices(analyse, dir.path()));
    let report_from = ["report", "--from", "dataset", "-o", "out"];
    assert_success(&voices(report_from, dir.path()));

    let mut child = Command::new(env!("CARGO_BIN_EXE_voices"))
        .args(analyse)
        .current_dir(dir.path())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while shard_temporaries(dir.path()).is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no temporary file"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();

    let output = voices(report_from, dir.path());
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("shard 0 of dataset did not finish"),
        "{}",
        stderr(&output)
    );
    assert!(!shard_temporaries(dir.path()).is_empty());

    assert_success(&voices(analyse, dir.path()));
    assert!(shard_temporaries(dir.path()).is_empty());
    assert_success(&voices(report_from, dir.path()));
}
