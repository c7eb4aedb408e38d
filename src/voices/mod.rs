//! Voices: separates the author's prose from the voices it quotes, and says who
//! speaks each quotation, with the evidence.
//!
//! The stage runs per document on the cleaned, segmented text, in four steps:
//! 1. [`marks`] finds quotations in quotation marks (nested, over paragraphs,
//!    interrupted by their tag); [`blocks`] finds the epigraph and block quotations
//!    set off as paragraphs, with or without a lead-in ending in a colon;
//! 2. [`people`] finds the people the text names, their gender and one canonical
//!    name per person;
//! 3. the [`sieves`] attribute each quotation, most precise first, and tell
//!    mentions (scare quotes, titles, echoes of earlier quotations) from speech;
//! 4. every token gets its voice: the speaker of the innermost quotation that is
//!    speech around it, else `author`.
//!
//! Positions are byte ranges of the cleaned text, like the segmenter's; the tables
//! map them back to the original file.

mod blocks;
pub mod calibration;
pub mod corrections;
mod lists;
mod marks;
mod people;
pub mod ranker;
pub mod records;
mod sieves;
pub mod speakers;
mod tags;
pub mod token_quotes;
mod tsv;

use std::cell::OnceCell;
use std::ops::Range;

use crate::clean::{CleanText, Paragraph, ParagraphKind};
use crate::offsets::narrow;
use crate::segment::{Segmented, Sentence, Token, Vocabulary};
pub use speakers::SpeakerMap;
use token_quotes::{QuoteRuns, TokenQuotes};

/// The voice of a document's own prose.
pub const AUTHOR: &str = "author";
/// The speaker of `“…,” I said`: the first-person narrator (or the author quoting
/// their own words).
pub const NARRATOR: &str = "narrator";
/// The voice of a quotation whose speaker could not be found with confidence.
pub const UNATTRIBUTED: &str = "unattributed";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Gender {
    Male,
    Female,
    Unknown,
}

impl Gender {
    /// The gender as the tables write it.
    pub fn name(self) -> &'static str {
        match self {
            Gender::Male => "male",
            Gender::Female => "female",
            Gender::Unknown => "unknown",
        }
    }

    /// True when a pronoun of gender `self` may refer to a person of `other`.
    pub fn fits(self, other: Gender) -> bool {
        self == Gender::Unknown || other == Gender::Unknown || self == other
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum QuoteKind {
    /// In quotation marks, within the author's sentences.
    Inline,
    /// Set off as one or more paragraphs of its own.
    Block,
    /// The verse or motto at the head of the text.
    Epigraph,
    /// Inside another quotation.
    Nested,
    /// A scare quote, title, gloss or echo: a use of words, not anyone's speech.
    Mention,
    /// Not a quotation at all, as a scholar's correction says: its words are those
    /// of the text around it. Kept (not removed) so that the quotation ids of a
    /// document do not move and the export shows the decision.
    Withdrawn,
}

impl QuoteKind {
    pub fn name(self) -> &'static str {
        match self {
            QuoteKind::Inline => "inline",
            QuoteKind::Block => "block",
            QuoteKind::Epigraph => "epigraph",
            QuoteKind::Nested => "nested",
            QuoteKind::Mention => "mention",
            QuoteKind::Withdrawn => "withdrawn",
        }
    }
}

/// The situation of an attribution, the key of its calibrated confidence: the case
/// of the sieve that decided it (empty for a sieve with one case) and whom it names
/// (`someone`, `narrator`, `narrator_named` once the narrator's name is found,
/// `none`; empty for a correction), written `case/whom`. Two words the sieves know
/// before they run, so deciding a quotation writes no string.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Situation {
    pub case: &'static str,
    pub whom: &'static str,
}

impl Situation {
    /// `case/whom` in pieces (no `/` when either is empty).
    fn pieces(&self) -> [&'static str; 3] {
        let slash = if self.case.is_empty() || self.whom.is_empty() {
            ""
        } else {
            "/"
        };
        [self.case, slash, self.whom]
    }

    /// Writes `case/whom` at the end of `out` (without the formatting machinery:
    /// every attribution's calibration key is written so).
    pub fn write_to(&self, out: &mut String) {
        self.pieces().iter().for_each(|piece| out.push_str(piece));
    }
}

impl std::fmt::Display for Situation {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        self.pieces()
            .iter()
            .try_for_each(|piece| f.write_str(piece))
    }
}

