//! The word lists of the voice stage (`data/voices/`), compiled in and parsed once.

use crate::hashing::{FastMap as HashMap, FastSet as HashSet};
use std::sync::OnceLock;

use super::Gender;

fn entries(list: &'static str) -> impl Iterator<Item = &'static str> {
    list.lines()
        .filter(|line| !line.starts_with('#'))
        .flat_map(str::split_whitespace)
}

fn gendered(list: &'static str) -> HashMap<&'static str, Gender> {
    list.lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| {
            let mut fields = line.split_whitespace();
            let word = fields.next()?;
            let gender = match fields.next() {
                Some("m") => Gender::Male,
                Some("f") => Gender::Female,
                _ => Gender::Unknown,
            };
            Some((word, gender))
        })
        .collect()
}

/// What the lists of speech verbs, document nouns, titles and person nouns say of
/// one lower-case word. The four lists are merged into one map, so a word costs
/// one lookup.
#[derive(Clone, Copy, Default)]
pub struct WordFacts {
    /// A verb of speaking or writing (every inflected form is listed).
    pub speech_verb: bool,
    /// A noun that speaks of a document (`letter`, `memorandum`, `words`).
    pub document_noun: bool,
    /// The gender a title before a name gives (`Mrs.`, `Comrade`), if it is one.
    pub honorific: Option<Gender>,
    /// The gender a noun of a described person gives (`officer`, `lady`), if it is one.
    pub person_noun: Option<Gender>,
}

pub fn word_facts(lower: &str) -> WordFacts {
    static MAP: OnceLock<HashMap<&'static str, WordFacts>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut map: HashMap<&'static str, WordFacts> = HashMap::default();
        for word in entries(include_str!("../../data/voices/speech-verbs.txt")) {
            map.entry(word).or_default().speech_verb = true;
        }
        for word in entries(include_str!("../../data/voices/document-nouns.txt")) {
            map.entry(word).or_default().document_noun = true;
        }
        for (word, gender) in gendered(include_str!("../../data/voices/honorifics.txt")) {
            map.entry(word).or_default().honorific = Some(gender);
        }
        for (word, gender) in gendered(include_str!("../../data/voices/person-nouns.txt")) {
            map.entry(word).or_default().person_noun = Some(gender);
        }
        map
    })
    .get(lower)
    .copied()
    .unwrap_or_default()
}

/// Verbs of speaking and writing, every inflected form, lower case.
pub fn is_speech_verb(lower: &str) -> bool {
    word_facts(lower).speech_verb
}

/// The particles with which a verb that is no verb of speaking alone tags a
/// quotation: `he called back`, `broke in the General`, `put in Mrs. Bennet`,
/// `burst out Lydia`. Empty for any other word.
pub fn speech_particles(lower: &str) -> &'static [&'static str] {
    match lower {
        "call" | "calls" | "called" | "calling" => &["back", "out", "across", "after", "up"],
        "break" | "breaks" | "broke" | "breaking" | "put" | "puts" | "putting" | "chime"
        | "chimes" | "chimed" | "chiming" | "cut" | "cuts" | "cutting" => &["in"],
        "burst" | "bursts" | "bursting" | "sing" | "sings" | "sang" | "singing" | "sung" => {
            &["out"]
        }
        // The press's retorts and remarks: `Trump shot back`, `he points out`.
        "shoot" | "shoots" | "shot" | "shooting" | "fire" | "fires" | "fired" | "firing"
        | "hit" | "hits" | "hitting" | "strike" | "strikes" | "struck" => &["back"],
        "point" | "points" | "pointed" | "pointing" => &["out"],
        // The press's `“…,” according to Sanders`.
        "according" => &["to"],
        _ => &[],
    }
}

/// The gender a title before a name gives (`Mrs.`, `Comrade`), if it is one.
pub fn honorific(lower: &str) -> Option<Gender> {
    word_facts(lower).honorific
}

/// The gender a first name almost always has (`rachael`, `robert`), lower case.
pub fn first_name_gender(lower: &str) -> Option<Gender> {
    static MAP: OnceLock<HashMap<&'static str, Gender>> = OnceLock::new();
    MAP.get_or_init(|| gendered(include_str!("../../data/voices/first-names.txt")))
        .get(lower)
        .copied()
}

/// True when `lower` (a whole name, lower case) is a place the list knows: a
/// continent, country, state or large city (`iowa`, `north carolina`, `europe`).
pub fn is_known_place(lower: &str) -> bool {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        include_str!("../../data/voices/places.txt")
            .lines()
            .filter(|line| !line.starts_with('#') && !line.is_empty())
            .collect()
    })
    .contains(lower)
}

/// Nouns of a person that say no role (`the old man`, `the girl`): a description
/// by one is someone of its own, not a role of someone named before.
pub fn is_plain_person_noun(lower: &str) -> bool {
    matches!(
        lower,
        "man" | "woman" | "boy" | "girl" | "lady" | "gentleman" | "child" | "stranger" | "person"
    )
}

/// Nouns by which the press refers to someone it quotes without a name, in a tag
/// whose subject comes before the verb: `the source said`, `this source told`,
/// `the moderator said`. Not nouns of a person everywhere ([`WordFacts::person_noun`]):
/// in a novel `the first person` and `a fresh source of happiness` would become
/// people who may speak, and `said his host` names a relation the ranker resolves.
pub fn is_unnamed_source_noun(lower: &str) -> bool {
    matches!(
        lower,
        "source" | "person" | "moderator" | "host" | "organizer" | "organiser"
    )
}

