//! Evaluation of quotation detection and attribution against the Project Dialogism
//! Novel Corpus (`../shared/corpora/pdnc_dev`, or `$VOICES_CORPORA/pdnc_dev`): twelve
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
//! Then, over all novels: whether `confidence` means what it says (accuracy of the
//! attributions in each confidence band, over the annotated quotations found and
//! given a speaker), the accuracy of each rule, the share of named speakers that
//! are characters of the book (a speaker name that denotes no character is a place,
//! a group, a fragment or a merge of two people), the spread across novels (the
//! worst novel as well as the whole) and a Markdown table of the figures per novel.
//!
//! With `PDNC_CALIBRATION=FILE` (`benches/calibrate.sh`), writes the calibration of
//! `confidence`: attributions and right ones per rule and situation over all the
//! novels. The confidence bands are printed twice: as shipped, and calibrated on the
//! other novels only (leave one novel out), which is what a book never seen gets.
//!
//! With `PDNC_MISTAKES=DIR`, writes `DIR/<novel>.tsv`: every annotated quotation
//! whose speaker came out wrong, with its type, the annotated and the given speaker,
//! the rule and evidence used, and its first words. With `PDNC_SEQUENCE=DIR`, writes
//! `DIR/<novel>.tsv`: every annotated quotation in the book's order, with its start,
//! `right`, `WRONG` or `missed`, and the same columns: the runs a mistake is part of.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Instant;

use voices::document::AnalysedDocument;
use voices::ingest::Metadata;
use voices::pipeline;
use voices::voices::SpeakerMap;
use voices::voices::calibration::Calibration;
use voices::voices::ranker::{LabelledTurn, Ranker, TurnExample};

#[path = "common.rs"]
mod common;
use common::ratio;

struct Gold {
    spans: Vec<Range<usize>>,
    speaker: String,
    kind: String,
}

