//! Speech tags: the words next to a quotation that say who speaks it (`“…,” he told
//! the court`, `said Alice`, `Boris Pasternak wrote to a friend, “…”`, `X wrote:`),
//! and the subject they name.
//!
//! A tag is looked for at the level of the quotation's parent, so the same search
//! finds the cues inside an outer quotation for a nested one. An adjacent tag
//! touches the quotation (next to its marks, or a clause ending in `,` or `:` right
//! before it); a distant one is a speech verb earlier in the same clause (`begged
//! the court … to “tell Stalin…”`).

use std::ops::Range;

use super::people::{Mention, People, is_function_word, is_initial, pronoun_gender};
use super::{Context, Gender, Quote, lists};

/// Who a tag says speaks.
#[derive(Clone, Debug, PartialEq)]
pub enum Subject {
    /// A named person (an index into [`People::persons`]).
    Person(usize),
    /// `he`, `she`: resolved by the pronoun sieve.
    Pronoun { token: usize, gender: Gender },
    /// A person described, not named: `the chief procurator of the Bamlag camp`.
    Described { name: String, gender: Gender },
    /// A relative of someone a pronoun names: `his wife`, `her father`.
    Relative {
        name: String,
        gender: Gender,
        /// The token of `his` or `her`.
        possessor: usize,
    },
    /// Someone who is not one person: `they say`, `we`, `the state`.
    Other,
}

#[derive(Clone, Debug)]
pub struct Tag {
    pub subject: Subject,
    /// The words of the tag, as evidence.
    pub evidence: Range<usize>,
    pub adjacent: bool,
}

impl Tag {
    /// The tokens of the tag's words.
    pub fn tokens(&self, context: &Context) -> Range<usize> {
        context.token_at(self.evidence.start)..context.token_at(self.evidence.end)
    }
}

/// How many tokens a parenthesis between a subject and its verb may hold
/// (`( D-Wash . )`).
const PARENTHESIS: usize = 7;

/// Adverbs and the like that may stand between a subject and its verb, and the
/// press's day (`Priebus later Thursday told`, `Clinton on Tuesday said`).
fn is_filler(context: &Context, token: usize) -> bool {
    let lower = context.lower(token);
    (lower.ends_with("ly") && lower.len() > 4)
        || is_weekday(lower)
        || (lower == "on"
            && token + 1 < context.token_count()
            && is_weekday(context.lower(token + 1)))
        || matches!(
            lower,
            "]" | ")"
                | "["
                | "("
                | "then"
                | "again"
                | "also"
                | "once"
                | "now"
                | "always"
                | "never"
                | "often"
                | "just"
                | "still"
                | "only"
                | "soon"
                | "later"
        )
}

/// True for the lower-case name of a day of the week.
pub fn is_weekday(lower: &str) -> bool {
    matches!(
        lower,
        "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday"
    )
}

/// True for `he` and `she`, the pronouns that are subjects.
pub fn is_subject_pronoun(lower: &str) -> bool {
    pronoun_gender(lower).is_some_and(|_| matches!(lower, "he" | "she"))
}

fn is_other_subject(lower: &str) -> bool {
    matches!(
        lower,
        "they" | "we" | "you" | "it" | "one" | "someone" | "somebody" | "people"
    )
}

/// The words that open a description of a person (`the officer`, `his wife`).
pub fn is_description_determiner(lower: &str) -> bool {
    matches!(
        lower,
        "a" | "an"
            | "the"
            | "one"
            | "another"
            | "his"
            | "her"
            | "their"
            | "this"
            | "that"
            | "our"
            | "my"
    )
}

/// A cheap test before [`described`]: a lower-case word with a determiner among the
/// three words before it.
pub fn may_end_description(context: &Context, token: usize) -> bool {
    context.is_word(token)
        && context.word(token).as_bytes()[0].is_ascii_lowercase()
        && (token.saturating_sub(3)..token).any(|before| context.is_description_determiner(before))
}

/// A described person whose noun is token `noun`: from its determiner to the noun,
/// with an `of`/`from` phrase after it (`the chief procurator of the Bamlag camp`).
pub fn described(
    context: &Context,
    noun: usize,
    limit: usize,
) -> Option<(Range<usize>, String, Gender)> {
    let gender = context.person_noun(noun)?;
    let sentence_start = context.sentence_tokens(context.sentence_of(noun)).start;
    let mut start = noun;
    let mut found_determiner = false;
    // The noun the determiner is looked for before: `the Florida senator and
    // Republican presidential candidate` joins two roles of one person.
    let mut head = noun;
    while start > sentence_start && head - start < 4 {
        let previous = start - 1;
        if !context.is_word(previous) {
            break;
        }
        start = previous;
        if context.is_description_determiner(previous) {
            found_determiner = true;
            break;
        }
        if context.lower(previous) == "and"
            && previous > sentence_start
            && context.person_noun(previous - 1).is_some()
            && head == noun
        {
            head = previous - 1;
            start = head;
        }
    }
    if !found_determiner {
        return None;
    }
    let mut end = noun + 1;
    // A hyphen joining words to the noun makes another word: a person
    // (`the brother-in-law`) or not (`the child-like`).
    while end + 1 < limit
        && context.word(end) == "-"
        && joined(context, end - 1, end)
        && joined(context, end, end + 1)
        && context.is_word(end + 1)
    {
        end += 2;
    }
    if end > noun + 1 {
        let compound = context.text[context.start_of(noun)..context.end_of(end - 1)].to_lowercase();
        if !lists::is_kinship_noun(&compound) && lists::word_facts(&compound).person_noun.is_none()
        {
            return None;
        }
    }
    if end < limit && matches!(context.lower(end), "of" | "from") {
        let mut cursor = end + 1;
        while cursor < limit && cursor - end <= 7 && context.is_word(cursor) {
            let lower = context.lower(cursor);
            if matches!(
                lower,
                "who" | "that" | "which" | "whether" | "and" | "when" | "where" | "to"
            ) {
                break;
            }
            cursor += 1;
        }
        if cursor > end + 1 {
            end = cursor;
        }
    }
    let mut name = String::new();
    let mut last: Option<&str> = None;
    for token in start..end {
        let word = context.word(token);
        if last.is_some_and(|last| last.eq_ignore_ascii_case(word)) {
            continue; // "from the the Russian…": a doubled word is a typo
        }
        let hyphenated = token > start
            && (word == "-" || last == Some("-"))
            && joined(context, token - 1, token);
        if !name.is_empty() && !hyphenated {
            name.push(' ');
        }
        name.push_str(word);
        last = Some(word);
    }
    Some((start..end, name, gender))
}

/// True when token `second` follows token `first` with no space between them.
fn joined(context: &Context, first: usize, second: usize) -> bool {
    context.end_of(first) == context.start_of(second)
}

/// The subject a pronoun makes: `he`, `she` to resolve, `I` the narrator, `they`,
/// `we` or `it` no one person.
fn pronoun_subject(context: &Context, token: usize) -> Option<Subject> {
    let lower = context.lower(token);
    if is_subject_pronoun(lower) {
        return Some(Subject::Pronoun {
            token,
            gender: pronoun_gender(lower).unwrap_or(Gender::Unknown),
        });
    }
    if lower == "i" {
        return Some(narrator());
    }
    is_other_subject(lower).then_some(Subject::Other)
}

/// A title standing for a name (`said Mademoiselle`, `said the Colonel`, `the count
/// said`): the one person the book names with that title, if there is exactly one.
/// In lower case only after `the` (`the count`, not `a count`).
fn title_alone(context: &Context, people: &People, token: usize) -> Option<Subject> {
    context.honorific(token)?;
    let word = context.word(token);
    let after_the = token > 0 && context.lower(token - 1) == "the";
    if word.starts_with(char::is_lowercase) && !after_the {
        return None;
    }
    super::people::the_one_titled(&people.persons, word).map(Subject::Person)
}

