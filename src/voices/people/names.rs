//! Finding a name in the text: a run of capitalised words the document never writes
//! in lower case, with an optional title (`Mr.`, `Comrade`), read as a [`Form`]
//! ([`name_at`]). A capital that opens a sentence counts only with more evidence
//! ([`is_name_word`]).

use std::borrow::Cow;
use std::ops::Range;

use super::Mention;
use crate::voices::{Context, Gender, lists};

/// Words that make the name after them the object of a preposition ([`governed`]).
const PREPOSITIONS: &[&str] = &[
    "about",
    "after",
    "against",
    "among",
    "at",
    "before",
    "behind",
    "beside",
    "besides",
    "between",
    "by",
    "except",
    "for",
    "from",
    "in",
    "including",
    "into",
    "like",
    "near",
    "of",
    "on",
    "onto",
    "over",
    "than",
    "through",
    "to",
    "toward",
    "towards",
    "under",
    "unlike",
    "upon",
    "with",
    "within",
    "without",
];

/// The particles of European surnames (`Marquis de Griers`, `van Helsing`, `von
/// Bülow`, `da Vinci`), part of the name after them, in lower case whether or not a
/// sentence opens with them (`De Griers began` is `de Griers`).
const PARTICLES: &[&str] = &[
    "de", "du", "da", "di", "del", "della", "van", "von", "der", "le", "la",
];

/// Words passed over between a preposition and the name it governs (`to the`).
const DETERMINERS: &[&str] = &["the", "a", "an", "his", "her", "their", "our", "my", "your"];

/// A word without its possessive ending, and whether it had one.
fn strip_possessive(word: &str) -> (&str, bool) {
    for suffix in ["’s", "'s", "’", "'"] {
        if let Some(stem) = word.strip_suffix(suffix) {
            return (stem, true);
        }
    }
    (word, false)
}

/// True when a word starts with a capital letter.
pub fn is_capitalised(word: &str) -> bool {
    // Most words are ASCII: their first byte answers without decoding a character.
    match word.as_bytes().first() {
        Some(byte) if byte.is_ascii() => byte.is_ascii_uppercase(),
        _ => word.chars().next().is_some_and(char::is_uppercase),
    }
}

/// A form of a name: its title's gender and its words. A single word keeps its
/// gendered title too (lower case, without the full stop): Mrs. Miller and Miss
/// Miller are mother and daughter.
/// Its words borrow the text, so that a mention of a form already seen costs no
/// allocation.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) struct Form<'a> {
    pub(super) title_gender: Option<Gender>,
    pub(super) title: Option<String>,
    pub(super) words: Vec<Cow<'a, str>>,
}

/// True when token `index` is a capitalised article inside a sentence, which opens
/// the title of a work (`volume The Unknown Lenin`).
pub(super) fn is_title_article(context: &Context, index: usize) -> bool {
    matches!(context.word(index), "The" | "A" | "An")
        && context.sentence_tokens(context.sentence_of(index)).start != index
        && index > 0
        && context.is_word(index - 1)
}

/// Words that open sentences and are never names.
pub fn is_function_word(lower: &str) -> bool {
    matches!(
        lower,
        "a" | "after"
            | "all"
            | "an"
            | "and"
            | "as"
            | "at"
            | "before"
            | "both"
            | "but"
            | "by"
            | "each"
            | "every"
            | "few"
            | "for"
            | "from"
            | "he"
            | "her"
            | "here"
            | "his"
            | "how"
            | "however"
            | "i"
            | "if"
            | "in"
            | "it"
            | "its"
            | "many"
            | "meanwhile"
            | "most"
            | "my"
            | "no"
            | "not"
            | "of"
            | "on"
            | "one"
            | "or"
            | "our"
            | "several"
            | "she"
            | "so"
            | "some"
            | "thanks"
            | "that"
            | "the"
            | "their"
            | "then"
            | "there"
            | "these"
            | "they"
            | "this"
            | "those"
            | "to"
            | "we"
            | "what"
            | "when"
            | "where"
            | "which"
            | "while"
            | "who"
            | "why"
            | "with"
            | "yet"
            | "you"
            | "your"
    )
}

