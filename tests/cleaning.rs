//! The cleaner on the bundled book: what digitisation broke is repaired, and nothing
//! else is touched.

use voices::clean::ParagraphKind;

use crate::common::{paragraph_texts, seed, seed_bytes, sentence_texts, token_texts};

#[test]
fn running_heads_appear_in_no_sentence_and_no_token() {
    let document = seed();
    assert_eq!(document.summary().repairs("running head"), 4);
    for sentence in sentence_texts(document) {
        assert!(
            !sentence.contains("Inside the Stalin Archives"),
            "{sentence}"
        );
    }
    // A running head fell in mid-sentence and inside Stalin's letter to Gorky.
    let text = &document.clean.text.text;
    assert!(text.contains("No other state-sponsored project of national introspection and reconciliation has ever taken place."));
    assert!(text.contains("Let them, each and every medieval fossil, caterwaul there in Europe"));
    assert!(text.contains("The great experiment of “progressive humanity”"));
    let tokens = token_texts(document);
    assert!(!tokens.windows(2).any(|pair| pair == ["Inside", "the"]));
}

#[test]
fn split_ligatures_are_repaired_in_the_book() {
    let text = &seed().clean.text.text;
    for word in [
        "twenty-five years of my party work",
        "security officials",
        "began to flock to Moscow",
        "significant progress",
        "confiscating its immense wealth",
        "The slow and difficult",
        "Venedikt Erofeev reflected",
        "daily traffic of the inner party",
        "Yet fifty-five years after",
        "Facts and figures do not explain it.",
        "first-rate country",
        "de-Nazified",
        "scientific laws",
    ] {
        assert!(text.contains(word), "missing `{word}`");
    }
    for broken in [
        "fi ve",
        "offi cer",
        "fl ock",
        "fi gures",
        "diffi cult",
        "refl ected",
        "traffi c",
        "fi rst",
    ] {
        assert!(!text.contains(broken), "still broken: `{broken}`");
    }
    // Two real words are never joined.
    assert!(text.contains("if not thousands"));
    assert!(text.contains("hundreds if not"));
}

#[test]
fn line_end_hyphens_are_joined_and_compounds_kept() {
    let text = &seed().clean.text.text;
    for joined in [
        "have exterminated them",
        "executed so many so ruthlessly",
        "a flourishing economy",
        "with ninety-nine out of a hundred chances",
        "the successor organizations",
        "so ragged and lice-ridden that",
        "in the so-called “Doctors’ Plot.”",
        "It can hope to triumph with “ninety-nine out of a hundred chances of total success”",
    ] {
        assert!(text.contains(joined), "missing `{joined}`");
    }
}

#[test]
fn page_breaks_in_mid_sentence_do_not_split_paragraphs() {
    let paragraphs = paragraph_texts(seed());
    assert!(
        paragraphs
            .iter()
            .any(|p| p.contains("prompting one Russian scholar to warn me that total disclosure"))
    );
    assert!(paragraphs.iter().any(|p| {
        p.contains("Did it never die in the hearts of “progressive humanity?” Would it be like")
    }));
    assert!(
        paragraphs
            .iter()
            .any(|p| p.contains("The document issuing this order was discovered by Richard Pipes"))
    );
    assert!(paragraphs.iter().any(|p| {
        p.contains("reduced to “nonpeople” or creatures from the Stone Age was possible")
    }));
}

#[test]
fn heading_epigraph_and_attribution_are_paragraphs_of_their_own() {
    let document = seed();
    let paragraphs = paragraph_texts(document);
    let kinds: Vec<ParagraphKind> = document.clean.paragraphs.iter().map(|p| p.kind).collect();
    assert_eq!(paragraphs[0], "Introduction");
    assert_eq!(kinds[0], ParagraphKind::Heading);
    assert_eq!(kinds[1], ParagraphKind::Epigraph);
    assert!(
        paragraphs[1]
            .starts_with("I threw myself at the hangman’s feet,\nYou are my son, my horror.")
    );
    assert!(paragraphs[1].ends_with("Will never now be clear . . ."));
    assert_eq!(paragraphs[2], "—Anna Akhmatova, Requiem, 1937");
    assert_eq!(kinds[2], ParagraphKind::Attribution);
    assert!(
        paragraphs[3]
            .starts_with("At the funeral of Josef Stalin on March 9, 1953, Vyacheslav Molotov")
    );
    assert_eq!(document.title, "Introduction");
    let headings = kinds
        .iter()
        .filter(|kind| **kind == ParagraphKind::Heading)
        .count();
    assert_eq!(headings, 1, "only the title is a heading");
}

