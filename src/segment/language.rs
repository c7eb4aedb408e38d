//! Language identification with whatlang (trigram profiles).
//!
//! whatlang costs about 40 µs a call plus 0.1 µs a byte (40 µs on `CHAPTER I`, 130 µs
//! on a kilobyte of *Emma*), which is more than all the rest of the pipeline if it
//! reads every paragraph: a novel has over a thousand paragraphs per megabyte. So
//! paragraphs are identified in *windows*: consecutive paragraphs in the same script
//! (cheap to tell, `detect_script`), up to [`WINDOW_BYTES`], judged on a
//! [`SAMPLE_BYTES`] sample, and every paragraph of the window gets the window's
//! language. A paragraph in another script (a Cyrillic quotation in an English book)
//! starts a window of its own, and so does a paragraph set apart by the cleaner
//! (heading, epigraph, attribution): those are identified on their own text when
//! they have [`ALONE_BYTES`] or more, and a shorter one opens the window after it.
//! The cost: a short passage in another language *of the same script*, inside
//! running prose, takes the language of its window; whatlang could not identify a
//! passage that short reliably anyway.
//!
//! A guess is kept only when whatlang calls it reliable; the confidence is kept either
//! way. A document's language is the one covering most of its reliably identified
//! text.

use std::collections::HashMap;

/// A window closes once it holds this many bytes. With windows of 16 KB whatlang was
/// a tenth of the analysis of a novel (`perf`), mostly its cost per call. Headings
/// close a window anyway, so a chapter in another language is judged on its own
/// first paragraphs.
pub const WINDOW_BYTES: usize = 64 * 1024;
/// How much of a window whatlang reads.
pub const SAMPLE_BYTES: usize = 1024;
/// A paragraph set apart (a heading, an epigraph, an attribution) is identified on
/// its own text when it has this many bytes. A shorter one (`CHAPTER II`) opens the
/// window after it and takes its language: whatlang called 59 of the 2,347 in the 26
/// British novels reliable, each call cost as much as a third of a window's, and a
/// chapter has one.
pub const ALONE_BYTES: usize = 32;

/// A language guess: ISO 639-3 code when reliable, and whatlang's confidence.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Language {
    pub code: Option<&'static str>,
    pub confidence: f64,
}

/// The language of `text`, judged on its first [`SAMPLE_BYTES`].
pub fn detect(text: &str) -> Language {
    match whatlang::detect(prefix(text, SAMPLE_BYTES)) {
        Some(info) => Language {
            code: info.is_reliable().then(|| info.lang().code()),
            confidence: info.confidence(),
        },
        None => Language::default(),
    }
}

/// The languages of paragraphs given in order as `(text, stands_alone)`.
pub fn paragraph_languages(paragraphs: &[(&str, bool)]) -> Vec<Language> {
    // The current window runs from `languages.len()` (every paragraph before it has
    // its language) to the paragraph at hand.
    let mut languages = Vec::with_capacity(paragraphs.len());
    let mut window_bytes = 0;
    let mut window_script = None;
    let mut sample = String::new();
    for (index, &(text, stands_alone)) in paragraphs.iter().enumerate() {
        let script = script(prefix(text, SAMPLE_BYTES));
        if index > languages.len() && (stands_alone || script != window_script) {
            close(&mut languages, &mut sample, index);
            window_bytes = 0;
        }
        window_script = script;
        window_bytes += text.len();
        // A paragraph set apart but too short to identify (`CHAPTER II`) opens the
        // window after it and takes its language, without adding to its sample.
        let too_short = stands_alone && text.len() < ALONE_BYTES;
        if sample.len() < SAMPLE_BYTES && !too_short {
            if !sample.is_empty() {
                sample.push('\n');
            }
            sample.push_str(prefix(text, SAMPLE_BYTES - sample.len()));
        }
        if (stands_alone && !too_short) || window_bytes >= WINDOW_BYTES {
            close(&mut languages, &mut sample, index + 1);
            window_bytes = 0;
            window_script = None;
        }
    }
    if languages.len() < paragraphs.len() {
        close(&mut languages, &mut sample, paragraphs.len());
    }
    languages
}

/// Gives the paragraphs of the window ending at `until` the language of `sample`.
fn close(languages: &mut Vec<Language>, sample: &mut String, until: usize) {
    let language = detect(sample);
    languages.extend(std::iter::repeat_n(language, until - languages.len()));
    sample.clear();
}