struct Character {
    names: Vec<String>,
    /// `M`, `F`, or anything else for unknown.
    gender: String,
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

/// Names PDNC misspells, with the spelling of the book: the book's spelling is added
/// to the character's aliases. *A Passage to India* writes `Nawab Bahadur` 39
/// times and `Badahur` never, but PDNC lists him (32 quotations) only as `The Nawab
/// Badahur`.
const ERRATA: &[(&str, &str, &str)] = &[("APassageToIndia", "Badahur", "Nawab Bahadur")];

fn normalise(name: &str) -> String {
    let lower = name.trim().to_lowercase();
    lower.strip_prefix("the ").unwrap_or(&lower).to_string()
}

/// The person a PDNC character is: PDNC splits one person who plays two roles into
/// characters named `X - Role` (`Christopher Robin - Story` and `- External`, the
/// boy of the tales and of the frame around them, 98 quotations of
/// *Winnie-the-Pooh*). No name tells the roles apart, so both are scored as `X`.
fn person_of(character: &str) -> &str {
    character
        .split_once(" - ")
        .map_or(character, |(person, _)| person)
        .trim()
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
/// Darcy, not Colonel Fitzwilliam). Else a part of a name denotes the one character
/// whose names contain it: PDNC's alias lists leave out most first names and
/// title-plus-surname forms (`Jake` for Jake Barnes, `Miss Quested` for Adela
/// Quested), which name the character as surely as the full name. A title must fit
/// the character's gender (`Mr. Quested` is not Adela).
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
    // A character one of whose names holds the whole predicted name is named more
    // surely than one with a name made of some of its words (`E. W. B. Childers`
    // is `Mr. E. W. B. Childers`, not the `Childers` PDNC also lists).
    let whole = name_part_of(characters, &words);
    if words.len() > 1 && whole.len() == 1 && !found.contains(&whole[0]) {
        return whole;
    }
    if found.len() > 1 {
        // `Caroline Bingley` is Miss Bingley, whose first name PDNC lists, not Mr.
        // Bingley, whose surname it is too: a first name tells one of a family
        // from the others, a surname does not.
        let by_first_name: Vec<String> = found
            .iter()
            .filter(|main| has_first_name(&characters[*main], words[0]))
            .cloned()
            .collect();
        if words.len() > 1 && by_first_name.len() == 1 {
            return by_first_name;
        }
        let by_surname = matching(true);
        if !by_surname.is_empty() {
            return by_surname;
        }
    }
    if !found.is_empty() {
        return found;
    }
    name_part_of(characters, &words)
}

/// True when `word` is the character's first name: an alias of one word that is
/// never the last word of its other names (`Caroline` for Miss Bingley, but not
/// `Fitzwilliam` for Colonel Fitzwilliam, whose surname it is).
fn has_first_name(character: &Character, word: &str) -> bool {
    let names: Vec<String> = character.names.iter().map(|name| normalise(name)).collect();
    names.iter().any(|name| name == word)
        && !names.iter().any(|name| {
            name.split_whitespace().count() > 1 && name.split_whitespace().last() == Some(word)
        })
}

/// The characters whose names contain all the words of `words` (titles aside; a
/// hyphenated name counts its parts: `Winnie` is in `Winnie-the-Pooh`), when the
/// title, if any, fits the character's gender. A speaker is right only when this is
/// one character, but a name shared by two characters is still a character's name.
fn name_part_of(characters: &BTreeMap<String, Character>, words: &[&str]) -> Vec<String> {
    let title_gender = |word: &str| match word.trim_end_matches('.') {
        "mr" | "mister" | "sir" | "lord" | "monsieur" | "m" | "herr" | "signor" => Some("M"),
        "mrs" | "miss" | "ms" | "lady" | "madam" | "madame" | "mme" | "mlle" | "mademoiselle"
        | "dame" | "frau" | "fräulein" => Some("F"),
        _ => None,
    };
    let titles = [
        "dr",
        "doctor",
        "prof",
        "professor",
        "rev",
        "reverend",
        "colonel",
        "captain",
    ];
    let gender = words.first().and_then(|word| title_gender(word));
    let name: Vec<&str> = words
        .iter()
        .copied()
        .filter(|word| {
            title_gender(word).is_none() && !titles.contains(&word.trim_end_matches('.'))
        })
        .collect();
    if name.is_empty() {
        return Vec::new();
    }
    let named: Vec<String> = characters
        .iter()
        .filter(|(_, character)| {
            gender.is_none_or(|gender| {
                !matches!(character.gender.as_str(), "M" | "F") || character.gender == gender
            }) && character.names.iter().any(|alias| {
                let alias = normalise(alias);
                let alias: Vec<&str> = alias.split_whitespace().collect();
                name.iter().all(|word| alias.contains(word))
            })
        })
        .map(|(main, _)| main.clone())
        .collect();
    named
}

/// One annotated quotation that was found and given a speaker.
#[derive(Clone)]
struct Attribution {
    rule: &'static str,
    situation: String,
    confidence: f32,
    right: bool,
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
    attributions: Vec<Attribution>,
    /// Found quotations (speech) given a named speaker (not the narrator), and
    /// those whose name denotes a character of the book.
    named: usize,
    named_characters: usize,
    /// The speaker names that denote no character, with their quotations.
    not_characters: BTreeMap<String, usize>,
    bytes: usize,
    seconds: f64,
    voice_seconds: f64,
    /// The annotated quotations whose speaker came out wrong (`PDNC_MISTAKES`).
    mistakes: String,
    /// Every annotated quotation in the order of the book, right or wrong
    /// (`PDNC_SEQUENCE`): the runs of turns a mistake belongs to.
    sequence: String,
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
        self.attributions.extend(other.attributions.iter().cloned());
        self.named += other.named;
        self.named_characters += other.named_characters;
        self.bytes += other.bytes;
        self.seconds += other.seconds;
        self.voice_seconds += other.voice_seconds;
    }

