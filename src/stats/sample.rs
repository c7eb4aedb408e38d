//! A voice's text in the shape the measures need: its words as form ids in text
//! order, cut into its sentences, each sentence with the counts the measures add up.
//!
//! A voice's words are its word tokens (`tokens` rows with `is_word` and that
//! `voice`), so every measure can be recomputed from the export. A voice's sentences
//! are its parts of the document's sentences: the words it has in each sentence
//! (`tokens` grouped by `sent_id`). An author's sentence that quotes Lenin in the
//! middle is one sentence of the author's and one of Lenin's. The intervals cut a
//! voice into blocks of consecutive sentences, so everything a measure adds up is
//! counted per sentence here, once.

use std::ops::Index;

use super::readability::is_easy_word;
use super::rhetoric::{CATEGORIES, Lexicon, WordFacts};
use super::syllables::syllables;
use crate::document::AnalysedDocument;
use crate::hashing::FastMap;
use crate::segment::Vocabulary;
use crate::voices::{AUTHOR, Voice};

/// What is counted in each sentence of a voice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Count {
    Words,
    /// Characters of the words and punctuation, white space excepted (ARI).
    Characters,
    /// Letters and digits of the words (Coleman-Liau).
    Letters,
    /// Words, and punctuation standing alone between spaces (ARI's divisor, as
    /// textstat counts it).
    WordsAndPunctuation,
    Syllables,
    /// Words of three syllables or more.
    Polysyllables,
    /// Polysyllables not on the Dale-Chall list of easy words (Gunning Fog).
    ComplexWords,
    /// Words not on the Dale-Chall list (Dale-Chall).
    UnfamiliarWords,
    /// Words of seven letters or more.
    LongWords,
    /// Words not on the function-word list (lexical density).
    ContentWords,
    /// Words inside a mention: scare quotes, titles, echoes of earlier quotations.
    QuotedWords,
    Questions,
    Exclamations,
    Imperatives,
    Anaphora,
    Tricolon,
    Antithesis,
    Ellipses,
    Dashes,
    /// Square brackets: editorial insertions such as `[sic]` or `[...]`.
    Brackets,
}

/// The counts before the word categories of [`CATEGORIES`].
const FIXED_COUNTS: usize = Count::Brackets as usize + 1;
const COUNTS: usize = FIXED_COUNTS + CATEGORIES.len();

/// The counts of a sentence, or of many added up (in 64 bits: the characters of a
/// voice of a few GB of text pass 2³²).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Tally([u64; COUNTS]);

impl Default for Tally {
    fn default() -> Self {
        Tally([0; COUNTS])
    }
}

impl Index<Count> for Tally {
    type Output = u64;
    fn index(&self, count: Count) -> &u64 {
        &self.0[count as usize]
    }
}

impl Tally {
    pub(super) fn add(&mut self, count: Count, amount: u32) {
        self.0[count as usize] += u64::from(amount);
    }

    /// A tally of `words` words and nothing else (a jackknife replicate counts
    /// nothing else).
    pub(super) fn of_words(words: u64) -> Tally {
        let mut tally = Tally::default();
        tally.0[Count::Words as usize] = words;
        tally
    }

    /// Words of the category `CATEGORIES[index]`.
    pub fn category(&self, index: usize) -> u64 {
        self.0[FIXED_COUNTS + index]
    }

    fn add_categories(&mut self, categories: u16) {
        for index in 0..CATEGORIES.len() {
            if categories & (1 << index) != 0 {
                self.0[FIXED_COUNTS + index] += 1;
            }
        }
    }

    #[inline]
    pub(super) fn merge(&mut self, other: &Tally) {
        for index in 0..COUNTS {
            self.0[index] += other.0[index];
        }
    }
}

