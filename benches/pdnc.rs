//! Evaluation of quotation detection and attribution against the Project Dialogism
//! Novel Corpus (`../shared/corpora/pdnc_dev`, or `$VOICES_CORPORA/pdnc_dev`): six
//! novels with every quotation annotated with its spans, speaker and type.
//!
//!     cargo bench --bench pdnc          (or benches/pdnc.sh)
//!
//! Prints, per novel and overall: detection precision, recall and F1, by overlap (a
//! found quotation shares characters with an annotated one) and exact (the same
//! spans); and speaker accuracy by PDNC's quotation type (explicit, anaphoric,
//! implicit), over the annotated quotations that were found and end to end (a
//! quotation not found counts as wrong). A speaker is right when the name `voices`
//! gives is the character's name or one of its aliases in `character_info.csv`.
//! Mentions (`kind = mention`) are not speech and are left out of the found set.
//! Skips with a message when the corpus is absent.
//!
//! With `PDNC_MISTAKES=DIR`, writes `DIR/<novel>.tsv`: every annotated quotation
//! whose speaker came out wrong, with its type, the annotated and the given speaker,
//! the rule and evidence used, and its first words.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Instant;

use voices::ingest::Metadata;
use voices::pipeline;
use voices::voices::{Quote, SpeakerMap};

struct Gold {
    spans: Vec<Range<usize>>,
    speaker: String,
    kind: String,
}

struct Character {
    names: Vec<String>,
}

/// The strings quoted inside a Python literal such as `{'Mrs. Collins', "O'Hara"}`.
fn python_strings(literal: &str) -> Vec<String> {
    let mut strings = Vec::new();
    let mut chars = literal.chars();
    while let Some(character) = chars.next() {
        if character == '\'' || character == '"' {
            let text: String = chars.by_ref().take_while(|&c| c != character).collect();
            strings.push(text);
        }
    }
    strings
}

/// The pairs of numbers in `[[395, 414], [447, 499]]`.
fn spans(literal: &str) -> Vec<Range<usize>> {
    let numbers: Vec<usize> = literal
        .split(|c: char| !c.is_ascii_digit())
        .filter(|part| !part.is_empty())
        .map(|part| part.parse().expect("digits"))
        .collect();
    numbers.chunks(2).map(|pair| pair[0]..pair[1]).collect()
}

fn normalise(name: &str) -> String {
    let lower = name.trim().to_lowercase();
    lower.strip_prefix("the ").unwrap_or(&lower).to_string()
}

fn read_csv(path: &Path) -> Vec<csv::StringRecord> {
    let mut reader =
        csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    reader
        .records()
        .map(|record| record.expect("a CSV row"))
        .collect()
}

/// The characters whose names or aliases match `predicted`: exactly, else those
/// with an alias whose words are all in the predicted name; of several, those with
/// such an alias that ends with the predicted surname (`Fitzwilliam Darcy` is Mr.
/// Darcy, not Colonel Fitzwilliam).
fn characters_named(characters: &BTreeMap<String, Character>, predicted: &str) -> Vec<String> {
    let wanted = normalise(predicted);
    let exact: Vec<String> = characters
        .iter()
        .filter(|(_, character)| character.names.iter().any(|name| normalise(name) == wanted))
        .map(|(main, _)| main.clone())
        .collect();
    if !exact.is_empty() {
        return exact;
    }
    let words: Vec<&str> = wanted.split_whitespace().collect();
    let matching = |surname_only: bool| -> Vec<String> {
        characters
            .iter()
            .filter(|(_, character)| {
                character.names.iter().any(|name| {
                    let name = normalise(name);
                    name.split_whitespace().count() > 0
                        && name.split_whitespace().all(|word| words.contains(&word))
                        && (!surname_only
                            || name.split_whitespace().last() == words.last().copied())
                })
            })
            .map(|(main, _)| main.clone())
            .collect()
    };
    let found = matching(false);
    if found.len() > 1 {
        let by_surname = matching(true);
        if !by_surname.is_empty() {
            return by_surname;
        }
    }
    found
}