/// True when the token after `index` marks it as a subject's name: a capitalised
/// word used inside sentences (`Nikolai Yezhov`), a speech verb (`Molotov said`) or
/// a verb in the past tense (`Elizabeth smiled`).
fn next_is_name(context: &Context, capitals: &Capitals, index: usize) -> bool {
    let next = index + 1;
    if next >= context.token_count()
        || !context.is_word(next)
        || !context.text[context.end_of(index)..context.start_of(next)]
            .chars()
            .all(char::is_whitespace)
    {
        return false;
    }
    let word = context.word(next);
    capitals.contains(context, next)
        || context.is_speech_verb(next)
        || (word.len() > 3 && word.ends_with("ed") && word.starts_with(char::is_lowercase))
}

/// True when token `index` opens a sentence, or a quotation or parenthesis inside
/// one: a capital there says nothing about a name.
fn starts_sentence(context: &Context, index: usize) -> bool {
    context.sentence_tokens(context.sentence_of(index)).start == index
        || follows_opening_mark(context, index)
}

/// True when token `index` follows a quotation mark, bracket or dash that opens
/// what comes after it, as a sentence's start does.
fn follows_opening_mark(context: &Context, index: usize) -> bool {
    index.checked_sub(1).is_some_and(|previous| {
        matches!(
            context.word(previous),
            "“" | "‘" | "\"" | "'" | "«" | "(" | "[" | "—"
        )
    })
}

/// How many times the document writes each word capitalised after the first word
/// of a sentence, by its lower-case form (a possessive counts for its stem).
pub(super) struct Capitals(Vec<u32>);

/// A word the document writes capitalised inside sentences this many times as
/// often as in lower case, and [`NAME_USES`] times at least, is a name the book
/// gives someone (`the Grandmother` 104 times beside 7 `grandmother`), not a
/// common word.
const NAME_OVER_WORD: u32 = 10;
const NAME_USES: u32 = 20;

/// Per sentence: true when it is written in title case, as headlines and the
/// titles of works are (`Glenn Beck Blasts Drudge Over Poll`): every word of four
/// letters or more, and at least four of them, capitalised. Its capitals say
/// nothing of names.
pub(super) fn title_case_sentences(context: &Context) -> Vec<bool> {
    context
        .sentences
        .iter()
        .map(|sentence| {
            let mut long_words = 0;
            for token in sentence.tokens() {
                let word = context.word(token);
                let short = word.len() < 4 || (!word.is_ascii() && word.chars().count() < 4);
                if !context.is_word(token) || short {
                    continue;
                }
                if !is_capitalised(word) {
                    return false;
                }
                long_words += 1;
            }
            long_words >= 4
        })
        .collect()
}

impl Capitals {
    pub(super) fn find(context: &Context, title_case: &[bool]) -> Self {
        let mut inside = vec![0u32; context.form_count()];
        let sentences = (context.sentences.iter().zip(title_case))
            .filter(|&(_, &title_case)| !title_case)
            .map(|(sentence, _)| sentence.tokens());
        for tokens in sentences {
            // Past the sentence's first word, the capital first: most tokens are
            // lower case, and their first byte says so.
            for index in tokens.start + 1..tokens.end {
                if context.is_capitalised(index)
                    && context.is_word(index)
                    && !follows_opening_mark(context, index)
                    && let Some(form) = stem_form(context, index)
                {
                    inside[form] += 1;
                }
            }
        }
        Capitals(inside)
    }

    /// True when token `index` is capitalised and the document writes it so inside
    /// sentences.
    fn contains(&self, context: &Context, index: usize) -> bool {
        context.is_capitalised(index)
            && stem_form(context, index).is_some_and(|form| self.0[form] > 0)
    }

    /// True when the document writes form `form` in lower case as a common word,
    /// not only now and then beside a name it gives someone.
    pub(super) fn is_common_word(&self, context: &Context, form: usize) -> bool {
        let lower = context.lowercase_uses(form);
        let inside = self.0[form];
        lower > 0 && !(inside >= NAME_USES && inside >= NAME_OVER_WORD * lower)
    }
}