/// A sentence's counts as a voice keeps them: in 16 bits each, a quarter of a
/// [`Tally`]. A corpus keeps the counts of every sentence of every voice until its
/// statistics are computed (the bootstrap's blocks are known only once the voice is
/// complete), and in 64 bits they took two thirds of that memory. The rare sentence
/// with a count of 65,535 or more (a run of text with no sentence end) is kept whole
/// in [`VoiceText::wide`], and its counts here are [`SentenceTally::WIDE`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SentenceTally([u16; COUNTS]);

impl SentenceTally {
    const WIDE: SentenceTally = SentenceTally([u16::MAX; COUNTS]);

    /// Whether this is [`SentenceTally::WIDE`]: a narrowed count is never
    /// `u16::MAX`, so the first count says it (comparing all of them, per bootstrap
    /// draw, was a twentieth of a report's time).
    #[inline]
    fn is_wide(&self) -> bool {
        self.0[0] == u16::MAX
    }

    /// `tally` in 16 bits, None when a count does not fit.
    fn narrow(tally: &Tally) -> Option<Self> {
        let mut counts = [0u16; COUNTS];
        for (narrow, &count) in counts.iter_mut().zip(&tally.0) {
            *narrow = u16::try_from(count)
                .ok()
                .filter(|count| *count < u16::MAX)?;
        }
        Some(SentenceTally(counts))
    }

    #[inline]
    fn add_to(&self, total: &mut Tally) {
        for (sum, &count) in total.0.iter_mut().zip(&self.0) {
            *sum += u64::from(count);
        }
    }
}

/// One sentence of a voice: where its words end in [`VoiceText::words`], and its
/// counts.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Sentence {
    pub words_end: u32,
    pub tally: SentenceTally,
}

/// A voice's words and sentences, in one document or over the corpus.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct VoiceText {
    pub voice: String,
    /// Form ids (of the document's vocabulary, or of the corpus's), in text order.
    pub words: Vec<u32>,
    pub sentences: Vec<Sentence>,
    /// The counts of the sentences too large for a [`SentenceTally`], by sentence
    /// index, in order.
    pub wide: Vec<(u32, Tally)>,
}

impl VoiceText {
    pub(super) fn new(voice: &str) -> Self {
        VoiceText {
            voice: voice.to_string(),
            ..VoiceText::default()
        }
    }

    /// The words of sentence `index`.
    pub fn sentence_words(&self, index: usize) -> &[u32] {
        &self.words[self.words_before(index)..self.sentences[index].words_end as usize]
    }

    /// The words of the sentences `sentences`.
    pub fn words_of(&self, sentences: std::ops::Range<usize>) -> &[u32] {
        &self.words[self.words_before(sentences.start)..self.words_before(sentences.end)]
    }

    /// How many words the sentences before sentence `index` have.
    fn words_before(&self, index: usize) -> usize {
        match index {
            0 => 0,
            _ => self.sentences[index - 1].words_end as usize,
        }
    }

    /// Appends a sentence whose words are the last ones of [`VoiceText::words`].
    pub(super) fn push_sentence(&mut self, tally: &Tally) {
        let index = crate::offsets::narrow(self.sentences.len());
        let narrow = SentenceTally::narrow(tally).unwrap_or_else(|| {
            self.wide.push((index, *tally));
            SentenceTally::WIDE
        });
        self.sentences.push(Sentence {
            words_end: crate::offsets::narrow(self.words.len()),
            tally: narrow,
        });
    }

    /// Adds the counts of sentence `index` to `total` and returns its words.
    #[inline]
    pub fn add_sentence(&self, index: usize, total: &mut Tally) -> u64 {
        let tally = &self.sentences[index].tally;
        if tally.is_wide() {
            let position = self
                .wide
                .binary_search_by_key(&crate::offsets::narrow(index), |(sentence, _)| *sentence)
                .expect("a wide sentence's counts are kept");
            let wide = &self.wide[position].1;
            total.merge(wide);
            wide[Count::Words]
        } else {
            tally.add_to(total);
            u64::from(tally.0[Count::Words as usize])
        }
    }