#[derive(Default)]
struct Counts {
    gold: usize,
    found: usize,
    found_overlapping: usize,
    gold_overlapped: usize,
    exact: usize,
    /// By type: (annotated, found, right).
    speakers: BTreeMap<String, (usize, usize, usize)>,
    bytes: usize,
    seconds: f64,
    voice_seconds: f64,
}

impl Counts {
    fn add(&mut self, other: &Counts) {
        self.gold += other.gold;
        self.found += other.found;
        self.found_overlapping += other.found_overlapping;
        self.gold_overlapped += other.gold_overlapped;
        self.exact += other.exact;
        for (kind, (a, b, c)) in &other.speakers {
            let entry = self.speakers.entry(kind.clone()).or_default();
            entry.0 += a;
            entry.1 += b;
            entry.2 += c;
        }
        self.bytes += other.bytes;
        self.seconds += other.seconds;
        self.voice_seconds += other.voice_seconds;
    }

    fn print(&self, name: &str) {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let f1 = |p: f64, r: f64| {
            if p + r == 0.0 {
                0.0
            } else {
                2.0 * p * r / (p + r)
            }
        };
        let (p, r) = (
            ratio(self.found_overlapping, self.found),
            ratio(self.gold_overlapped, self.gold),
        );
        let (pe, re) = (ratio(self.exact, self.found), ratio(self.exact, self.gold));
        let mut line = format!(
            "{name:<30} {:>5} {:>5}  overlap P {p:.3} R {r:.3} F1 {:.3}  exact P {pe:.3} R {re:.3} F1 {:.3}",
            self.gold,
            self.found,
            f1(p, r),
            f1(pe, re)
        );
        let (mut all_gold, mut all_found, mut all_right) = (0, 0, 0);
        for (kind, (gold, found, right)) in &self.speakers {
            line += &format!(
                "  {kind} {:.3}/{:.3}",
                ratio(*right, *found),
                ratio(*right, *gold)
            );
            all_gold += gold;
            all_found += found;
            all_right += right;
        }
        line += &format!(
            "  all {:.3}/{:.3}",
            ratio(all_right, all_found),
            ratio(all_right, all_gold)
        );
        println!("{line}");
    }
}

