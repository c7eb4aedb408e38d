//! Decoding: from a file's bytes to text, whatever its character encoding, with every
//! character mapped back to the bytes it came from.
//!
//! The evidence, in order:
//! 1. a byte order mark (UTF-8, UTF-16 little or big endian);
//! 2. UTF-8, kept when the file is valid UTF-8 *or nearly so*: scraped and OCR'd texts
//!    carry stray bytes, and one `\xe9` in a file of curly quotes must not turn every
//!    quotation mark into `â€œ`. Each invalid sequence becomes U+FFFD, mapped to its
//!    own bytes (so every other offset is unchanged) and reported with its offset;
//! 3. otherwise the legacy encoding that Firefox's detector, chardetng, finds most
//!    likely: Windows-125x, ISO-8859-x, KOI8-R, IBM866, the East Asian encodings.
//!
//! [`Decoding`] says which was used and how sure that is; it lands in the `documents`
//! table.

use encoding_rs::Encoding;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::offsets::{MapBuilder, MappedText, OffsetMap, narrow};

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// A file is read as UTF-8 with replacements when its valid multi-byte characters are
/// at least this many times the places where it has invalid bytes (a run of invalid
/// sequences is one place: a CESU-8 surrogate pair is six invalid bytes in a row).
/// Text in a legacy encoding almost never forms a valid multi-byte UTF-8 character by
/// chance (a Windows-1251 or Windows-1252 letter is one byte, rarely followed by a
/// byte in 0x80..0xC0), so its valid characters stay near zero while nearly every
/// word with an accented or Cyrillic letter is a place; a UTF-8 file with a few stray
/// bytes has hundreds of valid characters (curly quotes, dashes) per place.
const VALID_PER_INVALID: usize = 2;

/// How a file's bytes were decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decoding {
    #[serde(
        serialize_with = "encoding_name",
        deserialize_with = "encoding_for_name"
    )]
    pub encoding: &'static Encoding,
    /// The file starts with a byte order mark (which the text leaves out).
    pub bom: bool,
    pub confidence: Confidence,
    /// Bytes that could not be decoded, replaced by U+FFFD (one per invalid sequence).
    pub replaced_bytes: u32,
}

/// How sure the choice of encoding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// A byte order mark, or bytes that are all valid UTF-8.
    Certain,
    /// UTF-8 with a few invalid sequences, or the detector's guess when it scored
    /// above other encodings.
    High,
    /// The detector's guess, which it could not tell from the others: likely wrong.
    Low,
}

impl Confidence {
    pub fn name(self) -> &'static str {
        match self {
            Confidence::Certain => "certain",
            Confidence::High => "high",
            Confidence::Low => "low",
        }
    }
}

impl Decoding {
    /// The encoding's name in lower case (`utf-8`, `windows-1251`, `koi8-r`), with
    /// `-bom` for UTF-8 that starts with a byte order mark.
    pub fn name(&self) -> String {
        let name = self.encoding.name().to_ascii_lowercase();
        if self.bom && self.encoding == encoding_rs::UTF_8 {
            format!("{name}-bom")
        } else {
            name
        }
    }
}

fn encoding_name<S: Serializer>(
    encoding: &&'static Encoding,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(encoding.name())
}

fn encoding_for_name<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<&'static Encoding, D::Error> {
    let name = String::deserialize(deserializer)?;
    Encoding::for_label(name.as_bytes())
        .ok_or_else(|| serde::de::Error::custom(format!("unknown encoding `{name}`")))
}

/// A file's text, how it was decoded, and the offsets of the bytes replaced.
#[derive(Debug)]
pub struct Decoded {
    pub text: MappedText,
    pub decoding: Decoding,
    /// The file offset of each invalid sequence replaced by U+FFFD.
    pub replaced_at: Vec<u32>,
}

