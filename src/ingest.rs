//! Ingest: from the paths a user gives to decoded documents.
//!
//! Inputs are files and directories (read recursively for `*.txt`), in a stable order:
//! the order given, each directory sorted by path. Each file is read whole and decoded
//! to UTF-8 (BOM removed, UTF-16 with a BOM decoded, invalid UTF-8 decoded as
//! Windows-1252 with a warning) and put in Unicode NFC. The decoded text keeps an
//! [`OffsetMap`](crate::offsets::OffsetMap) to the file's bytes. Line ends are left
//! as they are: the cleaner reads both LF and CRLF.
//!
//! A file that cannot be a text (empty, binary, unreadable) is an [`IngestError`]
//! naming the file; the caller reports it and goes on with the other documents.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
use unicode_segmentation::UnicodeSegmentation;

use crate::offsets::{Edit, MapBuilder, MappedText};

/// Why a document could not be read.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("{}: no such file or directory", .path.display())]
    Missing { path: PathBuf },
    #[error("{}: cannot read: {source}", .path.display())]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: empty file, nothing to analyse", .path.display())]
    Empty { path: PathBuf },
    #[error("{}: contains only whitespace, nothing to analyse", .path.display())]
    Blank { path: PathBuf },
    #[error("{}: binary file (NUL byte at offset {offset}), not text", .path.display())]
    Binary { path: PathBuf, offset: usize },
    #[error("{}: too large ({bytes} bytes; at most 4 GiB per file)", .path.display())]
    TooLarge { path: PathBuf, bytes: u64 },
}

/// How a file's bytes were decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Windows1252,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf8Bom => "utf-8-bom",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Windows1252 => "windows-1252",
        }
    }
}

/// A decoded input file.
#[derive(Clone, Debug)]
pub struct Document {
    pub path: PathBuf,
    /// The file's size in bytes.
    pub bytes: usize,
    pub encoding: Encoding,
    /// The decoded NFC text, mapped to the file's bytes.
    pub text: MappedText,
    /// Things the user should know (a fallback decoding), without the path.
    pub warnings: Vec<String>,
}

/// Expands the user's inputs into the files to read, in a stable order, with an error
/// for each input that does not exist or cannot be listed.
pub fn discover(inputs: &[PathBuf]) -> (Vec<PathBuf>, Vec<IngestError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    for input in inputs {
        let metadata = match std::fs::metadata(input) {
            Ok(metadata) => metadata,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                errors.push(IngestError::Missing {
                    path: input.clone(),
                });
                continue;
            }
            Err(source) => {
                errors.push(IngestError::Unreadable {
                    path: input.clone(),
                    source,
                });
                continue;
            }
        };
        let mut found = Vec::new();
        if metadata.is_dir() {
            for entry in walkdir::WalkDir::new(input).follow_links(true) {
                match entry {
                    Ok(entry) if entry.file_type().is_file() && is_txt(entry.path()) => {
                        found.push(entry.into_path())
                    }
                    Ok(_) => {}
                    Err(error) => errors.push(IngestError::Unreadable {
                        path: error.path().unwrap_or(input).to_path_buf(),
                        source: error.into(),
                    }),
                }
            }
            found.sort();
        } else {
            found.push(input.clone());
        }
        for path in found {
            let key = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
            if seen.insert(key) {
                files.push(path);
            }
        }
    }
    (files, errors)
}

fn is_txt(path: &Path) -> bool {
    path.extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("txt"))
}

/// Reads and decodes one file.
pub fn read(path: &Path) -> Result<Document, IngestError> {
    let bytes = std::fs::read(path).map_err(|source| IngestError::Unreadable {
        path: path.to_path_buf(),
        source,
    })?;
    decode(path, &bytes)
}