/// The lower-case form of token `index` without a possessive ending, if the
/// document has it.
fn stem_form(context: &Context, index: usize) -> Option<usize> {
    let lower = context.lower(index);
    match lower
        .strip_suffix("'s")
        .or_else(|| lower.strip_suffix('\''))
    {
        Some(stem) => context.form_id(stem),
        None => Some(context.form(index)),
    }
}

/// True when token `index` can be part of a name.
fn is_name_word(context: &Context, capitals: &Capitals, index: usize) -> Option<bool> {
    if !context.is_word(index) {
        return None;
    }
    if !context.is_capitalised(index) {
        return None;
    }
    let word = context.word(index);
    let (stem, possessive) = strip_possessive(word);
    // The token's normalized form is the stem in lower case (plus `'s`).
    let lower = context.lower(index);
    let lower = lower.strip_suffix("'s").unwrap_or(lower);
    // An initial whose name goes on is a name's, even one that is no name alone
    // (`Lindsey O. Graham`: `O` is an interjection; `James A. Baker`).
    let opens_name =
        || is_initial(context, index) && is_name_word(context, capitals, index + 2).is_some();
    if stem_form(context, index).is_some_and(|form| capitals.is_common_word(context, form))
        && !opens_name()
    {
        return None;
    }
    if is_acronym_or_number(stem) || (lists::is_not_name(stem) && !opens_name()) {
        return None;
    }
    // A capital at a sentence start is a name's when the document also writes the
    // word capitalised inside sentences, or when it is no English word, or when a
    // name or a verb follows it (`Nikolai Yezhov stood…`, `Molotov said`,
    // `Elizabeth smiled`) and it is no function word, adverb (`Suddenly`) or
    // participle before a name (`Following Sanders`). What follows a hyphenated
    // word follows its last part (`Anne-Marie Slaughter wrote`).
    // (Function words are English: the word list is only asked about the rest.) A
    // preposition opens a phrase, never a name (`Unlike Hitler, …`). Nor does an
    // initial whose name goes on (`"…," J. Gerald Hebert said`, where the straight
    // quotation mark before it reads as opening a sentence).
    if starts_sentence(context, index)
        && !capitals.contains(context, index)
        && !opens_name()
        && (is_function_word(lower)
            || PREPOSITIONS.contains(&lower)
            || ((lower.ends_with("ly")
                || !next_is_name(context, capitals, hyphenated_end(context, index))
                || (lower.ends_with("ing") && context.is_capitalised(index + 1)))
                && crate::lexicon::is_english_lowercase(lower)))
    {
        return None;
    }
    Some(possessive)
}

/// True when token `index`, right after a title, can be a name: a capitalised word
/// that is no function word, acronym or number.
fn is_name_after_title(context: &Context, index: usize) -> bool {
    let word = context.word(index);
    let stem = strip_possessive(word).0;
    context.is_word(index)
        && is_capitalised(word)
        && !is_function_word(context.lower(index))
        && !is_acronym_or_number(stem)
}

/// True for `USSR` or `1937th`: capitals that name no one.
fn is_acronym_or_number(stem: &str) -> bool {
    (stem.chars().count() > 1 && stem.chars().all(char::is_uppercase))
        || stem.chars().any(|c| c.is_ascii_digit())
}

/// A title as `Form` keeps it: lower case, without the full stop.
pub(super) fn title_key(written: &str) -> String {
    written.trim_end_matches('.').to_lowercase()
}

/// A title before a name as written (`Mr.`), and the gender it gives.
pub(super) struct Title {
    pub(super) text: String,
    pub(super) gender: Option<Gender>,
}

/// When token `index` is a capitalised title (`Mr.`, `Gov.`): its gender and the
/// token after it and its full stop, if any, where a name may begin.
fn title_at(context: &Context, index: usize) -> Option<(Gender, usize)> {
    if !context.is_capitalised(index) {
        return None;
    }
    let gender = context.honorific(index)?;
    let mut after = index + 1;
    if after < context.token_count() && context.word(after) == "." {
        after += 1;
    }
    (after < context.token_count()).then_some((gender, after))
}

