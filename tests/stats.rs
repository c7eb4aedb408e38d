//! Statistics per voice (issue 4): what each voice of the seed measures, what its
//! size allows, the rhetoric patterns, and the seed as a whole beside textstat and
//! lexicalrichness.

use voices::document::{DocumentPieces, PieceSettings, WordsKept};
use voices::stats::intervals::blocks;
use voices::stats::lexical::{Counter, Counters};
use voices::stats::measures::{Interval, MEASURES, measure};
use voices::stats::passes::measure_voice;
use voices::stats::sample::{Count, Grouping, Sentence, Sentences, Tally, VoiceText, voice_texts};
use voices::stats::{StatsRun, VoiceStats, voice_stats};
use voices::voices::Voice;

use crate::common;

/// The seed's statistics per voice (document rows, then corpus rows), computed once.
fn seed_rows() -> &'static [VoiceStats] {
    static ROWS: std::sync::OnceLock<Vec<VoiceStats>> = std::sync::OnceLock::new();
    ROWS.get_or_init(|| {
        let mut run = StatsRun::new(200, true, &std::env::temp_dir()).expect("a spill file");
        run.add(&[DocumentPieces::of(
            common::seed(),
            0,
            PieceSettings::all(WordsKept::Counts, 200),
        )])
        .expect("written to the spill file");
        run.finish().expect("read back from the spill file").0
    })
}

fn row<'a>(doc_id: Option<usize>, voice: &str) -> &'a VoiceStats {
    seed_rows()
        .iter()
        .find(|row| row.doc_id == doc_id && row.voice == voice)
        .unwrap_or_else(|| panic!("no row for {voice} in {doc_id:?}"))
}

#[test]
fn the_voices_words_add_up_to_the_documents() {
    let seed = common::seed();
    let nobodys = seed
        .segmented
        .tokens
        .iter()
        .zip(seed.voices.token_voices(0..seed.segmented.tokens.len()))
        .filter(|(token, voice)| token.is_word() && *voice == Voice::Nobody)
        .count();
    let voices: u32 = seed_rows()
        .iter()
        .filter(|row| row.doc_id == Some(0))
        .map(VoiceStats::words)
        .sum();
    assert_eq!(voices as usize + nobodys, seed.words());
    // One document: each corpus row (measured from the spill file) is its document
    // row (measured in memory), bootstrap intervals aside (their resamples are
    // seeded apart), jackknife intervals included.
    for corpus in seed_rows().iter().filter(|row| row.doc_id.is_none()) {
        let document = row(Some(0), &corpus.voice);
        assert_eq!(corpus.values, document.values);
        for (index, measure) in MEASURES.iter().enumerate() {
            if measure.interval == Interval::Jackknife {
                let name = measure.name;
                assert_eq!(corpus.intervals[index], document.intervals[index], "{name}");
            }
        }
    }
}

/// Pasternak's quotation in the seed is one of his poems' few lines: what can be
/// said (its size) is said, everything else is null with the reason.
#[test]
fn pasternak_is_too_small_for_diversity_readability_and_a_profile() {
    let pasternak = row(None, "Boris Pasternak");
    assert_eq!(pasternak.words(), 37);
    assert_eq!(pasternak.get("sentences"), Some(3.0));
    assert!(pasternak.get("mean_sentence_length").is_some());
    for measure in [
        "ttr",
        "mtld",
        "mattr",
        "hdd",
        "yules_k",
        "flesch_reading_ease",
    ] {
        assert_eq!(pasternak.get(measure), None, "{measure}");
    }
    assert!(pasternak.intervals.iter().all(Option::is_none));
    let warnings = pasternak.warnings.join("\n");
    for reason in [
        "37 words in 3 sentences: too few for lexical diversity (needs 100 words)",
        "HD-D (needs 42 words)",
        "readability (needs 100 words and 3 sentences)",
        "too few for a stylometric profile (at least 2500, reliably 5000; Eder 2015)",
        "3 sentences: too few for intervals (needs 10)",
    ] {
        assert!(
            warnings.contains(reason),
            "missing `{reason}` in:\n{warnings}"
        );
    }
}