/// Decodes a file's bytes; `path` is only used in messages.
pub fn decode(path: &Path, bytes: &[u8]) -> Result<Document, IngestError> {
    let path_buf = || path.to_path_buf();
    if bytes.is_empty() {
        return Err(IngestError::Empty { path: path_buf() });
    }
    if u32::try_from(bytes.len()).is_err() {
        return Err(IngestError::TooLarge {
            path: path_buf(),
            bytes: bytes.len() as u64,
        });
    }
    let mut warnings = Vec::new();
    let (encoding, decoded) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        match std::str::from_utf8(rest) {
            Ok(text) => (Encoding::Utf8Bom, verbatim(text, 3)),
            Err(_) => (Encoding::Windows1252, windows_1252(rest, 3, &mut warnings)),
        }
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        (Encoding::Utf16Le, utf16(rest, 2, u16::from_le_bytes))
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        (Encoding::Utf16Be, utf16(rest, 2, u16::from_be_bytes))
    } else if let Some(offset) = memchr_nul(bytes) {
        return Err(IngestError::Binary {
            path: path_buf(),
            offset,
        });
    } else {
        match std::str::from_utf8(bytes) {
            Ok(text) => (Encoding::Utf8, verbatim(text, 0)),
            Err(_) => (Encoding::Windows1252, windows_1252(bytes, 0, &mut warnings)),
        }
    };
    if decoded.text.contains('\0') {
        return Err(IngestError::Binary {
            path: path_buf(),
            offset: decoded.map.start(decoded.text.find('\0').unwrap_or(0)),
        });
    }
    if decoded.text.trim().is_empty() {
        return Err(IngestError::Blank { path: path_buf() });
    }
    Ok(Document {
        path: path_buf(),
        bytes: bytes.len(),
        encoding,
        text: to_nfc(decoded),
        warnings,
    })
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&byte| byte == 0)
}

fn verbatim(text: &str, source_start: usize) -> MappedText {
    MappedText {
        text: text.to_string(),
        map: crate::offsets::OffsetMap::shifted(text.len(), source_start),
    }
}

/// Windows-1252 maps every byte to one character (encoding_rs follows the WHATWG
/// table, which also fills the five undefined bytes), so the decoded characters and
/// the source bytes can be walked in step to build the map.
/// `bytes` start at `offset` in the file.
fn windows_1252(bytes: &[u8], offset: usize, warnings: &mut Vec<String>) -> MappedText {
    warnings.push("not valid UTF-8; decoded as Windows-1252".to_string());
    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
    let text = text.into_owned();
    let mut builder = MapBuilder::default();
    for ((index, &byte), character) in bytes.iter().enumerate().zip(text.chars()) {
        let index = offset + index;
        if byte.is_ascii() {
            builder.copied(1, index..index + 1);
        } else {
            builder.replaced(character.len_utf8(), index..index + 1);
        }
    }
    MappedText {
        text,
        map: builder.finish(),
    }
}

/// UTF-16 after its BOM; unpaired surrogates become U+FFFD.
fn utf16(bytes: &[u8], bom: usize, unit: fn([u8; 2]) -> u16) -> MappedText {
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    let mut text = String::with_capacity(bytes.len());
    let mut builder = MapBuilder::default();
    let mut offset = bom;
    for decoded in char::decode_utf16(units) {
        let width = decoded.as_ref().map_or(2, |c| c.len_utf16()) * 2;
        let character = decoded.unwrap_or(char::REPLACEMENT_CHARACTER);
        text.push(character);
        builder.replaced(character.len_utf8(), offset..offset + width);
        offset += width;
    }
    MappedText {
        text,
        map: builder.finish(),
    }
}

/// Puts the text in NFC. Most texts already are, and the quick check says so without
/// allocating; otherwise each grapheme cluster that changes is replaced on its own,
/// so offsets stay exact everywhere else.
fn to_nfc(text: MappedText) -> MappedText {
    if is_nfc_quick(text.text.chars()) == IsNormalized::Yes {
        return text;
    }
    let edits: Vec<Edit> = text
        .text
        .grapheme_indices(true)
        .filter_map(|(at, grapheme)| {
            let normalized: String = grapheme.nfc().collect();
            (normalized != grapheme)
                .then(|| Edit::replace(at..at + grapheme.len(), normalized, "unicode nfc"))
        })
        .collect();
    text.apply(&edits)
}

/// Metadata columns for documents, read from a CSV with a `path` column.
#[derive(Clone, Debug, Default)]
pub struct Metadata {
    /// Column names other than `path`, in the file's order.
    pub columns: Vec<String>,
    rows: Vec<(String, Vec<String>)>,
}

/// Why a metadata file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum MetadataError {
    #[error("metadata {}: {source}", .path.display())]
    Csv { path: PathBuf, source: csv::Error },
    #[error("metadata {}: no `path` column (the header must name one)", .path.display())]
    NoPathColumn { path: PathBuf },
}

