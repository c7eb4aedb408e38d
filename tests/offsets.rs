//! Offset invariants, as properties over generated messy texts: every paragraph,
//! sentence and token points into the original bytes, on character boundaries, and
//! the original bytes there hold what the row says.

use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;
use voices::document::AnalysedDocument;

use crate::common::{analyse_bytes, seed, seed_bytes};

/// The letters and digits of `text`, in NFC, in order.
fn alphanumerics(text: &str) -> Vec<char> {
    text.nfc().filter(|c| c.is_alphanumeric()).collect()
}

fn is_subsequence(needle: &[char], haystack: &[char]) -> bool {
    let mut rest = haystack.iter();
    needle.iter().all(|wanted| rest.any(|c| c == wanted))
}

/// Checks every row of `document` against the file `bytes` it came from, with the
/// offsets and verbatim flags that the tables export.
fn check_offsets(bytes: &[u8], document: &AnalysedDocument) {
    let clean = &document.clean.text;
    let decode = |range: std::ops::Range<usize>| -> String {
        let encoding = document.decoding.encoding;
        if encoding == encoding_rs::UTF_8 {
            std::str::from_utf8(&bytes[range.clone()])
                .unwrap_or_else(|_| panic!("{range:?} is not on character boundaries"))
                .to_string()
        } else {
            // Whichever legacy encoding was detected, the row's text is what it
            // decodes the row's bytes to.
            encoding
                .decode_without_bom_handling(&bytes[range])
                .0
                .into_owned()
        }
    };
    let segmented = &document.segmented;
    let paragraphs = document
        .clean
        .paragraphs
        .iter()
        .zip(&segmented.paragraph_sources)
        .map(|(p, source)| {
            (
                p.range.clone(),
                source.clone(),
                clean.map.is_verbatim(p.range.clone()),
            )
        });
    let sentences = segmented
        .sentences
        .iter()
        .map(|s| (s.range(), s.source(), clean.map.is_verbatim(s.range())));
    // Tokens keep no source offsets: the tokens table looks them up in order with a
    // locator, which must answer as the map does.
    let mut locator = clean.map.locator();
    let tokens = segmented.tokens.iter().map(|t| {
        let range = t.range();
        (
            range.clone(),
            locator.source_range(range.clone()),
            locator.is_verbatim(range),
        )
    });
    for (range, source, verbatim) in paragraphs.chain(sentences).chain(tokens) {
        let text = &clean.text[range.clone()];
        assert_eq!(
            source,
            clean.map.source_range(range.clone()),
            "stored offsets differ from the map"
        );
        assert_eq!(
            verbatim,
            clean.map.is_verbatim(range.clone()),
            "stored verbatim flag differs"
        );
        assert!(
            source.start <= source.end && source.end <= bytes.len(),
            "{source:?} out of bounds"
        );
        let original = decode(source.clone());
        if verbatim {
            assert_eq!(original, text, "verbatim row differs from its bytes");
        } else {
            assert!(
                is_subsequence(&alphanumerics(text), &alphanumerics(&original)),
                "{text:?} is not made of {original:?}"
            );
        }
    }
    let mut previous = 0;
    for token in &segmented.tokens {
        let source = clean.map.source_range(token.range());
        assert!(source.start >= previous, "tokens out of order");
        previous = source.start;
    }
}

#[test]
fn every_row_of_the_seed_points_at_its_original_bytes() {
    check_offsets(&seed_bytes(), seed());
}

const FRAGMENTS: &[&str] = &[
    "Stalin",
    "wrote",
    "to",
    "Gorky",
    "the",
    "offi cer",
    "fi ve",
    "signifi cant",
    "if I",
    "of fire",
    "extermi-\nnated",
    "lice-\nridden",
    "so-\r\ncalled",
    "“Stalin lives.”",
    "Stalin’s",
    "Bolsheviks’",
    ". . .",
    "—",
    "[the church]",
    "U.S.",
    "Dr.",
    "Jan. 3,",
    "1937.",
    "Ленин",
    "сказал",
    "café",
    "cafe\u{301}",
    "naïve",
    "?",
    "!",
    ",",
    "\n",
    "\r\n",
    "\n\n",
    "\n\n\n\n",
    "\n 8 Inside the Archive\n\n",
    "\n 10 Inside the Archive\n\n",
    "\n12\n",
    "  ",
    "\t",
    "Introduction\n\n",
    "\n—Anna Akhmatova, Requiem\n\n",
    "ﬁve",
    "Ωmega",
    "…",
    "'",
    "\"",
];

fn messy_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 1..120).prop_map(|fragments| {
        let mut text = String::new();
        for fragment in fragments {
            if !text.is_empty() && !text.ends_with(char::is_whitespace) {
                text.push(' ');
            }
            text.push_str(fragment);
        }
        text
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn offsets_hold_for_messy_utf8(text in messy_text()) {
        prop_assume!(!text.trim().is_empty());
        let document = analyse_bytes("messy.txt", text.as_bytes());
        check_offsets(text.as_bytes(), &document);
    }

    #[test]
    fn offsets_hold_for_windows_1252(text in messy_text()) {
        let text: String = text.chars().filter(|c| !matches!(c, 'Ω' | 'ﬁ' | '\u{301}') && !('\u{400}'..='\u{4ff}').contains(c)).collect();
        prop_assume!(!text.trim().is_empty() && !text.is_ascii());
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
        prop_assume!(!unmappable);
        let document = analyse_bytes("messy.txt", &bytes);
        check_offsets(&bytes, &document);
    }

    #[test]
    fn words_add_up_and_every_token_is_in_its_sentence(text in messy_text()) {
        prop_assume!(!text.trim().is_empty());
        let document = analyse_bytes("messy.txt", text.as_bytes());
        let sentences = &document.segmented.sentences;
        for (index, token) in document.segmented.tokens.iter().enumerate() {
            let sentence = &sentences[document.segmented.sentence_of(index)];
            prop_assert!(sentence.tokens().contains(&index));
            let range = sentence.range();
            prop_assert!(range.start <= token.range().start && token.range().end <= range.end);
        }
        for pair in sentences.windows(2) {
            prop_assert!(pair[0].range().end <= pair[1].range().start);
        }
        // The sentences of a paragraph hold all of its non-space characters.
        for (index, paragraph) in document.clean.paragraphs.iter().enumerate() {
            let inside: usize = sentences.iter().filter(|s| s.paragraph() == index)
                .map(|s| document.clean.text.text[s.range()].chars().filter(|c| !c.is_whitespace()).count())
                .sum();
            let all = document.clean.text.text[paragraph.range.clone()].chars().filter(|c| !c.is_whitespace()).count();
            prop_assert_eq!(inside, all);
        }
    }
}