#[test]
fn the_authors_intervals_hold_its_estimates() {
    let author = row(Some(0), "author");
    let mut checked = 0;
    for (index, measure) in MEASURES.iter().enumerate() {
        let (Some(value), Some((lo, hi))) = (author.values[index], author.intervals[index]) else {
            assert!(
                !measure.has_interval() || author.values[index].is_none(),
                "{}",
                measure.name
            );
            continue;
        };
        assert!(
            lo <= value && value <= hi,
            "{}: {value} not in [{lo}, {hi}]",
            measure.name
        );
        checked += 1;
    }
    assert!(checked > 50, "{checked} intervals");
    // The TTR's interval is the jackknife's: a bootstrap resample repeats sentences,
    // and its TTR would fall below 0.31 around an estimate of 0.387.
    let (lo, hi) = author.interval("ttr").unwrap();
    assert!(lo > 0.35 && hi < 0.42, "ttr interval [{lo}, {hi}]");
}

/// The whole seed, as a tool without voices sees it, beside the figures textstat
/// 0.7.13 and lexicalrichness 0.5.1 find with their own tokenizers (pinned in
/// `stats::readability` and `stats::lexical`, checked live in `references`). The
/// differences are the tokenizers', documented in docs/measures.md.
#[test]
fn the_seed_as_a_whole_beside_textstat_and_lexicalrichness() {
    let whole = &voice_texts(common::seed(), Grouping::Whole)[0];
    let forms = common::seed().segmented.vocabulary.len();
    let Ok(values) = measure(whole, &mut Counter::new(forms));
    let get = |name: &str| values[voices::stats::measures::position(name).unwrap()].unwrap();
    let round = |value: f64| (value * 1000.0).round() / 1000.0;
    // textstat: 3,813 words, 161 sentences, 6,078 syllables, FRE 47.942, FKG 12.456.
    assert_eq!(
        (get("words"), get("sentences"), get("syllables")),
        (3760.0, 164.0, 6043.0)
    );
    assert_eq!(round(get("flesch_reading_ease")), 47.597);
    assert_eq!(round(get("flesch_kincaid_grade")), 12.316);
    // lexicalrichness: 3,790 words, 1,376 types, MTLD 108.287, HD-D 0.86387.
    assert_eq!(get("types"), 1332.0);
    assert_eq!(round(get("mtld")), 113.663);
    assert_eq!((get("hdd") * 1e5).round() / 1e5, 0.86249);
}

/// A voice read in parts, as a voice over the corpus is read from disk one
/// document's part at a time.
struct Parts(Vec<VoiceText>);

impl Parts {
    /// `text` without the sentences `left_out`.
    fn without(text: &VoiceText, left_out: std::ops::Range<usize>) -> Self {
        let Parts(parts) = Parts::of(text, &[left_out.start, left_out.end]);
        let kept = (parts.into_iter().enumerate())
            .filter(|&(index, ref part)| index != 1 && !part.sentences.is_empty())
            .map(|(_, part)| part);
        Parts(kept.collect())
    }

    /// `text` cut before each sentence of `cuts`.
    fn of(text: &VoiceText, cuts: &[usize]) -> Self {
        let mut bounds = vec![0];
        bounds.extend_from_slice(cuts);
        bounds.push(text.sentences.len());
        let parts = bounds.windows(2).map(|range| {
            let (first, end) = (range[0], range[1]);
            let words_before = |sentence: usize| match sentence {
                0 => 0,
                _ => text.sentences[sentence - 1].words_end,
            };
            let (words_start, words_end) = (words_before(first), words_before(end));
            VoiceText {
                voice: text.voice.clone(),
                words: text.words[words_start as usize..words_end as usize].to_vec(),
                sentences: (first..end)
                    .map(|index| Sentence {
                        words_end: text.sentences[index].words_end - words_start,
                        tally: text.sentences[index].tally,
                    })
                    .collect(),
                wide: Vec::new(),
            }
        });
        Parts(parts.collect())
    }
}

impl Sentences for Parts {
    type Error = std::convert::Infallible;

    fn name(&self) -> &str {
        &self.0[0].voice
    }

    fn words(&self) -> usize {
        self.0.iter().map(|part| part.words.len()).sum()
    }

    fn sentences(&self) -> usize {
        self.0.iter().map(|part| part.sentences.len()).sum()
    }

    fn for_each_part(
        &self,
        reversed: bool,
        visit: &mut dyn FnMut(&VoiceText),
    ) -> Result<(), Self::Error> {
        match reversed {
            false => self.0.iter().for_each(visit),
            true => self.0.iter().rev().for_each(visit),
        }
        Ok(())
    }
}