/// A quotation and its attribution.
#[derive(Clone, Debug, PartialEq)]
pub struct Quote {
    /// The quoted words (without marks): one range per piece, so a quotation
    /// interrupted by its speech tag has two and one over paragraphs has one each.
    pub pieces: Vec<Range<usize>>,
    /// The same pieces with their marks: the text that belongs to the quotation.
    pub spans: Vec<Range<usize>>,
    /// From the first mark to the last.
    pub outer: Range<usize>,
    /// The paragraph it starts in.
    pub paragraph: usize,
    /// The quotation it is nested in.
    pub parent: Option<usize>,
    pub kind: QuoteKind,
    /// The canonical name of the speaker, None for unattributed and mentions.
    pub speaker: Option<String>,
    /// The sieve that decided the attribution (or the mention).
    pub rule: &'static str,
    /// Which of the rule's cases decided, and whom it names
    /// (`answers_who_was_called/someone`): with the rule, the key of the calibrated
    /// confidence (see [`calibration`]).
    pub situation: Situation,
    pub confidence: f32,
    /// The words the decision rests on: the tag, the lead-in, the attribution line.
    pub evidence: String,
    /// The earlier quotation whose words this one repeats.
    pub echo_of: Option<usize>,
    /// For an epigraph, the rest of its attribution line (`Requiem, 1937`).
    pub work: Option<String>,
    /// Word tokens in the pieces.
    pub words: usize,
}

impl Quote {
    pub fn new(
        pieces: Vec<Range<usize>>,
        spans: Vec<Range<usize>>,
        paragraph: usize,
        kind: QuoteKind,
    ) -> Self {
        let outer =
            spans.first().map_or(0, |span| span.start)..spans.last().map_or(0, |span| span.end);
        Quote {
            pieces,
            spans,
            outer,
            paragraph,
            parent: None,
            kind,
            speaker: None,
            rule: sieves::UNATTRIBUTED_RULE,
            situation: Situation::default(),
            confidence: 0.0,
            evidence: String::new(),
            echo_of: None,
            work: None,
            words: 0,
        }
    }

    /// From the first quoted word to the last.
    pub fn range(&self) -> Range<usize> {
        self.pieces
            .first()
            .map_or(self.outer.start, |piece| piece.start)
            ..self.pieces.last().map_or(self.outer.end, |piece| piece.end)
    }

    /// The quoted words, pieces joined by a space.
    pub fn text(&self, text: &str) -> String {
        let pieces: Vec<&str> = self
            .pieces
            .iter()
            .map(|piece| &text[piece.clone()])
            .collect();
        pieces.join(" ")
    }

    /// True when it is someone's speech, not a mention (nor withdrawn).
    pub fn is_speech(&self) -> bool {
        !matches!(self.kind, QuoteKind::Mention | QuoteKind::Withdrawn)
    }

    /// The voice its words belong to.
    pub fn voice(&self) -> &str {
        self.speaker.as_deref().unwrap_or(UNATTRIBUTED)
    }
}

/// Whose words a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Voice {
    Author,
    /// The quotation (its index) whose speaker says it.
    Quoted(u32),
    /// Nobody's: the attribution line of an epigraph.
    Nobody,
}

impl Voice {
    /// A place to keep what is known of this voice in a document while its tokens
    /// are walked, so that its name is looked up once, not once per token: 0 for
    /// the author, q + 1 for quotation q (a document has `Voices::slots` of them),
    /// None for nobody's words.
    pub fn slot(self) -> Option<usize> {
        match self {
            Voice::Author => Some(0),
            Voice::Quoted(quote) => Some(quote as usize + 1),
            Voice::Nobody => None,
        }
    }

    /// The voice whose [`Voice::slot`] is `slot`.
    pub fn of_slot(slot: usize) -> Voice {
        match slot {
            0 => Voice::Author,
            _ => Voice::Quoted(crate::offsets::narrow(slot - 1)),
        }
    }
}