/// Decodes `bytes` (a whole file) by the evidence above.
pub fn decode(bytes: &[u8]) -> Decoded {
    if let Some(rest) = bytes.strip_prefix(UTF8_BOM) {
        utf8_or_legacy(rest, UTF8_BOM.len(), true)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        utf16(rest, encoding_rs::UTF_16LE, u16::from_le_bytes)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        utf16(rest, encoding_rs::UTF_16BE, u16::from_be_bytes)
    } else {
        utf8_or_legacy(bytes, 0, false)
    }
}

/// Whether a file starts with a UTF-16 byte order mark (its text is full of NUL bytes).
pub fn is_utf16(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF")
}

/// UTF-8 when the bytes are (nearly) UTF-8, else the detected legacy encoding.
/// `bytes` start at `start` in the file.
fn utf8_or_legacy(bytes: &[u8], start: usize, bom: bool) -> Decoded {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded {
            text: MappedText {
                text: text.to_string(),
                map: OffsetMap::shifted(text.len(), start),
            },
            decoding: Decoding {
                encoding: encoding_rs::UTF_8,
                bom,
                confidence: Confidence::Certain,
                replaced_bytes: 0,
            },
            replaced_at: Vec::new(),
        };
    }
    let (multibyte, invalid_places) = survey_utf8(bytes);
    if multibyte >= VALID_PER_INVALID * invalid_places {
        let (text, replaced_at, replaced_bytes) = utf8_with_replacements(bytes, start);
        return Decoded {
            text,
            decoding: Decoding {
                encoding: encoding_rs::UTF_8,
                bom,
                confidence: Confidence::High,
                replaced_bytes,
            },
            replaced_at,
        };
    }
    legacy(bytes, start)
}

/// Counts the valid multi-byte characters of `bytes` and the places where it has
/// invalid bytes.
fn survey_utf8(mut bytes: &[u8]) -> (usize, usize) {
    let leads = |valid: &[u8]| valid.iter().filter(|&&byte| byte >= 0xC0).count();
    let (mut multibyte, mut places) = (0, 0);
    let mut after_invalid = false;
    loop {
        match std::str::from_utf8(bytes) {
            Ok(valid) => return (multibyte + leads(valid.as_bytes()), places),
            Err(error) => {
                let (valid, rest) = bytes.split_at(error.valid_up_to());
                multibyte += leads(valid);
                if !(after_invalid && valid.is_empty()) {
                    places += 1;
                }
                after_invalid = true;
                bytes = &rest[error.error_len().unwrap_or(rest.len())..];
            }
        }
    }
}

/// UTF-8 with each invalid sequence (a maximal invalid part, as the Unicode
/// Standard's "substitution of maximal subparts" counts them) replaced by U+FFFD.
/// Returns the text, the offset of each replacement and the bytes replaced.
fn utf8_with_replacements(bytes: &[u8], start: usize) -> (MappedText, Vec<u32>, u32) {
    let mut text = String::with_capacity(bytes.len());
    let mut builder = MapBuilder::default();
    let mut replaced_at = Vec::new();
    let mut replaced_bytes = 0;
    let mut at = 0;
    loop {
        let rest = &bytes[at..];
        let (valid, bad) = match std::str::from_utf8(rest) {
            Ok(valid) => (valid, 0),
            Err(error) => {
                let valid = std::str::from_utf8(&rest[..error.valid_up_to()])
                    .expect("valid up to the error");
                let bad = error.error_len().unwrap_or(rest.len() - valid.len());
                (valid, bad)
            }
        };
        text.push_str(valid);
        builder.copied(valid.len(), start + at..start + at + valid.len());
        at += valid.len();
        if bad == 0 {
            break;
        }
        text.push(char::REPLACEMENT_CHARACTER);
        builder.replaced(
            char::REPLACEMENT_CHARACTER.len_utf8(),
            start + at..start + at + bad,
        );
        replaced_at.push(narrow(start + at));
        replaced_bytes += bad;
        at += bad;
    }
    let text = MappedText {
        text,
        map: builder.finish(),
    };
    (text, replaced_at, narrow(replaced_bytes))
}

