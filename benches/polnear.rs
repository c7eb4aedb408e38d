//! Evaluation of quotation attribution in the news against PolNeAR
//! (`../shared/corpora/polnear_train`, or `$VOICES_CORPORA/polnear_train`): 840
//! political news articles with every attribution annotated as brat standoff
//! (`Source`, `Cue` and `Content` spans tied by an `Attribution` event).
//!
//!     cargo bench --bench polnear          (or benches/polnear.sh)
//!
//! What is scored: the direct quotations, that is every annotated `Content` that
//! opens with a quotation mark and quotes six words or more (the words between its
//! marks: a content that runs on past its closing mark into the reporter's words,
//! `“evidence” that Clinton potentially…`, quotes one). One is *found* when a
//! quotation `voices` calls speech overlaps it; its source is *named right* when the
//! last word of the speaker `voices` gives (the surname: `Hillary Clinton` →
//! `Clinton`) is the last word of the annotated source's name. The name of a source
//! is read part by part between its commas: the first part that ends in a name
//! gives its last run of capitalised words, what qualifies it cut off (a
//! parenthesis, `who`, `from`, `of` but after an office): `Tad Devine, a senior
//! strategist for Sanders` → `Tad Devine`; `Clinton's campaign chairman, John
//! Podesta` → `John Podesta`; `Sen. Bernie Sanders (I-Vt.)` → `Sen. Bernie
//! Sanders`. A source none of whose parts ends in a name is a description (`the
//! Florida senator`, `a spokesman for Bernie Sanders`), and its last word before
//! `to`, `for` or `at` is its noun. A quotation inside another attribution
//! (`Sanders said, according to CNN`) is named right by either source. A source
//! that opens with a verb of speech or `according` (`said`, `According to`: a
//! dozen annotations swap the source and the cue of `said Bolton`) is read from
//! the cue.
//!
//! PolNeAR does not resolve pronouns. The antecedent of every pronoun it gives as
//! the source of a direct quotation was read by hand into
//! `benches/polnear-antecedents.tsv` (777 pronouns; see its header), and a pronoun
//! source stands for that name. Without the file, or for a pronoun it lacks, the
//! bench guesses: the nearest source before it in the article whose name a reader
//! would take for its antecedent: a name, not a description; a one-word name the
//! article writes capitalised more often than in lower case and not in capitals
//! only (not `Most`, `GOP`); and not of the other gender by its title or first name
//! (a `she` is not `Bernie Sanders`); else the nearest source with a name. The
//! bench prints how often that guess agrees with the hand reading. The figure is
//! end to end: a quotation not found counts as not named right.
//!
//! Some articles were annotated twice; the first annotation (by file name) is used.
//! With `POLNEAR_MISTAKES=FILE`, writes every direct quotation whose source came out
//! wrong: article, annotated source, the name it stands for, the speaker given, the
//! rule and evidence, and the quotation's first words. Skips with a message when the
//! corpus is absent.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Instant;

use voices::ingest::Metadata;
use voices::pipeline;
use voices::voices::SpeakerMap;

#[path = "common.rs"]
mod common;
use common::ratio;

/// One attribution whose content is a direct quotation.
struct DirectQuote {
    content: Vec<Range<usize>>,
    /// The source as written, and the name it stands for (a pronoun's antecedent).
    source: String,
    source_name: String,
    /// The sources of the attributions it is inside or holds, also right.
    also: Vec<String>,
    /// For a pronoun source read by hand, the antecedent the bench would have
    /// guessed.
    guessed: Option<String>,
}

/// The antecedents of pronoun sources read by hand: by article, the first
/// character of the quotation's content and its antecedent.
type Antecedents = BTreeMap<String, BTreeMap<usize, String>>;

fn read_antecedents() -> Antecedents {
    let mut antecedents = Antecedents::new();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/polnear-antecedents.tsv");
    let Ok(table) = std::fs::read_to_string(&path) else {
        eprintln!("{} not found: pronoun sources are guessed", path.display());
        return antecedents;
    };
    for line in table.lines().filter(|line| !line.starts_with('#')) {
        let fields: Vec<&str> = line.split('\t').collect();
        if let [article, start, _pronoun, antecedent] = fields[..]
            && let Ok(start) = start.parse()
        {
            antecedents
                .entry(article.to_string())
                .or_default()
                .insert(start, antecedent.to_string());
        }
    }
    antecedents
}

const PRONOUNS: &[&str] = &[
    "he", "she", "they", "i", "we", "it", "you", "him", "her", "them", "his", "their",
];