/// True when token `index` is a title with a name after it.
fn opens_titled_name(context: &Context, index: usize) -> bool {
    title_at(context, index).is_some_and(|(_, after)| is_name_after_title(context, after))
}

/// The name that starts at token `index`, with its form and title.
pub(super) fn name_at<'a>(
    context: &Context<'a>,
    capitals: &Capitals,
    index: usize,
) -> Option<(Mention, Form<'a>, Option<Title>)> {
    let mut cursor = index;
    let mut title = None;
    let mut title_gender = None;
    if let Some((mut gender, mut after)) = title_at(context, index) {
        // Ranks of two abbreviated titles: `Lt. Gen. Mick Bednarek`, `Brig. Gen.`
        // (not `Madame General`, a title and a name).
        let abbreviated = |title: usize, after: usize| after == title + 2;
        while abbreviated(index, after)
            && let Some((next_gender, next_after)) = title_at(context, after)
            && abbreviated(after, next_after)
        {
            if gender == Gender::Unknown {
                gender = next_gender;
            }
            after = next_after;
        }
        // An office before a title with a name is a role, and the title opens the
        // name: `Committee Chairman Rep. Jason Chaffetz` (but `Madame General`,
        // with no name after, is a title and a name).
        if !abbreviated(index, after) && opens_titled_name(context, after) {
            return None;
        }
        // `Miss de Bourgh`: a surname particle may come between.
        let particle_then_name = |token: usize| {
            token + 1 < context.token_count()
                && PARTICLES.contains(&context.lower(token))
                && is_name_after_title(context, token + 1)
        };
        if is_name_after_title(context, after) || particle_then_name(after) {
            title =
                Some(context.text[context.start_of(index)..context.end_of(after - 1)].to_string());
            title_gender = (gender != Gender::Unknown).then_some(gender);
            cursor = after;
        }
    }
    // The tokens of each word of the name: one, or more for a hyphenated word.
    let mut words: Vec<Range<usize>> = Vec::new();
    let mut possessive = false;
    // After a title, a capitalised word is a name even when the document also uses
    // it as a common word (`Mrs. Long`, `Miss Young`).
    if title.is_some() {
        let word = cursor..hyphenated_end(context, cursor) + 1;
        possessive = strip_possessive(context.word(word.end - 1)).1;
        cursor = word.end;
        words.push(word);
    }
    while !possessive && cursor < context.token_count() {
        // An initial goes on to the rest of the name: `Harry M. Reid`, `Mr. E. W. B.
        // Childers`.
        let after_initial = words
            .last()
            .is_some_and(|last| last.len() == 1 && is_initial(context, last.start));
        if after_initial && context.word(cursor) == "." {
            cursor += 1;
            if cursor >= context.token_count() {
                break;
            }
        }
        // A surname particle inside a name (`Catherine de Bourgh`) when a name word
        // follows it.
        if !words.is_empty()
            && cursor + 1 < context.token_count()
            && PARTICLES.contains(&context.lower(cursor))
            && context.word(cursor).starts_with(char::is_lowercase)
            && is_name_word(context, capitals, cursor + 1).is_some()
        {
            words.push(cursor..cursor + 1);
            cursor += 1;
        }
        // A title inside a run of capitals opens the next name: `Ohio Gov. John
        // Kasich`, `Beholding Mrs. Pontellier`.
        if !words.is_empty() && opens_titled_name(context, cursor) {
            break;
        }
        let Some(mut is_possessive) = is_name_word(context, capitals, cursor) else {
            break;
        };
        let end = hyphenated_end(context, cursor);
        if end > cursor {
            is_possessive = strip_possessive(context.word(end)).1;
        }
        // Names run over adjacent words only (a space between, no punctuation but
        // an initial's full stop).
        if let Some(last) = words.last() {
            let gap = &context.text[context.end_of(last.end - 1)..context.start_of(cursor)];
            let gap = if after_initial {
                gap.strip_prefix('.').unwrap_or(gap)
            } else {
                gap
            };
            if gap.contains(|c: char| !c.is_whitespace()) {
                break;
            }
        }
        words.push(cursor..end + 1);
        cursor = end + 1;
        if is_possessive {
            possessive = true;
            break;
        }
    }
    // `The` is no name alone, even where the text writes `The Nation` (which makes
    // a capital `The` a name's word): `The former Republican candidate said`.
    let function_word_alone =
        || title.is_none() && words.len() == 1 && is_function_word(context.lower(words[0].start));
    if words.is_empty() || function_word_alone() {
        return None;
    }
    // `Trump campaign chairman Paul Manafort`, `Obama consultant Cornell Belcher`,
    // `the Bennet girls`: a name right before a noun of a body or a person only
    // qualifies it, as a possessive would; so does one before a body's noun that
    // ends the body's name (`Alabama Democratic Party chairwoman Nancy Worley`), and
    // one before a title that opens a name.
    let is_role_noun = |token: usize| {
        lists::is_body_noun(context.lower(token))
            || (context.word(token).starts_with(char::is_lowercase)
                && context.person_noun(token).is_some())
    };
    // Words may qualify the noun when a name follows it: `Republican presidential
    // nominee Donald Trump`, `Trump senior communications adviser Jason Miller`.
    let role_before_name = || {
        (cursor + 1..(cursor + 3).min(context.token_count().saturating_sub(1)))
            .find(|&noun| is_role_noun(noun))
            .is_some_and(|noun| {
                (cursor..noun).all(|token| {
                    context.is_word(token)
                        && context.word(token).starts_with(char::is_lowercase)
                        && !is_function_word(context.lower(token))
                }) && context.is_capitalised(noun + 1)
            })
    };
    // A title that opens a name may follow, right after the name or after the
    // capitalised words of a role: `Senate Majority Whip John Cornyn`, `United
    // Steelworkers Political Director Tim Waters`.
    let title_after_role = || {
        (cursor..(cursor + 3).min(context.token_count()))
            .find(|&title| opens_titled_name(context, title))
            .is_some_and(|title| {
                (cursor..title).all(|token| context.is_word(token) && context.is_capitalised(token))
            })
    };
    let before_noun = !possessive
        && cursor < context.token_count()
        && context.end_of(cursor - 1) < context.start_of(cursor)
        && (is_role_noun(cursor) || role_before_name() || title_after_role());
    // A first name tells people apart better than a title: `Mr. Sherlock Holmes`
    // is `Sherlock Holmes`; only `Mr. Bennet` and `Mrs. Bennet` need theirs.
    let name_words = words
        .iter()
        .filter(|word| !PARTICLES.contains(&context.lower(word.start)))
        .count();
    let title_gender = title_gender.filter(|_| name_words < 2);
    let form = Form {
        title_gender,
        title: title_gender.map(|_| title_key(context.word(index))),
        words: words
            .iter()
            .enumerate()
            .map(|(position, word)| {
                let token = word.start;
                // `De Griers` is `de Griers`: a particle before the rest of the
                // name is the same word whatever its case.
                if position + 1 < words.len() && PARTICLES.contains(&context.lower(token)) {
                    return Cow::Borrowed(context.lower(token));
                }
                if word.len() > 1 {
                    let written =
                        &context.text[context.start_of(token)..context.end_of(word.end - 1)];
                    return Cow::Borrowed(strip_possessive(written).0);
                }
                let word = strip_possessive(context.word(token)).0;
                if !is_initial(context, token) {
                    Cow::Borrowed(word)
                } else if context.end_of(token) == context.start_of(token + 1) {
                    Cow::Borrowed(&context.text[context.start_of(token)..context.end_of(token + 1)])
                } else {
                    Cow::Owned(format!("{word}."))
                }
            })
            .collect(),
    };
    let governed = governed(context, index);
    Some((
        Mention {
            tokens: index..cursor,
            person: 0,
            possessive,
            before_noun,
            governed,
        },
        form,
        title.map(|text| Title {
            text,
            gender: title_gender,
        }),
    ))
}