/// The encoding chardetng finds for `bytes` (which are not UTF-8), and the text in it.
fn legacy(bytes: &[u8], start: usize) -> Decoded {
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    // No top-level domain to go by; UTF-8 is ruled out already.
    let (encoding, scored_above_another) = detector.guess_assess(None, false);
    let (text, replaced_at, replaced_bytes) = if encoding.is_single_byte() {
        single_byte(encoding, bytes, start)
    } else {
        multi_byte(encoding, bytes, start)
    };
    Decoded {
        text,
        decoding: Decoding {
            encoding,
            bom: false,
            confidence: if scored_above_another {
                Confidence::High
            } else {
                Confidence::Low
            },
            replaced_bytes,
        },
        replaced_at,
    }
}

/// A single-byte encoding maps every byte to one character (U+FFFD where the
/// encoding leaves a byte undefined) and ASCII to itself, so the decoded characters
/// and the bytes are walked in step to build the map.
fn single_byte(
    encoding: &'static Encoding,
    bytes: &[u8],
    start: usize,
) -> (MappedText, Vec<u32>, u32) {
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    let text = text.into_owned();
    let mut builder = MapBuilder::default();
    let mut replaced_at = Vec::new();
    for ((index, &byte), character) in bytes.iter().enumerate().zip(text.chars()) {
        let at = start + index;
        if byte.is_ascii() {
            builder.copied(1, at..at + 1);
        } else {
            builder.replaced(character.len_utf8(), at..at + 1);
            if character == char::REPLACEMENT_CHARACTER {
                replaced_at.push(narrow(at));
            }
        }
    }
    let replaced_bytes = narrow(replaced_at.len());
    let text = MappedText {
        text,
        map: builder.finish(),
    };
    (text, replaced_at, replaced_bytes)
}

/// A multi-byte encoding (Shift_JIS, EUC-KR, GBK, Big5...) is fed to its decoder one
/// byte at a time: whatever the decoder writes after a byte stands for the bytes
/// since it last wrote, which gives each character its source bytes.
fn multi_byte(
    encoding: &'static Encoding,
    bytes: &[u8],
    start: usize,
) -> (MappedText, Vec<u32>, u32) {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 2);
    let mut builder = MapBuilder::default();
    let mut replaced_at = Vec::new();
    let mut replaced_bytes = 0;
    let mut pending = 0;
    for index in 0..bytes.len() {
        let last = index + 1 == bytes.len();
        text.reserve(decoder.max_utf8_buffer_length(1).unwrap_or(16));
        let before = text.len();
        let (_, _, had_errors) = decoder.decode_to_string(&bytes[index..=index], &mut text, last);
        if text.len() == before {
            continue;
        }
        let source = start + pending..start + index + 1;
        let added = &text.as_bytes()[before..];
        if added == &bytes[pending..=index] {
            builder.copied(added.len(), source.clone());
        } else {
            builder.replaced(added.len(), source.clone());
        }
        if had_errors {
            replaced_at.push(narrow(source.start));
            replaced_bytes += source.len();
        }
        pending = index + 1;
    }
    let text = MappedText {
        text,
        map: builder.finish(),
    };
    (text, replaced_at, narrow(replaced_bytes))
}

/// UTF-16 after its BOM; unpaired surrogates become U+FFFD.
fn utf16(bytes: &[u8], encoding: &'static Encoding, unit: fn([u8; 2]) -> u16) -> Decoded {
    const BOM: usize = 2;
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    let mut text = String::with_capacity(bytes.len());
    let mut builder = MapBuilder::default();
    let mut replaced_at = Vec::new();
    let mut replaced_bytes = 0;
    let mut offset = BOM;
    for decoded in char::decode_utf16(units) {
        // An unpaired surrogate is one code unit.
        let width = decoded.as_ref().map_or(1, |c| c.len_utf16()) * 2;
        if decoded.is_err() {
            replaced_at.push(narrow(offset));
            replaced_bytes += width;
        }
        let character = decoded.unwrap_or(char::REPLACEMENT_CHARACTER);
        text.push(character);
        builder.replaced(character.len_utf8(), offset..offset + width);
        offset += width;
    }
    if bytes.len() % 2 == 1 {
        // A last odd byte is half a code unit.
        replaced_at.push(narrow(offset));
        replaced_bytes += 1;
        text.push(char::REPLACEMENT_CHARACTER);
        builder.replaced(char::REPLACEMENT_CHARACTER.len_utf8(), offset..offset + 1);
    }
    Decoded {
        text: MappedText {
            text,
            map: builder.finish(),
        },
        decoding: Decoding {
            encoding,
            bom: true,
            confidence: Confidence::Certain,
            replaced_bytes: narrow(replaced_bytes),
        },
        replaced_at,
    }
}