/// The language of a document from its paragraphs' languages and lengths.
pub fn majority(paragraphs: impl Iterator<Item = (Language, usize)>) -> Option<&'static str> {
    let mut bytes: HashMap<&'static str, usize> = HashMap::new();
    for (language, length) in paragraphs {
        if let Some(code) = language.code {
            *bytes.entry(code).or_insert(0) += length;
        }
    }
    bytes
        .into_iter()
        .max_by_key(|&(code, length)| (length, std::cmp::Reverse(code)))
        .map(|(code, _)| code)
}

/// The script of `text`, as `whatlang::detect_script` tells it. Most paragraphs are
/// ASCII, in which whatlang counts the letters as Latin and passes over the rest
/// (digits, punctuation, spaces): Latin when there is a letter, none otherwise,
/// found without classifying each character against its 25 scripts (about 4% of
/// the single-thread analysis of the PDNC novels, perf).
fn script(text: &str) -> Option<whatlang::Script> {
    if text.is_ascii() {
        text.bytes()
            .any(|byte| byte.is_ascii_alphabetic())
            .then_some(whatlang::Script::Latin)
    } else {
        whatlang::detect_script(text)
    }
}

/// The longest prefix of `text` of at most `bytes` bytes that ends on a character
/// boundary.
fn prefix(text: &str, bytes: usize) -> &str {
    let mut end = text.len().min(bytes);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENGLISH: &str = "Stalin stood five feet four inches tall. Two toes on his left foot were fused, and his sallow complexion was heavily marked by the smallpox.";
    const RUSSIAN: &str = "Сталин был ростом пять футов четыре дюйма. Два пальца на его левой ноге были сросшимися, а лицо было изрыто оспой.";
    const FRENCH: &str = "Staline mesurait cinq pieds quatre pouces. Deux orteils de son pied gauche étaient soudés, et son teint jaunâtre était marqué par la variole qu'il avait eue enfant.";

    #[test]
    fn the_script_of_ascii_text_is_whatlangs() {
        let mut random = crate::random::SplitMix64(11);
        let mut texts: Vec<String> = ["", "1984", "--- * ---", "\u{7f}", "a", "Z9", ENGLISH]
            .iter()
            .map(|text| text.to_string())
            .collect();
        for _ in 0..2000 {
            let length = random.below(12);
            texts.push(
                (0..length)
                    .map(|_| char::from(random.below(128) as u8))
                    .collect(),
            );
        }
        for text in &texts {
            assert_eq!(script(text), whatlang::detect_script(text), "{text:?}");
        }
        assert_eq!(script(RUSSIAN), Some(whatlang::Script::Cyrillic));
    }

    #[test]
    fn english_and_russian_paragraphs_are_told_apart() {
        let english = detect(ENGLISH);
        assert_eq!(english.code, Some("eng"));
        let russian = detect(RUSSIAN);
        assert_eq!(russian.code, Some("rus"));
        assert_eq!(
            majority([(english, 100), (russian, 40)].into_iter()),
            Some("eng")
        );
    }

    #[test]
    fn a_paragraph_in_another_script_or_standing_alone_gets_its_own_window() {
        let languages = paragraph_languages(&[
            (ENGLISH, false),
            (ENGLISH, false),
            (RUSSIAN, false),
            (ENGLISH, false),
            (FRENCH, true),
            (ENGLISH, false),
        ]);
        let codes: Vec<_> = languages.iter().map(|language| language.code).collect();
        assert_eq!(
            codes,
            vec![
                Some("eng"),
                Some("eng"),
                Some("rus"),
                Some("eng"),
                Some("fra"),
                Some("eng")
            ]
        );
    }

    #[test]
    fn a_chapter_in_another_language_after_its_heading_is_judged_on_its_own() {
        let heading = "CHAPTER II";
        let mut paragraphs = vec![(ENGLISH, false); 5];
        paragraphs.extend([(heading, true), (FRENCH, false), (FRENCH, false)]);
        let languages = paragraph_languages(&paragraphs);
        let codes: Vec<_> = languages.iter().map(|language| language.code).collect();
        assert_eq!(codes[..5], [Some("eng"); 5]);
        // The heading, too short to identify, takes its chapter's language.
        assert_eq!(codes[5..], [Some("fra"), Some("fra"), Some("fra")]);
    }

    #[test]
    fn windows_close_at_their_size_limit() {
        let long_french = FRENCH.repeat(WINDOW_BYTES / FRENCH.len() + 1);
        let languages =
            paragraph_languages(&[(&long_french, false), (ENGLISH, false), (ENGLISH, false)]);
        let codes: Vec<_> = languages.iter().map(|language| language.code).collect();
        assert_eq!(codes, vec![Some("fra"), Some("eng"), Some("eng")]);
    }
}
