//! Quotations as flat records with offsets into the original file: what `voices
//! quotes` prints (table, JSON lines or CSV) and the `quotes` table holds.

use std::fmt::Write as _;

use super::corrections::EXPORTED_SPEAKER;
use super::{AUTHOR, Quote, QuoteKind, Voices};
use crate::offsets::OffsetMap;

/// One quotation, ready to print or tabulate.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct QuoteRecord {
    pub quote_id: usize,
    pub parent_id: Option<usize>,
    #[serde(deserialize_with = "crate::labels::label")]
    pub kind: crate::labels::Label,
    /// The canonical speaker; `unattributed` for speech with none, None for a
    /// mention, `author` for a quotation withdrawn by a correction.
    pub speaker: Option<String>,
    #[serde(deserialize_with = "crate::labels::label")]
    pub rule: crate::labels::Label,
    pub confidence: f32,
    pub evidence: String,
    pub echo_of: Option<usize>,
    /// For an epigraph, the work and year from its attribution line.
    pub work: Option<String>,
    /// Byte offsets of the quoted words in the original file, half-open.
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub words: usize,
}

impl QuoteRecord {
    pub fn new(quote_id: usize, quote: &Quote, text: &str, map: &OffsetMap) -> Self {
        let source = map.source_range(quote.range());
        QuoteRecord {
            quote_id,
            parent_id: quote.parent,
            kind: quote.kind.name(),
            speaker: match quote.kind {
                QuoteKind::Mention => None,
                QuoteKind::Withdrawn => Some(AUTHOR.to_string()),
                _ => Some(quote.voice().to_string()),
            },
            rule: quote.rule,
            confidence: (quote.confidence * 1000.0).round() / 1000.0,
            evidence: quote.evidence.clone(),
            echo_of: quote.echo_of,
            work: quote.work.clone(),
            start: source.start,
            end: source.end,
            text: quote.text(text),
            words: quote.words,
        }
    }

    /// Column names, in the order of [`QuoteRecord::fields`].
    pub const COLUMNS: [&'static str; 13] = [
        "quote_id",
        "parent_id",
        "kind",
        "speaker",
        "rule",
        "confidence",
        "evidence",
        "echo_of",
        "work",
        "start",
        "end",
        "text",
        "words",
    ];

    /// The values as text (empty for null), for CSV.
    pub fn fields(&self) -> [String; 13] {
        let optional =
            |value: Option<usize>| value.map(|value| value.to_string()).unwrap_or_default();
        [
            self.quote_id.to_string(),
            optional(self.parent_id),
            self.kind.to_string(),
            self.speaker.clone().unwrap_or_default(),
            self.rule.to_string(),
            self.confidence.to_string(),
            self.evidence.clone(),
            optional(self.echo_of),
            self.work.clone().unwrap_or_default(),
            self.start.to_string(),
            self.end.to_string(),
            self.text.clone(),
            self.words.to_string(),
        ]
    }

    /// The header of `voices quotes --format csv`: `doc_id`, `path`, the columns,
    /// and last the speaker again ([`EXPORTED_SPEAKER`]), so that the export read
    /// back as corrections knows which rows the scholar edited.
    pub fn csv_header() -> Vec<&'static str> {
        let mut header = vec!["doc_id", "path"];
        header.extend(QuoteRecord::COLUMNS);
        header.push(EXPORTED_SPEAKER);
        header
    }

    /// A row of `voices quotes --format csv` ([`QuoteRecord::csv_header`]).
    pub fn csv_row(&self, doc_id: usize, path: &str) -> Vec<String> {
        let mut row = vec![doc_id.to_string(), path.to_string()];
        row.extend(self.fields());
        row.push(self.speaker.clone().unwrap_or_default());
        row
    }

    /// One JSON object, with `path` and `doc_id` first.
    pub fn json(&self, doc_id: usize, path: &str) -> String {
        let mut line = String::with_capacity(256 + self.text.len());
        line.push('{');
        let _ = write!(line, "\"doc_id\":{doc_id},\"path\":{}", json_string(path));
        let _ = write!(line, ",\"quote_id\":{}", self.quote_id);
        let _ = write!(line, ",\"parent_id\":{}", json_number(self.parent_id));
        let _ = write!(line, ",\"kind\":{}", json_string(self.kind));
        let _ = write!(
            line,
            ",\"speaker\":{}",
            json_optional(self.speaker.as_deref())
        );
        let _ = write!(line, ",\"rule\":{}", json_string(self.rule));
        let _ = write!(line, ",\"confidence\":{}", self.confidence);
        let _ = write!(line, ",\"evidence\":{}", json_string(&self.evidence));
        let _ = write!(line, ",\"echo_of\":{}", json_number(self.echo_of));
        let _ = write!(line, ",\"work\":{}", json_optional(self.work.as_deref()));
        let _ = write!(line, ",\"start\":{},\"end\":{}", self.start, self.end);
        let _ = write!(line, ",\"text\":{}", json_string(&self.text));
        let _ = write!(line, ",\"words\":{}", self.words);
        line.push('}');
        line
    }
}

/// The records of a document's quotations, in order, made as they are taken.
pub fn records<'a>(
    voices: &'a Voices,
    text: &'a str,
    map: &'a OffsetMap,
) -> impl Iterator<Item = QuoteRecord> + 'a {
    voices
        .quotes
        .iter()
        .enumerate()
        .map(move |(quote_id, quote)| QuoteRecord::new(quote_id, quote, text, map))
}

fn json_number(value: Option<usize>) -> String {
    value.map_or_else(|| "null".to_string(), |value| value.to_string())
}

fn json_optional(value: Option<&str>) -> String {
    value.map_or_else(|| "null".to_string(), json_string)
}

/// A JSON string literal (RFC 8259 escapes).
pub fn json_string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for character in value.chars() {
        match character {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            control if (control as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", control as u32);
            }
            other => out.push(other),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_escape_quotes_controls_and_keep_unicode() {
        assert_eq!(
            json_string("a \"b\"\n\u{1}“c”"),
            "\"a \\\"b\\\"\\n\\u0001“c”\""
        );
    }
}