/// A person of a document as the people model sees them before attribution: the
/// rows of the `characters` table and the report's *People* section.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Character {
    /// The canonical name (the voice's name when they speak).
    pub name: String,
    /// The other forms of the name the book uses for them.
    pub other_names: Vec<String>,
    pub gender: Gender,
    /// What the gender rests on (`a title`, `pronouns`, `a first name`).
    #[serde(deserialize_with = "crate::labels::label")]
    pub gender_from: crate::labels::Label,
    /// Times the book names them.
    pub mentions: usize,
    /// Quotations of speech attributed to them.
    pub quotations: usize,
    /// True when the text shows the name is someone's (a title, a gender from
    /// pronouns or a first name, a speech verb beside it, a name of several words)
    /// and does not set it aside.
    pub is_person: bool,
    /// Why the name is no one's (a place, a group, a bare title), if it is not.
    pub not_a_person: Option<String>,
    /// Why each other name is this person.
    pub merges: Vec<String>,
}

/// The quotations of a document and the voice of each token.
#[derive(Clone, Debug, Default)]
pub struct Voices {
    pub quotes: Vec<Quote>,
    /// The people of the document (named twice or more, or speaking), those who
    /// speak most first; then the names set aside as no one's.
    pub characters: Vec<Character>,
    /// The innermost quotation (of any kind, mentions included) around each token.
    pub token_quotes: QuoteRuns,
    /// The tokens of the attribution lines of epigraphs (nobody's words), in order.
    /// A token's voice is found from these and its quotation when asked
    /// ([`Voices::token_voices`]) rather than kept: a long book has twenty million
    /// tokens.
    pub nobody_tokens: Vec<Range<usize>>,
    /// Paragraphs that are block quotations.
    pub block_paragraphs: Vec<usize>,
}

impl Voices {
    /// The voices of the tokens of `tokens`, in order: for each, the innermost
    /// quotation around it that is speech (a mention is transparent), else the
    /// author; attribution lines are nobody's.
    pub fn token_voices(&self, tokens: Range<usize>) -> impl Iterator<Item = Voice> + '_ {
        self.token_voices_and_mentions(tokens)
            .map(|(voice, _)| voice)
    }

    /// The voices of the tokens of `tokens` (see [`Voices::token_voices`]), each
    /// with whether its innermost quotation is a mention (scare quotes, a title, an
    /// echo).
    pub fn token_voices_and_mentions(
        &self,
        tokens: Range<usize>,
    ) -> impl Iterator<Item = (Voice, bool)> + '_ {
        let innermost = self.token_quotes.range(tokens.clone());
        tokens.zip(innermost).map(|(token, innermost)| {
            let mention = innermost
                .is_some_and(|quote| self.quotes[quote as usize].kind == QuoteKind::Mention);
            (self.voice_in(token, innermost), mention)
        })
    }

    /// The voice of token `token`, whose innermost quotation is `innermost`.
    fn voice_in(&self, token: usize, innermost: Option<u32>) -> Voice {
        let after = self
            .nobody_tokens
            .partition_point(|tokens| tokens.end <= token);
        if self
            .nobody_tokens
            .get(after)
            .is_some_and(|tokens| tokens.contains(&token))
        {
            return Voice::Nobody;
        }
        let mut quote = innermost;
        while let Some(current) = quote {
            let current_quote = &self.quotes[current as usize];
            if current_quote.is_speech() {
                return Voice::Quoted(current);
            }
            quote = current_quote.parent.map(|parent| parent as u32);
        }
        Voice::Author
    }

    /// How many tokens the document has.
    pub fn token_count(&self) -> usize {
        self.token_quotes.len()
    }

    /// How many voices the document's tokens can have, nobody aside: the author
    /// and each quotation's (see [`Voice::slot`]).
    pub fn slots(&self) -> usize {
        self.quotes.len() + 1
    }

    /// The name of a voice.
    pub fn name(&self, voice: Voice) -> Option<&str> {
        match voice {
            Voice::Author => Some(AUTHOR),
            Voice::Quoted(quote) => Some(self.quotes[quote as usize].voice()),
            Voice::Nobody => None,
        }
    }

    /// The voice of a sentence: the voice of most of its words (ties go to the
    /// earlier voice), None for a sentence with no word.
    pub fn sentence_voice(&self, tokens: &[Token], range: Range<usize>) -> Option<&str> {
        let mut counts: Vec<(Voice, usize)> = Vec::new();
        for (index, voice) in range.clone().zip(self.token_voices(range)) {
            if !tokens[index].is_word() {
                continue;
            }
            match counts.iter_mut().find(|(seen, _)| *seen == voice) {
                Some((_, count)) => *count += 1,
                None => counts.push((voice, 1)),
            }
        }
        let best = counts.iter().map(|(_, count)| *count).max()?;
        let (voice, _) = counts.into_iter().find(|(_, count)| *count == best)?;
        self.name(voice)
    }
}