/// `I said`: the narrator of a story told in the first person (or an author
/// quoting their own words), a voice of its own.
fn narrator() -> Subject {
    Subject::Described {
        name: super::NARRATOR.to_string(),
        gender: Gender::Unknown,
    }
}

/// A described person as a subject: a relative when a possessive pronoun and a
/// word of kinship make it one (`his wife`).
fn described_subject(
    context: &Context,
    (range, name, gender): (Range<usize>, String, Gender),
) -> Subject {
    let determiner = context.lower(range.start);
    let noun = context.lower(range.end - 1);
    if matches!(determiner, "his" | "her") && lists::kinship_title(noun).is_some() {
        return Subject::Relative {
            name,
            gender,
            possessor: range.start,
        };
    }
    Subject::Described { name, gender }
}

/// The subject that ends right before token `end` (a verb): a pronoun, a name or a
/// described person, skipping adverbs and brackets.
fn subject_ending_at(
    context: &Context,
    people: &People,
    start: usize,
    end: usize,
) -> Option<Subject> {
    let mut cursor = end;
    while cursor > start && is_filler(context, cursor - 1) {
        // A short parenthesis between the subject and its verb is passed over
        // whole: the press's party and state (`Rep. Jim McDermott (D-Wash.) said`).
        if context.word(cursor - 1) == ")"
            && let Some(open) = (cursor.saturating_sub(PARENTHESIS).max(start)..cursor - 1)
                .rev()
                .find(|&token| context.word(token) == "(")
        {
            cursor = open;
            continue;
        }
        cursor -= 1;
    }
    // `The email goes on to say`: going on stands for the verb.
    if cursor >= start + 3
        && context.lower(cursor - 1) == "to"
        && context.lower(cursor - 2) == "on"
        && matches!(context.lower(cursor - 3), "goes" | "went" | "go" | "going")
    {
        cursor -= 3;
    }
    let last = cursor.checked_sub(1).filter(|&last| last >= start)?;
    if let Some(mention) = people.mention_ending_at(cursor)
        && !mention.qualifies()
    {
        if let Some(found) = spokesman_for(context, start, mention.tokens.start, end) {
            return Some(described_subject(context, found));
        }
        let mention =
            name_before_of(context, people, start, mention.tokens.start).unwrap_or(mention);
        return Some(named_subject(context, people, mention));
    }
    if let Some(subject) =
        pronoun_subject(context, last).or_else(|| title_alone(context, people, last))
    {
        return Some(subject);
    }
    if let Some(subject) =
        described(context, last, end).map(|found| described_subject(context, found))
    {
        return Some(subject);
    }
    if let Some(subject) = owned_body(context, people, start, last) {
        return Some(subject);
    }
    if let Some(subject) = noun_phrase(context, start, cursor, false) {
        return Some(subject);
    }
    // `In a press release on Tuesday, the Democrat convention committee said:`:
    // the phrase that ends at the verb, after what the clause opens with, when its
    // noun names a source (not `in a low voice`). Not a document that carries its
    // writer's words: `she released a statement saying,` is hers.
    let carries_words = context.lower(end).ends_with("ing") && context.is_document_noun(last);
    let names_a_source = is_body_or_document(context, last)
        || lists::is_unnamed_source_noun(context.lower(last))
        || context.person_noun(last).is_some();
    if names_a_source
        && !carries_words
        && let Some(subject) = (start.max(cursor.saturating_sub(NOUN_PHRASE))..cursor)
            .filter(|&first| context.is_description_determiner(first))
            .find_map(|first| noun_phrase(context, first, cursor, false))
    {
        return Some(subject);
    }
    // `Another source familiar with Cruz's thinking said,`: a described source
    // whose participle or adjective takes a complement that runs to the verb.
    let complemented_source = |first: usize| {
        let end = (first + 1..cursor.min(first + NOUN_PHRASE))
            .find(|&token| !is_phrase_word(context, token) && !is_joining_hyphen(context, token))?;
        let subject = noun_phrase(context, first, end, false)?;
        (with_complement(context, first, end, cursor) == cursor)
            .then(|| complemented(context, subject, first, end, cursor))
    };
    if let Some(subject) = (start.max(cursor.saturating_sub(NOUN_PHRASE + COMPLEMENT))..cursor)
        .filter(|&first| context.is_description_determiner(first))
        .find_map(complemented_source)
    {
        return Some(subject);
    }
    // `the Cat said`, `Five said`: the capitalised words ending at the verb.
    let mut first = cursor;
    while first > start && context.is_word(first - 1) && context.is_capitalised(first - 1) {
        first -= 1;
    }
    if first > start && context.lower(first - 1) == "the" {
        first -= 1;
    }
    if first == cursor {
        return None;
    }
    if let Some(mention) = name_before_of(context, people, start, first) {
        return Some(named_subject(context, people, mention));
    }
    character(context, first, cursor)
}

/// `Ryan’s office said`, `Clinton's campaign wrote`: a body or a document of a named
/// person, whose noun is token `noun`, speaks, not the person. At most three words
/// (the possessive's `’s` among them) stand between the name and the noun.
fn owned_body(context: &Context, people: &People, start: usize, noun: usize) -> Option<Subject> {
    if !is_body_or_document(context, noun) {
        return None;
    }
    let owner = people
        .mentions_in(start..noun)
        .iter()
        .rev()
        .find(|mention| {
            mention.possessive
                && (mention.tokens.end..noun)
                    .filter(|&token| context.is_word(token))
                    .count()
                    <= 3
        })?;
    Some(Subject::Described {
        name: context.text[context.start_of(owner.tokens.start)..context.end_of(noun)].to_string(),
        gender: Gender::Unknown,
    })
}

/// True when token `noun` is a body's (`campaign`) or a document's (`letter`): a
/// source that speaks as one.
fn is_body_or_document(context: &Context, noun: usize) -> bool {
    lists::is_body_noun(context.lower(noun)) || context.is_document_noun(noun)
}

/// The body or document whose phrase opens the clause at token `start` (`Her
/// campaign quickly blasted out…`, `The Clinton campaign, in a Q&A, worded it…`),
/// its noun before token `end`; with `owned`, also a named person's (`Hoff’s
/// letter makes…`).
fn body_opening(
    context: &Context,
    people: &People,
    start: usize,
    end: usize,
    owned: bool,
) -> Option<Subject> {
    (start + 1..(start + NOUN_PHRASE).min(end))
        .filter(|&noun| is_body_or_document(context, noun))
        .find_map(|noun| {
            noun_phrase(context, start, noun + 1, false).or_else(|| {
                owned
                    .then(|| owned_body(context, people, start, noun))
                    .flatten()
            })
        })
}

/// `a spokesman for committee Democrats said`, `A spokeswoman for the House Armed
/// Services Committee emailed`: the person described speaks, for the body `for`
/// (or `at`) names, whose name starts at token `body` after at most two lowercase
/// words.
fn spokesman_for(
    context: &Context,
    start: usize,
    body: usize,
    end: usize,
) -> Option<(Range<usize>, String, Gender)> {
    let preposition = (body.saturating_sub(3).max(start)..body)
        .rev()
        .find(|&token| {
            !(context.is_word(token)
                && context.word(token).starts_with(char::is_lowercase)
                && !matches!(context.lower(token), "for" | "at"))
        })
        .filter(|&token| matches!(context.lower(token), "for" | "at"))?;
    let noun = preposition.checked_sub(1).filter(|&noun| noun >= start)?;
    described(context, noun, end)
}

