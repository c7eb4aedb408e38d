//! The voice stage: quotations, their speakers and the voice of every token.

use std::collections::BTreeMap;

use proptest::prelude::*;
use voices::document::AnalysedDocument;
use voices::voices::{Character, Quote, QuoteKind, Voice};

use crate::common::{analyse_bytes, seed};

/// A quotation's words with white space collapsed.
fn words(document: &AnalysedDocument, quote: &Quote) -> String {
    quote
        .text(&document.clean.text.text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn describe(document: &AnalysedDocument) -> String {
    document
        .voices
        .quotes
        .iter()
        .enumerate()
        .map(|(index, quote)| {
            format!(
                "{index}: {} {:?} {} [{}] {:?}\n",
                quote.kind.name(),
                quote.speaker,
                quote.rule,
                quote.evidence,
                words(document, quote)
            )
        })
        .collect()
}

#[derive(serde::Deserialize)]
struct Cases {
    case: Vec<Case>,
}

#[derive(serde::Deserialize)]
struct Case {
    name: String,
    text: String,
    quotes: Vec<Expected>,
    /// Why `voices` gets the case wrong today, for a case it is known to miss: the
    /// test then fails when the case comes right, so that it is made a case to keep.
    known_miss: Option<String>,
}

#[derive(serde::Deserialize)]
struct Expected {
    kind: String,
    speaker: String,
    text: String,
    rule: Option<String>,
    parent: Option<usize>,
    /// Words the evidence must contain, where given.
    evidence: Option<String>,
}

/// What one expected quotation of a case got wrong, or None when it is right.
fn mismatch(document: &AnalysedDocument, quote: &Quote, expected: &Expected) -> Option<String> {
    let speaker = match quote.kind {
        QuoteKind::Mention => "-",
        _ => quote.voice(),
    };
    let text = words(document, quote);
    let parent_ok = expected
        .parent
        .is_none_or(|parent| quote.parent == Some(parent));
    let rule_ok = expected.rule.as_ref().is_none_or(|rule| quote.rule == rule);
    let evidence_ok = expected
        .evidence
        .as_ref()
        .is_none_or(|evidence| quote.evidence.contains(evidence.as_str()));
    let right = quote.kind.name() == expected.kind
        && speaker == expected.speaker
        && text == expected.text
        && rule_ok
        && evidence_ok
        && parent_ok;
    (!right).then(|| {
        format!(
            "expected {} {:?} {:?} rule {} parent {:?} evidence {:?}\n    \
             got {} {speaker:?} {text:?} rule {} parent {:?} evidence {:?}",
            expected.kind,
            expected.speaker,
            expected.text,
            expected.rule.as_deref().unwrap_or("(any)"),
            expected.parent,
            expected.evidence.as_deref().unwrap_or("(any)"),
            quote.kind.name(),
            quote.rule,
            quote.parent,
            quote.evidence,
        )
    })
}

/// Every case runs, and the test fails once with every case that went wrong, so a
/// change shows all it breaks at once; and with every case known to be missed that
/// came right.
#[test]
fn quotation_cases() {
    let cases: Cases = toml::from_str(include_str!("data/quote-cases.toml")).unwrap();
    let mut failures = Vec::new();
    for case in &cases.case {
        let document = analyse_bytes("case.txt", case.text.as_bytes());
        let found = &document.voices.quotes;
        let mut wrong = Vec::new();
        if found.len() != case.quotes.len() {
            wrong.push(format!(
                "expected {} quotations, got {}",
                case.quotes.len(),
                found.len()
            ));
        }
        for (position, (quote, expected)) in found.iter().zip(&case.quotes).enumerate() {
            if let Some(mismatch) = mismatch(&document, quote, expected) {
                wrong.push(format!("quotation {position}: {mismatch}"));
            }
        }
        if case.known_miss.is_some() {
            if wrong.is_empty() {
                failures.push(format!(
                    "case `{}` is right now: remove its `known_miss`",
                    case.name
                ));
            }
            continue;
        }
        if !wrong.is_empty() {
            failures.push(format!(
                "case `{}`:\n  {}\n  found:\n{}",
                case.name,
                wrong.join("\n  "),
                describe(&document)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} quotation cases failed:\n\n{}",
        failures.len(),
        cases.case.len(),
        failures.join("\n")
    );
}

/// The quotation of the seed whose words begin with `begins`.
fn seed_quote(begins: &str) -> &'static Quote {
    let document = seed();
    document
        .voices
        .quotes
        .iter()
        .find(|quote| words(document, quote).starts_with(begins))
        .unwrap_or_else(|| panic!("no quotation begins {begins:?}:\n{}", describe(document)))
}

#[test]
fn every_quotation_of_the_seed_has_its_speaker() {
    let table = include_str!("data/seed-quotes.tsv");
    let mut wrong = Vec::new();
    for line in table.lines().filter(|line| !line.starts_with('#')) {
        let (begins, speaker) = line.split_once('\t').expect("begins<TAB>speaker");
        let quote = seed_quote(begins);
        if !quote.is_speech() || quote.voice() != speaker {
            wrong.push(format!(
                "{begins:?}: expected {speaker}, found {} ({}, {}: {})",
                quote.voice(),
                quote.kind.name(),
                quote.rule,
                quote.evidence
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn seed_blocks_epigraph_and_nesting() {
    assert_eq!(seed_quote("I threw myself").kind, QuoteKind::Epigraph);
    assert_eq!(
        seed_quote("I threw myself").work.as_deref(),
        Some("Requiem, 1937")
    );
    for block in [
        "These words of Stalin",
        "Things aren’t going badly",
        "I think that here our enemy",
        "Among the prisoners",
        "In the infirmary",
    ] {
        assert_eq!(seed_quote(block).kind, QuoteKind::Block, "{block}");
    }
    // Lenin's letter has no colon lead-in: found from evidence, over two paragraphs.
    let lenin = seed_quote("I think that here our enemy");
    assert_eq!(lenin.pieces.len(), 2);
    assert!(words(seed(), lenin).ends_with("their neutrality."));
    assert!(lenin.confidence > 0.5 && lenin.confidence < 1.0);
    assert!(lenin.evidence.contains("brackets"), "{}", lenin.evidence);
    let nested = seed_quote("We are the true servants");
    assert_eq!(nested.kind, QuoteKind::Nested);
    let parent = &seed().voices.quotes[nested.parent.expect("nested")];
    assert!(words(seed(), parent).starts_with("These words of Stalin"));
}

#[test]
fn seed_mentions_are_nobodys_speech() {
    let document = seed();
    let mentions = [
        "new",
        "smoking guns.",
        "Man of steel.",
        "mentality,",
        "Doctors’ Plot.",
        "Stalin lives",
        "peaceful structure of a happy life",
        "first-rate country",
    ];
    for mention in mentions {
        let quote = document
            .voices
            .quotes
            .iter()
            .find(|quote| words(document, quote) == mention && quote.parent.is_none())
            .unwrap_or_else(|| panic!("no quotation {mention:?}"));
        assert_eq!(
            quote.kind,
            QuoteKind::Mention,
            "{mention}: {}",
            quote.evidence
        );
        assert_eq!(quote.speaker, None);
    }
    // Echoes say what they repeat.
    let echo = seed_quote("peaceful structure of a happy life");
    let original = &document.voices.quotes[echo.echo_of.expect("an echo")];
    assert!(words(document, original).starts_with("We are the true servants"));
    let lives = document
        .voices
        .quotes
        .iter()
        .find(|quote| words(document, quote) == "Stalin lives" && quote.parent.is_none())
        .expect("the echo after Ehrenburg's block");
    let said = &document.voices.quotes[lives.echo_of.expect("an echo")];
    assert_eq!(
        said.kind,
        QuoteKind::Nested,
        "the words quoted inside Ehrenburg's block"
    );
}

#[test]
fn seed_author_prose_stays_the_authors() {
    let document = seed();
    let text = &document.clean.text.text;
    let voice_of = |phrase: &str| -> Vec<Option<&str>> {
        let start = text.find(phrase).expect("the phrase is in the seed");
        let end = start + phrase.len();
        document
            .segmented
            .tokens
            .iter()
            .zip(
                document
                    .voices
                    .token_voices(0..document.segmented.tokens.len()),
            )
            .filter(|(token, _)| token.range().start >= start && token.range().end <= end)
            .map(|(_, voice)| document.voices.name(voice))
            .collect()
    };
    for phrase in [
        "Molotov was not alone.",
        "he told the court",
        "Facts and figures do not explain it.",
        "the so-called “Doctors’ Plot.”",
        "This is the paw inside the sleeve of Soviet power.",
    ] {
        assert!(
            voice_of(phrase)
                .iter()
                .all(|voice| *voice == Some("author")),
            "{phrase}: {:?}",
            voice_of(phrase)
        );
    }
    assert!(
        voice_of("Anna Akhmatova, Requiem, 1937")
            .iter()
            .all(Option::is_none)
    );
    assert!(
        voice_of("We must, come what may")
            .iter()
            .all(|v| *v == Some("Vladimir Lenin"))
    );
}

#[test]
fn voices_words_add_up_to_the_documents() {
    let document = seed();
    let mut per_voice: BTreeMap<Option<&str>, usize> = BTreeMap::new();
    for (token, voice) in document.segmented.tokens.iter().zip(
        document
            .voices
            .token_voices(0..document.segmented.tokens.len()),
    ) {
        if token.is_word() {
            *per_voice.entry(document.voices.name(voice)).or_default() += 1;
        }
    }
    // The report's summary, computed by the pipeline, agrees with the tokens, and
    // with the attribution line it covers every word of the document.
    let summary = document.summary();
    for voice in &summary.voices {
        assert_eq!(
            per_voice[&Some(voice.name.as_str())],
            voice.words,
            "{}",
            voice.name
        );
    }
    let summarised: usize = summary.voices.iter().map(|voice| voice.words).sum();
    assert_eq!(summarised + per_voice[&None], document.words());
    assert!(per_voice[&Some("author")] > 2500, "{per_voice:?}");
    assert_eq!(
        per_voice[&None], 4,
        "the attribution line is nobody's: {per_voice:?}"
    );
}

fn messy_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "“",
        "”",
        "‘",
        "’",
        "\"",
        "'",
        "«",
        "»",
        "Stalin",
        "said",
        "he",
        "she",
        " ",
        " ",
        "\n\n",
        "wrote:",
        ",",
        ".",
        "[the church]",
        "Mr.",
        "Bennet",
        "—",
        "we",
        "I",
    ]);
    prop::collection::vec(pieces, 0..80).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Whatever the marks, quotations stay inside the text on character boundaries,
    /// nest properly, and every token has one voice.
    #[test]
    fn quotations_are_well_formed_on_any_text(text in messy_text()) {
        if text.trim().is_empty() {
            return Ok(());
        }
        let document = analyse_bytes("messy.txt", text.as_bytes());
        let clean = &document.clean.text.text;
        let voices = &document.voices;
        prop_assert_eq!(voices.token_count(), document.segmented.tokens.len());
        for (index, quote) in voices.quotes.iter().enumerate() {
            for piece in &quote.pieces {
                prop_assert!(piece.start <= piece.end && piece.end <= clean.len());
                prop_assert!(clean.is_char_boundary(piece.start) && clean.is_char_boundary(piece.end));
            }
            if let Some(parent) = quote.parent {
                prop_assert!(parent < index);
                let outer = &voices.quotes[parent].outer;
                prop_assert!(outer.start <= quote.outer.start && quote.outer.end <= outer.end);
            }
        }
        for voice in voices.token_voices(0..voices.token_count()) {
            if let Voice::Quoted(quote) = voice {
                prop_assert!(voices.quotes[quote as usize].is_speech());
            }
        }
    }
}

#[test]
fn a_line_of_opening_marks_nests_no_deeper_than_real_text() {
    // Fifty thousand opening quotation marks and no closing one: finished in linear
    // time, with quotations nested at most a few deep.
    let text = "“a ".repeat(50_000);
    let document = analyse_bytes("marks.txt", text.as_bytes());
    let quotes = &document.voices.quotes;
    let depth = |mut index: usize| {
        let mut depth = 0;
        while let Some(parent) = quotes[index].parent {
            depth += 1;
            index = parent;
        }
        depth
    };
    assert!(
        !quotes.is_empty() && quotes.len() < 10,
        "{} quotations",
        quotes.len()
    );
    assert!((0..quotes.len()).all(|index| depth(index) < 6));
}

/// The person of the people model named `name`; the test fails listing those there
/// are when there is none.
fn character<'a>(document: &'a AnalysedDocument, name: &str) -> &'a Character {
    document
        .voices
        .characters
        .iter()
        .find(|character| character.name == name)
        .unwrap_or_else(|| panic!("no character {name} among {:?}", names(document)))
}

/// Asserts that the person `name` is also called `form` in the document.
fn assert_goes_by(document: &AnalysedDocument, name: &str, form: &str) {
    let person = character(document, name);
    assert!(
        person.other_names.iter().any(|other| other == form),
        "{name} is not also {form}: {:?}",
        names(document)
    );
}

/// The names of the people model's persons.
fn names(document: &AnalysedDocument) -> Vec<&str> {
    document
        .voices
        .characters
        .iter()
        .map(|character| character.name.as_str())
        .collect()
}

/// What the people model sets aside: a country the book puts people in and a kind
/// of person it writes with `an`, each of which stands once beside a speech verb,
/// and a place followed by someone's pronoun takes no gender; while a creature
/// introduced as `a Gryphon` that speaks again and again stays someone.
#[test]
fn places_and_kinds_set_aside_though_they_once_take_a_speech_verb() {
    let text = "Aziz said nothing. He loved India. India is old. India is wide. He was born \
        in India. Nothing was quiet in India. Life in India was hard. Rain fell in India. \
        They stayed in India. India answered nothing.\n\n\
        Mary drove to Kew, and she laughed. Mary went back to Kew, and she sang. Kew was \
        green.\n\n\
        An Indian came in. An Indian went out. He was an Indian of the old school. Aziz saw \
        an Indian at the gate. The Indian said nothing.\n\n\
        They came upon a Gryphon, asleep. A Gryphon is a rare sight. “Hjckrrh!” said the \
        Gryphon. “What fun!” said the Gryphon. “Come on!” cried the Gryphon. “Never!” \
        said the Gryphon.";
    let document = analyse_bytes("people.txt", text.as_bytes());
    let reason = |name: &str| character(&document, name).not_a_person.clone();
    assert!(reason("India").is_some_and(|why| why.starts_with("a place")));
    assert!(reason("Indian").is_some_and(|why| why.starts_with("a kind of person")));
    assert_eq!(reason("Gryphon"), None);
    // The pronoun after `to Kew` is about Mary: a place takes no gender from it.
    assert_eq!(
        character(&document, "Kew").gender,
        voices::voices::Gender::Unknown
    );
    assert_eq!(reason("Aziz"), None);
}

/// `New Hampshire` where the text also writes `new` in lower case: the name finder
/// sees `Hampshire`, which the word before it makes a place the word list knows.
#[test]
fn the_rest_of_a_known_place_is_a_place() {
    let text = "The new poll came out on Monday. Donald Trump told a town hall in Salem,         New Hampshire, that he would win the New Hampshire primary. He spent the day with         New Hampshire voters, and he thanked them.";
    let document = analyse_bytes("place.txt", text.as_bytes());
    let hampshire = character(&document, "Hampshire");
    assert!(
        (hampshire.not_a_person.as_ref()).is_some_and(|why| why.starts_with("a place")),
        "{:?}",
        hampshire.not_a_person
    );
}

/// In a book whose people speak beside a speech verb a hundred times and more, a name
/// used again and again and never so is no speaker, even with a pronoun after it
/// (`Islam, his own country, …`); a first name is still someone's. In a short text
/// the same narration proves nothing: a news article's subject may be quoted only
/// through `he`.
#[test]
fn a_name_never_beside_a_speech_verb_in_a_talkative_book_is_no_speaker() {
    let narration = "Rosings was grand, and he admired it. They drove to Rosings. Rosings \
        had many windows. Everyone spoke of Rosings. Rosings stood on a hill. Cassandra \
        walked there with Rosings in sight. Cassandra loved it. Cassandra smiled. \
        Cassandra left. Cassandra came back.\n\n";
    let dialogue: String = (0..60)
        .map(|turn| {
            format!(
                "“Turn {turn} is mine,” said Anna.\n\n“Turn {turn} is mine too,” said Boris.\n\n"
            )
        })
        .collect();
    let book = analyse_bytes("book.txt", format!("{narration}{dialogue}").as_bytes());
    let reason = |name: &str| character(&book, name).not_a_person.clone();
    assert!(
        reason("Rosings").is_some_and(|why| why.starts_with("never beside a speech verb")),
        "{:?}",
        reason("Rosings")
    );
    assert_eq!(reason("Cassandra"), None);
    assert_eq!(reason("Anna"), None);
    let short = analyse_bytes("short.txt", narration.as_bytes());
    assert_eq!(character(&short, "Rosings").not_a_person, None);
}

/// A kind of person (`a New Hampshire Republican`, written with `a` again and
/// again) is no one person, but `another New Hampshire Republican added` is
/// someone: the press's unnamed source, described.
#[test]
fn an_unnamed_source_of_a_kind_is_described() {
    let text = "We polled a New Hampshire Republican and an Iowa Democrat. Then we polled \
        a New Hampshire Republican again. Ask a New Hampshire Republican, and you hear \
        the same thing. Even a New Hampshire Republican has doubts.\n\n\
        “Trump can bleed,” a New Hampshire Republican said.\n\n\
        “Iowa proved the polls are misleading,” another New Hampshire Republican added.";
    let document = analyse_bytes("sources.txt", text.as_bytes());
    let speakers: Vec<Option<&str>> = document
        .voices
        .quotes
        .iter()
        .map(|quote| quote.speaker.as_deref())
        .collect();
    assert_eq!(
        speakers,
        [
            Some("a New Hampshire Republican"),
            Some("another New Hampshire Republican")
        ],
        "{}",
        describe(&document)
    );
}

/// A run of turns in which a third person speaks is no exchange between two: its
/// untagged turn is left to the ranker, which weighs everyone present.
#[test]
fn a_third_speaker_breaks_the_exchange() {
    let text = "“Where are you going tomorrow?” said Anna.\n\n“To the river,” said Boris.\n\n\
        “So am I,” said Clara.\n\n“Why the river?”\n\n“There are fish,” said Boris.";
    let document = analyse_bytes("three.txt", text.as_bytes());
    let rules: Vec<&str> = document
        .voices
        .quotes
        .iter()
        .map(|quote| quote.rule)
        .collect();
    assert_eq!(
        rules,
        [
            "speech_tag",
            "speech_tag",
            "speech_tag",
            "ranked_turn",
            "speech_tag"
        ],
        "{}",
        describe(&document)
    );
}

/// A word the book writes capitalised again and again and in lower case only now
/// and then is a name it gives someone: *The Gambler*'s `the Grandmother` (104
/// times, beside 7 `grandmother`), who is then the old lady of the tags. A word
/// the book writes in lower case as often is a common word.
#[test]
fn a_common_noun_the_book_capitalises_as_a_name_is_someone() {
    let narration: String = (0..22)
        .map(|day| format!("On day {day} the Grandmother sat down, and she played at the Casino. "))
        .collect();
    let text = format!(
        "{narration}My grandmother was like her.\n\n\
        Then the Grandmother sat down at the table.\n\n\
        “Stake it all on red!” cried the old lady."
    );
    let document = analyse_bytes("grandmother.txt", text.as_bytes());
    let grandmother = character(&document, "Grandmother");
    assert_eq!(grandmother.gender, voices::voices::Gender::Female);
    let last = document.voices.quotes.last().expect("a quotation");
    assert_eq!(
        last.speaker.as_deref(),
        Some("Grandmother"),
        "{}",
        describe(&document)
    );

    let common: String = (0..22)
        .map(|day| format!("On day {day} the Casino was full, and a casino is loud. "))
        .collect();
    let document = analyse_bytes("casino.txt", common.as_bytes());
    assert!(
        !names(&document).contains(&"Casino"),
        "{:?}",
        names(&document)
    );
}

/// A title the book uses as a name (`the General`) is nobody's surname: it does
/// not join the one person the book gives it with a title (`Madame General`, his
/// wife), and keeps the gender of its own pronouns.
#[test]
fn a_title_used_as_a_name_joins_no_titled_person() {
    let narration: String = (0..22)
        .map(|day| format!("On day {day} the General sat down, and he frowned. "))
        .collect();
    let text = format!("{narration}Madame General came in once, and she smiled.");
    let document = analyse_bytes("general.txt", text.as_bytes());
    let general = character(&document, "General");
    assert_eq!(general.gender, voices::voices::Gender::Male);
}

/// `Miss Quested` is `Adela Quested`, the one woman's full name with that surname;
/// `Mrs. Moore` is not `Stella Moore`, her daughter, as a mother shares her
/// daughters' surname.
#[test]
fn miss_and_a_surname_is_the_one_woman_of_that_name() {
    let text = "Adela Quested came to India with Mrs. Moore. Stella Moore stayed in England, \
        and Stella Moore wrote to her mother. “I want to see the real India,” said Miss \
        Quested. “So do I,” said Mrs. Moore. Later Adela Quested sat down with Miss Quested's \
        book.";
    let document = analyse_bytes("quested.txt", text.as_bytes());
    assert_goes_by(&document, "Adela Quested", "Miss Quested");
    assert!(
        names(&document).contains(&"Mrs. Moore"),
        "{:?}",
        names(&document)
    );
}

/// A first name joins the full name it opens when the book titles the surname, for
/// someone of that gender, as that person alone: `Adela` is `Adela Quested`, who is
/// `Miss Quested`, and `Robert` is `Robert Cohn`, whom the book writes far more often
/// than `Robert Prentiss`; but `Tom` is not `Tom Gradgrind`, the father, whom the
/// book also calls `Mr. Gradgrind` apart from him.
#[test]
fn a_first_name_joins_the_full_name_only_with_a_title_to_show_it() {
    let text = "Adela Quested came to India, and Miss Quested was eager. Mr. Quested, her \
        late father, had been there. “I want to see India,” said Adela. Adela laughed.\n\n\
        Tom Gradgrind came home, and Mr. Gradgrind sat down. “I am bored,” said Tom. \
        Tom yawned.\n\n\
        Robert Cohn boxed, and Robert Cohn read. Then Robert Cohn wrote, and Robert Cohn \
        sulked. Later Robert Cohn left, and Mr. Robert Cohn wrote again. Then Robert Prentiss \
        came once. Mr. Cohn was rich. “Come on,” said Robert.";
    let document = analyse_bytes("first-names.txt", text.as_bytes());
    assert_goes_by(&document, "Adela Quested", "Adela");
    assert_goes_by(&document, "Robert Cohn", "Robert");
    assert!(names(&document).contains(&"Tom"), "{:?}", names(&document));
}

/// `Mr. Denham` is `Ralph Denham`, the one man's full name with that surname, when
/// the narration calls him by the bare surname: then `Ralph` is him too, one voice
/// and not two. `Mr. Miller`, whom the narration never calls `Miller`, is not his
/// son `Randolph Miller`.
#[test]
fn mr_and_a_surname_is_the_one_man_the_narration_calls_by_it() {
    let text = "Ralph Denham came in. Denham sat down, and Denham frowned. Then Denham \
        smiled, Denham spoke and Denham left. “Good evening,” said Mr. Denham. “Hello,” \
        said Ralph.\n\n\
        Randolph Miller ran in. “Mr. Miller is in Schenectady,” said Randolph. Mr. Miller \
        had stayed at home. “Come here,” said Randolph.";
    let document = analyse_bytes("denham.txt", text.as_bytes());
    assert_goes_by(&document, "Ralph Denham", "Mr. Denham");
    assert_goes_by(&document, "Ralph Denham", "Ralph");
    assert!(
        names(&document).contains(&"Mr. Miller"),
        "{:?}",
        names(&document)
    );
}

/// A bare surname is not the one woman the book gives it with `Mrs.`: she shares
/// her husband's name, and the prose calls him by his surname (`Braddocks said`
/// beside `Mrs. Braddocks`).
#[test]
fn a_bare_surname_is_not_the_wife_of_that_name() {
    let text = "“Do come,” said Mrs. Braddocks. “Of course he will,” Braddocks said. \
        Braddocks laughed, and Mrs. Braddocks laughed too.";
    let document = analyse_bytes("braddocks.txt", text.as_bytes());
    let names = names(&document);
    assert!(
        names.contains(&"Braddocks") && names.contains(&"Mrs. Braddocks"),
        "{names:?}"
    );
}

/// A place the word list knows is no one, though a verb of speech may stand beside
/// it in another sense (`those of Europe begin to be felt`): it never takes an
/// untagged turn.
#[test]
fn a_known_place_is_no_one() {
    let text = "Aziz had brought the stud from Europe. Science in Europe was new to him, \
        and the manners of Europe begin to be felt there. “Here it is,” said Aziz.";
    let document = analyse_bytes("europe.txt", text.as_bytes());
    let europe = character(&document, "Europe");
    assert!(europe.not_a_person.is_some(), "{:?}", names(&document));
}

/// In a story told in the first person (`I said` five times and more), the
/// narrator may speak an untagged turn only in a scene whose narration says `I`:
/// the frame of *Winnie-the-Pooh* is told in the first person, its stories are not.
#[test]
fn the_narrator_speaks_only_where_the_narration_says_i() {
    let frame: String = (0..5)
        .map(|turn| format!("“Tell me story {turn},” I said.\n\n“Very well,” said Robin.\n\n"))
        .collect();
    let story: String = (0..11)
        .map(|day| format!("On day {day} the wind blew.\n\n"))
        .collect();
    let text =
        format!("{frame}Piglet walked to the wood, and he came back.\n\n{story}“What a day.”");
    let document = analyse_bytes("frame.txt", text.as_bytes());
    let last = document.voices.quotes.last().expect("a quotation");
    assert_ne!(
        last.speaker.as_deref(),
        Some("narrator"),
        "{}",
        describe(&document)
    );
}

/// Plurals are groups, not people, even when a pronoun follows them as if they were
/// one man: `Englishmen`, and the plural of a kind (`a Mohammedan`) after another
/// word.
#[test]
fn plurals_of_kinds_are_groups() {
    let text = "Aziz walked to the club, where Englishmen sat on the veranda. He knew that \
        Englishmen were everywhere, and he disliked them. Later a Mohammedan came by; a \
        Mohammedan is welcome here. That night Chandrapore Mohammedans met at the mosque, \
        and Chandrapore Mohammedans prayed, and he joined them.";
    let document = analyse_bytes("groups.txt", text.as_bytes());
    let reason = |name: &str| character(&document, name).not_a_person.clone();
    assert!(reason("Englishmen").is_some_and(|why| why.starts_with("a group")));
    assert!(reason("Chandrapore Mohammedans").is_some_and(|why| why.starts_with("a group")));
}

/// A headline in title case names no one by its run of capitals: `Glenn Beck Blasts
/// Drudge` is not a person, while the body's `Glenn Beck` is.
#[test]
fn a_title_case_headline_is_no_run_of_names() {
    let text = "Glenn Beck Blasts Drudge Over Poll Numbers\n\n\
        Glenn Beck criticised the Drudge Report on Monday. Glenn Beck said the site had \
        misled its readers.\n\n\
        “They have lost their way,” Beck said.";
    let document = analyse_bytes("headline.txt", text.as_bytes());
    let names = names(&document);
    assert!(names.contains(&"Glenn Beck"), "{names:?}");
    assert!(
        !names.iter().any(|name| name.contains("Blasts")),
        "{names:?}"
    );
    assert_eq!(
        document.voices.quotes[0].speaker.as_deref(),
        Some("Glenn Beck")
    );
}

/// A first name outweighs a few pronouns that follow the name but are about
/// someone else: in an article about Clinton, `Trump mocked it, and she laughed`.
#[test]
fn a_first_name_outweighs_a_few_pronouns_about_someone_else() {
    let text = "Hillary Clinton spoke in Ohio on Monday. Donald Trump mocked the plan, and \
        she laughed it off. Donald Trump called it weak, and she ignored him. Donald Trump \
        spoke again on Tuesday.";
    let document = analyse_bytes("gender.txt", text.as_bytes());
    assert_eq!(
        character(&document, "Donald Trump").gender,
        voices::voices::Gender::Male
    );
}

/// A title inside a run of capitals opens the next name: `Ohio Gov. John Kasich` is
/// John Kasich, and no `Ohio Gov` is anyone.
#[test]
fn a_title_inside_a_run_of_capitals_opens_the_name() {
    let text = "On Tuesday, Ohio Gov. John Kasich spoke in Berea. Later that day, Ohio Gov. \
        John Kasich spoke again, and he thanked his voters.";
    let document = analyse_bytes("title.txt", text.as_bytes());
    let names = names(&document);
    assert!(names.contains(&"John Kasich"), "{names:?}");
    assert!(!names.iter().any(|name| name.contains("Gov")), "{names:?}");
}