    /// The counts of all its sentences.
    pub fn total(&self) -> Tally {
        let mut total = Tally::default();
        for index in 0..self.sentences.len() {
            self.add_sentence(index, &mut total);
        }
        total
    }
}

impl VoiceText {
    /// Writes this text, its form ids mapped through `forms`, to `out` in the
    /// layout [`VoiceText::decode`] reads: the numbers of words, sentences and wide
    /// sentences, then each of them, all little-endian. (Written as it goes, not
    /// built whole first: the author of a 91 MB book is an 86 MB part.)
    pub fn encode(&self, forms: &[u32], out: &mut impl std::io::Write) -> std::io::Result<()> {
        for count in [self.words.len(), self.sentences.len(), self.wide.len()] {
            out.write_all(&crate::offsets::narrow(count).to_le_bytes())?;
        }
        for &form in &self.words {
            out.write_all(&forms[form as usize].to_le_bytes())?;
        }
        for sentence in &self.sentences {
            out.write_all(&sentence.words_end.to_le_bytes())?;
            for count in sentence.tally.0 {
                out.write_all(&count.to_le_bytes())?;
            }
        }
        for (index, tally) in &self.wide {
            out.write_all(&index.to_le_bytes())?;
            for count in tally.0 {
                out.write_all(&count.to_le_bytes())?;
            }
        }
        Ok(())
    }

    /// Reads into `self` (its name kept) a text [`VoiceText::encode`] wrote; None
    /// when `bytes` is not such a text.
    pub fn decode(&mut self, bytes: &[u8]) -> Option<()> {
        let mut reader = Reader(bytes);
        let words = reader.u32()? as usize;
        let sentences = reader.u32()? as usize;
        let wide = reader.u32()? as usize;
        self.words.clear();
        self.sentences.clear();
        self.wide.clear();
        let word_bytes = reader.take(4 * words)?;
        self.words.extend(
            word_bytes
                .chunks_exact(4)
                .map(|bytes| u32::from_le_bytes(bytes.try_into().expect("4 bytes"))),
        );
        for _ in 0..sentences {
            let words_end = reader.u32()?;
            let mut counts = [0u16; COUNTS];
            for count in &mut counts {
                *count = u16::from_le_bytes(reader.take(2)?.try_into().ok()?);
            }
            self.sentences.push(Sentence {
                words_end,
                tally: SentenceTally(counts),
            });
        }
        for _ in 0..wide {
            let index = reader.u32()?;
            let mut counts = [0u64; COUNTS];
            for count in &mut counts {
                *count = u64::from_le_bytes(reader.take(8)?.try_into().ok()?);
            }
            self.wide.push((index, Tally(counts)));
        }
        reader.0.is_empty().then_some(())
    }
}

/// Reads little-endian numbers off the front of a slice.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, length: usize) -> Option<&'a [u8]> {
        if self.0.len() < length {
            return None;
        }
        let (taken, rest) = self.0.split_at(length);
        self.0 = rest;
        Some(taken)
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
}

/// The sentences of a voice, read in parts: a document's voice is one part in
/// memory; a voice over the corpus is one part per document, read back from disk
/// (see [`super::corpus`]). The measures visit the parts in order, and MTLD's
/// backward pass in reverse, so that no voice's words need be held whole.
pub trait Sentences: Sync {
    /// What reading a part can fail with.
    type Error: Send;

    fn name(&self) -> &str;

    fn words(&self) -> usize;

    fn sentences(&self) -> usize;

    /// Calls `visit` with each part, first to last or, when `reversed`, last to
    /// first.
    fn for_each_part(
        &self,
        reversed: bool,
        visit: &mut dyn FnMut(&VoiceText),
    ) -> Result<(), Self::Error>;
}

impl Sentences for VoiceText {
    type Error = std::convert::Infallible;

