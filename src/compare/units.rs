//! The units compared, and their word counts: each voice over the whole corpus
//! (Lenin in two books is one voice), each document (all its words, whoever says
//! them), or each author of the metadata (a document whose author is unknown stays a
//! unit of its own, to be attributed).

use std::path::Path;

use crate::document::{DocumentPieces, DocumentWords};
use crate::hashing::FastMap;
use crate::segment::Vocabulary;

/// What a unit is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum By {
    /// Each voice over the whole corpus.
    Voice,
    /// Each document.
    Document,
    /// Each author of `--metadata` (documents of unknown author stay apart).
    Author,
}

/// A unit and how often it uses each word.
#[derive(Clone, Debug, PartialEq)]
pub struct Unit {
    pub name: String,
    /// The author the metadata gives it; None when unknown (it is to be
    /// attributed). A voice is its own author.
    pub author: Option<String>,
    /// (word id, count), by word id.
    pub counts: Vec<(u32, u32)>,
    /// All its words.
    pub words: u64,
    /// Its words in text order, when kept ([`UnitCounter::keep_order`]; Zeta needs
    /// them), else empty.
    pub sequence: Vec<u32>,
}

/// An author value that means "unknown": the unit is to be attributed. `joint`
/// (a text of several hands) is attributed too, to show which hand dominates.
pub fn is_unknown_author(author: &str) -> bool {
    let author = author.trim().to_lowercase();
    matches!(
        author.as_str(),
        "" | "unknown" | "anonymous" | "anon" | "disputed" | "joint" | "?"
    )
}

/// A unit's counts as they are gathered.
struct Counting {
    name: String,
    author: Option<String>,
    counts: FastMap<u32, u32>,
    words: u64,
    sequence: Vec<u32>,
}

impl Counting {
    /// Counts `times` more of `word`; in order, `times` is 1.
    fn count(&mut self, word: u32, times: u32, keep_order: bool) {
        *self.counts.entry(word).or_default() += times;
        self.words += u64::from(times);
        if keep_order {
            self.sequence.push(word);
        }
    }
}

/// Gathers the units' word counts document by document.
pub struct UnitCounter {
    by: By,
    keep_order: bool,
    pub vocabulary: Vocabulary,
    units: Vec<Counting>,
    index: FastMap<String, usize>,
}

impl UnitCounter {
    pub fn new(by: By) -> Self {
        UnitCounter {
            by,
            keep_order: false,
            vocabulary: Vocabulary::default(),
            units: Vec::new(),
            index: FastMap::default(),
        }
    }

    /// Keeps each unit's words in order too (for Zeta's slices).
    pub fn keep_order(mut self) -> Self {
        self.keep_order = true;
        self
    }

    fn unit(&mut self, name: &str, author: Option<String>) -> usize {
        let units = &mut self.units;
        *self.index.entry(name.to_string()).or_insert_with(|| {
            units.push(Counting {
                name: name.to_string(),
                author,
                counts: FastMap::default(),
                words: 0,
                sequence: Vec::new(),
            });
            units.len() - 1
        })
    }

    /// Adds the words of the document whose pieces are `pieces`.
    pub fn add(&mut self, pieces: &DocumentPieces) {
        let words = &pieces.words;
        let forms: Vec<u32> = words
            .forms
            .iter()
            .map(|form| self.vocabulary.intern(form))
            .collect();
        let author = pieces
            .summary
            .metadata
            .get("author")
            .filter(|author| !is_unknown_author(author))
            .cloned();
        let keep_order = self.keep_order;
        assert!(
            !keep_order || words.counts.is_empty(),
            "the comparison needs the words in order, and the pieces kept only their counts"
        );
        match self.by {
            By::Voice => {
                // Each voice of the document as a unit, found once.
                let units: Vec<usize> = words
                    .voices
                    .iter()
                    .map(|voice| self.unit(voice, Some(voice.clone())))
                    .collect();
                for (voice, form, times) in words.said() {
                    if voice != DocumentWords::NOBODY {
                        let unit = &mut self.units[units[voice as usize]];
                        unit.count(forms[form as usize], times, keep_order);
                    }
                }
            }
            By::Document | By::Author => {
                let name = match (&author, self.by) {
                    (Some(author), By::Author) => author.clone(),
                    _ => {
                        let name = document_name(&pieces.summary.path, pieces.doc_id);
                        match self.index.contains_key(&name) {
                            true => format!("{name} ({})", pieces.doc_id),
                            false => name,
                        }
                    }
                };
                let unit = self.unit(&name, author);
                let unit = &mut self.units[unit];
                for (_, form, times) in words.said() {
                    unit.count(forms[form as usize], times, keep_order);
                }
            }
        }
    }

    /// The units, in order of first appearance, and the vocabulary of their word ids.
    pub fn finish(self) -> (Vec<Unit>, Vocabulary) {
        let units = self
            .units
            .into_iter()
            .map(|unit| {
                let mut counts: Vec<(u32, u32)> = unit.counts.into_iter().collect();
                counts.sort_unstable();
                Unit {
                    name: unit.name,
                    author: unit.author,
                    counts,
                    words: unit.words,
                    sequence: unit.sequence,
                }
            })
            .collect();
        (units, self.vocabulary)
    }
}

/// A document's name as a unit: its file name without the extension (the caller
/// adds its `doc_id` when two files share a name).
fn document_name(path: &Path, doc_id: usize) -> String {
    path.file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_else(|| format!("document {doc_id}"))
}
