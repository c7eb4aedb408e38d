//! Corrections: a scholar's decisions about quotations, applied after attribution
//! so that every table, statistic, comparison, chart and reading view follows them.
//!
//! A corrections file is a CSV with a row per decision: the document (`path`, or
//! `document`: a path or a file name, matched as metadata rows are), the quotation
//! (`start`, the byte offset of its first quoted word in the original file, or
//! `quote_id`) and the decision in `speaker`: a speaker's name, `author` (not a
//! quotation at all: its words are the author's), `mention` (a use of words, nobody's
//! speech) or `unattributed`. A quotation decided to be the author's stays in the
//! `quotes` table as `withdrawn` (its words count as the text's around it), so that
//! quotation ids do not move and the next export still carries the decision. The
//! offset comes first because it survives a re-run in which other quotations appear
//! or go (their ids move; the bytes of the file do not).
//!
//! The CSV that `voices quotes --format csv` writes is itself a corrections file. Its
//! last column, `exported_speaker`, repeats the speaker as exported, so a row is a
//! decision only where the scholar changed its `speaker`, or where its `rule` says
//! `correction` (a decision carried over from an earlier round): an unedited export
//! changes nothing, even fed to a later version of `voices` whose attributions
//! differ. In a file without that column every row is a decision. A decision that
//! matches no quotation is an error that names its row.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use super::{AUTHOR, QuoteKind, Situation, SpeakerMap, UNATTRIBUTED, Voices};
use crate::ingest::file_index::{FileIndex, Named, side_file};
use crate::ingest::metadata::printable;
use crate::offsets::OffsetMap;

/// The rule of a corrected quotation.
pub const CORRECTION_RULE: &str = "correction";
/// The column of an export that repeats the speaker as exported.
pub const EXPORTED_SPEAKER: &str = "exported_speaker";
/// The decision that a quotation is a mention.
const MENTION: &str = "mention";

/// The decisions of a corrections file, by input file.
#[derive(Clone, Debug, Default)]
pub struct Corrections {
    /// The corrections file (for messages and evidence).
    path: PathBuf,
    by_file: HashMap<PathBuf, Vec<Correction>>,
    /// The rows whose document is none of the inputs: by key, the first row's line
    /// and how many rows.
    unmatched: BTreeMap<String, (u64, usize)>,
}

/// One row of a corrections file.
#[derive(Clone, Debug, PartialEq)]
struct Correction {
    /// Its line in the CSV (the header is line 1).
    line: u64,
    /// The byte offset of the quotation's first word in the original file.
    start: Option<usize>,
    quote_id: Option<usize>,
    decision: Decision,
}

/// What a scholar decided a quotation is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    Speaker(String),
    /// Not a quotation: the author's words.
    Author,
    Mention,
    Unattributed,
}

/// Why a corrections file could not be read or applied.
#[derive(Debug, thiserror::Error)]
pub enum CorrectionError {
    #[error("corrections {}: {source}", .path.display())]
    Csv { path: PathBuf, source: csv::Error },
    #[error(
        "corrections {}: the header needs a `path` (or `document`) column, a `start` or \
         `quote_id` column and a `speaker` column",
        .path.display()
    )]
    Columns { path: PathBuf },
    #[error("corrections {} row {line}: {problem}", .path.display())]
    Row {
        path: PathBuf,
        line: u64,
        problem: String,
    },
}