/// The words of a source's name, or of its description. A source is read part by
/// part, its parts split by commas: the first part whose words end in a name gives
/// the name, its last run of capitalised words (`Tad Devine, a senior strategist`
/// → `Tad Devine`; `Clinton's campaign chairman, John Podesta` → `John Podesta`;
/// `Sen. Bernie Sanders (I-Vt.)` → `Sen. Bernie Sanders`). What qualifies a name
/// is cut first: a parenthesis, `who…`, `from…`, `of…` (but not after an office:
/// `Secretary of State John Kerry`), and after a description `to…`, `for…` and
/// `at…` (`a spokesman for Bernie Sanders` is a spokesman). A source none of whose
/// parts ends in a name is a description (`the Florida senator`), and its last
/// word is its noun.
fn name_words(source: &str) -> Vec<String> {
    let source = source.split('(').next().unwrap_or(source);
    let parts: Vec<Vec<&str>> = source.split(',').map(words_of_part).collect();
    for words in &parts {
        let ends_in_name = words.last().is_some_and(|word| {
            word.chars().next().is_some_and(char::is_uppercase)
                && !word.ends_with("'s")
                && !word.ends_with("’s")
        });
        if ends_in_name {
            let first = words
                .iter()
                .rposition(|word| !word.chars().next().is_some_and(char::is_uppercase))
                .map_or(0, |lower| lower + 1);
            let run = &words[first..];
            // `The` and the like open a description, not a name.
            if !(run.len() == 1 && matches!(run[0], "The" | "A" | "An" | "I")) {
                return run.iter().map(|word| word.to_string()).collect();
            }
        }
    }
    parts
        .first()
        .map(|words| words.iter().map(|word| word.to_string()).collect())
        .unwrap_or_default()
}

/// The words of one comma-separated part of a source, what qualifies it cut off.
fn words_of_part(part: &str) -> Vec<&str> {
    let head = [" who ", " from "]
        .iter()
        .fold(part, |head, cut| head.split(cut).next().unwrap_or(head));
    // `of` qualifies the name after it (`Bernie Sanders of Vermont`) but belongs to
    // an office before it (`Former Secretary of State Madeleine Albright`).
    let head = match head.split_once(" of ") {
        Some((before, _)) if !ends_in_office(before) => before,
        _ => head,
    };
    // A description's noun comes before what it is of or for: `a longtime adviser
    // to Trump`, `the former top aide to President George W. Bush`.
    let opens_description = words_of(head).first().is_some_and(|first| {
        matches!(
            first.to_lowercase().as_str(),
            "a" | "an" | "the" | "one" | "another" | "his" | "her" | "their" | "its"
        )
    });
    let head = if opens_description {
        [" to ", " for ", " at "]
            .iter()
            .fold(head, |head, cut| head.split(cut).next().unwrap_or(head))
    } else {
        head
    };
    words_of(head)
}

/// The words of `text`, stripped of punctuation but a title's full stop.
fn words_of(text: &str) -> Vec<&str> {
    text.split_whitespace()
        .map(|word| word.trim_matches(|c: char| !c.is_alphanumeric() && c != '.'))
        .filter(|word| !word.is_empty())
        .collect()
}

/// True when `words` end in the title of an office that `of` completes
/// (`Secretary of State`, `Chairman of the Board`).
fn ends_in_office(words: &str) -> bool {
    let last = words.split_whitespace().last().unwrap_or_default();
    matches!(
        last.to_lowercase().as_str(),
        "secretary"
            | "president"
            | "vice-president"
            | "chairman"
            | "chairwoman"
            | "chair"
            | "director"
            | "governor"
            | "minister"
            | "speaker"
            | "head"
            | "chief"
            | "member"
            | "leader"
            | "attorney"
            | "mayor"
            | "founder"
            | "ceo"
            | "editor"
            | "spokesman"
            | "spokeswoman"
            | "spokesperson"
    )
}

/// The surname of a name, in lower case and without a possessive or a generation
/// (`Brent Bozell III`, `Martin Luther King Jr.` end in a surname before it).
fn surname(name: &str) -> Option<String> {
    let last = name.split_whitespace().rev().find(|word| {
        !matches!(
            word.trim_end_matches(','),
            "Jr." | "Jr" | "Sr." | "Sr" | "II" | "III" | "IV"
        )
    })?;
    let last = last
        .trim_end_matches(['’', '\''])
        .trim_end_matches("’s")
        .trim_end_matches("'s")
        .trim_matches(|c: char| !c.is_alphanumeric());
    (!last.is_empty()).then(|| last.to_lowercase())
}