/// Every measure and interval is made in passes over a voice's sentences, so a
/// voice read in parts (MATTR's windows, MSTTR's segments, MTLD's stretches and the
/// bootstrap's blocks running across them) gets exactly the values and intervals of
/// the voice read whole.
#[test]
fn a_voice_read_in_parts_measures_as_the_voice_whole() {
    let author = &voice_texts(common::seed(), Grouping::Voices)[0];
    assert_eq!(author.voice, "author");
    let counters = Counters::new(common::seed().segmented.vocabulary.len());
    let Ok(whole) = voice_stats(author, &counters, Some(0), 200);
    let sentences = author.sentences.len();
    for cuts in [
        vec![1],
        vec![7, 8, 40, 41, 42],
        vec![sentences / 3, sentences / 2],
    ] {
        let parts = Parts::of(author, &cuts);
        assert_eq!(parts.0.len(), cuts.len() + 1);
        let Ok(in_parts) = voice_stats(&parts, &counters, Some(0), 200);
        assert_eq!(in_parts.values, whole.values, "cut at {cuts:?}");
        assert_eq!(in_parts.intervals, whole.intervals, "cut at {cuts:?}");
    }
    assert!(whole.get("mtld").is_some() && whole.interval("mattr").is_some());
    assert!(whole.interval("flesch_reading_ease").is_some());
}

/// The jackknife's replicates, each read on from the whole voice's pass and
/// joining it soon after its block, measure exactly as the voice without the block
/// read alone; a voice in parts too, cut inside blocks and where blocks meet.
#[test]
fn replicates_measure_as_the_voice_without_their_block() {
    let author = &voice_texts(common::seed(), Grouping::Voices)[0];
    let counter = &mut Counter::new(common::seed().segmented.vocabulary.len());
    let sentences = author.sentences.len();
    let blocks = blocks(sentences);
    assert_eq!(blocks.len(), 20);
    let alone: Vec<Vec<Option<f64>>> = (blocks.iter())
        .map(|block| {
            let without = Parts::without(author, block.clone());
            let Ok(values) = measure(&without, counter);
            jackknife_measures(values)
        })
        .collect();
    // The replicates differ from each other and from the whole voice: comparing
    // them tells a mix-up of samples apart.
    let mattr = MEASURES.iter().position(|m| m.name == "mattr").unwrap();
    let Ok(whole) = measure(author, counter);
    assert!(alone[0][mattr] != whole[mattr] && alone[0][mattr] != alone[1][mattr]);
    let Ok(measured) = measure_voice(author, &blocks, counter);
    assert_eq!(measured.whole, whole);
    assert_eq!(measured.replicates, alone);
    let block = &blocks[4];
    for cuts in [
        vec![7, 40, 41],
        vec![block.start, block.end, block.end + 1],
        vec![block.start, block.start, block.end],
    ] {
        let parts = Parts::of(author, &cuts);
        let Ok(in_parts) = measure_voice(&parts, &blocks, counter);
        assert_eq!(in_parts.whole, whole, "cut at {cuts:?}");
        assert_eq!(in_parts.replicates, alone, "cut at {cuts:?}");
    }
}

/// The measures whose interval is the jackknife's, the others None: what a
/// replicate is measured for.
fn jackknife_measures(values: Vec<Option<f64>>) -> Vec<Option<f64>> {
    (values.into_iter().zip(MEASURES))
        .map(|(value, measure)| value.filter(|_| measure.interval == Interval::Jackknife))
        .collect()
}

/// The voices over the corpus wait in a spill file that has no name from the start
/// (on Unix): a run killed halfway leaves nothing in the report's directory.
#[cfg(unix)]
#[test]
fn the_spill_file_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let mut run = StatsRun::new(0, false, dir.path()).expect("a spill file");
    run.add(&[DocumentPieces::of(
        common::seed(),
        0,
        PieceSettings::all(WordsKept::Counts, 0),
    )])
    .expect("written to the spill file");
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(names.is_empty(), "{names:?}");
    let (rows, _) = run.finish().expect("read back from the spill file");
    assert!(rows.iter().any(|row| row.voice == "Boris Pasternak"));
}

/// The author's tally of a short text.
fn tally(text: &str) -> Tally {
    let document = common::analyse_bytes("rhetoric.txt", text.as_bytes());
    voice_texts(&document, Grouping::Voices)[0].total()
}