#[test]
fn quotes_dashes_and_ellipses_are_kept_as_they_are() {
    let text = &seed().clean.text.text;
    assert!(text.contains("“Stalin lives”—something mesmerizing shines"));
    assert!(text.contains("his will. . . . These words"));
    assert!(text.contains("Lacking food . . . they collect orts [refuse]"));
}

#[test]
fn a_repaired_token_covers_the_original_bytes_it_was_made_from() {
    let document = seed();
    let original = seed_bytes();
    let slice = |index: usize| {
        let token = &document.segmented.tokens[index];
        let source = document.clean.text.map.source_range(token.range());
        std::str::from_utf8(&original[source]).unwrap().to_string()
    };
    let tokens = token_texts(document);
    let find = |word: &str| {
        tokens
            .iter()
            .position(|t| *t == word)
            .unwrap_or_else(|| panic!("no token {word}"))
    };
    assert_eq!(slice(find("officer")), "offi cer");
    assert_eq!(slice(find("exterminated")), "extermi-\nnated");
    assert_eq!(slice(find("ruthlessly")), "ruth-\nlessly");
    assert_eq!(slice(find("flourishing")), "fl our-\nishing");
    assert_eq!(slice(find("Molotov")), "Molotov");
    let caterwaul = document.clean.text.text.find("caterwauling").unwrap();
    let caterwaul_token = document
        .segmented
        .tokens
        .iter()
        .find(|t| t.range().start == caterwaul)
        .unwrap();
    let source = document
        .clean
        .text
        .map
        .source_range(caterwaul_token.range());
    assert_eq!(
        std::str::from_utf8(&original[source]).unwrap(),
        "cater-\nwauling"
    );
}

#[test]
fn document_is_english_and_counts_are_plausible() {
    let document = seed();
    assert_eq!(document.segmented.language, Some("eng"));
    let words = document.words();
    // textstat counts 3,813 words in the seed, lexicalrichness 3,790 tokens.
    assert!((3700..3900).contains(&words), "{words} words");
}

#[test]
fn a_100_mb_line_is_processed_without_trouble() {
    let sentence = "The party had no choice, and the people knew it. ";
    let repeats = 100_000_000 / sentence.len() + 1;
    let mut text = sentence.repeat(repeats);
    text.push('\n');
    assert!(text.len() >= 100_000_000);
    let document = crate::common::analyse_bytes("long-line.txt", text.as_bytes());
    assert_eq!(document.clean.paragraphs.len(), 1);
    assert_eq!(document.segmented.sentences.len(), repeats);
    assert_eq!(document.words(), repeats * 10);
}

#[test]
fn mixed_scripts_keep_their_text_and_get_their_own_languages() {
    let text = "Stalin stood five feet four inches tall, and his left arm was slightly withered.\n\nСталин был ростом пять футов четыре дюйма, и его левая рука была слегка иссохшей.\n\n斯大林 «Сталин» Stalin’s “vozhd.”\n";
    let document = crate::common::analyse_bytes("mixed.txt", text.as_bytes());
    let languages: Vec<_> = document
        .segmented
        .paragraph_languages
        .iter()
        .map(|l| l.code)
        .collect();
    assert_eq!(languages[0], Some("eng"));
    assert_eq!(languages[1], Some("rus"));
    let tokens = token_texts(&document);
    assert!(tokens.contains(&"иссохшей"));
    assert!(tokens.contains(&"Сталин"));
    assert!(tokens.contains(&"Stalin’s"));
}