fn evaluate(directory: &Path) -> Counts {
    let text_path = directory.join("novel_text.txt");
    let text = std::fs::read_to_string(&text_path).expect("the novel is UTF-8");
    // PDNC's offsets count characters; voices counts bytes.
    let mut byte_of_char: Vec<usize> = text.char_indices().map(|(byte, _)| byte).collect();
    byte_of_char.push(text.len());
    let gold: Vec<Gold> = read_csv(&directory.join("quotation_info.csv"))
        .iter()
        .map(|row| Gold {
            spans: spans(&row[3])
                .into_iter()
                .map(|span| byte_of_char[span.start]..byte_of_char[span.end])
                .collect(),
            speaker: row[4].to_string(),
            kind: row[6].to_lowercase(),
        })
        .collect();
    let characters: BTreeMap<String, Character> = read_csv(&directory.join("character_info.csv"))
        .iter()
        .map(|row| {
            let mut names = python_strings(&row[2]);
            names.push(row[1].to_string());
            (row[1].to_string(), Character { names })
        })
        .collect();

    let started = Instant::now();
    let document = pipeline::analyse_file(&text_path, &Metadata::default(), &SpeakerMap::default())
        .expect("the novel is readable");
    let seconds = started.elapsed().as_secs_f64();
    // The voice stage alone, run again on the analysed document (the fastest of
    // five runs, as a machine's other work only ever slows a run down).
    let voice_seconds = (0..5)
        .map(|_| {
            let started = Instant::now();
            let again =
                voices::voices::find(&document.clean, &document.segmented, &SpeakerMap::default());
            assert_eq!(again.quotes.len(), document.voices.quotes.len());
            started.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min);
    let map = &document.clean.text.map;
    let found: Vec<(Vec<Range<usize>>, &Quote)> = document
        .voices
        .quotes
        .iter()
        .filter(|quote| quote.is_speech())
        .map(|quote| {
            let pieces = quote
                .pieces
                .iter()
                .map(|piece| map.source_range(piece.clone()))
                .collect();
            (pieces, quote)
        })
        .collect();

    let overlaps = |a: &[Range<usize>], b: &[Range<usize>]| {
        a.iter()
            .any(|x| b.iter().any(|y| x.start < y.end && y.start < x.end))
    };
    let mut counts = Counts {
        gold: gold.len(),
        found: found.len(),
        bytes: text.len(),
        seconds,
        voice_seconds,
        ..Counts::default()
    };
    counts.found_overlapping = found
        .iter()
        .filter(|(pieces, _)| gold.iter().any(|g| overlaps(pieces, &g.spans)))
        .count();
    let mut mistakes = String::new();
    for g in &gold {
        let entry = counts.speakers.entry(g.kind.clone()).or_default();
        entry.0 += 1;
        let Some((pieces, quote)) = found.iter().find(|(pieces, _)| overlaps(pieces, &g.spans))
        else {
            continue;
        };
        counts.gold_overlapped += 1;
        if pieces == &g.spans {
            counts.exact += 1;
        }
        entry.1 += 1;
        let right = quote
            .speaker
            .as_deref()
            .is_some_and(|speaker| characters_named(&characters, speaker) == [g.speaker.clone()]);
        if right {
            entry.2 += 1;
        } else {
            let words: String = text[g.spans[0].clone()].chars().take(60).collect();
            mistakes += &format!(
                "{}\t{}\t{}\t{}\t{}\t{}\n",
                g.kind,
                g.speaker,
                quote.speaker.as_deref().unwrap_or("-"),
                quote.rule,
                quote.evidence.replace(['\t', '\n'], " "),
                words.replace(['\t', '\n'], " ")
            );
        }
    }
    if let Some(folder) = std::env::var_os("PDNC_MISTAKES") {
        let name = directory.file_name().expect("a novel folder");
        let path = Path::new(&folder).join(name).with_extension("tsv");
        std::fs::write(&path, mistakes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
    counts
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else is accepted.
    let corpora = std::env::var_os("VOICES_CORPORA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora"));
    let pdnc = corpora.join("pdnc_dev");
    if !pdnc.is_dir() {
        eprintln!("skipped: {} not found (set VOICES_CORPORA)", pdnc.display());
        return;
    }
    let mut novels: Vec<PathBuf> = std::fs::read_dir(&pdnc)
        .expect("the corpus folder is readable")
        .map(|entry| entry.expect("a folder entry").path())
        .filter(|path| path.join("novel_text.txt").is_file())
        .collect();
    novels.sort();
    println!(
        "speaker accuracy per type: right/found (of quotations found) and right/annotated (end to end)"
    );
    println!("{:<30} {:>5} {:>5}", "novel", "gold", "found");
    let mut total = Counts::default();
    for novel in &novels {
        let counts = evaluate(novel);
        counts.print(&novel.file_name().unwrap().to_string_lossy());
        total.add(&counts);
    }
    total.print("all");
    let megabytes = total.bytes as f64 / 1e6;
    println!(
        "whole analysis (ingest, clean, segment, voices): {megabytes:.1} MB in {:.2} s, {:.1} MB/s on one thread",
        total.seconds,
        megabytes / total.seconds
    );
    println!(
        "voice stage alone: {:.3} s, {:.1} MB/s on one thread",
        total.voice_seconds,
        megabytes / total.voice_seconds
    );
}
