//! Ingest: from the paths a user gives to decoded documents.
//!
//! Inputs are files and directories (read recursively for `*.txt`), in a stable order:
//! the order given, each directory sorted by path; `-` is standard input. Each file is
//! read whole, decoded to UTF-8 ([`decode`]: a byte order mark, else UTF-8 with any
//! stray bytes replaced, else the legacy encoding detected) and put in Unicode NFC.
//! The decoded text keeps an [`OffsetMap`](crate::offsets::OffsetMap) to the file's
//! bytes. Line ends may be LF, CRLF or CR alone (old Macintosh files): a lone CR is
//! read as LF (the byte keeps its offset).
//!
//! A file that cannot be a text (empty, binary, unreadable, too large, not a regular
//! file) is an [`IngestError`] naming the file, found before its bytes are read where
//! that is possible; the caller reports it and goes on with the other documents.

pub mod decode;
pub mod file_index;
pub mod metadata;

use std::collections::HashSet;
use std::io::Read;
use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
use unicode_segmentation::UnicodeSegmentation;

pub use decode::{Confidence, Decoding};
pub use metadata::{Metadata, MetadataError};

use crate::offsets::{Edit, MappedText};

/// The largest file `voices` reads. A document is analysed whole (its people and
/// dialogues span the book), and the analysis holds about nine times the file in
/// memory (a 101 MB file peaks at 943 MB): a file of 1 GiB asks for about 9 GiB.
/// Offsets are 32-bit, so the cap can never pass 4 GiB.
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// The start of a file, read first: a binary file (a NUL byte in it) is refused
/// without reading the rest.
const SNIFF_BYTES: u64 = 64 * 1024;

/// The input name that stands for standard input.
pub const STDIN: &str = "-";

/// Why a document could not be read.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("{}: no such file or directory", .path.display())]
    Missing { path: PathBuf },
    // The I/O error is part of the message, not a `source` as well: printed with its
    // chain, it would be said twice.
    #[error("{}: cannot read: {error}", .path.display())]
    Unreadable {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("{}: empty file, nothing to analyse", .path.display())]
    Empty { path: PathBuf },
    #[error("{}: contains only whitespace, nothing to analyse", .path.display())]
    Blank { path: PathBuf },
    #[error("{}: binary file (NUL byte at offset {offset}), not text", .path.display())]
    Binary { path: PathBuf, offset: usize },
    #[error(
        "{}: too large ({bytes} bytes; at most {} bytes, 1 GiB, per file: split it)",
        .path.display(), MAX_FILE_BYTES
    )]
    TooLarge { path: PathBuf, bytes: u64 },
    #[error(
        "{}: {kind}, not a regular file (voices reads files; give `-` for standard input)",
        .path.display()
    )]
    NotRegular { path: PathBuf, kind: &'static str },
    /// A correction about the document's quotations could not be applied (the
    /// message names the corrections file, its row and the document): the run
    /// stops.
    #[error("{message}")]
    Correction { path: PathBuf, message: String },
}

/// A decoded input file.
#[derive(Clone, Debug)]
pub struct Document {
    pub path: PathBuf,
    /// The file's size in bytes.
    pub bytes: usize,
    pub decoding: Decoding,
    /// The decoded NFC text, mapped to the file's bytes.
    pub text: MappedText,
    /// Things the user should know (a detected encoding, replaced bytes), without the
    /// path.
    pub warnings: Vec<String>,
}