impl Corrections {
    /// Reads the corrections file at `path` and matches its rows to the inputs of the
    /// run (all of them, whatever shard runs), indexed in `index`.
    pub fn read(path: &Path, index: &FileIndex) -> Result<Corrections, CorrectionError> {
        let row_error = |line: u64, problem: String| CorrectionError::Row {
            path: path.to_path_buf(),
            line,
            problem,
        };
        let csv_error = |source| CorrectionError::Csv {
            path: path.to_path_buf(),
            source,
        };
        let mut reader = side_file(path).map_err(csv_error)?;
        let header = reader.headers().map_err(csv_error)?.clone();
        let column = |name: &str| header.iter().position(|column| column == name);
        let document = column("path").or_else(|| column("document"));
        let (start, quote_id) = (column("start"), column("quote_id"));
        let (Some(document), Some(speaker)) = (document, column("speaker")) else {
            return Err(CorrectionError::Columns {
                path: path.to_path_buf(),
            });
        };
        if start.is_none() && quote_id.is_none() {
            return Err(CorrectionError::Columns {
                path: path.to_path_buf(),
            });
        }
        let (kind, rule, exported) = (column("kind"), column("rule"), column(EXPORTED_SPEAKER));
        let mut corrections = Corrections {
            path: path.to_path_buf(),
            ..Corrections::default()
        };
        for record in reader.records() {
            let record = record.map_err(csv_error)?;
            let line = record.position().map_or(0, |position| position.line());
            let field = |column: Option<usize>| {
                column
                    .and_then(|column| record.get(column))
                    .unwrap_or_default()
            };
            let unedited = exported.is_some_and(|exported| {
                field(Some(speaker)) == field(Some(exported)) && field(rule) != CORRECTION_RULE
            });
            if record.iter().all(str::is_empty) || unedited {
                continue;
            }
            let offset = |column: Option<usize>, name: &str| match field(column) {
                "" => Ok(None),
                value => value.parse::<usize>().map(Some).map_err(|_| {
                    row_error(
                        line,
                        format!("{name} `{}` is not a whole number", printable(value)),
                    )
                }),
            };
            let (start, quote_id) = (offset(start, "start")?, offset(quote_id, "quote_id")?);
            if start.is_none() && quote_id.is_none() {
                return Err(row_error(
                    line,
                    "no `start` or `quote_id`: which quotation?".to_string(),
                ));
            }
            let decision = decision(field(Some(speaker)), field(kind)).ok_or_else(|| {
                row_error(
                    line,
                    "no speaker: write a name, `author`, `mention` or `unattributed`".to_string(),
                )
            })?;
            let correction = Correction {
                line,
                start,
                quote_id,
                decision,
            };
            let key = field(Some(document));
            match index.find(key) {
                Named::File(file) => corrections
                    .by_file
                    .entry(index.file(file).to_path_buf())
                    .or_default()
                    .push(correction),
                Named::Nothing => {
                    let rows = corrections.unmatched.entry(printable(key));
                    rows.or_insert((line, 0)).1 += 1;
                }
                Named::Ambiguous(named) => {
                    let named: Vec<String> = index
                        .files(&named)
                        .iter()
                        .map(|file| file.display().to_string())
                        .collect();
                    return Err(row_error(
                        line,
                        format!(
                            "`{}` is the file name of {} inputs ({}); write the path in full",
                            printable(key),
                            named.len(),
                            named.join(", ")
                        ),
                    ));
                }
            }
        }
        Ok(corrections)
    }