/// What every step of the stage reads: the text, its units and which tokens are
/// inside which quotation.
pub(crate) struct Context<'a> {
    pub text: &'a str,
    /// The segmenter's tokens (12 bytes each: read again and again, their size
    /// is the stage's memory traffic).
    tokens: &'a [Token],
    segmented: &'a Segmented,
    /// The normalized (lower-case) forms the tokens point to.
    vocabulary: &'a Vocabulary,
    /// Per form: true when the document writes it in lower case somewhere.
    written_lowercase: Vec<u32>,
    /// Per form: what the word lists say of it, looked up the first time a token
    /// of the form is asked about rather than every time.
    form_facts: Vec<OnceCell<FormFacts>>,
    /// Per sentence, true when it has a word of the author's own text (outside
    /// quotations): found the first time a pronoun looks back through a dialogue,
    /// whose quoted sentences it passes over.
    narrating_sentences: OnceCell<Vec<bool>>,
    pub sentences: &'a [Sentence],
    pub paragraphs: &'a [Paragraph],
    /// Sentence indices of each paragraph.
    pub paragraph_sentences: Vec<Range<usize>>,
    /// The tokens of each paragraph: what the sieves ask of every paragraph around
    /// a turn, found once rather than searched for each time.
    paragraph_tokens: Vec<Range<usize>>,
    /// The innermost quotation around each token (filled once quotations are found).
    pub token_quotes: TokenQuotes,
    /// For every block of `BLOCK` bytes of text, the first token that starts in it
    /// or after it: `token_at` searches one block, not the whole document.
    block_tokens: Vec<u32>,
}

/// What the word lists of `data/voices/` say of one lower-case form.
#[derive(Clone, Copy, Default)]
struct FormFacts {
    listed: lists::WordFacts,
    /// `he`, `his`, `herself`…
    pronoun: Option<Gender>,
    /// `the`, `his`, `another`… (see `tags::described`).
    description_determiner: bool,
    /// The particles with which the word is a verb of speaking (`back` for
    /// `called`), if it is one only with a particle.
    speech_particles: &'static [&'static str],
}

impl FormFacts {
    fn of(form: &str) -> Self {
        FormFacts {
            listed: lists::word_facts(form),
            pronoun: people::pronoun_gender(form),
            description_determiner: tags::is_description_determiner(form),
            speech_particles: lists::speech_particles(form),
        }
    }
}

/// The size of the blocks of text that index the tokens (see `Context::token_at`).
const BLOCK: usize = 64;

impl<'a> Context<'a> {
    fn new(clean: &'a CleanText, segmented: &'a Segmented) -> Self {
        let text = clean.text.text.as_str();
        let tokens = segmented.tokens.as_slice();
        let vocabulary = &segmented.vocabulary;
        let mut written_lowercase = vec![0u32; vocabulary.len()];
        for token in tokens {
            if token.is_word() && text.as_bytes()[token.range().start].is_ascii_lowercase() {
                written_lowercase[token.form() as usize] += 1;
            }
        }
        let mut paragraph_sentences = vec![0..0; clean.paragraphs.len()];
        for (index, sentence) in segmented.sentences.iter().enumerate() {
            grow(&mut paragraph_sentences[sentence.paragraph()], index);
        }
        let form_facts = vec![OnceCell::new(); vocabulary.len()];
        let blocks = text.len() / BLOCK + 2;
        let mut block_tokens = Vec::with_capacity(blocks);
        for (index, token) in tokens.iter().enumerate() {
            while block_tokens.len() * BLOCK <= token.range().start {
                block_tokens.push(narrow(index));
            }
        }
        block_tokens.resize(blocks, narrow(tokens.len()));
        let mut context = Context {
            block_tokens,
            text,
            token_quotes: TokenQuotes::none(tokens.len()),
            tokens,
            segmented,
            vocabulary,
            written_lowercase,
            form_facts,
            narrating_sentences: OnceCell::new(),
            sentences: &segmented.sentences,
            paragraphs: &clean.paragraphs,
            paragraph_sentences,
            paragraph_tokens: Vec::new(),
        };
        context.paragraph_tokens = clean
            .paragraphs
            .iter()
            .map(|paragraph| {
                context.token_at(paragraph.range.start)..context.token_at(paragraph.range.end)
            })
            .collect();
        context
    }