/// `George Zornick of The Nation wrote`, `Jeffrey Lewis of the James Martin Center
/// for Nonproliferation Studies wrote`: the name before `of`, not the body whose
/// name ends at token `body` (its words capitalised or [joined](joins_a_name)), is
/// the subject of the verb after it. Not a name with a title (`Speaker of the House
/// Rep. Paul Ryan said`).
fn name_before_of<'a>(
    context: &Context,
    people: &'a People,
    start: usize,
    body: usize,
) -> Option<&'a Mention> {
    if context.honorific(body).is_some() {
        return None;
    }
    let mut of = body.checked_sub(1)?;
    while of > start {
        let lower = context.lower(of);
        if lower == "of" {
            if let Some(owner) = people.mention_ending_at(of)
                && !owner.qualifies()
                && owner.tokens.start >= start
            {
                return Some(owner);
            }
        } else if !(joins_a_name(lower) || (context.is_word(of) && context.is_capitalised(of))) {
            return None;
        }
        of -= 1;
    }
    None
}

/// The small words inside an institution's name: `the James Martin Center for
/// Nonproliferation Studies`, `the Institute of Politics at Harvard`.
fn joins_a_name(lower: &str) -> bool {
    matches!(lower, "of" | "the" | "for" | "and" | "at")
}

/// A character the book names with capitalised words the name finder passes over,
/// because the book also uses them as common words: `the Hatter`, `the Cat`, `Five`.
/// They count only inside a sentence, after `the` or where no sentence starts, and
/// only as the whole subject of a tag.
fn character(context: &Context, start: usize, limit: usize) -> Option<Subject> {
    // A verb at the very end of the text has no subject after it.
    if start >= limit {
        return None;
    }
    let the = context.lower(start) == "the";
    let first = start + usize::from(the);
    if first >= limit {
        return None;
    }
    let mut end = first;
    while end < limit && context.is_word(end) && context.is_capitalised(end) {
        end += 1;
    }
    let sentence_start = context.sentence_tokens(context.sentence_of(first)).start;
    let opens_sentence = first == sentence_start
        || first.checked_sub(1).is_some_and(|mark| {
            let opening_straight = matches!(context.word(mark), "\"" | "'")
                && context.text[..context.start_of(mark)]
                    .chars()
                    .next_back()
                    .is_none_or(char::is_whitespace);
            opening_straight || matches!(context.word(mark), "“" | "‘" | "«" | "(" | "[")
        });
    if end == first
        || (!the && opens_sentence)
        || is_function_word(context.lower(first))
        || (!the && context.honorific(first).is_some())
    {
        return None;
    }
    Some(Subject::Described {
        name: words_of(context, start..end),
        gender: Gender::Unknown,
    })
}