fn has_name(source: &str) -> bool {
    name_words(source)
        .last()
        .is_some_and(|word| word.chars().next().is_some_and(char::is_uppercase))
}

/// The gender a name shows by its title or its first name, if any: `M` or `F`. A
/// name of one word is a surname (`Clinton` is also a man's first name).
fn gender_of_name(name: &str, first_names: &BTreeMap<&str, char>) -> Option<char> {
    let words: Vec<String> = name
        .split_whitespace()
        .map(|word| word.trim_end_matches('.').to_lowercase())
        .collect();
    let title = words.first().and_then(|word| match word.as_str() {
        "mr" | "sir" => Some('M'),
        "mrs" | "ms" | "miss" => Some('F'),
        _ => None,
    });
    let first_name = words
        .iter()
        .find(|word| !matches!(word.as_str(), "sen" | "rep" | "gov" | "dr" | "president"))
        .filter(|_| words.len() >= 2)
        .and_then(|word| first_names.get(word.as_str()).copied());
    title.or(first_name)
}

/// The gender of a pronoun: `M`, `F`, or none (`they`, `I`, `it`).
fn gender_of_pronoun(pronoun: &str) -> Option<char> {
    match pronoun.to_lowercase().as_str() {
        "he" | "him" | "his" => Some('M'),
        "she" | "her" => Some('F'),
        _ => None,
    }
}

/// True when a source's name may be the antecedent of a later pronoun: a person's
/// name as a reader takes it. A name of one word must be written capitalised more
/// often than in lower case, which a common word at the start of a sentence is
/// not (`Most said`, `Friends said`), and not in capitals only (`GOP`, `AP`).
fn may_be_antecedent(name: &[String], text: &str) -> bool {
    match name {
        [] => false,
        [word] => {
            let uses = |form: &str| {
                text.split(|c: char| !c.is_alphanumeric())
                    .filter(|other| *other == form)
                    .count()
            };
            word.chars().any(char::is_lowercase) && uses(&word.to_lowercase()) < uses(word)
        }
        _ => true,
    }
}

/// The byte ranges of one annotated span (pieces joined by `;` in brat).
type Spans = Vec<Range<usize>>;

/// One annotated attribution: its content, source and cue spans (the cue may be
/// missing).
struct Attribution {
    content: Spans,
    source: Spans,
    cue: Spans,
}

/// Reads a brat annotation file: the content, source and cue spans of every
/// attribution event, as byte ranges of the article.
fn read_attributions(path: &Path, byte_of_char: &[usize]) -> Vec<Attribution> {
    let annotations =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut spans: BTreeMap<&str, Vec<Range<usize>>> = BTreeMap::new();
    let mut events: Vec<BTreeMap<&str, &str>> = Vec::new();
    for line in annotations.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        if line.starts_with('T') && fields.len() >= 2 {
            // `Content 120 211;215 230`: character offsets, pieces by `;`.
            let Some((_, ranges)) = fields[1].split_once(' ') else {
                continue;
            };
            let ranges = ranges
                .split(';')
                .filter_map(|range| {
                    let (start, end) = range.trim().split_once(' ')?;
                    let (start, end) = (start.parse::<usize>().ok()?, end.parse::<usize>().ok()?);
                    Some(byte_of_char[start]..byte_of_char[end])
                })
                .collect();
            spans.insert(fields[0], ranges);
        } else if line.starts_with('E') && fields.len() >= 2 {
            events.push(
                fields[1]
                    .split_whitespace()
                    .filter_map(|part| part.split_once(':'))
                    .collect(),
            );
        }
    }
    events
        .iter()
        .filter_map(|event| {
            let content = spans.get(event.get("Content")?)?;
            let source = spans.get(event.get("Source")?)?;
            let cue = event.get("Cue").and_then(|cue| spans.get(cue));
            Some(Attribution {
                content: content.clone(),
                source: source.clone(),
                cue: cue.cloned().unwrap_or_default(),
            })
        })
        .collect()
}

/// How many words a content that opens with a quotation mark quotes: those between
/// its marks. A content can run on past its closing mark into the reporter's words
/// (`“evidence” that Clinton potentially…`), which quote nothing; a quotation
/// interrupted by its tag (`“I am,” he said, “a candidate.”`) quotes both pieces.
/// A straight mark opens or closes by turns.
fn quoted_words(content: &str) -> usize {
    let mut inside = false;
    let mut quoted = String::new();
    for c in content.chars() {
        match c {
            '“' => inside = true,
            '”' => inside = false,
            '"' => inside = !inside,
            _ if inside => quoted.push(c),
            _ => quoted.push(' '),
        }
    }
    quoted.split_whitespace().count()
}