    /// The tokens of paragraph `paragraph`.
    pub fn paragraph_tokens(&self, paragraph: usize) -> Range<usize> {
        self.paragraph_tokens[paragraph].clone()
    }

    pub fn token_count(&self) -> usize {
        self.tokens.len()
    }

    /// Where token `index` starts in the cleaned text.
    pub fn start_of(&self, index: usize) -> usize {
        self.tokens[index].range().start
    }

    /// Where token `index` ends in the cleaned text.
    pub fn end_of(&self, index: usize) -> usize {
        self.tokens[index].range().end
    }

    /// The text of token `index`.
    pub fn word(&self, index: usize) -> &'a str {
        &self.text[self.tokens[index].range()]
    }

    /// The lower-case form of token `index`.
    pub fn lower(&self, index: usize) -> &'a str {
        self.vocabulary.form(self.tokens[index].form())
    }

    /// True when token `index` is a verb of speaking or writing, alone or with
    /// its particle (`called back`, `broke in`).
    pub fn is_speech_verb(&self, index: usize) -> bool {
        self.facts(index).listed.speech_verb || self.has_speech_particle(index)
    }

    /// True when token `index` speaks only with the particle after it: `he called
    /// back`, `broke in the General`, `burst out Lydia`.
    pub fn has_speech_particle(&self, index: usize) -> bool {
        let particles = self.facts(index).speech_particles;
        !particles.is_empty()
            && index + 1 < self.tokens.len()
            && particles.contains(&self.lower(index + 1))
    }

    /// True when token `index` is a noun that speaks of a document (`letter`).
    pub fn is_document_noun(&self, index: usize) -> bool {
        self.facts(index).listed.document_noun
    }

    /// The gender of the title token `index` is (`Mrs.`), if it is one.
    pub fn honorific(&self, index: usize) -> Option<Gender> {
        self.facts(index).listed.honorific
    }

    /// The gender of the person noun token `index` is (`officer`, `lady`), if it is one.
    pub fn person_noun(&self, index: usize) -> Option<Gender> {
        self.facts(index).listed.person_noun
    }

    /// The gender of the personal pronoun token `index` is (`he`, `her`), if it is one.
    pub fn pronoun_gender(&self, index: usize) -> Option<Gender> {
        // Every such pronoun starts with `h` or `s`: most tokens are answered by
        // their first byte, without looking up their form.
        if !matches!(self.first_byte(index) | 0x20, b'h' | b's') {
            return None;
        }
        self.facts(index).pronoun
    }

    /// True when token `index` opens a description of a person (`the`, `his`).
    pub fn is_description_determiner(&self, index: usize) -> bool {
        self.facts(index).description_determiner
    }

    fn facts(&self, index: usize) -> FormFacts {
        let form = self.tokens[index].form();
        *self.form_facts[form as usize].get_or_init(|| FormFacts::of(self.vocabulary.form(form)))
    }

    /// The index of token `index`'s lower-case form.
    pub fn form(&self, index: usize) -> usize {
        self.tokens[index].form() as usize
    }

    /// The index of a lower-case form, if a token of the document has it.
    pub fn form_id(&self, lower: &str) -> Option<usize> {
        self.vocabulary.id(lower).map(|form| form as usize)
    }

    /// How many distinct lower-case forms the document has.
    pub fn form_count(&self) -> usize {
        self.vocabulary.len()
    }

    /// How many times the document writes form `form` in lower case: a
    /// capitalised word that it also writes so is mostly a common word at a
    /// sentence start or in a title, not a name.
    pub fn lowercase_uses(&self, form: usize) -> u32 {
        self.written_lowercase[form]
    }

    /// The first byte of token `index`.
    pub fn first_byte(&self, index: usize) -> u8 {
        self.text.as_bytes()[self.start_of(index)]
    }

    /// True when token `index` starts with a capital: for most tokens, answered by
    /// their first byte without decoding a character (see `people::is_capitalised`).
    #[inline(always)]
    pub fn is_capitalised(&self, index: usize) -> bool {
        let first = self.first_byte(index);
        if first.is_ascii() {
            first.is_ascii_uppercase()
        } else {
            self.is_capitalised_beyond_ascii(index)
        }
    }

    /// [`Context::is_capitalised`] for a token that starts beyond ASCII: rare, so
    /// kept out of the callers' loops (the name finder asks of every token).
    #[cold]
    #[inline(never)]
    fn is_capitalised_beyond_ascii(&self, index: usize) -> bool {
        people::is_capitalised(self.word(index))
    }

    pub fn is_word(&self, index: usize) -> bool {
        self.tokens[index].is_word()
    }

    /// The index of the first token that starts at or after byte `at`.
    pub fn token_at(&self, at: usize) -> usize {
        let block = (at / BLOCK).min(self.block_tokens.len() - 2);
        let first = self.block_tokens[block] as usize;
        let last = self.block_tokens[block + 1] as usize;
        first + self.tokens[first..last].partition_point(|token| token.range().start < at)
    }

    /// The tokens inside the byte range `range`.
    pub fn tokens_in(&self, range: Range<usize>) -> Range<usize> {
        let start = self.token_at(range.start);
        // Ranges are short: gallop from the start rather than search the rest of
        // the document.
        let rest = &self.tokens[start..];
        let ends_before = |token: &Token| token.range().end <= range.end;
        let mut bound = 1;
        while bound < rest.len() && ends_before(&rest[bound]) {
            bound *= 2;
        }
        let window = &rest[..bound.min(rest.len())];
        start..start + window.partition_point(ends_before)
    }

    pub fn sentence_of(&self, token: usize) -> usize {
        self.segmented.sentence_of(token)
    }

    /// The tokens of sentence `sentence`.
    pub fn sentence_tokens(&self, sentence: usize) -> Range<usize> {
        self.sentences[sentence].tokens()
    }

    pub fn paragraph_of(&self, token: usize) -> usize {
        self.sentences[self.sentence_of(token)].paragraph()
    }

    /// True when sentence `sentence` has a word at the level of quotation `level`
    /// (None: the author's own text; see [`Context::at_level`]).
    pub fn has_words_at(&self, sentence: usize, level: Option<usize>) -> bool {
        let has_words = |sentence: usize, level: Option<usize>| {
            self.sentence_tokens(sentence)
                .any(|token| self.at_level(token, level) && self.is_word(token))
        };
        match level {
            None => self.narrating_sentences.get_or_init(|| {
                (0..self.sentences.len())
                    .map(|sentence| has_words(sentence, None))
                    .collect()
            })[sentence],
            Some(_) => has_words(sentence, level),
        }
    }

    /// True when token `index` is at the level of quotation `level` (None: the
    /// author's own text), not inside a quotation nested deeper.
    pub fn at_level(&self, index: usize, level: Option<usize>) -> bool {
        self.token_quotes.get(index).map(|quote| quote as usize) == level
    }
}