    fn name(&self) -> &str {
        &self.voice
    }

    fn words(&self) -> usize {
        self.words.len()
    }

    fn sentences(&self) -> usize {
        self.sentences.len()
    }

    fn for_each_part(
        &self,
        _reversed: bool,
        visit: &mut dyn FnMut(&VoiceText),
    ) -> Result<(), Self::Error> {
        visit(self);
        Ok(())
    }
}

/// What the measures need of a form, looked up once per document.
#[derive(Clone, Copy, Debug)]
struct FormFacts {
    letters: u32,
    long: bool,
    syllables: u32,
    easy: bool,
    word: WordFacts,
}

impl FormFacts {
    fn of(form: &str, lexicon: &Lexicon) -> Self {
        let letters = form.chars().filter(|c| c.is_alphanumeric()).count() as u32;
        FormFacts {
            letters,
            long: form.chars().filter(|c| c.is_alphabetic()).count() >= 7,
            syllables: syllables(form),
            easy: is_easy_word(form),
            word: lexicon.facts(form),
        }
    }
}

/// Whose words [`voice_texts`] separates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Grouping {
    /// Each voice apart: the author first, then the speakers in order of their
    /// first quotation.
    Voices,
    /// The whole document as one text named `document`, whoever speaks (as a tool
    /// that knows no voices sees it).
    Whole,
}

/// The voices of a document, or the document as one text.
pub fn voice_texts(document: &AnalysedDocument, grouping: Grouping) -> Vec<VoiceText> {
    let segmented = &document.segmented;
    let voices = &document.voices;
    let text = document.clean.text.text.as_str();
    let lexicon = Lexicon::get();
    let vocabulary = &segmented.vocabulary;
    let facts: Vec<FormFacts> = (0..vocabulary.len())
        .map(|id| FormFacts::of(vocabulary.form(crate::offsets::narrow(id)), lexicon))
        .collect();

    // Each quotation's voice as an index into `texts`, the author being 0.
    let mut texts = vec![VoiceText::new(AUTHOR)];
    let mut index: FastMap<&str, usize> = FastMap::default();
    index.insert(AUTHOR, 0);
    let quote_voices: Vec<usize> = voices
        .quotes
        .iter()
        .map(|quote| {
            *index.entry(quote.voice()).or_insert_with(|| {
                texts.push(VoiceText::new(quote.voice()));
                texts.len() - 1
            })
        })
        .collect();
    if grouping == Grouping::Whole {
        texts.truncate(1);
        texts[0].voice = "document".to_string();
    }
    let text_of = |voice: Voice| match (grouping, voice) {
        (Grouping::Whole, _) => Some(0),
        (_, Voice::Author) => Some(0),
        (_, Voice::Quoted(quote)) => Some(quote_voices[quote as usize]),
        (_, Voice::Nobody) => None,
    };

    let context = Context {
        text,
        segmented,
        vocabulary,
        facts: &facts,
        lexicon,
    };
    // The opening words of each voice's last sentence, for anaphora.
    let mut openings: Vec<Option<(u32, u32)>> = vec![None; texts.len()];
    let mut parts: Vec<(usize, Vec<usize>)> = Vec::new();
    // The tokens' voices, walked beside the sentences; and whether each token of
    // the current sentence is in a mention.
    let mut token_voices = voices.token_voices_and_mentions(0..segmented.tokens.len());
    let mut mentions: Vec<bool> = Vec::new();
    for sentence in &segmented.sentences {
        parts.clear();
        mentions.clear();
        for (token, (voice, mention)) in sentence.tokens().zip(token_voices.by_ref()) {
            mentions.push(mention);
            let Some(voice) = text_of(voice) else {
                continue;
            };
            match parts.iter_mut().find(|(seen, _)| *seen == voice) {
                Some((_, tokens)) => tokens.push(token),
                None => parts.push((voice, vec![token])),
            }
        }
        for (voice, tokens) in &parts {
            let voice_text = &mut texts[*voice];
            let before = voice_text.words.len();
            let is_quoted = |token: usize| mentions[token - sentence.tokens().start];
            let mut tally = context.tally(tokens, &mut voice_text.words, &is_quoted);
            if tally[Count::Words] == 0 {
                voice_text.words.truncate(before);
                continue;
            }
            let opening = opening(&voice_text.words[before..]);
            if opening.is_some() && opening == openings[*voice] {
                tally.add(Count::Anaphora, 1);
            }
            openings[*voice] = opening;
            voice_text.push_sentence(&tally);
        }
    }
    texts.retain(|text| !text.words.is_empty());
    // What the vectors grew by is given back: a document's voices are kept until
    // its batch is done.
    for text in &mut texts {
        text.words.shrink_to_fit();
        text.sentences.shrink_to_fit();
    }
    texts
}