    fn print(&self, name: &str) {
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

/// A novel of the corpus with its annotations, analysed.
struct Novel {
    name: String,
    text: String,
    gold: Vec<Gold>,
    characters: BTreeMap<String, Character>,
    document: AnalysedDocument,
    /// The whole analysis and the voice stage alone, in seconds.
    seconds: f64,
    voice_seconds: f64,
}

fn read_novel(directory: &Path) -> Novel {
    let text_path = directory.join("novel_text.txt");
    let text = std::fs::read_to_string(&text_path).expect("the novel is UTF-8");
    // PDNC's offsets count characters; voices counts bytes.
    let byte_of_char = common::byte_of_char(&text);
    let mut gold: Vec<Gold> = read_csv(&directory.join("quotation_info.csv"))
        .iter()
        .map(|row| Gold {
            spans: spans(&row[3])
                .into_iter()
                .map(|span| byte_of_char[span.start]..byte_of_char[span.end])
                .collect(),
            speaker: person_of(&row[4]).to_string(),
            kind: row[6].to_lowercase(),
        })
        .collect();
    let mut characters: BTreeMap<String, Character> = BTreeMap::new();
    for row in read_csv(&directory.join("character_info.csv")) {
        let person = person_of(&row[1]);
        let character = characters
            .entry(person.to_string())
            .or_insert_with(|| Character {
                names: vec![person.to_string()],
                gender: row.get(3).unwrap_or("").to_string(),
            });
        character.names.extend(python_strings(&row[2]));
        character.names.push(row[1].to_string());
    }
    for (novel, misspelt, as_written) in ERRATA {
        if directory.ends_with(novel)
            && let Some(character) = characters
                .values_mut()
                .find(|character| character.names.iter().any(|name| name.contains(misspelt)))
        {
            character.names.push(as_written.to_string());
        }
    }
    // A quotation's speaker is sometimes written by one of the character's aliases
    // rather than the name `character_info.csv` lists it under (`Aunt Celia`, 25
    // quotations of *Night and Day*, for the character `Mrs. Milvain`): it is that
    // character, when exactly one has the alias.
    for quotation in &mut gold {
        if characters.contains_key(&quotation.speaker) {
            continue;
        }
        let wanted = normalise(&quotation.speaker);
        let owners: Vec<&String> = characters
            .iter()
            .filter(|(_, character)| character.names.iter().any(|name| normalise(name) == wanted))
            .map(|(main, _)| main)
            .collect();
        if let [owner] = owners.as_slice() {
            quotation.speaker = (*owner).clone();
        }
    }

    let started = Instant::now();
    let document = pipeline::analyse_file(
        &text_path,
        pipeline::Settings {
            metadata: &Metadata::default(),
            speakers: &SpeakerMap::default(),
            corrections: &Default::default(),
        },
    )
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
    Novel {
        name: directory.file_name().unwrap().to_string_lossy().to_string(),
        text,
        gold,
        characters,
        document,
        seconds,
        voice_seconds,
    }
}

impl Novel {
    /// Attributes the novel's quotations again with `ranker`, recording the turns
    /// it decided.
    fn attribute(&mut self, ranker: &Ranker) -> Vec<TurnExample> {
        let (voices, examples) = voices::voices::find_ranked(
            &self.document.clean,
            &self.document.segmented,
            &SpeakerMap::default(),
            ranker,
            true,
        );
        self.document.voices = voices;
        examples
    }

    /// The annotated speaker of each quotation found (by overlap), by its index.
    fn gold_speakers(&self) -> BTreeMap<usize, &str> {
        let mut speakers = BTreeMap::new();
        for (index, quote) in self.document.voices.quotes.iter().enumerate() {
            let pieces = common::source_pieces(&self.document, quote);
            if let Some(gold) = self
                .gold
                .iter()
                .find(|g| common::overlaps(&pieces, &g.spans))
            {
                speakers.insert(index, gold.speaker.as_str());
            }
        }
        speakers
    }

    /// The recorded turns whose annotated speaker is one of the candidates, with
    /// which one, to train the ranker on.
    fn label(&self, examples: &[TurnExample]) -> Vec<LabelledTurn> {
        let gold = self.gold_speakers();
        examples
            .iter()
            .filter_map(|example| {
                let speaker = gold.get(&example.quote)?;
                let right = example.candidates.iter().position(|(name, _)| {
                    !name.is_empty() && characters_named(&self.characters, name) == [*speaker]
                })?;
                Some(LabelledTurn {
                    candidates: example.candidates.iter().map(|(_, f)| *f).collect(),
                    right,
                })
            })
            .collect()
    }

    /// Scores the attribution the novel holds now.
    fn score(&self) -> Counts {
        let (text, gold, characters) = (&self.text, &self.gold, &self.characters);
        let found = common::speech(&self.document);
        let mut counts = Counts {
            gold: gold.len(),
            found: found.len(),
            bytes: text.len(),
            seconds: self.seconds,
            voice_seconds: self.voice_seconds,
            ..Counts::default()
        };
        counts.found_overlapping = found
            .iter()
            .filter(|(pieces, _)| gold.iter().any(|g| common::overlaps(pieces, &g.spans)))
            .count();
        for (_, quote) in &found {
            if let Some(speaker) = quote.speaker.as_deref()
                && speaker != voices::voices::NARRATOR
            {
                counts.named += 1;
                if characters_named(characters, speaker).is_empty() {
                    *counts
                        .not_characters
                        .entry(speaker.to_string())
                        .or_default() += 1;
                } else {
                    counts.named_characters += 1;
                }
            }
        }
        for g in gold {
            let entry = counts.speakers.entry(g.kind.clone()).or_default();
            entry.0 += 1;
            let words: String = text[g.spans[0].clone()].chars().take(60).collect();
            let words = words.replace(['\t', '\n'], " ");
            let Some((pieces, quote)) = found
                .iter()
                .find(|(pieces, _)| common::overlaps(pieces, &g.spans))
            else {
                counts.sequence += &format!(
                    "{}\tmissed\t{}\t{}\t-\t-\t-\t{words}\n",
                    g.spans[0].start, g.kind, g.speaker
                );
                continue;
            };
            counts.gold_overlapped += 1;
            if pieces == &g.spans {
                counts.exact += 1;
            }
            entry.1 += 1;
            let right = quote.speaker.as_deref().is_some_and(|speaker| {
                characters_named(characters, speaker) == [g.speaker.clone()]
            });
            if quote.speaker.is_some() {
                counts.attributions.push(Attribution {
                    rule: quote.rule,
                    situation: quote.situation.to_string(),
                    confidence: quote.confidence,
                    right,
                });
            }
            let row = format!(
                "{}\t{}\t{}\t{words}\n",
                g.kind,
                g.speaker,
                common::given(quote)
            );
            let mark = if right { "right" } else { "WRONG" };
            counts.sequence += &format!("{}\t{mark}\t{row}", g.spans[0].start);
            if right {
                entry.2 += 1;
            } else {
                counts.mistakes += &row;
            }
        }
        let mut strangers: Vec<(&String, &usize)> = counts.not_characters.iter().collect();
        strangers.sort_by_key(|(name, count)| (std::cmp::Reverse(**count), *name));
        let strangers: String = strangers
            .into_iter()
            .map(|(name, count)| format!("not a character\t{name}\t{count}\n"))
            .collect();
        counts.mistakes += &strangers;
        counts
    }
}

/// How many times the ranker is trained on the turns it decided itself: each round
/// records the turns as the ranker of the round before decided them, so the
/// features it learns from are those it will see.
const TRAINING_ROUNDS: usize = 3;

/// Trains the turn ranker on every novel (`PDNC_TRAIN_RANKER`), from the bundled
/// ranker's decisions, and writes it.
fn train_ranker(novels: &mut [Novel], path: &Path) -> Ranker {
    let mut ranker = Ranker::bundled().clone();
    for round in 1..=TRAINING_ROUNDS {
        let mut turns = Vec::new();
        let mut recorded = 0;
        for novel in novels.iter_mut() {
            let examples = novel.attribute(&ranker);
            recorded += examples.len();
            turns.extend(novel.label(&examples));
        }
        ranker = Ranker::train(&turns);
        println!(
            "training round {round}: {} of {recorded} turns have their speaker among the candidates",
            turns.len()
        );
    }
    let comment = format!(
        "Turn ranker weights (src/voices/ranker.rs), trained on the turns of the {} PDNC\n\
         dev novels whose speaker is among the candidates. Written by\n\
         benches/train_ranker.sh; do not edit by hand.",
        novels.len()
    );
    std::fs::write(path, ranker.to_tsv(&comment)).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    println!("ranker written to {}", path.display());
    ranker
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else is accepted.
    let Some(pdnc) = common::corpus("pdnc_dev") else {
        return;
    };
    let mut folders: Vec<PathBuf> = std::fs::read_dir(&pdnc)
        .expect("the corpus folder is readable")
        .map(|entry| entry.expect("a folder entry").path())
        .filter(|path| path.join("novel_text.txt").is_file())
        .collect();
    folders.sort();
    let mut novels: Vec<Novel> = folders.iter().map(|folder| read_novel(folder)).collect();
    let ranker = match std::env::var_os("PDNC_TRAIN_RANKER") {
        Some(path) => train_ranker(&mut novels, Path::new(&path)),
        None => Ranker::bundled().clone(),
    };
    // The ranker as shipped (trained on all the novels), and the turns it decides.
    let mut turns: Vec<Vec<LabelledTurn>> = Vec::new();
    let mut shipped = Counts::default();
    for novel in &mut novels {
        let examples = novel.attribute(&ranker);
        turns.push(novel.label(&examples));
        shipped.add(&novel.score());
    }
    // Each novel with a ranker trained on the other novels only: what a book never
    // seen gets.
    let mut per_novel: Vec<(String, Counts)> = Vec::new();
    for (left_out, novel) in novels.iter_mut().enumerate() {
        let others: Vec<LabelledTurn> = turns
            .iter()
            .enumerate()
            .filter(|(novel, _)| *novel != left_out)
            .flat_map(|(_, turns)| turns.iter().cloned())
            .collect();
        novel.attribute(&Ranker::train(&others));
        per_novel.push((novel.name.clone(), novel.score()));
    }
    println!(
        "speaker accuracy per type: right/found (of quotations found) and right/annotated (end to end),\n\
         each novel attributed with a turn ranker trained on the other novels"
    );
    println!("{:<30} {:>5} {:>5}", "novel", "gold", "found");
    let mut total = Counts::default();
    for (name, counts) in &per_novel {
        counts.print(name);
        total.add(counts);
    }
    total.print("all");
    shipped.print("all, shipped ranker");
    print_spread(&per_novel);
    println!("confidence as shipped (ranker and calibration from all the novels):");
    print_confidence(&shipped.attributions);
    println!(
        "confidence with the ranker and the calibration from the other novels (leave one novel out):"
    );
    print_confidence(&left_out_confidences(&per_novel));
    if let Some(path) = std::env::var_os("PDNC_CALIBRATION") {
        let calibration = Calibration::from_outcomes(
            shipped
                .attributions
                .iter()
                .map(|a| (a.rule, a.situation.as_str(), a.right)),
        );
        let comment = format!(
            "Calibrated confidence (src/voices/calibration.rs): attributions and right ones per\n\
             rule and situation on the {} PDNC dev novels, found and given a speaker.\n\
             Written by benches/calibrate.sh; do not edit by hand.",
            per_novel.len()
        );
        std::fs::write(&path, calibration.to_tsv(&comment))
            .unwrap_or_else(|e| panic!("{path:?}: {e}"));
        println!("calibration written to {}", Path::new(&path).display());
    }
    for (variable, whole_sequence) in [("PDNC_MISTAKES", false), ("PDNC_SEQUENCE", true)] {
        let Some(folder) = std::env::var_os(variable) else {
            continue;
        };
        for (name, counts) in &per_novel {
            let path = Path::new(&folder).join(name).with_extension("tsv");
            let text = if whole_sequence {
                &counts.sequence
            } else {
                &counts.mistakes
            };
            std::fs::write(&path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
    }
    print_rules(&total.attributions);
    println!(
        "named speakers that are characters of the book: {:.3} ({} of {} quotations found with a named speaker)",
        ratio(total.named_characters, total.named),
        total.named_characters,
        total.named
    );
    print_markdown(&per_novel, &total);
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

/// End-to-end accuracy of one quotation type (None: all types).
fn accuracy(counts: &Counts, kind: Option<&str>) -> f64 {
    let (gold, right) = counts
        .speakers
        .iter()
        .filter(|(name, _)| kind.is_none_or(|kind| kind == name.as_str()))
        .fold((0, 0), |(gold, right), (_, (g, _, r))| {
            (gold + g, right + r)
        });
    ratio(right, gold)
}

/// The worst novel beside the whole, per quotation type.
fn print_spread(per_novel: &[(String, Counts)]) {
    for kind in [Some("explicit"), Some("anaphoric"), Some("implicit"), None] {
        let figures: Vec<(f64, &str)> = per_novel
            .iter()
            .map(|(name, counts)| (accuracy(counts, kind), name.as_str()))
            .collect();
        let (worst, name) = figures
            .iter()
            .copied()
            .fold((f64::INFINITY, ""), |a, b| if b.0 < a.0 { b } else { a });
        let (best, _) =
            figures.iter().copied().fold(
                (f64::NEG_INFINITY, ""),
                |a, b| if b.0 > a.0 { b } else { a },
            );
        let mean = figures.iter().map(|(value, _)| value).sum::<f64>() / figures.len() as f64;
        println!(
            "spread of {:<9} end to end: worst {worst:.3} ({name}), mean of novels {mean:.3}, best {best:.3}",
            kind.unwrap_or("all")
        );
    }
}

/// Every novel's attributions with the confidence a calibration on the other
/// novels gives them: how calibrated confidence does on a book it has not seen.
fn left_out_confidences(per_novel: &[(String, Counts)]) -> Vec<Attribution> {
    let mut attributions = Vec::new();
    for (left_out, (_, counts)) in per_novel.iter().enumerate() {
        let others = Calibration::from_outcomes(
            per_novel
                .iter()
                .enumerate()
                .filter(|(novel, _)| *novel != left_out)
                .flat_map(|(_, (_, counts))| &counts.attributions)
                .map(|a| (a.rule, a.situation.as_str(), a.right)),
        );
        for attribution in &counts.attributions {
            let confidence = others
                .confidence(attribution.rule, &attribution.situation)
                .unwrap_or(attribution.confidence);
            attributions.push(Attribution {
                confidence,
                ..attribution.clone()
            });
        }
    }
    attributions
}

/// The confidence bands of the README: does `confidence` say how often it is right?
const BANDS: [(f32, f32, &str); 4] = [
    (0.9, f32::INFINITY, "0.9 and above"),
    (0.7, 0.9, "0.7 to 0.9"),
    (0.5, 0.7, "0.5 to 0.7"),
    (f32::NEG_INFINITY, 0.5, "below 0.5"),
];

fn print_confidence(attributions: &[Attribution]) {
    println!("confidence band      attributions  right   mean confidence");
    for (low, high, label) in BANDS {
        let band: Vec<&Attribution> = attributions
            .iter()
            .filter(|a| a.confidence >= low && a.confidence < high)
            .collect();
        let right = band.iter().filter(|a| a.right).count();
        let mean =
            band.iter().map(|a| f64::from(a.confidence)).sum::<f64>() / band.len().max(1) as f64;
        println!(
            "{label:<20} {:>12}  {:.3}   {mean:.3}",
            band.len(),
            ratio(right, band.len())
        );
    }
}

fn print_rules(attributions: &[Attribution]) {
    let mut rules: BTreeMap<&str, (usize, usize, f64)> = BTreeMap::new();
    for attribution in attributions {
        let entry = rules.entry(attribution.rule).or_default();
        entry.0 += 1;
        entry.1 += usize::from(attribution.right);
        entry.2 += f64::from(attribution.confidence);
    }
    println!("rule                 attributions  right   mean confidence");
    for (rule, (count, right, confidence)) in rules {
        println!(
            "{rule:<20} {count:>12}  {:.3}   {:.3}",
            ratio(right, count),
            confidence / count as f64
        );
    }
}

/// The per-novel table of the README.
fn print_markdown(per_novel: &[(String, Counts)], total: &Counts) {
    println!();
    println!("| novel | quotations | detection F1 | explicit | anaphoric | implicit | all |");
    println!("|---|---|---|---|---|---|---|");
    let row = |name: &str, counts: &Counts| {
        let precision = ratio(counts.found_overlapping, counts.found);
        let recall = ratio(counts.gold_overlapped, counts.gold);
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        println!(
            "| {name} | {} | {f1:.3} | {:.1}% | {:.1}% | {:.1}% | {:.1}% |",
            counts.gold,
            100.0 * accuracy(counts, Some("explicit")),
            100.0 * accuracy(counts, Some("anaphoric")),
            100.0 * accuracy(counts, Some("implicit")),
            100.0 * accuracy(counts, None)
        );
    };
    for (name, counts) in per_novel {
        row(name, counts);
    }
    row(&format!("**all {}**", per_novel.len()), total);
}