    /// The rows that name no input, one line per document they name (`row N
    /// (`path`)`, `rows N… (`path`, 12 rows)`), for a warning.
    pub fn unmatched(&self) -> Vec<String> {
        (self.unmatched.iter())
            .map(|(key, (line, rows))| match rows {
                1 => format!("row {line} (`{key}`)"),
                _ => format!("rows {line}… (`{key}`, {rows} rows)"),
            })
            .collect()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Applies the decisions about the input `file` to its quotations (`map` gives
    /// their offsets in the file; `speakers` the canonical names).
    pub fn apply(
        &self,
        file: &Path,
        voices: &mut Voices,
        map: &OffsetMap,
        speakers: &SpeakerMap,
    ) -> Result<(), CorrectionError> {
        let Some(rows) = self.by_file.get(file) else {
            return Ok(());
        };
        let row_error = |line: u64, problem: String| CorrectionError::Row {
            path: self.path.clone(),
            line,
            problem,
        };
        let mut by_start: HashMap<usize, Vec<usize>> = HashMap::new();
        for (index, quote) in voices.quotes.iter().enumerate() {
            by_start
                .entry(map.start(quote.range().start))
                .or_default()
                .push(index);
        }
        // The quotation each row decides about, and the row that decided it.
        let mut decided: HashMap<usize, u64> = HashMap::new();
        let mut decisions: Vec<(usize, Decision, u64)> = Vec::new();
        for row in rows {
            let quote = match (row.start, row.quote_id) {
                (Some(start), quote_id) => match by_start.get(&start).map(Vec::as_slice) {
                    Some([only]) => Some(*only),
                    Some(several) => match quote_id.filter(|id| several.contains(id)) {
                        Some(id) => Some(id),
                        None => {
                            let ids: Vec<String> = several.iter().map(usize::to_string).collect();
                            return Err(row_error(
                                row.line,
                                format!(
                                    "quotations {} of {} all start at byte {start}: say which in `quote_id`",
                                    ids.join(", "),
                                    file.display()
                                ),
                            ));
                        }
                    },
                    None => None,
                },
                (None, Some(quote_id)) => (quote_id < voices.quotes.len()).then_some(quote_id),
                (None, None) => None,
            };
            let Some(quote) = quote else {
                let at = match (row.start, row.quote_id) {
                    (Some(start), _) => format!("starts at byte {start}"),
                    (None, quote_id) => format!("has id {}", quote_id.unwrap_or_default()),
                };
                return Err(row_error(
                    row.line,
                    format!("no quotation of {} {at}", file.display()),
                ));
            };
            let decision = canonical(&row.decision, speakers);
            if let Some(earlier) = decided.insert(quote, row.line) {
                return Err(row_error(
                    row.line,
                    format!("row {earlier} already decides about the same quotation"),
                ));
            }
            decisions.push((quote, decision, row.line));
        }
        for (quote, decision, line) in decisions {
            let evidence = format!("{} row {line}", self.path.display());
            decide(voices, quote, decision, evidence);
        }
        recount_quotations(voices);
        Ok(())
    }
}

/// The decision a row's `speaker` (and `kind`, for the empty speaker of an exported
/// mention) says, None when it says none.
fn decision(speaker: &str, kind: &str) -> Option<Decision> {
    Some(match speaker.to_lowercase().as_str() {
        "" if kind == MENTION => Decision::Mention,
        "" => return None,
        AUTHOR => Decision::Author,
        MENTION => Decision::Mention,
        UNATTRIBUTED => Decision::Unattributed,
        _ => Decision::Speaker(speaker.to_string()),
    })
}

/// `decision` with a speaker's name as `--speakers` gives it.
fn canonical(decision: &Decision, speakers: &SpeakerMap) -> Decision {
    match decision {
        Decision::Speaker(name) => Decision::Speaker(speakers.canonical(name).to_string()),
        other => other.clone(),
    }
}

/// Makes quotation `index` what `decision` says.
fn decide(voices: &mut Voices, index: usize, decision: Decision, evidence: String) {
    let in_block = voices
        .block_paragraphs
        .contains(&voices.quotes[index].paragraph);
    let quote = &mut voices.quotes[index];
    if !quote.is_speech() {
        // Speech again: of the kinds of speech, the one its place gives it.
        quote.kind = match (quote.parent, in_block) {
            (Some(_), _) => QuoteKind::Nested,
            (None, true) => QuoteKind::Block,
            (None, false) => QuoteKind::Inline,
        };
    }
    match decision {
        Decision::Speaker(name) => quote.speaker = Some(name),
        Decision::Mention => {
            quote.kind = QuoteKind::Mention;
            quote.speaker = None;
        }
        Decision::Author => {
            quote.kind = QuoteKind::Withdrawn;
            quote.speaker = None;
        }
        Decision::Unattributed => quote.speaker = None,
    }
    quote.rule = CORRECTION_RULE;
    quote.situation = Situation {
        case: CORRECTION_RULE,
        whom: "",
    };
    quote.confidence = 1.0;
    quote.evidence = evidence;
}

/// Each character's quotations of speech, counted again after the corrections.
fn recount_quotations(voices: &mut Voices) {
    let mut quotations: HashMap<&str, usize> = HashMap::new();
    for quote in voices.quotes.iter().filter(|quote| quote.is_speech()) {
        if let Some(speaker) = &quote.speaker {
            *quotations.entry(speaker).or_default() += 1;
        }
    }
    for character in &mut voices.characters {
        character.quotations = quotations
            .get(character.name.as_str())
            .copied()
            .unwrap_or(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_speaker_cell_says_a_name_or_one_of_the_three_words_in_any_case() {
        assert_eq!(
            decision("Josef Stalin", "inline"),
            Some(Decision::Speaker("Josef Stalin".to_string()))
        );
        assert_eq!(decision("Author", "inline"), Some(Decision::Author));
        assert_eq!(decision("MENTION", ""), Some(Decision::Mention));
        assert_eq!(
            decision("unattributed", "block"),
            Some(Decision::Unattributed)
        );
        // An exported mention has no speaker: its kind says what it is.
        assert_eq!(decision("", "mention"), Some(Decision::Mention));
        assert_eq!(decision("", "inline"), None);
    }
}