/// Adds `index` to a range of consecutive indices that starts empty.
fn grow(range: &mut Range<usize>, index: usize) {
    if range.start == range.end {
        *range = index..index + 1;
    } else {
        range.end = index + 1;
    }
}

/// Finds the quotations of a document, attributes them, and gives every token its
/// voice. `speakers` renames or merges voices (from `--speakers`).
pub fn find(clean: &CleanText, segmented: &Segmented, speakers: &SpeakerMap) -> Voices {
    find_ranked(clean, segmented, speakers, ranker::Ranker::bundled(), false).0
}

/// [`find`] with another turn ranker; with `record`, also returns the turns the
/// ranker decided with their candidates (to train a ranker on annotated texts).
pub fn find_ranked(
    clean: &CleanText,
    segmented: &Segmented,
    speakers: &SpeakerMap,
    ranker: &ranker::Ranker,
    record: bool,
) -> (Voices, Vec<ranker::TurnExample>) {
    let mut context = Context::new(clean, segmented);
    let mut quotes = marks::find(&context);
    let block_paragraphs = blocks::find(&context, &mut quotes);
    nest(&mut quotes);
    context.token_quotes = innermost_quotes(&context, &quotes);
    for quote in &mut quotes {
        quote.words = quote
            .pieces
            .iter()
            .map(|piece| {
                context
                    .tokens_in(piece.clone())
                    .filter(|&index| context.is_word(index))
                    .count()
            })
            .sum();
    }
    let people = people::People::find(&context);
    let examples = sieves::attribute(&context, &people, &mut quotes, ranker, record);
    let characters = characters(&people, &quotes);
    for speaker in quotes.iter_mut().filter_map(|quote| quote.speaker.as_mut()) {
        let canonical = speakers.canonical(speaker);
        if canonical != speaker.as_str() {
            *speaker = canonical.to_string();
        }
    }
    let voices = Voices {
        quotes,
        characters,
        nobody_tokens: attribution_tokens(&context),
        token_quotes: context.token_quotes.into_runs(),
        block_paragraphs,
    };
    (voices, examples)
}