/// The first two words of a sentence or clause, if it has two.
fn opening(words: &[u32]) -> Option<(u32, u32)> {
    match words {
        [first, second, ..] => Some((*first, *second)),
        _ => None,
    }
}

/// What counting a sentence reads.
struct Context<'a> {
    text: &'a str,
    segmented: &'a crate::segment::Segmented,
    vocabulary: &'a Vocabulary,
    facts: &'a [FormFacts],
    lexicon: &'a Lexicon,
}

impl Context<'_> {
    fn token_text(&self, token: usize) -> &str {
        &self.text[self.segmented.tokens[token].range()]
    }

    fn form(&self, token: usize) -> u32 {
        self.segmented.tokens[token].form()
    }

    fn is_word(&self, token: usize) -> bool {
        self.segmented.tokens[token].is_word()
    }

    /// True when white space (or the edge of the text) is on both sides.
    fn stands_alone(&self, token: usize) -> bool {
        let range = self.segmented.tokens[token].range();
        let before = self.text[..range.start].chars().next_back();
        let after = self.text[range.end..].chars().next();
        before.is_none_or(char::is_whitespace) && after.is_none_or(char::is_whitespace)
    }

    /// Counts the sentence made of `tokens` (one voice's tokens of one sentence) and
    /// appends its words to `words`.
    fn tally(
        &self,
        tokens: &[usize],
        words: &mut Vec<u32>,
        is_quoted: &dyn Fn(usize) -> bool,
    ) -> Tally {
        let mut tally = Tally::default();
        let mut previous_dots = false;
        let mut previous_hyphen = false;
        for (position, &token) in tokens.iter().enumerate() {
            let text = self.token_text(token);
            tally.add(Count::Characters, non_space_chars(text));
            if !self.is_word(token) {
                if self.stands_alone(token) {
                    tally.add(Count::WordsAndPunctuation, 1);
                }
                let dot = text == ".";
                let hyphen = text == "-";
                match text {
                    "…" => tally.add(Count::Ellipses, 1),
                    "—" | "–" | "―" => tally.add(Count::Dashes, 1),
                    "[" => tally.add(Count::Brackets, 1),
                    _ if dot && previous_dots => {}
                    _ if dot && self.next_is(tokens, position, ".") => {
                        tally.add(Count::Ellipses, 1)
                    }
                    _ if hyphen && !previous_hyphen && self.next_is(tokens, position, "-") => {
                        tally.add(Count::Dashes, 1)
                    }
                    _ => {}
                }
                previous_dots = dot;
                previous_hyphen = hyphen;
                continue;
            }
            previous_dots = false;
            previous_hyphen = false;
            let form = self.form(token);
            let facts = &self.facts[form as usize];
            words.push(form);
            tally.add(Count::Words, 1);
            tally.add(Count::WordsAndPunctuation, 1);
            tally.add(Count::Letters, facts.letters);
            tally.add(Count::Syllables, facts.syllables);
            let polysyllable = facts.syllables >= 3;
            tally.add(Count::Polysyllables, u32::from(polysyllable));
            tally.add(Count::ComplexWords, u32::from(polysyllable && !facts.easy));
            tally.add(Count::UnfamiliarWords, u32::from(!facts.easy));
            tally.add(Count::LongWords, u32::from(facts.long));
            tally.add(Count::ContentWords, u32::from(!facts.word.function_word));
            tally.add(Count::QuotedWords, u32::from(is_quoted(token)));
            tally.add_categories(facts.word.categories);
            if facts.word.opens_pair != 0
                && let Some(next) = tokens.get(position + 1).filter(|&&next| self.is_word(next))
            {
                let pair = self.lexicon.pair(
                    facts.word.opens_pair,
                    self.vocabulary.form(form),
                    self.vocabulary.form(self.form(*next)),
                );
                tally.add_categories(pair);
            }
        }
        self.sentence_patterns(tokens, &mut tally);
        tally
    }

    fn next_is(&self, tokens: &[usize], position: usize, text: &str) -> bool {
        tokens
            .get(position + 1)
            .is_some_and(|&next| self.token_text(next) == text)
    }

    fn word_facts(&self, token: usize) -> &WordFacts {
        &self.facts[self.form(token) as usize].word
    }

    /// Questions, exclamations, imperatives, anaphora of clauses, tricolon and
    /// antithesis.
    fn sentence_patterns(&self, tokens: &[usize], tally: &mut Tally) {
        // The last mark that is not a closing quotation mark or bracket.
        let end = tokens
            .iter()
            .rev()
            .map(|&token| self.token_text(token))
            .find(|text| !text.chars().all(|c| is_closing(c) || c.is_whitespace()));
        let question = end.is_some_and(|text| text.contains('?'));
        tally.add(Count::Questions, u32::from(question));
        tally.add(
            Count::Exclamations,
            u32::from(end.is_some_and(|text| text.contains('!'))),
        );
        let words: Vec<usize> = tokens
            .iter()
            .copied()
            .filter(|&token| self.is_word(token))
            .collect();
        if !question && self.is_imperative(&words) {
            tally.add(Count::Imperatives, 1);
        }
        tally.add(Count::Anaphora, self.clause_anaphora(tokens));
        tally.add(Count::Tricolon, self.tricolons(tokens));
        tally.add(Count::Antithesis, self.antitheses(&words));
    }

    /// A sentence that opens with a verb in its base form not followed by a finite
    /// verb: `Beat them!`, `Let them...`, `Do not...`.
    fn is_imperative(&self, words: &[usize]) -> bool {
        let Some(&first) = words.first() else {
            return false;
        };
        let opens = self.word_facts(first).imperative_verb;
        let statement = words
            .get(1)
            .is_some_and(|&second| self.word_facts(second).finite_verb);
        opens && !statement
    }

    /// Clauses of the sentence (cut at `,`, `;`, `:` and dashes) that open with the
    /// same two words as the clause before: `not X, not Y`; `we shall..., we
    /// shall...`.
    fn clause_anaphora(&self, tokens: &[usize]) -> u32 {
        let mut found = 0;
        let mut previous = None;
        let mut clause: Vec<u32> = Vec::new();
        let mut close_clause = |clause: &mut Vec<u32>, previous: &mut Option<(u32, u32)>| {
            let opening = opening(clause);
            if opening.is_some() && opening == *previous {
                found += 1;
            }
            *previous = opening;
            clause.clear();
        };
        for &token in tokens {
            if self.is_word(token) {
                clause.push(self.form(token));
            } else if matches!(self.token_text(token), "," | ";" | ":" | "—" | "–") {
                close_clause(&mut clause, &mut previous);
            }
        }
        close_clause(&mut clause, &mut previous);
        found
    }

    /// Lists of three: `A, B and C` or `A, B, or C`, where B and C have one to four
    /// words each and lengths within one of each other, and A at least one word.
    fn tricolons(&self, tokens: &[usize]) -> u32 {
        let mut found = 0;
        for (position, &token) in tokens.iter().enumerate() {
            if !self.is_word(token) || !self.word_facts(token).coordinator {
                continue;
            }
            let third = self.words_from(&tokens[position + 1..]);
            // Before the coordinator: an optional comma, B, a comma, then A.
            let mut before = &tokens[..position];
            if let Some((&last, rest)) = before.split_last()
                && self.token_text(last) == ","
            {
                before = rest;
            }
            let second = self.words_back(before);
            let rest = &before[..before.len() - second];
            let Some((&comma, rest)) = rest.split_last() else {
                continue;
            };
            let first = self.words_back(rest);
            let parallel = (1..=4).contains(&second)
                && (1..=4).contains(&third)
                && second.abs_diff(third) <= 1
                && first >= 1;
            if parallel && self.token_text(comma) == "," {
                found += 1;
            }
        }
        found
    }

    /// How many words open `tokens`, up to the first punctuation.
    fn words_from(&self, tokens: &[usize]) -> usize {
        tokens
            .iter()
            .take_while(|&&token| self.is_word(token))
            .count()
    }

    /// How many words end `tokens`, back to the last punctuation.
    fn words_back(&self, tokens: &[usize]) -> usize {
        tokens
            .iter()
            .rev()
            .take_while(|&&token| self.is_word(token))
            .count()
    }

    /// `not X but Y`: a negation and `but` at most eight words apart.
    fn antitheses(&self, words: &[usize]) -> u32 {
        let mut found = 0;
        let mut position = 0;
        while position < words.len() {
            if self.word_facts(words[position]).negation
                && let Some(offset) = words[position + 1..]
                    .iter()
                    .take(8)
                    .position(|&word| self.word_facts(word).contrast)
            {
                found += 1;
                position += offset + 2;
                continue;
            }
            position += 1;
        }
        found
    }
}