/// Nouns of bodies that speak as one in a tag: `the campaign said`, `the committee
/// said`. (Not `the company` or `the party`, which in a novel are the people in the
/// room; a name's last word of an institution is [`is_institution_word`].)
pub fn is_body_noun(lower: &str) -> bool {
    matches!(
        lower,
        "campaign"
            | "committee"
            | "agency"
            | "administration"
            | "department"
            | "ministry"
            | "government"
            | "organization"
            | "organisation"
            | "office"
            | "council"
            | "commission"
            | "board"
            | "panel"
            | "bureau"
            | "group"
            | "team"
            | "union"
            | "coalition"
            | "caucus"
            | "party"
    )
}

/// True when `lower`, the last word of a name of several words, makes it an
/// institution, a building or a place (`White House`, `Democratic National
/// Convention`, `Sandy Hook Elementary`, `Washington Post`).
pub fn is_institution_word(lower: &str) -> bool {
    matches!(
        lower,
        "house"
            | "convention"
            | "foundation"
            | "committee"
            | "university"
            | "college"
            | "school"
            | "elementary"
            | "department"
            | "council"
            | "center"
            | "centre"
            | "institute"
            | "association"
            | "church"
            | "court"
            | "club"
            | "party"
            | "campaign"
            | "post"
            | "times"
            | "news"
            | "journal"
            | "street"
            | "avenue"
            | "square"
            | "county"
            | "city"
            | "state"
            | "states"
            | "republic"
            | "hotel"
            | "station"
            | "hospital"
            | "museum"
            | "library"
            | "bank"
            | "company"
            | "corporation"
            | "agency"
            | "administration"
            | "network"
            | "magazine"
            | "ministry"
            | "senate"
            | "congress"
            | "parliament"
            | "assembly"
            | "army"
            | "navy"
            | "union"
            | "federation"
            | "league"
            | "organization"
            | "press"
            | "tribune"
            | "herald"
            | "gazette"
    )
}

/// Nouns of a novel's epithets for a named character (`girl`, `gentleman`).
pub fn is_epithet_noun(lower: &str) -> bool {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| entries(include_str!("../../data/voices/epithet-nouns.txt")).collect())
        .contains(lower)
}

/// Words of a tag saying the speaker goes on or speaks to themselves (`added`,
/// `thought`, `herself`).
pub fn says_speaker_goes_on(lower: &str) -> bool {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| entries(include_str!("../../data/voices/going-on-words.txt")).collect())
        .contains(lower)
}

/// Verbs of a tag saying the speaker speaks to themselves (`thought`, `wondered`):
/// no one answers such a turn.
pub fn says_speaker_thinks(lower: &str) -> bool {
    matches!(
        lower,
        "thought" | "thinks" | "wondered" | "wonders" | "mused"
    )
}

/// Capitalised words that never name a person (months, `Soviet`, `University`).
pub fn is_not_name(word: &str) -> bool {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| entries(include_str!("../../data/voices/not-names.txt")).collect())
        .contains(word)
}

/// Verbs that cite someone else's words: `X quotes Y:` gives the words to Y.
pub fn is_citing_verb(lower: &str) -> bool {
    matches!(
        lower,
        "quote" | "quotes" | "quoted" | "quoting" | "cite" | "cites" | "cited" | "citing"
    )
}

/// Words before a short quotation that make it a name for something, not speech.
pub fn is_naming_cue(lower: &str) -> bool {
    matches!(
        lower,
        "so-called"
            | "called"
            | "call"
            | "calls"
            | "dubbed"
            | "termed"
            | "named"
            | "word"
            | "term"
            | "phrase"
            | "slogan"
            | "label"
            | "known"
            | "as"
    )
}

/// True when a speech verb followed by `next` means a movement or the start of
/// something, not speech: `returned to Moscow`, `continued on`, `those of Europe
/// begin to be felt`.
pub fn is_motion_sense(verb: &str, next: &str) -> bool {
    let moves = matches!(
        verb,
        "return" | "returns" | "returned" | "returning" | "continue" | "continues" | "continued"
    );
    let starts = matches!(verb, "begin" | "begins" | "began" | "begun" | "beginning");
    (moves
        && matches!(
            next,
            "to" | "from" | "home" | "into" | "at" | "with" | "after" | "on" | "in" | "for"
        ))
        || (starts && next == "to")
}

/// The title a relative of a titled person has: `his wife` of Mr. Bennet is Mrs.
/// Bennet, `her father` of Miss Bennet is Mr. Bennet.
pub fn kinship_title(noun: &str) -> Option<&'static str> {
    match noun {
        "wife" | "lady" | "mother" | "widow" => Some("Mrs."),
        "husband" | "father" => Some("Mr."),
        _ => None,
    }
}

/// Prepositions before a place and almost never before a person (`in Vienna`,
/// `into Chandrapore`). `at`, `from`, `near`, `towards`, `to`, `with` and `of` take
/// people too (`looked at Alice`, `a letter from Jane`).
pub fn is_place_preposition(lower: &str) -> bool {
    matches!(
        lower,
        "in" | "into"
            | "inside"
            | "outside"
            | "within"
            | "throughout"
            | "across"
            | "beyond"
            | "via"
    )
}

/// Nouns of kinship (`uncle`, `mother`): `her uncle` is a relative of someone, who
/// is a named character or no one the reader can tell.
pub fn is_kinship_noun(lower: &str) -> bool {
    matches!(
        lower,
        "father"
            | "mother"
            | "husband"
            | "wife"
            | "son"
            | "daughter"
            | "brother"
            | "sister"
            | "uncle"
            | "aunt"
            | "cousin"
            | "nephew"
            | "niece"
            | "grandfather"
            | "grandmother"
            | "grandson"
            | "granddaughter"
            | "father-in-law"
            | "mother-in-law"
            | "brother-in-law"
            | "sister-in-law"
            | "fiancé"
            | "fiancée"
    )
}
