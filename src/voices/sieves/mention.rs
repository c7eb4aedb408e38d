//! Sieve 4, `mention`: a quotation that is nobody's speech: an echo of words quoted
//! earlier (found through [`Echoes`], an index of every quotation's words), or a
//! scare quote, gloss or title embedded in the author's sentence.

use super::{Decision, Reading, Sieve, Speaker, State};
use crate::offsets::narrow;
use crate::voices::tags::Subject;
use crate::voices::{Context, Quote, QuoteKind, lists};

/// A quotation of at most this many words, embedded in the author's sentence, is
/// a scare quote, gloss or title unless a tag makes it speech.
const MENTION_WORDS: usize = 5;

/// Sieve 4: mentions: an echo of words quoted earlier (`“Stalin lives”`), or a short
/// quotation embedded in the author's sentence with no tag (`the “Man of steel”`,
/// `“smoking guns”`, `the so-called “Doctors’ Plot”`).
pub(super) struct Mention;

impl Sieve for Mention {
    fn name(&self) -> &'static str {
        "mention"
    }

    fn decide(&self, state: &mut State, quotes: &[Quote], index: usize) -> Option<Decision> {
        let quote = &quotes[index];
        if !matches!(quote.kind, QuoteKind::Inline | QuoteKind::Nested)
            || state.tags[index].adjacent.is_some()
        {
            return None;
        }
        let context = state.context;
        // A paragraph that is nothing but the quotation is a turn in a dialogue,
        // even when it repeats words said before (`"Bingley."`); in a text that
        // shows it is dialogue, so is any paragraph that opens with it (`"No." Tom
        // looked away.`), where reporting may open a paragraph with a phrase it
        // quoted before (`“Stalin lives”—something mesmerizing shines…`).
        let paragraph = &context.paragraphs[quote.paragraph].range;
        let opens_paragraph = paragraph.start == quote.outer.start;
        let whole_paragraph = opens_paragraph
            && (quote.outer.end >= paragraph.end
                || context.text[quote.outer.end..paragraph.end]
                    .trim()
                    .is_empty());
        let a_turn = whole_paragraph || (opens_paragraph && state.reading == Reading::Dialogue);
        if !a_turn && let Some(earlier) = echo_of(state, quotes, index) {
            return Some(Decision {
                speaker: Speaker::None,
                confidence: 0.9,
                evidence: format!("repeats words of quotation {earlier}"),
                mention: true,
                situation: "echo",
                echo_of: Some(earlier),
            });
        }
        let named_distant = state.tags[index]
            .distant
            .as_ref()
            .is_some_and(|tag| !matches!(tag.subject, Subject::Other));
        // A word or two in the author's sentence is a mention even when a speech
        // verb stands earlier in the clause (`warn me … a fear of “analogies”`).
        let named_distant = named_distant && quote.words > 2;
        if named_distant || quote.words > MENTION_WORDS || quote.words == 0 {
            return None;
        }
        let open = context.token_at(quote.outer.start);
        let previous = open.checked_sub(1).filter(|&previous| {
            context.sentence_of(previous) == context.sentence_of(open)
                && context.at_level(previous, quote.parent)
        })?;
        let first = context.text[quote.range()].chars().next();
        let embedded = context.is_word(previous)
            || first.is_some_and(char::is_lowercase)
            || lists::is_naming_cue(context.lower(previous));
        embedded.then(|| Decision {
            speaker: Speaker::None,
            confidence: 0.8,
            evidence: format!(
                "{} inside the author's sentence, after “{}”, with no speech tag",
                crate::stats::measures::plural(crate::offsets::narrow(quote.words), "word"),
                context.word(previous)
            ),
            mention: true,
            situation: "embedded",
            echo_of: None,
        })
    }
}

/// The quotation that ends before this one and contains all its words in order:
/// the shortest such, so the nested quotation that said the words rather than the
/// block around it. Looked up through the rarest of the words.
fn echo_of(state: &State, quotes: &[Quote], index: usize) -> Option<usize> {
    let quote = &quotes[index];
    let echoes = &state.echoes;
    let words = echoes.words(index);
    let (offset, rarest) = words
        .iter()
        .enumerate()
        .min_by_key(|(_, word)| echoes.places(**word).len())?;
    // The places are in text order: those before this quotation's words are the
    // earlier quotations'.
    let own_start = echoes.starts[index];
    echoes
        .places(*rarest)
        .iter()
        .take_while(|&&at| at < own_start)
        .filter_map(|&at| {
            let earlier = echoes.quote_at(at);
            let start = (at as usize).checked_sub(offset)?;
            let inside = start >= echoes.starts[earlier] as usize
                && start + words.len() <= echoes.starts[earlier + 1] as usize;
            let fits = inside
                && quotes[earlier].outer.end <= quote.outer.start
                && quotes[earlier].is_speech()
                && echoes.words[start..start + words.len()] == *words;
            fits.then_some(earlier)
        })
        .min_by_key(|&earlier| (quotes[earlier].words, earlier))
}

/// The words of every quotation (as forms of the vocabulary), and where each form
/// occurs in them: the places grouped by form (a counting sort, no hashing). A book
/// quotes millions of words, so a place is one number, its position in `words`.
pub(super) struct Echoes {
    /// All quotations' word forms, one after the other.
    words: Vec<u32>,
    /// Where each quotation's words start in `words`, and where the last ends.
    starts: Vec<u32>,
    /// The position in `words` of every word, grouped by form, in text order.
    places: Vec<u32>,
    /// Where each form's places start in `places`.
    place_starts: Vec<usize>,
}

impl Echoes {
    pub(super) fn new(context: &Context, quotes: &[Quote]) -> Self {
        // Each quotation's count of words is known: the capacity needs no pass of its own.
        let mut words = Vec::with_capacity(quotes.iter().map(|found| found.words).sum());
        let mut starts = Vec::with_capacity(quotes.len() + 1);
        for found in quotes {
            starts.push(narrow(words.len()));
            // Plain loops: a book's quoted words are a good part of its words, and
            // a chain of iterators over them cost several times more.
            for piece in &found.pieces {
                for token in context.tokens_in(piece.clone()) {
                    if context.is_word(token) {
                        words.push(context.form(token) as u32);
                    }
                }
            }
        }
        starts.push(narrow(words.len()));
        let mut place_starts = vec![0; context.form_count() + 1];
        for &form in &words {
            place_starts[form as usize + 1] += 1;
        }
        for form in 1..place_starts.len() {
            place_starts[form] += place_starts[form - 1];
        }
        let mut next = place_starts.clone();
        let mut places = vec![0; words.len()];
        for (at, &form) in words.iter().enumerate() {
            places[next[form as usize]] = narrow(at);
            next[form as usize] += 1;
        }
        Echoes {
            words,
            starts,
            places,
            place_starts,
        }
    }

    /// The quotation whose words hold position `at` of `words`.
    fn quote_at(&self, at: u32) -> usize {
        self.starts.partition_point(|&start| start <= at) - 1
    }

    fn words(&self, quote: usize) -> &[u32] {
        &self.words[self.starts[quote] as usize..self.starts[quote + 1] as usize]
    }

    fn places(&self, form: u32) -> &[u32] {
        &self.places[self.place_starts[form as usize]..self.place_starts[form as usize + 1]]
    }
}