fn is_closing(character: char) -> bool {
    matches!(
        character,
        '"' | '\'' | '”' | '’' | '»' | '›' | ')' | ']' | '}'
    )
}

fn non_space_chars(text: &str) -> u32 {
    text.chars().filter(|c| !c.is_whitespace()).count() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sentence with a count past 16 bits (a run of text with no sentence end)
    /// keeps its counts exactly, also once written to disk and read back as a part
    /// of its voice over the corpus.
    #[test]
    fn a_sentence_too_large_for_16_bits_keeps_its_counts() {
        let mut small = Tally::default();
        small.add(Count::Words, 3);
        small.add(Count::Characters, 12);
        let mut large = Tally::default();
        large.add(Count::Words, 70_000);
        large.add(Count::Characters, 400_000);
        let mut text = VoiceText::new(AUTHOR);
        text.words.extend([1, 2, 3]);
        text.push_sentence(&small);
        text.words.extend(std::iter::repeat_n(4, 70_000));
        text.push_sentence(&large);
        assert_eq!(text.wide.len(), 1);

        let mut bytes = Vec::new();
        text.encode(&[10, 11, 12, 13, 14], &mut bytes).unwrap();
        let mut read = VoiceText::new(AUTHOR);
        read.decode(&bytes).expect("a text it wrote");
        assert_eq!(read.words[..3], [11, 12, 13]);
        let mut total = Tally::default();
        assert_eq!(read.add_sentence(0, &mut total), 3);
        assert_eq!(read.add_sentence(1, &mut total), 70_000);
        assert_eq!(total[Count::Characters], 400_012);
        assert_eq!(read.sentence_words(1).len(), 70_000);
        assert_eq!(read.total()[Count::Words], 70_003);
        assert_eq!(read.decode(&bytes[..bytes.len() - 1]), None);
    }
}