/// The last token of the hyphenated word that starts at token `first`: `Jean-Paul`,
/// `Lloyd-George`, `Winnie-the-Pooh` are one word of a name, hyphens touching the
/// words on both sides, the last part capitalised. A word with no hyphen ends where
/// it starts.
fn hyphenated_end(context: &Context, first: usize) -> usize {
    let touching = |left: usize| context.end_of(left) == context.start_of(left + 1);
    let mut end = first;
    let mut cursor = first;
    while cursor + 2 < context.token_count()
        && matches!(context.word(cursor + 1), "-" | "\u{2010}")
        && touching(cursor)
        && touching(cursor + 1)
        && context.is_word(cursor + 2)
    {
        cursor += 2;
        let part = context.word(cursor);
        if is_capitalised(part) {
            end = cursor;
        } else if part.len() > 3 {
            // Only a short link goes on to a capitalised part (`the`, `de`, `la`).
            break;
        }
    }
    end
}

/// A name that opens with a surname particle at token `index` (`de Griers`, `van
/// Helsing`): the particle, then up to one more (`van der Berg`), then a name with
/// no title, all a space apart.
pub(super) fn name_with_particle<'a>(
    context: &Context<'a>,
    capitals: &Capitals,
    index: usize,
) -> Option<(Mention, Form<'a>, Option<Title>)> {
    let is_particle = |token: usize| PARTICLES.contains(&context.lower(token));
    let spaced = |token: usize| {
        context.text[context.end_of(token - 1)..context.start_of(token)]
            .chars()
            .all(char::is_whitespace)
    };
    if !is_particle(index) {
        return None;
    }
    let mut name_start = index + 1;
    if name_start < context.token_count() && is_particle(name_start) && spaced(name_start) {
        name_start += 1;
    }
    if name_start >= context.token_count() || !spaced(name_start) {
        return None;
    }
    let (mut mention, mut form, title) = name_at(context, capitals, name_start)?;
    if title.is_some() {
        return None;
    }
    let particles = (index..name_start).map(|token| Cow::Borrowed(context.lower(token)));
    form.words.splice(0..0, particles);
    mention.tokens.start = index;
    mention.governed = governed(context, index);
    Some((mention, form, title))
}