fn joined(text: &str, ranges: &[Range<usize>]) -> String {
    ranges
        .iter()
        .map(|range| text[range.clone()].trim())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The direct quotations of an article, each with the name its source stands for.
/// A pronoun stands for the nearest source before it whose name may be its
/// antecedent and does not show the other gender (a `she` is not `Bernie
/// Sanders`), else for the nearest named source. A quotation inside another
/// attribution (`Sanders said, according to CNN`) is named right by either source.
fn direct_quotes(
    text: &str,
    annotations: &Path,
    byte_of_char: &[usize],
    by_hand: Option<&BTreeMap<usize, String>>,
) -> Vec<DirectQuote> {
    let first_names: BTreeMap<&str, char> = include_str!("../data/voices/first-names.txt")
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| {
            let (name, gender) = line.split_once(' ')?;
            Some((name, gender.trim().to_ascii_uppercase().chars().next()?))
        })
        .collect();
    let speech_verbs: Vec<&str> = include_str!("../data/voices/speech-verbs.txt")
        .lines()
        .filter(|line| !line.starts_with('#'))
        .flat_map(str::split_whitespace)
        .collect();
    let mut attributions = read_attributions(annotations, byte_of_char);
    attributions
        .sort_by_key(|attribution| attribution.source.first().map_or(0, |range| range.start));
    // The names of the sources so far, and whether each may be an antecedent.
    let mut named: Vec<(String, bool)> = Vec::new();
    let mut sources_of_content: Vec<(Spans, String)> = Vec::new();
    let mut quotes = Vec::new();
    for Attribution {
        content,
        source,
        cue,
    } in &attributions
    {
        let source = joined(text, source);
        // A dozen annotations swap the source and the cue (`said Bolton` with the
        // source `said`, `According to Woodward` with the source `According to`):
        // a source that opens with a verb of speech or `according` is the cue's.
        let first_word = words_of(&source).first().map(|word| word.to_lowercase());
        let swapped = first_word
            .is_some_and(|word| word == "according" || speech_verbs.contains(&word.as_str()))
            && !cue.is_empty();
        let source = if swapped { joined(text, cue) } else { source };
        let is_pronoun = PRONOUNS.contains(&source.to_lowercase().as_str());
        let guess = || {
            let gender = gender_of_pronoun(&source);
            named
                .iter()
                .rev()
                .find(|(name, antecedent)| {
                    *antecedent
                        && gender.is_none_or(|gender| {
                            gender_of_name(name, &first_names).is_none_or(|shown| shown == gender)
                        })
                })
                .or(named.last())
                .map(|(name, _)| name.clone())
        };
        let (source_name, guessed) = if is_pronoun {
            // The hand reading is keyed by the content's first character.
            let first_char = content.first().map_or(0, |range| {
                byte_of_char.partition_point(|&byte| byte < range.start)
            });
            match by_hand.and_then(|antecedents| antecedents.get(&first_char)) {
                Some(antecedent) => (Some(antecedent.clone()), Some(guess().unwrap_or_default())),
                None => (guess(), None),
            }
        } else {
            (Some(name_words(&source).join(" ")), None)
        };
        if !is_pronoun && source.chars().any(char::is_uppercase) {
            let words = name_words(&source);
            let antecedent = has_name(&source) && may_be_antecedent(&words, text);
            named.push((words.join(" "), antecedent));
        }
        let Some(source_name) = source_name else {
            continue;
        };
        sources_of_content.push((content.clone(), source_name.clone()));
        let quoted = joined(text, content);
        if quoted.starts_with(['“', '"']) && quoted_words(&quoted) >= 6 {
            quotes.push(DirectQuote {
                content: content.clone(),
                source,
                source_name,
                also: Vec::new(),
                guessed,
            });
        }
    }
    for quote in &mut quotes {
        quote.also = sources_of_content
            .iter()
            .filter(|(content, name)| {
                *name != quote.source_name && common::overlaps(content, &quote.content)
            })
            .map(|(_, name)| name.clone())
            .collect();
    }
    quotes
}

#[derive(Default)]
struct Counts {
    quotes: usize,
    /// Pronoun sources read by hand, and those whose guessed antecedent has the
    /// same surname.
    by_hand: usize,
    guess_agrees: usize,
    found: usize,
    right: usize,
    by_rule: BTreeMap<&'static str, (usize, usize)>,
    bytes: usize,
    seconds: f64,
}