#[test]
fn rhetoric_patterns_are_counted() {
    let cases: &[(&str, &[(Count, u32)])] = &[
        (
            "Beat them! Let them come. Work was hard. Do you know?",
            &[
                (Count::Imperatives, 2),
                (Count::Exclamations, 1),
                (Count::Questions, 1),
            ],
        ),
        (
            "We shall fight on the beaches. We shall fight in the fields.",
            &[(Count::Anaphora, 1)],
        ),
        (
            "Not a step back, not a moment lost, and then silence.",
            &[(Count::Anaphora, 1)],
        ),
        (
            "They wanted bread, land and peace.",
            &[(Count::Tricolon, 1)],
        ),
        ("They wanted bread and peace.", &[(Count::Tricolon, 0)]),
        (
            "It was not fear but duty that moved him.",
            &[(Count::Antithesis, 1)],
        ),
        ("He did not know, but he went.", &[(Count::Antithesis, 1)]),
        (
            "The letter ends… and then — nothing [sic].",
            &[
                (Count::Ellipses, 1),
                (Count::Dashes, 1),
                (Count::Brackets, 1),
            ],
        ),
        (
            "The words... were lost -- forever.",
            &[(Count::Ellipses, 1), (Count::Dashes, 1)],
        ),
    ];
    for (text, expected) in cases {
        let found = tally(text);
        for (count, value) in *expected {
            assert_eq!(found[*count], u64::from(*value), "{count:?} in {text:?}");
        }
    }
}

#[test]
fn word_categories_are_counted_with_their_phrases() {
    use voices::stats::rhetoric::CATEGORIES;
    let category = |name: &str| CATEGORIES.iter().position(|c| *c == name).unwrap();
    let found = tally(
        "I must go and we have to leave, but you could stay with them. \
         He was the greatest and the most ruthless of all; it is the best of times.",
    );
    for (name, expected) in [
        ("first_person_singular", 1),
        ("first_person_plural", 1),
        ("second_person", 1),
        ("third_person_plural", 1),
        ("obligation", 2),
        ("possibility", 1),
        ("superlatives", 3),
        ("absolutes", 1),
    ] {
        assert_eq!(found.category(category(name)), expected, "{name}");
    }
}

#[test]
fn words_inside_a_mention_are_the_voices_quoted_share() {
    let found = tally("He called it “the final solution” and said nothing more about the plan.");
    assert_eq!(found[Count::QuotedWords], 3);
    assert_eq!(found[Count::Words], 13);
}

#[test]
fn the_measure_names_follow_the_category_list() {
    use voices::stats::rhetoric::CATEGORIES;
    for name in CATEGORIES {
        assert!(
            voices::stats::measures::position(&format!("{name}_per_1k_words")).is_some(),
            "{name}"
        );
    }
}

/// A text whose sentences change as it goes (200 of three words, then 200 of
/// fifteen) has a mean sentence length of 9 that depends on which stretch of it is
/// read: its interval allows for that. Resampling single sentences would give
/// 9 ± 0.6 (the sentences' standard deviation, 6, over √400, times 1.96), as if the
/// sentences were drawn at random; the bootstrap draws blocks of 20 consecutive
/// sentences, half of them all short: a resample's mean is 3 + 0.6 K for K long
/// blocks of 20 drawn, K binomial(20, ½), so about [6.6, 11.4].
#[test]
fn the_bootstrap_allows_for_a_text_that_changes_as_it_goes() {
    let short = "Tom ran home. ".repeat(200);
    let long =
        "The old miller walked slowly down to the river with his two tired grey dogs. ".repeat(200);
    let document = common::analyse_bytes("drift.txt", format!("{short}{long}").as_bytes());
    let author = &voice_texts(&document, Grouping::Voices)[0];
    assert_eq!(
        (author.voice.as_str(), author.sentences.len()),
        ("author", 400)
    );
    let counters = Counters::new(document.segmented.vocabulary.len());
    let Ok(stats) = voice_stats(author, &counters, Some(0), 200);
    assert_eq!(stats.get("mean_sentence_length"), Some(9.0));
    let (lo, hi) = stats.interval("mean_sentence_length").unwrap();
    assert!(
        lo < 9.0 && 9.0 < hi && (3.0..7.0).contains(&(hi - lo)),
        "mean sentence length 9 in [{lo}, {hi}]"
    );
}