/// A warning naming the replaced bytes, the first few by offset.
pub fn replacement_warning(decoding: &Decoding, replaced_at: &[u32]) -> Option<String> {
    const LISTED: usize = 10;
    if replaced_at.is_empty() {
        return None;
    }
    let offsets: Vec<String> = replaced_at
        .iter()
        .take(LISTED)
        .map(u32::to_string)
        .collect();
    let more = replaced_at.len().saturating_sub(LISTED);
    let more = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    Some(format!(
        "{} byte{} not valid {}, replaced by U+FFFD at byte offset{} {}{more}",
        decoding.replaced_bytes,
        if decoding.replaced_bytes == 1 {
            ""
        } else {
            "s"
        },
        decoding.encoding.name(),
        if replaced_at.len() == 1 { "" } else { "s" },
        offsets.join(", "),
    ))
}

/// A warning saying which legacy encoding was detected, for files that are not UTF-8.
pub fn detection_warning(decoding: &Decoding) -> Option<String> {
    if decoding.encoding == encoding_rs::UTF_8 || decoding.confidence == Confidence::Certain {
        return None;
    }
    Some(match decoding.confidence {
        Confidence::Low => format!(
            "not valid UTF-8; decoded as {}, the likeliest encoding but an unsure guess \
             (convert the file to UTF-8 if the text reads wrong)",
            decoding.name()
        ),
        _ => format!("not valid UTF-8; decoded as {} (detected)", decoding.name()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stray_byte_in_utf8_is_replaced_where_it_is_and_the_rest_stays_utf8() {
        let text = "\u{201c}Stalin lives,\u{201d} they said at the caf#. \u{201c}Yes.\u{201d}";
        let mut bytes = text.as_bytes().to_vec();
        let stray = text.find('#').unwrap();
        bytes[stray] = 0xE9;
        let decoded = decode(&bytes);
        assert_eq!(decoded.decoding.encoding, encoding_rs::UTF_8);
        assert_eq!(decoded.decoding.confidence, Confidence::High);
        assert_eq!(decoded.decoding.replaced_bytes, 1);
        assert_eq!(decoded.replaced_at, vec![stray as u32]);
        assert!(
            decoded
                .text
                .text
                .starts_with("\u{201c}Stalin lives,\u{201d}")
        );
        let replacement = decoded.text.text.find('\u{fffd}').unwrap();
        assert_eq!(
            decoded.text.map.source_range(replacement..replacement + 3),
            stray..stray + 1
        );
        // The text after the stray byte keeps its offsets.
        let yes = decoded.text.text.find("Yes").unwrap();
        assert_eq!(&bytes[decoded.text.map.source_range(yes..yes + 3)], b"Yes");
    }

    #[test]
    fn cesu8_surrogates_are_replaced_not_a_reason_to_leave_utf8() {
        // A page of dialogue with one emoji written as CESU-8 (a surrogate pair, each
        // half encoded on its own), as some Java and database exports do.
        let mut bytes = "\u{201c}Da,\u{201d} said Molotov. \u{2014} "
            .repeat(5)
            .into_bytes();
        bytes.extend_from_slice(b"\xED\xA0\xBD\xED\xB8\x80");
        bytes.extend_from_slice(" \u{201c}Nyet.\u{201d}".as_bytes());
        let decoded = decode(&bytes);
        assert_eq!(decoded.decoding.encoding, encoding_rs::UTF_8);
        assert!(decoded.text.text.contains("\u{201c}Nyet.\u{201d}"));
        assert_eq!(decoded.decoding.replaced_bytes, 6);
    }

    #[test]
    fn russian_in_windows_1251_and_koi8_r_is_recognised() {
        let russian = "Товарищ Сталин сказал: \"Жить стало лучше, товарищи, жить стало веселее\". \
                       Молотов ответил, что это правда, и все согласились с ним.";
        for encoding in [encoding_rs::WINDOWS_1251, encoding_rs::KOI8_R] {
            let (bytes, _, unmappable) = encoding.encode(russian);
            assert!(!unmappable);
            let decoded = decode(&bytes);
            // KOI8-U differs from KOI8-R only in Ukrainian letters: either reads Russian.
            let detected = decoded.decoding.name();
            assert!(
                detected == encoding.name().to_ascii_lowercase()
                    || (encoding == encoding_rs::KOI8_R && detected == "koi8-u"),
                "{detected} for {}",
                encoding.name()
            );
            assert_eq!(decoded.text.text, russian);
            let stalin = decoded.text.text.find("Сталин").unwrap();
            let source = decoded
                .text
                .map
                .source_range(stalin..stalin + "Сталин".len());
            assert_eq!(source.len(), 6, "one byte a letter");
        }
    }

    #[test]
    fn latin1_text_is_windows_1252_with_its_offsets() {
        let decoded = decode(b"\x93Stalin lives\x94 they said in the caf\xe9");
        assert_eq!(decoded.decoding.name(), "windows-1252");
        assert_eq!(decoded.decoding.replaced_bytes, 0);
        assert_eq!(
            decoded.text.text,
            "\u{201c}Stalin lives\u{201d} they said in the caf\u{e9}"
        );
        let cafe = decoded.text.text.find("caf").unwrap();
        let range = cafe..decoded.text.text.len();
        assert_eq!(decoded.text.map.source_range(range), 32..36);
    }

    #[test]
    fn shift_jis_maps_each_character_to_its_two_bytes() {
        let japanese = "吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。";
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(japanese);
        let decoded = decode(&bytes);
        assert_eq!(decoded.decoding.encoding, encoding_rs::SHIFT_JIS);
        assert_eq!(decoded.text.text, japanese);
        let cat = decoded.text.text.find('猫').unwrap();
        let source = decoded.text.map.source_range(cat..cat + '猫'.len_utf8());
        assert_eq!(
            encoding_rs::SHIFT_JIS
                .decode_without_bom_handling(&bytes[source])
                .0,
            "猫"
        );
    }

    #[test]
    fn utf16_reports_an_unpaired_surrogate_and_an_odd_last_byte() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "Lenin".encode_utf16() {
            bytes.extend(unit.to_le_bytes());
        }
        bytes.extend([0x00, 0xD8, b'!', 0x00, b'x']);
        let decoded = decode(&bytes);
        assert_eq!(decoded.decoding.name(), "utf-16le");
        assert_eq!(decoded.text.text, "Lenin\u{fffd}!\u{fffd}");
        assert_eq!(decoded.replaced_at, vec![12, 16]);
        assert_eq!(decoded.decoding.replaced_bytes, 3);
    }

    #[test]
    fn the_name_round_trips_through_serde() {
        for (bytes, name) in [
            (&b"\xEF\xBB\xBFLenin"[..], "utf-8-bom"),
            (b"Lenin", "utf-8"),
            (b"caf\xe9 noir", "windows-1252"),
        ] {
            let decoding = decode(bytes).decoding;
            assert_eq!(decoding.name(), name);
            let json = serde_json::to_string(&decoding).unwrap();
            let back: Decoding = serde_json::from_str(&json).unwrap();
            assert_eq!(back, decoding);
        }
    }
}