/// The words of `tokens` joined by single spaces.
fn words_of(context: &Context, tokens: Range<usize>) -> String {
    tokens
        .map(|token| context.word(token))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The subject that starts at token `start` (after a verb: `said Alice`, `said she`,
/// `said the Hatter`, `quotes the chief procurator…`).
fn subject_starting_at(
    context: &Context,
    people: &People,
    start: usize,
    limit: usize,
) -> Option<Subject> {
    if start >= limit {
        return None;
    }
    // `said the voice of Mr. Haq`: whose voice it is speaks.
    if start + 3 < limit
        && context.lower(start) == "the"
        && matches!(context.lower(start + 1), "voice" | "voices")
        && context.lower(start + 2) == "of"
    {
        return subject_starting_at(context, people, start + 3, limit);
    }
    if let Some(subject) = one_of_a_kind(context, start, limit) {
        return Some(subject);
    }
    if let Some(person) = named_at_end_of_phrase(context, people, start, limit) {
        return Some(person_subject(people, person));
    }
    if let Some(mention) = people.mention_starting_at(start) {
        return Some(person_subject(people, mention.person));
    }
    if let Some(subject) =
        pronoun_subject(context, start).or_else(|| title_alone(context, people, start))
    {
        return Some(subject);
    }
    let lower = context.lower(start);
    if matches!(lower, "the" | "a" | "an")
        && let Some(mention) = people.mention_starting_at(start + 1)
    {
        // `said the Florida senator`, `said the New York businessman`: a name
        // before a noun for a person only qualifies the noun.
        let noun = mention.tokens.end;
        if noun < limit
            && let Some(found) = described(context, noun, limit)
            && found.0.start == start
        {
            return Some(described_subject(context, found));
        }
        return Some(named_subject(context, people, mention));
    }
    if lower == "the"
        && start + 1 < limit
        && let Some(subject) = title_alone(context, people, start + 1)
    {
        return Some(subject);
    }
    // `said poor Alice`, `cried old Jolly`: one adjective before a name.
    if start + 1 < limit
        && context.word(start).starts_with(char::is_lowercase)
        && !is_function_word(lower)
        && let Some(mention) = people.mention_starting_at(start + 1)
        && !mention.qualifies()
    {
        return Some(person_subject(people, mention.person));
    }
    if let Some(subject) = character(context, start, limit) {
        return Some(subject);
    }
    (start..(start + 4).min(limit))
        .find_map(|noun| described(context, noun, limit))
        .filter(|(range, _, _)| range.start == start)
        .map(|found| described_subject(context, found))
        .or_else(|| {
            // The phrase ends before a word that is no part of it: `said the
            // surgeon, putting on his gloves`, `said the whelp bitterly`; a hyphen
            // joins its words (`the hump-backed man`, `a looker-on`).
            let end = (start + 1..limit.min(start + NOUN_PHRASE))
                .find(|&token| {
                    !(context.is_word(token) || is_joining_hyphen(context, token))
                        || is_function_word(context.lower(token))
                        || is_filler(context, token)
                })
                .unwrap_or(limit.min(start + NOUN_PHRASE));
            let subject = noun_phrase(context, start, end, true)?;
            let complement_end = with_complement(context, start, end, limit);
            Some(complemented(context, subject, start, end, complement_end))
        })
}

/// How many words a source described by a noun phrase may have.
const NOUN_PHRASE: usize = 6;

/// A source described by a noun phrase whose noun no list of person nouns holds:
/// a document (`the congressional report said`) or body (`the Clinton campaign
/// said`), someone the text introduces without a name (`said one user`, `a
/// source close to the campaign said`) and refers to again (`the source said`).
/// After the verb (`inverted`), also a
/// definite description (`said the surgeon`, `replied the hunchback`): a minor
/// character the book never names (or one it names otherwise: `said the whelp`).
/// It names who speaks as the text does, where a guess from the scene would name
/// someone else. The tokens `start..end` are the whole phrase: a determiner and up
/// to five words (a hyphen joins two), none a function word or pronoun, the last a
/// word in lower case.
fn noun_phrase(context: &Context, start: usize, end: usize, inverted: bool) -> Option<Subject> {
    if end <= start + 1 || end - start > NOUN_PHRASE {
        return None;
    }
    let noun = end - 1;
    let indefinite = matches!(context.lower(start), "a" | "an" | "one" | "another");
    // `said the other`, `said the first`: no noun.
    let definite_after_verb = inverted
        && context.lower(start) == "the"
        && !matches!(
            context.lower(noun),
            "other"
                | "others"
                | "same"
                | "former"
                | "latter"
                | "first"
                | "second"
                | "third"
                | "last"
                | "next"
                | "rest"
                | "elder"
                | "younger"
                | "eldest"
                | "youngest"
        );
    let is_word = |token: usize| {
        (context.is_word(token) || is_joining_hyphen(context, token))
            && !is_function_word(context.lower(token))
            && pronoun_gender(context.lower(token)).is_none()
    };
    // The noun may be a verb's form too (`the report`), the words before it not.
    let fits = (indefinite
        || definite_after_verb
        || context.is_document_noun(noun)
        || lists::is_body_noun(context.lower(noun))
        || (!inverted
            && matches!(context.lower(start), "the" | "this" | "that")
            && lists::is_unnamed_source_noun(context.lower(noun))))
        && context.is_description_determiner(start)
        && (start + 1..noun).all(|token| is_word(token) && !context.is_speech_verb(token))
        && context.is_word(noun) // not a hyphen
        && is_word(noun)
        && context.word(noun).starts_with(char::is_lowercase);
    fits.then(|| Subject::Described {
        name: context.text[context.start_of(start)..context.end_of(noun)].to_string(),
        gender: context.person_noun(noun).unwrap_or(Gender::Unknown),
    })
}

/// How many words the tag right after a quotation may have, its verb among all but
/// the last, in a text that shows it is dialogue (twelve lost a tenth of the
/// novels' implicit quotations).
pub const TAG_WORDS: usize = 8;
/// The same elsewhere: reporting's roles are long (`former State policy planning
/// director Anne-Marie Slaughter wrote`).
pub const REPORTING_TAG_WORDS: usize = 12;

/// The tag right after a span of a quotation (`“…,” he said`, `said Alice`), in
/// its first `reach` words.
pub fn after(
    context: &Context,
    people: &People,
    quote: &Quote,
    span_end: usize,
    reach: usize,
) -> Option<Tag> {
    let level = quote.parent;
    let mut start = context.token_at(span_end);
    let tokens = context.token_count();
    let mut skipped = 0;
    while start < tokens && !context.is_word(start) && skipped < 3 {
        if !matches!(context.word(start), "," | "—" | "–" | "-" | "[" | "(") {
            return None;
        }
        start += 1;
        skipped += 1;
    }
    // The tag is in the paragraph of the closing mark (the token that ends the span).
    let closing_mark = context.token_at(span_end).saturating_sub(1);
    if start >= tokens || context.paragraph_of(start) != context.paragraph_of(closing_mark) {
        return None;
    }
    let mut end = start;
    let mut words = 0;
    // Inside a parenthesis (`(D-Wash.)`) a full stop ends no tag, and its words do
    // not count: `Senate Minority Leader Harry M. Reid (D-Nev.) said`.
    let mut in_parenthesis = false;
    while end < tokens && words < reach && context.at_level(end, level) {
        let word = context.word(end);
        // Nor does the full stop of a title or of an initial (`J. Gerald Hebert said`).
        let abbreviation = word == "."
            && end > 0
            && (in_parenthesis
                || context.honorific(end - 1).is_some()
                || is_initial(context, end - 1));
        if matches!(word, "." | "!" | "?" | ";" | ":" | "," | "—") && words > 0 && !abbreviation {
            break;
        }
        match word {
            "(" => in_parenthesis = true,
            ")" => in_parenthesis = false,
            _ => {}
        }
        if context.is_word(end) && !in_parenthesis {
            words += 1;
        }
        end += 1;
    }
    if let Some(tag) = appositive_tag(context, people, start, level) {
        return Some(tag);
    }
    // The verb within all but the last word of the window (`Sanders campaign
    // manager Jeff Weaver said`). A verb's form after a determiner, or before
    // another verb, is a noun: `the report said`, `the congressional report said`;
    // so is a capital past the tag's first word, a name's (`former State policy
    // planning director Anne-Marie Slaughter wrote`).
    let is_noun = |token: usize| {
        (token > start
            && (context.is_description_determiner(token - 1) || context.is_capitalised(token)))
            || (token + 1 < end && context.is_speech_verb(token + 1))
    };
    let verb = outside_parentheses(context, start..end)
        .filter(|&token| context.is_word(token))
        .take(reach - 1)
        .find(|&token| {
            (context.is_speech_verb(token) && !is_noun(token))
                || reads_document(context, start..end, token)
        })?;
    // Past the usual reach only a role and a name stand before the verb, not a
    // clause of narration (`“Doctors’ Plot.” Many doctors were arrested and
    // tortured when Stalin claimed…`).
    let words_before_verb = outside_parentheses(context, start..verb)
        .filter(|&token| context.is_word(token))
        .count();
    // `Jeffrey Lewis of the James Martin Center for Nonproliferation Studies wrote`:
    // the small words of an institution's name lead to a capital.
    let links_a_name = |token: usize| {
        joins_a_name(context.lower(token))
            && (token + 1..verb)
                .find(|&next| !joins_a_name(context.lower(next)))
                .is_some_and(|next| context.is_capitalised(next))
    };
    if words_before_verb >= TAG_WORDS - 1
        && !outside_parentheses(context, start..verb).all(|token| {
            is_phrase_word(context, token)
                || is_joining_hyphen(context, token)
                || links_a_name(token)
                // `the independent Vermont senator and Democratic presidential
                // candidate told`: two roles of one described person.
                || (token == start && context.is_description_determiner(token))
                || (context.lower(token) == "and"
                    && token > start
                    && context.person_noun(token - 1).is_some())
                || (context.word(token) == "." && token > 0 && is_initial(context, token - 1))
        })
    {
        return None;
    }
    let subject = if let Some(agent) = passive_agent(context, people, verb, end) {
        Some(agent)
    } else if verb == start || (start..verb).all(|token| is_filler(context, token)) {
        // `called out Pooh`: the subject after the particle.
        let after_verb = verb + 1 + usize::from(context.has_speech_particle(verb));
        subject_starting_at(context, people, after_verb, end.max(after_verb))
    } else {
        subject_ending_at(context, people, start, verb)
    }?;
    // `returned to Moscow`, `went on to`: a verb of speech used for a movement.
    let count = context.token_count();
    if verb + 1 < count && lists::is_motion_sense(context.lower(verb), context.lower(verb + 1)) {
        return None;
    }
    let tag_end = end.max(verb + 1);
    // `Jane replied, “No.”`: a tag that leads into the next quotation is its tag
    // (between the pieces of an interrupted quotation it is this one's).
    let last_span = span_end == quote.outer.end;
    if last_span
        && tag_end + 1 < count
        && matches!(context.word(tag_end), "," | ":")
        && !context.at_level(tag_end + 1, level)
    {
        let closes_sentence = context.text[quote.pieces.last().cloned().unwrap_or(0..0)]
            .trim_end()
            .ends_with(['.', '!', '?']);
        if closes_sentence {
            return None;
        }
    }
    Some(Tag {
        subject,
        evidence: context.start_of(start)..context.end_of(tag_end - 1),
        adjacent: true,
    })
}

/// The tokens of `tokens` that are not inside a parenthesis.
fn outside_parentheses(context: &Context, tokens: Range<usize>) -> impl Iterator<Item = usize> {
    tokens
        .scan(false, |inside, token| {
            let word = context.word(token);
            let outside = !*inside && word != "(";
            *inside = (*inside || word == "(") && word != ")";
            Some((token, outside))
        })
        .filter_map(|(token, outside)| outside.then_some(token))
}

/// `read` and `reads` tag a quotation only with a document for subject, before or
/// after them (`the email read`, `read the statement`): a person who reads is not
/// quoting.
fn reads_document(context: &Context, window: Range<usize>, token: usize) -> bool {
    matches!(context.lower(token), "read" | "reads")
        && ((token > window.start
            && (context.is_document_noun(token - 1) || it_reads(context, token)))
            || (token == window.start
                && (token + 1..(token + 4).min(window.end))
                    .any(|next| context.is_document_noun(next))))
}

/// `it reads`, `it read`: a document (see `speech_tag::it_of_a_document`).
fn it_reads(context: &Context, token: usize) -> bool {
    matches!(context.lower(token), "read" | "reads") && token > 0 && context.word(token - 1) == "it"
}

/// A source the text describes in the words right after a span of a quotation, any noun
/// before a verb of speech: `“…,” the investor said`, `the Gawker employee wrote`,
/// `the committee chairmen wrote`, `the two write`. The noun lists of [`noun_phrase`]
/// keep a novel's `the whelp said` for its character; the speech tag sieve asks
/// this only of a text that has not shown it is dialogue.
pub fn description_after(
    context: &Context,
    people: &People,
    quote: &Quote,
    span_end: usize,
) -> Option<Tag> {
    if quote.parent.is_some() {
        return None;
    }
    let closing_mark = context.token_at(span_end).checked_sub(1)?;
    let mut start = closing_mark + 1;
    if start < context.token_count() && context.word(start) == "," {
        start += 1;
    }
    if start >= context.token_count()
        || context.paragraph_of(start) != context.paragraph_of(closing_mark)
    {
        return None;
    }
    // A determiner opens the description (`the investor said`, `some protesters
    // chanted`), or a plural needs none (`federal prosecutors wrote`).
    let determiner = matches!(
        context.lower(start),
        "the"
            | "this"
            | "that"
            | "these"
            | "those"
            | "some"
            | "several"
            | "many"
            | "a"
            | "an"
            | "another"
    );
    let first_word = start + usize::from(determiner);
    let limit = (first_word + NOUN_PHRASE).min(context.token_count());
    let verb = (first_word..limit).find(|&token| {
        !(is_phrase_word(context, token) || is_joining_hyphen(context, token))
            || context.is_speech_verb(token)
    })?;
    let bare_plural = || {
        verb - first_word <= 3
            && (first_word..verb).all(|token| context.word(token).starts_with(char::is_lowercase))
            && context.lower(verb - 1).ends_with('s')
            && !context.lower(verb - 1).ends_with("ss")
    };
    // A name at the end is the subject the other tags read (`the writer Isaac
    // Babel`; `the Gawker employee` is a description), and `returned to Moscow`
    // is no speech.
    let fits = verb > first_word
        && (determiner || bare_plural())
        && context.is_speech_verb(verb)
        && context.is_word(verb - 1)
        && people.mention_ending_at(verb).is_none()
        && !(verb + 1 < context.token_count()
            && lists::is_motion_sense(context.lower(verb), context.lower(verb + 1)));
    fits.then(|| Tag {
        subject: Subject::Described {
            name: context.text[context.start_of(start)..context.end_of(verb - 1)].to_string(),
            gender: context.person_noun(verb - 1).unwrap_or(Gender::Unknown),
        },
        evidence: context.start_of(start)..context.end_of(verb),
        adjacent: true,
    })
}

/// How many tokens of the author's own text may stand between a quotation that
/// stops inside a sentence and the tag that ends it.
const TRAILING_CLAUSE_TOKENS: usize = 30;

/// The tag that ends the sentence of a quotation cut off inside it, after the
/// words that carry the sentence on: `“Boots on the ground” would be appropriate,
/// Ben Carson said.`, `“…more credible” than that of the CIA chief, Zuckoff said.`
/// The quotation ends with no punctuation of its own, and the tag follows the last
/// comma of the sentence, with no other quotation between, and ends it.
pub fn after_trailing_clause(context: &Context, people: &People, quote: &Quote) -> Option<Tag> {
    if quote.parent.is_some() {
        return None;
    }
    let last_piece = quote.pieces.last()?.clone();
    let stops_itself = context.text[last_piece]
        .trim_end()
        .ends_with(['.', ',', '!', '?', ';', ':', '…', '—', '–', '-']);
    if stops_itself {
        return None;
    }
    let count = context.token_count();
    let first = context.token_at(quote.outer.end);
    if first >= count || !context.is_word(first) {
        return None;
    }
    let sentence = context.sentence_of(first);
    let mut sentence_end = first;
    while sentence_end < count && context.sentence_of(sentence_end) == sentence {
        if sentence_end - first > TRAILING_CLAUSE_TOKENS || !context.at_level(sentence_end, None) {
            return None;
        }
        sentence_end += 1;
    }
    // The tag ends the sentence, or an apposition after the name does (`, said
    // Marla Kilfoyle, executive director of…`).
    let ends_sentence = |tag: &Tag| {
        let next = context.token_at(tag.evidence.end);
        next >= count
            || context.sentence_of(next) != sentence
            || matches!(context.word(next), "." | "!" | "?" | ",")
    };
    (first..sentence_end)
        .rev()
        .filter(|&token| context.word(token) == ",")
        .find_map(|comma| after(context, people, quote, context.end_of(comma), TAG_WORDS))
        .filter(ends_sentence)
}

/// The clause before token `before` at the quotation's level, in its sentence:
/// from the sentence start, or the end of an earlier quotation or `;`.
fn clause_before(
    context: &Context,
    level: Option<usize>,
    before: usize,
    sentence: usize,
) -> Range<usize> {
    let sentence_tokens = context.sentence_tokens(sentence);
    let end = before.min(sentence_tokens.end);
    let mut start = end;
    while start > sentence_tokens.start {
        let previous = start - 1;
        if !context.at_level(previous, level) || context.word(previous) == ";" {
            break;
        }
        start = previous;
    }
    start..end
}

/// The tag in the clause before a quotation (`X wrote to a friend, “…”`, `with the
/// words: “…”`, `begged the court … to “…”`).
pub fn before(context: &Context, people: &People, quote: &Quote, press: bool) -> Option<Tag> {
    let open = context.token_at(quote.outer.start);
    if open >= context.token_count() {
        return None;
    }
    let clause = clause_before(context, quote.parent, open, context.sentence_of(open));
    tag_in_clause(context, people, clause, quote.parent, press)
}

/// In the press, a clause that ends in a colon right before a quotation and has no
/// verb of speech is still its tag when a person is its subject: `Trump went even
/// further: “…”`, `Here's Clinton in December 1992: “…”`, `More from Jones: “…”`.
/// (In fiction `She looked up: “…”` is as often someone else's turn, so the
/// caller asks only of a text that writes as the press does.)
pub fn colon_lead_in(context: &Context, people: &People, quote: &Quote) -> Option<Tag> {
    let open = context.token_at(quote.outer.start);
    if open == 0 || open >= context.token_count() {
        return None;
    }
    let level = quote.parent;
    let clause = clause_before(context, level, open, context.sentence_of(open));
    let ends_in_colon = clause.end > clause.start && context.word(clause.end - 1) == ":";
    if clause.len() < 2
        || !ends_in_colon
        || clause.clone().any(|token| context.is_speech_verb(token))
    {
        return None;
    }
    let mentions = people.mentions_in(clause.start..clause.end - 1);
    let free =
        |mention: &&Mention| !mention.qualifies() && context.at_level(mention.tokens.start, level);
    // `More from Jones:`: the name that `from` governs right before the colon.
    let from_name = mentions.iter().filter(free).last().filter(|mention| {
        mention.tokens.end == clause.end - 1
            && mention.tokens.start > 0
            && context.lower(mention.tokens.start - 1) == "from"
    });
    let Some(subject) = from_name.or_else(|| {
        mentions
            .iter()
            .filter(free)
            .find(|mention| !mention.governed)
    }) else {
        // `The Clinton campaign, in a Q&A, worded it even more carefully:`, `Hoff’s
        // letter makes a libertarian-style case:`: a body or a document that opens
        // the clause.
        let subject = body_opening(context, people, clause.start, clause.end, true)?;
        return Some(Tag {
            subject,
            evidence: context.start_of(clause.start)..context.end_of(clause.end - 1),
            adjacent: true,
        });
    };
    // `but he gave the Texan a back-handed compliment:`: the name is no subject
    // after a pronoun that is.
    let pronoun_first =
        (clause.start..subject.tokens.start).any(|token| is_subject_pronoun(context.lower(token)));
    if pronoun_first {
        return None;
    }
    match person_subject(people, subject.person) {
        Subject::Other => None,
        subject => Some(Tag {
            subject,
            evidence: context.start_of(clause.start)..context.end_of(clause.end - 1),
            adjacent: true,
        }),
    }
}

/// The tag of a lead-in: the last sentence of a paragraph that introduces a block.
pub fn lead_in(
    context: &Context,
    people: &People,
    paragraph: usize,
    level: Option<usize>,
) -> Option<Tag> {
    let sentence = context.paragraph_sentences[paragraph].clone().last()?;
    let tokens = context.sentence_tokens(sentence);
    let clause = clause_before(context, level, tokens.end, sentence);
    let mut tag = tag_in_clause(context, people, clause, level, false)?;
    tag.adjacent = true;
    Some(tag)
}

fn tag_in_clause(
    context: &Context,
    people: &People,
    clause: Range<usize>,
    level: Option<usize>,
    press: bool,
) -> Option<Tag> {
    if clause.is_empty() {
        return None;
    }
    let last_word = clause.clone().rev().find(|&token| context.is_word(token))?;
    let ends_open = clause
        .clone()
        .last()
        .is_some_and(|token| matches!(context.word(token), "," | ":" | "—"));
    let evidence = context.start_of(clause.start)..context.end_of(clause.end - 1);
    // `Media shares blame in Iowa poll overhype - HuffPollster: “…”`: the source
    // named after a dash needs no verb.
    if let Some(subject) = named_before_colon(context, people, &clause) {
        return Some(Tag {
            subject,
            evidence,
            adjacent: true,
        });
    }
    // The speech verb closest to the quotation; `words:` counts as one.
    let cue_noun = context.is_document_noun(last_word) && context.word(clause.end - 1) == ":";
    // `As John Cornyn … put it: “…”`: putting it is saying it, after `as`.
    let puts_it = |token: usize| {
        matches!(context.lower(token), "put" | "puts")
            && token + 1 < clause.end
            && context.lower(token + 1) == "it"
            && (clause.start..token).any(|before| context.lower(before) == "as")
    };
    // A capital inside a clause is a name's, not a verb's: `Trump told the
    // Washington Post, “…”`.
    let is_verb = |token: usize| {
        context.at_level(token, level)
            && (context.is_speech_verb(token) || puts_it(token) || it_reads(context, token))
            && (token == clause.start || !context.is_capitalised(token))
    };
    let verb = if cue_noun {
        last_word
    } else {
        clause.clone().rev().find(|&token| is_verb(token))?
    };
    let words_after_verb = (verb..clause.end)
        .filter(|&token| context.is_word(token))
        .count();
    let adjacent = ends_open && words_after_verb <= 10;
    // `…, Spicer said, adding, “…”`: a participle after a comma says more of what
    // the verb before it said, whose subject is its subject. That verb is finite
    // (`posted a Twitter comment of her own, saying` is not `comment`).
    let is_finite = |token: usize| {
        let lower = context.lower(token);
        lower.ends_with("ed")
            || matches!(
                lower,
                "said" | "says" | "told" | "tells" | "wrote" | "writes" | "spoke"
            )
    };
    let verb = if !cue_noun
        && context.lower(verb).ends_with("ing")
        && verb > clause.start
        && context.word(verb - 1) == ","
        && let Some(main) = (clause.start..verb - 1)
            .rev()
            .find(|&token| is_verb(token) && is_finite(token))
    {
        main
    } else {
        verb
    };
    let subject = if cue_noun && let Some(subject) = source_document(context, &clause) {
        subject
    } else if let Some(agent) = passive_agent(context, people, verb, clause.end) {
        agent
    } else if lists::is_citing_verb(context.lower(verb)) {
        subject_starting_at(context, people, verb + 1, clause.end).unwrap_or(Subject::Other)
    } else if let Some(subject) =
        subject_ending_at(context, people, clause.start, verb).filter(|_| !cue_noun)
    {
        subject
    } else if !cue_noun
        && (clause.start..verb).all(|token| !context.is_word(token))
        && let Some(subject) = subject_starting_at(
            context,
            people,
            verb + 1 + usize::from(context.has_speech_particle(verb)),
            clause.end,
        )
    {
        // `continued Mrs. Bennet, “…”`, `According to the Daily Caller, “…”`: the
        // subject after the verb (and its particle).
        subject
    } else {
        clause_subject(context, people, clause.start..verb, level, press)
    };
    Some(Tag {
        subject,
        evidence,
        adjacent,
    })
}

/// Who speaks by a verb in the passive (`she was asked`, `Sanders was asked by host
/// Bill Maher,`): not its subject, who is spoken to, but the one `by` names, or no
/// one named. None when the verb at token `verb` is not in the passive.
fn passive_agent(context: &Context, people: &People, verb: usize, end: usize) -> Option<Subject> {
    let passive = verb > 0
        && matches!(context.lower(verb), "asked" | "told")
        && matches!(
            context.lower(verb - 1),
            "was" | "were" | "is" | "are" | "been" | "being"
        );
    if !passive {
        return None;
    }
    let by = (verb + 1..end.min(verb + 3)).find(|&token| context.lower(token) == "by");
    Some(
        by.and_then(|by| subject_starting_at(context, people, by + 1, end))
            .unwrap_or(Subject::Other),
    )
}

/// The source a roundup names after a dash, right before the colon that opens the
/// quotation: `Pollsters agree - Carl Bialik: “…”`.
fn named_before_colon(
    context: &Context,
    people: &People,
    clause: &Range<usize>,
) -> Option<Subject> {
    let colon = clause
        .end
        .checked_sub(1)
        .filter(|&colon| colon > clause.start)?;
    if context.word(colon) != ":" {
        return None;
    }
    let mention = people.mention_ending_at(colon)?;
    let dash = mention.tokens.start.checked_sub(1)?;
    (dash >= clause.start && matches!(context.word(dash), "-" | "–" | "—") && !mention.qualifies())
        .then(|| person_subject(people, mention.person))
}

/// The document a lead-in quotes from: `From the report: “…”`, `More from the
/// report: “…”`.
fn source_document(context: &Context, clause: &Range<usize>) -> Option<Subject> {
    let noun = clause.end.checked_sub(2)?;
    let from = (clause.start..noun)
        .rev()
        .find(|&token| context.lower(token) == "from")?;
    noun_phrase(context, from + 1, noun + 1, false)
}

/// The subject of a clause whose verb is not right after it (`Ilya Ehrenburg, the
/// Jewish journalist…, wrote`): its leftmost name that is neither possessive nor
/// governed by a preposition, else its leftmost described person or pronoun. In a
/// text that writes as the press does (`press`), a subject pronoun before that
/// name comes first.
fn clause_subject(
    context: &Context,
    people: &People,
    range: Range<usize>,
    level: Option<usize>,
    press: bool,
) -> Subject {
    // In the press, `He then adopted a fake Southern accent and joked,`: a subject
    // pronoun before the first name is the subject, and the name an object. (In the
    // novels the rule moved four of them down by 0.1 to 0.7 points: a pronoun
    // there as often opens a clause of its own before the speaker's name.)
    // Not the pronoun of a clause that opens the sentence (`after she did, David
    // Axelrod … tweeted this:`).
    let subordinate = |token: usize| {
        (range.start..token).any(|before| {
            matches!(
                context.lower(before),
                "after"
                    | "before"
                    | "when"
                    | "while"
                    | "as"
                    | "if"
                    | "since"
                    | "because"
                    | "although"
                    | "though"
                    | "until"
                    | "once"
            )
        })
    };
    let pronoun_first = |mention: &Mention| {
        press
            && (range.start..mention.tokens.start).any(|token| {
                context.at_level(token, level)
                    && is_subject_pronoun(context.lower(token))
                    && !subordinate(token)
            })
    };
    if let Some(mention) = people.mentions_in(range.clone()).iter().find(|mention| {
        !mention.qualifies() && !mention.governed && context.at_level(mention.tokens.start, level)
    }) && !pronoun_first(mention)
    {
        // `The former Republican presidential candidate continued`: a name inside
        // a description only qualifies its noun.
        let noun_after = (mention.tokens.end..(mention.tokens.end + 3).min(range.end))
            .find_map(|noun| described(context, noun, range.end))
            .filter(|(described, _, _)| described.start <= mention.tokens.start);
        return match noun_after {
            Some((_, name, gender)) => Subject::Described { name, gender },
            None => person_subject(people, mention.person),
        };
    }
    for token in range.clone() {
        if !context.at_level(token, level) {
            continue;
        }
        if let Some((_, name, gender)) = described(context, token, range.end) {
            return Subject::Described { name, gender };
        }
        // `Her campaign quickly blasted out an email to supporters stating,`: a body
        // or a document that opens the clause is its subject.
        if token == range.start
            && let Some(subject) = body_opening(context, people, token, range.end, false)
        {
            return subject;
        }
        let lower = context.lower(token);
        if is_subject_pronoun(lower) {
            return Subject::Pronoun {
                token,
                gender: pronoun_gender(lower).unwrap_or(Gender::Unknown),
            };
        }
    }
    Subject::Other
}

/// The subject a name makes: the person, unless the book shows the name is no one's
/// (a place, a group, a bare title), which speaks for no one person.
fn person_subject(people: &People, person: usize) -> Subject {
    if people.persons[person].may_speak() {
        Subject::Person(person)
    } else {
        Subject::Other
    }
}

/// The subject a mention makes: its person, or when the book shows the name to be
/// a kind of person (`a Hindu`, `a New Hampshire Republican`) and an indefinite
/// determiner stands before it, the one of that kind it describes (`another New
/// Hampshire Republican added`): the press's unnamed source. `The Hindu` is someone
/// the reader has met, whom such a name does not tell.
fn named_subject(context: &Context, people: &People, mention: &Mention) -> Subject {
    let person = &people.persons[mention.person];
    let a_kind = person
        .not_a_person
        .as_deref()
        .is_some_and(|why| why.starts_with("a kind"));
    let determiner = mention
        .tokens
        .start
        .checked_sub(1)
        .filter(|&token| matches!(context.lower(token), "a" | "an" | "one" | "another"));
    match determiner {
        Some(determiner) if a_kind => Subject::Described {
            name: words_of(context, determiner..mention.tokens.end),
            gender: person.gender,
        },
        _ => person_subject(people, mention.person),
    }
}

/// The longest apposition read between a name and its verb, in words.
const APPOSITION_WORDS: usize = 16;

/// The journalist's tag with an apposition between the name and the verb:
/// `“…,” Jenna Golden, Twitter’s director of political advertising, said.` A name
/// that starts right after the quotation, a comma, up to [`APPOSITION_WORDS`] words
/// and a comma, then a speech verb.
///
/// The apposition may come first, the name between commas after it: `“…,”
/// Sanders's campaign manager, Jeff Weaver, said`, `his wife, Gabriela Lazar,
/// wrote`. A state's abbreviation may stand in it (`Mitch McConnell, R-Ky., said`).
fn appositive_tag(
    context: &Context,
    people: &People,
    start: usize,
    level: Option<usize>,
) -> Option<Tag> {
    let count = context.token_count();
    let ends_at_comma = |mention: &Mention| {
        !mention.qualifies()
            && mention.tokens.end < count
            && context.word(mention.tokens.end) == ","
    };
    // The apposition first: up to a comma, then the name and a comma.
    let name_after_apposition = || {
        let comma = apposition_end(context, start, level)?;
        let mention = people
            .mention_starting_at(comma + 1)
            .filter(|mention| ends_at_comma(mention))?;
        Some((
            person_subject(people, mention.person),
            verb_after(context, mention.tokens.end + 1, level)?,
        ))
    };
    let (subject, verb) = match people.mention_starting_at(start) {
        Some(mention) if ends_at_comma(mention) => (
            person_subject(people, mention.person),
            verb_after_apposition(context, mention.tokens.end + 1, level)?,
        ),
        _ => name_after_apposition().or_else(|| {
            // `an intelligence source, who was not authorized to speak, told`.
            let (subject, comma) = described_before_comma(context, start)?;
            Some((subject, verb_after_apposition(context, comma + 1, level)?))
        })?,
    };
    Some(Tag {
        subject,
        evidence: context.start_of(start)..context.end_of(verb),
        adjacent: true,
    })
}

/// The speech verb after an apposition that starts at token `start`, past the
/// comma that ends it. A relative clause may also run into the verb with no comma
/// after the name it ends with (`Katie Packer, who is chairman of Our Principles
/// Pac said`).
fn verb_after_apposition(context: &Context, start: usize, level: Option<usize>) -> Option<usize> {
    let count = context.token_count();
    if start < count && matches!(context.lower(start), "who" | "whose") {
        let sentence = context.sentence_of(start);
        let end = (start + 1..(start + 2 * APPOSITION_WORDS).min(count)).find(|&token| {
            context.sentence_of(token) != sentence
                || !context.at_level(token, level)
                || context.word(token) == ","
                || (context.is_speech_verb(token)
                    && context.is_capitalised(token - 1)
                    && !context.lower(token).ends_with("ing"))
        })?;
        return match context.word(end) {
            "," => verb_after(context, end + 1, level),
            _ => context.is_speech_verb(end).then_some(end),
        };
    }
    let comma = apposition_end(context, start, level)?;
    verb_after(context, comma + 1, level)
}

/// A description of a person from token `start` to a comma (`an intelligence
/// source,`, `the lawyer for the family,`), with the comma's token.
fn described_before_comma(context: &Context, start: usize) -> Option<(Subject, usize)> {
    let comma = (start + 1..(start + NOUN_PHRASE + 1).min(context.token_count()))
        .find(|&token| !context.is_word(token))
        .filter(|&token| context.word(token) == ",")?;
    described(context, comma - 1, comma)
        .filter(|(range, _, _)| range.start == start)
        .map(|found| described_subject(context, found))
        .or_else(|| noun_phrase(context, start, comma, false))
        .map(|subject| (subject, comma))
}

/// The comma that ends an apposition starting at token `start`: one to
/// [`APPOSITION_WORDS`] words in the same sentence, no other punctuation but the
/// full stop of an abbreviation (`R-Ky.`, `Gov.`).
fn apposition_end(context: &Context, start: usize, level: Option<usize>) -> Option<usize> {
    let count = context.token_count();
    // A name and its comma may end the text (`“…” Stalin,`).
    if start >= count {
        return None;
    }
    let sentence = context.sentence_of(start);
    let mut cursor = start;
    let mut words = 0;
    while cursor < count
        && words < APPOSITION_WORDS
        && context.sentence_of(cursor) == sentence
        && context.at_level(cursor, level)
    {
        match context.word(cursor) {
            "," => return (words > 0).then_some(cursor),
            "." if cursor > start && is_abbreviation(context, cursor - 1) => {}
            "." | "!" | "?" | ";" | ":" => return None,
            _ => words += usize::from(context.is_word(cursor)),
        }
        cursor += 1;
    }
    None
}

/// True when token `index` is shortened with a full stop: a title or a state's
/// abbreviation of one to three letters (`Gov`, `Ky`, `Pa`).
fn is_abbreviation(context: &Context, index: usize) -> bool {
    let word = context.word(index);
    context.honorific(index).is_some()
        || (word.len() <= 3 && word.starts_with(char::is_uppercase) && context.is_word(index))
}

/// The speech verb at token `from`, after adverbs, at the quotation's level.
fn verb_after(context: &Context, from: usize, level: Option<usize>) -> Option<usize> {
    let count = context.token_count();
    let mut verb = from;
    while verb < count && is_filler(context, verb) {
        verb += 1;
    }
    (verb < count && context.at_level(verb, level) && context.is_speech_verb(verb)).then_some(verb)
}

/// The press's `[affiliation] [role] Name`: a noun phrase of capitalised words,
/// titles and lower-case role words that ends in a name is that name's (`said
/// Atlantic City Mayor Don Guardian`, `said former Obama adviser David Axelrod`,
/// `said Clinton campaign manager Robby Mook`, `said poor Alice`). Gives the person
/// of the last name, when the phrase from `start` ends in one after other words.
fn named_at_end_of_phrase(
    context: &Context,
    people: &People,
    start: usize,
    limit: usize,
) -> Option<usize> {
    let mut cursor = start;
    // The person of the name that ends at the cursor, if it follows a role: a
    // word in lower case, a title (`Mayor`, `Gov.`) or a person's noun
    // (`Political Director`), or a possessive (`Florida's Rick Wilson`), or opens
    // with a title. After another capitalised word it is the end of a name the
    // name finder did not see whole (`Jack Dawkins`, `Rose Maylie`).
    let mut last = None;
    let mut after_role = false;
    while cursor < limit {
        if let Some(mention) = people.mention_starting_at(cursor) {
            let titled = context.honorific(cursor).is_some();
            last = ((after_role || titled) && !mention.qualifies()).then_some(mention.person);
            after_role = mention.qualifies();
            cursor = mention.tokens.end;
        } else if is_phrase_word(context, cursor) {
            last = None;
            after_role = !context.is_capitalised(cursor)
                || context.honorific(cursor).is_some()
                || context.person_noun(cursor).is_some();
            cursor += 1;
        } else if after_role
            && last.is_none()
            && context.lower(cursor) == "of"
            && cursor + 1 < limit
            && context.is_word(cursor + 1)
            && context.word(cursor + 1).starts_with(char::is_lowercase)
            && !is_function_word(context.lower(cursor + 1))
        {
            // A role of several words: `said former secretary of state Hillary
            // Clinton`, `said master of ceremonies Asab Al-Tabchi` (after `of`,
            // `state` is no verb).
            cursor += 2;
        } else if after_role
            && last.is_none()
            && context.lower(cursor) == "and"
            && cursor + 1 < limit
            && context.is_capitalised(cursor + 1)
        {
            // Two roles of one person: `former Gov. and Chairman Ed Rendell`.
            after_role = false;
            cursor += 1;
        } else if is_joining_hyphen(context, cursor) {
            // `UC-AFT President Bob Samuels`: a hyphen inside a word.
            last = None;
            after_role = false;
            cursor += 1;
        } else {
            break;
        }
    }
    last
}

/// True when token `index` is a hyphen with a word on both sides and no space.
fn is_joining_hyphen(context: &Context, index: usize) -> bool {
    context.word(index) == "-"
        && index > 0
        && index + 1 < context.token_count()
        && context.end_of(index - 1) == context.start_of(index)
        && context.end_of(index) == context.start_of(index + 1)
}

/// The press's unnamed sources: `said one New Hampshire Democrat`, `said another
/// party activist`. `one` or `another` and up to five words of a noun phrase
/// describe someone (the words end at a function word: `one source who…`).
fn one_of_a_kind(context: &Context, start: usize, limit: usize) -> Option<Subject> {
    if !matches!(context.lower(start), "one" | "another") {
        return None;
    }
    // A hyphen joins two words into one (`one well-connected Democrat`).
    let end = (start + 1..(start + 6).min(limit))
        .take_while(|&token| {
            (context.is_word(token) && is_phrase_word(context, token))
                || is_joining_hyphen(context, token)
        })
        .last()?
        + 1;
    if !context.is_word(end - 1) {
        return None;
    }
    let subject = Subject::Described {
        name: context.text[context.start_of(start)..context.end_of(end - 1)].to_string(),
        gender: context.person_noun(end - 1).unwrap_or(Gender::Unknown),
    };
    let complement_end = with_complement(context, start, end, limit);
    Some(complemented(context, subject, start, end, complement_end))
}

/// `subject`, the described source `start..end`, with the complement that runs
/// from `end` to `complement_end` (see [`with_complement`]); its gender is its
/// noun's, the word before the participle or adjective.
fn complemented(
    context: &Context,
    subject: Subject,
    start: usize,
    end: usize,
    complement_end: usize,
) -> Subject {
    match subject {
        Subject::Described { gender, .. } if complement_end > end => Subject::Described {
            name: context.text[context.start_of(start)..context.end_of(complement_end - 1)]
                .to_string(),
            gender: context.person_noun(end - 2).unwrap_or(gender),
        },
        subject => subject,
    }
}

/// How many tokens the complement of a source's participle or adjective may have.
const COMPLEMENT: usize = 8;

/// The end of a described source after the verb with the complement of the
/// participle or adjective that ends it, when that complement ends the clause:
/// `said a source involved in the super-PAC's creation`, `said one Democrat
/// familiar with the campaign's thinking`, `said the base chief known as Bob`. The
/// phrase is `start..end`; without such a complement, `end`.
fn with_complement(context: &Context, start: usize, end: usize, limit: usize) -> usize {
    let modifier = end - 1;
    let lower = context.lower(modifier);
    let takes_complement = modifier > start + 1
        && ((lower.len() > 4 && lower.ends_with("ed"))
            || matches!(lower, "known" | "familiar" | "close"));
    let preposition = end < limit
        && matches!(
            context.lower(end),
            "in" | "with" | "to" | "as" | "on" | "at" | "for" | "about" | "of" | "from" | "by"
        );
    if !takes_complement || !preposition {
        return end;
    }
    let in_complement = |token: usize| {
        let joined_mark = matches!(context.word(token), "'" | "’")
            && context.end_of(token - 1) == context.start_of(token);
        (context.is_word(token)
            && !matches!(
                context.lower(token),
                "who" | "which" | "that" | "and" | "but" | "when" | "because"
            ))
            || is_joining_hyphen(context, token)
            || joined_mark
    };
    let complement_end = (end + 1..limit.min(end + 1 + COMPLEMENT))
        .find(|&token| !in_complement(token))
        .unwrap_or(limit.min(end + 1 + COMPLEMENT));
    let ends_clause = complement_end == limit
        || matches!(context.word(complement_end), "," | "." | ";" | "!" | "?")
        || context.sentence_of(complement_end) != context.sentence_of(end);
    if ends_clause && complement_end > end + 1 && context.is_word(complement_end - 1) {
        complement_end
    } else {
        end
    }
}

/// True when token `index` may stand in a noun phrase before its name: a word that
/// is no function word, pronoun or verb of speech, or the full stop of a title
/// (`Gov.`).
fn is_phrase_word(context: &Context, index: usize) -> bool {
    if !context.is_word(index) {
        return context.word(index) == "." && index > 0 && context.honorific(index - 1).is_some();
    }
    // A capital inside the phrase is a name's word, even one a verb is written
    // like (`former State policy planning director Anne-Marie Slaughter wrote`).
    let lower = context.lower(index);
    !is_function_word(lower)
        && pronoun_gender(lower).is_none()
        && (!context.is_speech_verb(index) || context.is_capitalised(index))
}