/// The people model of a document as the user sees it: each person named twice or
/// more, or speaking, with their names, gender and the evidence for each merge;
/// those who speak most first, the names that are no one's last.
fn characters(people: &people::People, quotes: &[Quote]) -> Vec<Character> {
    let mut mentions = vec![0usize; people.persons.len()];
    for mention in &people.mentions {
        mentions[mention.person] += 1;
    }
    let mut quotations: crate::hashing::FastMap<&str, usize> = Default::default();
    for quote in quotes.iter().filter(|quote| quote.is_speech()) {
        if let Some(speaker) = &quote.speaker {
            *quotations.entry(speaker.as_str()).or_default() += 1;
        }
    }
    // A novel names thousands of capitalised words once: count before copying.
    let mut characters: Vec<Character> = people
        .persons
        .iter()
        .zip(mentions)
        .filter_map(|(person, mentions)| {
            let quotations = quotations.get(person.name.as_str()).copied().unwrap_or(0);
            (mentions >= 2 || quotations > 0).then_some((person, mentions, quotations))
        })
        .map(|(person, mentions, quotations)| Character {
            name: person.name.clone(),
            other_names: person
                .forms
                .iter()
                .filter(|form| **form != person.name)
                .cloned()
                .collect(),
            gender: person.gender,
            gender_from: person.gender_from,
            mentions,
            quotations,
            is_person: person.is_someone(),
            not_a_person: person.not_a_person.clone(),
            merges: person.merges.clone(),
        })
        .collect();
    characters.sort_by(|a, b| {
        (
            a.not_a_person.is_some(),
            std::cmp::Reverse(a.quotations),
            std::cmp::Reverse(a.mentions),
            &a.name,
        )
            .cmp(&(
                b.not_a_person.is_some(),
                std::cmp::Reverse(b.quotations),
                std::cmp::Reverse(b.mentions),
                &b.name,
            ))
    });
    characters
}

/// Sorts quotations by position and sets each one's parent: the innermost
/// quotation whose span contains it. A quotation inside another is `nested`. (One
/// that starts inside another and runs past its end, as an unclosed mark inside a
/// block can, has no parent.)
fn nest(quotes: &mut [Quote]) {
    quotes.sort_by_key(|quote| (quote.outer.start, std::cmp::Reverse(quote.outer.end)));
    let mut open: Vec<usize> = Vec::new();
    for index in 0..quotes.len() {
        let Range { start, end } = quotes[index].outer;
        while open
            .last()
            .is_some_and(|&outer| quotes[outer].outer.end <= start || quotes[outer].outer.end < end)
        {
            open.pop();
        }
        let parent = open.last().copied();
        quotes[index].parent = parent;
        if parent.is_some() && quotes[index].kind == QuoteKind::Inline {
            quotes[index].kind = QuoteKind::Nested;
        }
        open.push(index);
    }
}

/// The innermost quotation around each token (quotations are sorted and nested, so
/// a later one inside an earlier one overwrites it).
fn innermost_quotes(context: &Context, quotes: &[Quote]) -> TokenQuotes {
    let mut innermost = TokenQuotes::none(context.token_count());
    for (index, quote) in quotes.iter().enumerate() {
        for span in &quote.spans {
            for token in context.tokens_in(span.clone()) {
                innermost.set(token, narrow(index));
            }
        }
    }
    innermost
}

/// The tokens of the attribution lines (of epigraphs), found by their sentences.
fn attribution_tokens(context: &Context) -> Vec<Range<usize>> {
    let mut tokens = Vec::new();
    for (paragraph, about) in context.paragraphs.iter().enumerate() {
        if about.kind == ParagraphKind::Attribution {
            for sentence in context.paragraph_sentences[paragraph].clone() {
                tokens.push(context.sentence_tokens(sentence));
            }
        }
    }
    tokens
}