/// True when the words before token `index` make it the object of a preposition
/// (`to Nikolai Yezhov`, `of the Soviet Union`). `words of Stalin` is not: the
/// words are Stalin's.
fn governed(context: &Context, index: usize) -> bool {
    let sentence_start = context.sentence_tokens(context.sentence_of(index)).start;
    let mut cursor = index;
    while cursor > sentence_start {
        cursor -= 1;
        let lower = context.lower(cursor);
        if DETERMINERS.contains(&lower) {
            continue;
        }
        if lower == "of" && cursor > sentence_start {
            return !context.is_document_noun(cursor - 1);
        }
        return PREPOSITIONS.contains(&lower);
    }
    false
}

/// True when token `index` is an initial: one capital letter and a full stop, or
/// capitals joined by full stops (`J.J. MacNab`, `George H.W. Bush`). `I` and `A`
/// are only between a capitalised word and a capitalised word (`James A. Baker`):
/// elsewhere a pronoun or an article ending a sentence (`…than I. Elizabeth`), at
/// the cost of `A. A. Milne`.
pub fn is_initial(context: &Context, index: usize) -> bool {
    let word = context.word(index);
    if matches!(word, "I" | "A")
        && !(index > 0
            && context.is_word(index - 1)
            && context.is_capitalised(index - 1)
            && index + 2 < context.token_count()
            && context.is_capitalised(index + 2))
    {
        return false;
    }
    // The name goes on in the same sentence: `Chapter X.` then `Elizabeth` is two.
    word.split('.').all(|letter| {
        let mut chars = letter.chars();
        chars.next().is_some_and(char::is_uppercase) && chars.next().is_none()
    }) && index + 2 < context.token_count()
        && context.word(index + 1) == "."
        && context.sentence_of(index + 2) == context.sentence_of(index)
}