/// Expands the user's inputs into the files to read, in a stable order, with an error
/// for each input that does not exist, cannot be listed or is not a regular file.
pub fn discover(inputs: &[PathBuf]) -> (Vec<PathBuf>, Vec<IngestError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    for input in inputs {
        if input.as_os_str() == STDIN {
            if seen.insert(input.clone()) {
                files.push(input.clone());
            }
            continue;
        }
        let metadata = match std::fs::metadata(input) {
            Ok(metadata) => metadata,
            Err(error) => {
                errors.push(not_read(input, error));
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
                        error: error.into(),
                    }),
                }
            }
            found.sort();
        } else if let Err(error) = regular_file(input, &metadata) {
            errors.push(error);
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

fn not_read(path: &Path, error: std::io::Error) -> IngestError {
    let path = path.to_path_buf();
    match error.kind() {
        std::io::ErrorKind::NotFound => IngestError::Missing { path },
        _ => IngestError::Unreadable { path, error },
    }
}

/// Refuses what is not a regular file: a FIFO would block the run until someone
/// writes to it, and a device such as `/dev/zero` never ends.
fn regular_file(path: &Path, metadata: &std::fs::Metadata) -> Result<(), IngestError> {
    let file_type = metadata.file_type();
    let kind = if file_type.is_file() {
        return Ok(());
    } else if file_type.is_dir() {
        "a directory"
    } else if file_type.is_fifo() {
        "a FIFO"
    } else if file_type.is_char_device() {
        "a character device"
    } else if file_type.is_block_device() {
        "a block device"
    } else if file_type.is_socket() {
        "a socket"
    } else {
        "a special file"
    };
    Err(IngestError::NotRegular {
        path: path.to_path_buf(),
        kind,
    })
}

/// Reads and decodes one file (`-`: standard input).
pub fn read(path: &Path) -> Result<Document, IngestError> {
    let bytes = if path.as_os_str() == STDIN {
        read_up_to_cap(path, std::io::stdin().lock(), Vec::new(), MAX_FILE_BYTES)?
    } else {
        read_file(path)?
    };
    decode(path, &bytes)
}

/// Reads a regular file of at most [`MAX_FILE_BYTES`], its start first.
fn read_file(path: &Path) -> Result<Vec<u8>, IngestError> {
    let metadata = std::fs::metadata(path).map_err(|error| not_read(path, error))?;
    regular_file(path, &metadata)?;
    if metadata.len() > MAX_FILE_BYTES {
        return Err(IngestError::TooLarge {
            path: path.to_path_buf(),
            bytes: metadata.len(),
        });
    }
    let mut file = std::fs::File::open(path).map_err(|error| not_read(path, error))?;
    let mut start = Vec::new();
    (&mut file)
        .take(SNIFF_BYTES)
        .read_to_end(&mut start)
        .map_err(|error| not_read(path, error))?;
    if let Some(offset) = nul_at(&start) {
        return Err(IngestError::Binary {
            path: path.to_path_buf(),
            offset,
        });
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize + 1);
    bytes.extend_from_slice(&start);
    drop(start);
    read_up_to_cap(path, file, bytes, MAX_FILE_BYTES)
}

/// Reads `source` to its end after the `bytes` already read; more than `cap` bytes in
/// all is an error (a file that grew, or a pipe that never ends).
fn read_up_to_cap(
    path: &Path,
    source: impl Read,
    mut bytes: Vec<u8>,
    cap: u64,
) -> Result<Vec<u8>, IngestError> {
    let room = (cap + 1).saturating_sub(bytes.len() as u64);
    source
        .take(room)
        .read_to_end(&mut bytes)
        .map_err(|error| not_read(path, error))?;
    if bytes.len() as u64 > cap {
        return Err(IngestError::TooLarge {
            path: path.to_path_buf(),
            bytes: bytes.len() as u64,
        });
    }
    Ok(bytes)
}

/// The first NUL byte of a file that does not start with a UTF-16 byte order mark
/// (UTF-16 text is full of them).
fn nul_at(bytes: &[u8]) -> Option<usize> {
    if decode::is_utf16(bytes) {
        return None;
    }
    memchr::memchr(0, bytes)
}

/// Decodes a file's bytes; `path` is only used in messages.
pub fn decode(path: &Path, bytes: &[u8]) -> Result<Document, IngestError> {
    let path_buf = || path.to_path_buf();
    if bytes.is_empty() {
        return Err(IngestError::Empty { path: path_buf() });
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(IngestError::TooLarge {
            path: path_buf(),
            bytes: bytes.len() as u64,
        });
    }
    if let Some(offset) = nul_at(bytes) {
        return Err(IngestError::Binary {
            path: path_buf(),
            offset,
        });
    }
    let decode::Decoded {
        text,
        decoding,
        replaced_at,
    } = decode::decode(bytes);
    if let Some(nul) = text.text.find('\0') {
        return Err(IngestError::Binary {
            path: path_buf(),
            offset: text.map.start(nul),
        });
    }
    if text.text.trim().is_empty() {
        return Err(IngestError::Blank { path: path_buf() });
    }
    let warnings = [
        decode::detection_warning(&decoding),
        decode::replacement_warning(&decoding, &replaced_at),
    ]
    .into_iter()
    .flatten()
    .collect();
    Ok(Document {
        path: path_buf(),
        bytes: bytes.len(),
        decoding,
        text: to_nfc(lone_carriage_returns_as_line_feeds(text)),
        warnings,
    })
}

/// A CR not followed by LF (the line end of old Macintosh files) becomes LF, so that
/// the cleaner sees lines and paragraphs; CRLF is left as it is.
fn lone_carriage_returns_as_line_feeds(text: MappedText) -> MappedText {
    let bytes = text.text.as_bytes();
    let edits: Vec<Edit> = memchr::memchr_iter(b'\r', bytes)
        .filter(|&at| bytes.get(at + 1) != Some(&b'\n'))
        .map(|at| Edit::replace(at..at + 1, "\n", "line end"))
        .collect();
    if edits.is_empty() {
        text
    } else {
        text.apply(&edits)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(bytes: &[u8]) -> Document {
        decode(Path::new("t.txt"), bytes).expect("decodes")
    }

    #[test]
    fn a_file_that_is_not_utf8_says_which_encoding_was_detected() {
        let document = decoded(b"\x93Stalin lives\x94 they said in the caf\xe9");
        assert_eq!(document.decoding.name(), "windows-1252");
        assert_eq!(
            document.warnings,
            vec!["not valid UTF-8; decoded as windows-1252 (detected)"]
        );
    }

    #[test]
    fn a_bom_before_windows_1252_text_is_not_decoded_as_text() {
        let document = decoded(b"\xEF\xBB\xBFcaf\xe9");
        assert_eq!(document.decoding.name(), "windows-1252");
        assert_eq!(document.text.text, "caf\u{e9}");
        assert_eq!(document.text.map.source_range(0..5), 3..7);
    }

    #[test]
    fn old_macintosh_line_ends_separate_lines_and_keep_their_offsets() {
        let document = decoded(b"Lenin wrote.\r\rStalin answered.\rLater.");
        assert_eq!(
            document.text.text,
            "Lenin wrote.\n\nStalin answered.\nLater."
        );
        let stalin = document.text.text.find("Stalin").unwrap();
        assert_eq!(document.text.map.source_range(stalin..stalin + 6), 14..20);
        assert_eq!(decoded(b"a\r\nb").text.text, "a\r\nb");
    }

    #[test]
    fn a_source_longer_than_the_cap_is_refused_without_reading_it_all() {
        let endless = std::io::repeat(b'a');
        let error = read_up_to_cap(Path::new("-"), endless, b"ab".to_vec(), 100).unwrap_err();
        assert!(
            matches!(error, IngestError::TooLarge { bytes: 101, .. }),
            "{error}"
        );
        let read = read_up_to_cap(Path::new("-"), &b"cd"[..], b"ab".to_vec(), 4).unwrap();
        assert_eq!(read, b"abcd");
    }

    #[test]
    fn bom_is_skipped_and_offsets_point_past_it() {
        let document = decoded("\u{feff}Lenin".as_bytes());
        assert_eq!(document.decoding.name(), "utf-8-bom");
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