fn evaluate(
    text_path: &Path,
    annotations: &Path,
    by_hand: Option<&BTreeMap<usize, String>>,
    counts: &mut Counts,
    mistakes: &mut String,
) {
    let text = std::fs::read_to_string(text_path).expect("the article is UTF-8");
    let byte_of_char = common::byte_of_char(&text);
    let gold = direct_quotes(&text, annotations, &byte_of_char, by_hand);
    for quote in &gold {
        if let Some(guessed) = &quote.guessed {
            counts.by_hand += 1;
            counts.guess_agrees += usize::from(surname(guessed) == surname(&quote.source_name));
        }
    }
    let started = Instant::now();
    let Ok(document) = pipeline::analyse_file(
        text_path,
        pipeline::Settings {
            metadata: &Metadata::default(),
            speakers: &SpeakerMap::default(),
            corrections: &Default::default(),
        },
    ) else {
        // An empty article: its quotations count as not found.
        counts.quotes += gold.len();
        return;
    };
    counts.seconds += started.elapsed().as_secs_f64();
    counts.bytes += text.len();
    let found = common::speech(&document);
    let name = text_path.file_stem().unwrap_or_default().to_string_lossy();
    for quote in &gold {
        counts.quotes += 1;
        let Some((_, given)) = found
            .iter()
            .find(|(pieces, _)| common::overlaps(pieces, &quote.content))
        else {
            *mistakes += &format!(
                "{name}\t{}\t{}\tnot found\t\t\t{}\n",
                quote.source,
                quote.source_name,
                first_words(&text, &quote.content)
            );
            continue;
        };
        counts.found += 1;
        let right = given
            .speaker
            .as_deref()
            .and_then(surname)
            .is_some_and(|given| {
                std::iter::once(&quote.source_name)
                    .chain(&quote.also)
                    .any(|name| surname(name).as_ref() == Some(&given))
            });
        let entry = counts.by_rule.entry(given.rule).or_default();
        entry.0 += 1;
        entry.1 += usize::from(right);
        if right {
            counts.right += 1;
        } else {
            *mistakes += &format!(
                "{name}\t{}\t{}\t{}\t{}\n",
                quote.source,
                quote.source_name,
                common::given(given),
                first_words(&text, &quote.content)
            );
        }
    }
}

fn first_words(text: &str, ranges: &[Range<usize>]) -> String {
    joined(text, ranges)
        .chars()
        .take(60)
        .collect::<String>()
        .replace(['\t', '\n'], " ")
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else is accepted.
    let Some(polnear) = common::corpus("polnear_train") else {
        return;
    };
    let mut annotations: Vec<PathBuf> = std::fs::read_dir(polnear.join("attributions"))
        .expect("the annotations folder is readable")
        .map(|entry| entry.expect("a folder entry").path())
        .collect();
    annotations.sort();
    // The first annotation of each article: `<article>_<annotator>.ann`.
    let mut articles: BTreeMap<String, PathBuf> = BTreeMap::new();
    for path in annotations {
        let stem = path
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        let article = stem
            .rsplit_once('_')
            .map_or(stem.clone(), |(article, _)| article.to_string());
        articles.entry(article).or_insert(path);
    }
    let antecedents = read_antecedents();
    let mut counts = Counts::default();
    let mut mistakes = String::from("article\tsource\tname\tgiven\trule\tevidence\tquotation\n");
    for (article, annotation) in &articles {
        let text_path = polnear.join("text").join(format!("{article}.txt"));
        let by_hand = antecedents.get(article);
        evaluate(&text_path, annotation, by_hand, &mut counts, &mut mistakes);
    }
    println!(
        "{} articles, {} direct quotations of 6+ words: found {:.3}, source named right {:.3} (of those found {:.3})",
        articles.len(),
        counts.quotes,
        ratio(counts.found, counts.quotes),
        ratio(counts.right, counts.quotes),
        ratio(counts.right, counts.found)
    );
    println!(
        "pronoun sources read by hand: {}; the bench's own guess of their antecedent agrees for {:.3}",
        counts.by_hand,
        ratio(counts.guess_agrees, counts.by_hand)
    );
    println!("rule                 found  named right");
    for (rule, (found, right)) in &counts.by_rule {
        println!("{rule:<20} {found:>5}  {:.3}", ratio(*right, *found));
    }
    println!(
        "whole analysis: {:.1} MB in {:.2} s, {:.1} MB/s on one thread",
        counts.bytes as f64 / 1e6,
        counts.seconds,
        counts.bytes as f64 / 1e6 / counts.seconds
    );
    if let Some(path) = std::env::var_os("POLNEAR_MISTAKES") {
        std::fs::write(&path, mistakes).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    }
}