impl Metadata {
    pub fn read(path: &Path) -> Result<Metadata, MetadataError> {
        let csv_error = |source| MetadataError::Csv {
            path: path.to_path_buf(),
            source,
        };
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .trim(csv::Trim::All)
            .from_path(path)
            .map_err(csv_error)?;
        let header: Vec<String> = reader
            .headers()
            .map_err(csv_error)?
            .iter()
            .map(str::to_string)
            .collect();
        let path_column = header
            .iter()
            .position(|name| name == "path")
            .ok_or_else(|| MetadataError::NoPathColumn {
                path: path.to_path_buf(),
            })?;
        let columns: Vec<String> = header
            .iter()
            .enumerate()
            .filter(|&(index, _)| index != path_column)
            .map(|(_, name)| name.clone())
            .collect();
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(csv_error)?;
            let key = record.get(path_column).unwrap_or_default().to_string();
            let values = (0..header.len())
                .filter(|&index| index != path_column)
                .map(|index| record.get(index).unwrap_or_default().to_string())
                .collect();
            rows.push((key, values));
        }
        Ok(Metadata { columns, rows })
    }

    /// The metadata of the document at `path`, without empty values.
    pub fn lookup(&self, path: &Path) -> Option<BTreeMap<String, String>> {
        let (_, values) = &self.rows[self.row_of(path)?];
        Some(
            self.columns
                .iter()
                .cloned()
                .zip(values.iter().cloned())
                .filter(|(_, value)| !value.is_empty())
                .collect(),
        )
    }

    /// The row for `path`: the one whose `path` is the same file, or, failing that,
    /// the only row with the same file name.
    fn row_of(&self, path: &Path) -> Option<usize> {
        let canonical = std::fs::canonicalize(path).ok();
        let same_file = |key: &str| {
            let key = Path::new(key);
            key == path || (canonical.is_some() && std::fs::canonicalize(key).ok() == canonical)
        };
        if let Some(index) = self.rows.iter().position(|(key, _)| same_file(key)) {
            return Some(index);
        }
        let file_name = path.file_name()?;
        let mut by_name = (0..self.rows.len())
            .filter(|&index| Path::new(&self.rows[index].0).file_name() == Some(file_name));
        let first = by_name.next()?;
        by_name.next().is_none().then_some(first)
    }

    /// The `path` values of rows that match none of `paths`, for a warning.
    pub fn unmatched(&self, paths: &[PathBuf]) -> Vec<&str> {
        let matched: HashSet<usize> = paths.iter().filter_map(|path| self.row_of(path)).collect();
        (0..self.rows.len())
            .filter(|index| !matched.contains(index))
            .map(|index| self.rows[index].0.as_str())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(bytes: &[u8]) -> Document {
        decode(Path::new("t.txt"), bytes).expect("decodes")
    }

    #[test]
    fn windows_1252_quotes_decode_and_map_to_single_bytes() {
        let document = decoded(b"\x93Stalin lives\x94 caf\xe9");
        assert_eq!(document.encoding, Encoding::Windows1252);
        assert_eq!(document.text.text, "\u{201c}Stalin lives\u{201d} caf\u{e9}");
        let cafe = document.text.text.find("caf").unwrap();
        let range = cafe..document.text.text.len();
        assert_eq!(document.text.map.source_range(range), 15..19);
        assert_eq!(document.warnings.len(), 1);
    }

    #[test]
    fn a_bom_before_windows_1252_text_is_not_decoded_as_text() {
        let document = decoded(b"\xEF\xBB\xBFcaf\xe9");
        assert_eq!(document.encoding, Encoding::Windows1252);
        assert_eq!(document.text.text, "caf\u{e9}");
        assert_eq!(document.text.map.source_range(0..5), 3..7);
    }

    #[test]
    fn bom_is_skipped_and_offsets_point_past_it() {
        let document = decoded("\u{feff}Lenin".as_bytes());
        assert_eq!(document.encoding, Encoding::Utf8Bom);
        assert_eq!(document.text.text, "Lenin");
        assert_eq!(document.text.map.source_range(0..5), 3..8);
    }

    #[test]
    fn utf16_with_bom_is_text_not_binary() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "Molotov".encode_utf16() {
            bytes.extend(unit.to_le_bytes());
        }
        let document = decoded(&bytes);
        assert_eq!(document.text.text, "Molotov");
        assert_eq!(document.text.map.source_range(1..3), 4..8);
    }

    #[test]
    fn decomposed_accents_are_composed_with_exact_offsets() {
        let document = decoded("Cafe\u{301} noir".as_bytes());
        assert_eq!(document.text.text, "Caf\u{e9} noir");
        assert_eq!(document.text.map.source_range(0..5), 0..6);
        assert_eq!(document.text.map.source_range(6..10), 7..11);
    }

    #[test]
    fn binary_empty_and_blank_files_are_errors() {
        let path = Path::new("x.txt");
        assert!(matches!(
            decode(path, b"ab\0cd"),
            Err(IngestError::Binary { offset: 2, .. })
        ));
        assert!(matches!(decode(path, b""), Err(IngestError::Empty { .. })));
        assert!(matches!(
            decode(path, b" \r\n\t"),
            Err(IngestError::Blank { .. })
        ));
    }
}
