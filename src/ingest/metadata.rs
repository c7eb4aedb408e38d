//! Metadata: columns for documents (author, title, date...) from a CSV with a `path`
//! column, matched to the input files before any work starts.
//!
//! A row names its document by path (the same file, however written) or, failing
//! that, by file name. A row that could describe two inputs, and two rows that
//! describe the same input, are errors that list the rows: applied silently, the
//! wrong author would be compared and attributed as if true.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use super::file_index::{FileIndex, Named, side_file};

/// Metadata rows, each matched to at most one input file.
#[derive(Clone, Debug, Default)]
pub struct Metadata {
    /// Column names other than `path`, in the file's order.
    pub columns: Vec<String>,
    rows: Vec<Row>,
    /// The row of each input file that has one.
    by_file: HashMap<PathBuf, usize>,
}

#[derive(Clone, Debug)]
struct Row {
    /// The row's line in the CSV file (the header is line 1).
    line: u64,
    /// Its `path` value.
    key: String,
    values: Vec<String>,
}

/// Why a metadata file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum MetadataError {
    #[error("metadata {}: {source}", .path.display())]
    Csv { path: PathBuf, source: csv::Error },
    #[error("metadata {}: no `path` column (the header must name one)", .path.display())]
    NoPathColumn { path: PathBuf },
    #[error(
        "metadata {}: rows {} all describe {}; keep one row per document",
        .path.display(), lines(.rows), .file.display()
    )]
    Duplicate {
        path: PathBuf,
        file: PathBuf,
        rows: Vec<u64>,
    },
    #[error(
        "metadata {}: row {row} names `{key}`, which is the file name of {} inputs ({}); \
         write the row's path in full",
        .path.display(), .files.len(), paths(.files)
    )]
    Ambiguous {
        path: PathBuf,
        row: u64,
        key: String,
        files: Vec<PathBuf>,
    },
}

fn lines(rows: &[u64]) -> String {
    let rows: Vec<String> = rows.iter().map(u64::to_string).collect();
    rows.join(", ")
}

fn paths(files: &[PathBuf]) -> String {
    let files: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    files.join(", ")
}

/// `text` with control characters escaped, for a message on a terminal: a value read
/// from a file must not move the cursor or ring the bell.
pub fn printable(text: &str) -> String {
    let mut printable = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            printable.extend(c.escape_default());
        } else {
            printable.push(c);
        }
    }
    printable
}

impl Metadata {
    /// Reads the metadata file at `path` and matches its rows to `files` (the inputs
    /// of the run, all of them, whatever shard runs).
    pub fn read(path: &Path, files: &[PathBuf]) -> Result<Metadata, MetadataError> {
        Metadata::read_indexed(path, &FileIndex::new(files))
    }

    /// [`Metadata::read`] with the inputs already indexed.
    pub fn read_indexed(path: &Path, index: &FileIndex) -> Result<Metadata, MetadataError> {
        let mut metadata = Metadata::parse(path)?;
        metadata.match_files(path, index)?;
        Ok(metadata)
    }

    fn parse(path: &Path) -> Result<Metadata, MetadataError> {
        let csv_error = |source| MetadataError::Csv {
            path: path.to_path_buf(),
            source,
        };
        let mut reader = side_file(path).map_err(csv_error)?;
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
            let line = record.position().map_or(0, |position| position.line());
            let key = record.get(path_column).unwrap_or_default().to_string();
            let values = (0..header.len())
                .filter(|&index| index != path_column)
                .map(|index| record.get(index).unwrap_or_default().to_string())
                .collect();
            rows.push(Row { line, key, values });
        }
        Ok(Metadata {
            columns,
            rows,
            by_file: HashMap::new(),
        })
    }

    /// Matches each row to the one input it names: the same file first, else the
    /// only input with that file name.
    fn match_files(&mut self, path: &Path, index: &FileIndex) -> Result<(), MetadataError> {
        let mut rows_of_file: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (row_index, row) in self.rows.iter().enumerate() {
            match index.find(&row.key) {
                Named::File(file) => rows_of_file.entry(file).or_default().push(row_index),
                Named::Nothing => {}
                Named::Ambiguous(named) => {
                    return Err(MetadataError::Ambiguous {
                        path: path.to_path_buf(),
                        row: row.line,
                        key: printable(&row.key),
                        files: index.files(&named),
                    });
                }
            }
        }
        for (file, rows) in rows_of_file {
            if rows.len() > 1 {
                return Err(MetadataError::Duplicate {
                    path: path.to_path_buf(),
                    file: index.file(file).to_path_buf(),
                    rows: rows.iter().map(|&row| self.rows[row].line).collect(),
                });
            }
            self.by_file.insert(index.file(file).to_path_buf(), rows[0]);
        }
        Ok(())
    }

    /// The metadata of the input `file`, without empty values.
    pub fn lookup(&self, file: &Path) -> Option<BTreeMap<String, String>> {
        let row = &self.rows[*self.by_file.get(file)?];
        Some(
            self.columns
                .iter()
                .cloned()
                .zip(row.values.iter().cloned())
                .filter(|(_, value)| !value.is_empty())
                .collect(),
        )
    }

    /// The rows that match no input, as `row N (`path`)` for a warning.
    pub fn unmatched(&self) -> Vec<String> {
        let matched: std::collections::HashSet<usize> = self.by_file.values().copied().collect();
        self.rows
            .iter()
            .enumerate()
            .filter(|(index, _)| !matched.contains(index))
            .map(|(_, row)| format!("row {} (`{}`)", row.line, printable(&row.key)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metadata(csv: &str, files: &[&str]) -> Result<Metadata, MetadataError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("metadata.csv");
        std::fs::write(&path, csv).unwrap();
        let files: Vec<PathBuf> = files.iter().map(PathBuf::from).collect();
        Metadata::read(&path, &files)
    }

    #[test]
    fn rows_match_by_path_then_by_file_name() {
        let metadata = metadata(
            "path,author\nbooks/a.txt,Austen\nb.txt,Bronte\nc.txt,Nobody\n",
            &["books/a.txt", "shelf/b.txt"],
        )
        .unwrap();
        let author = |file: &str| metadata.lookup(Path::new(file)).unwrap()["author"].clone();
        assert_eq!(author("books/a.txt"), "Austen");
        assert_eq!(author("shelf/b.txt"), "Bronte");
        assert_eq!(metadata.unmatched(), vec!["row 4 (`c.txt`)"]);
    }

    #[test]
    fn two_rows_for_one_file_are_an_error_naming_both() {
        let error = metadata(
            "path,author\nbooks/a.txt,Austen\na.txt,Eliot\n",
            &["books/a.txt"],
        )
        .unwrap_err();
        assert!(
            error
                .to_string()
                .contains("rows 2, 3 all describe books/a.txt"),
            "{error}"
        );
    }

    #[test]
    fn a_file_name_shared_by_two_inputs_is_ambiguous() {
        let error = metadata(
            "path,author\nnovel.txt,Austen\n",
            &["one/novel.txt", "two/novel.txt"],
        )
        .unwrap_err();
        let message = error.to_string();
        assert!(message.contains("row 2 names `novel.txt`"), "{message}");
        assert!(
            message.contains("one/novel.txt, two/novel.txt"),
            "{message}"
        );
    }

    #[test]
    fn control_characters_in_a_row_are_escaped_in_messages() {
        let metadata = metadata("path,author\n\"x\u{1b}[2J.txt\",A\n", &["a.txt"]).unwrap();
        assert_eq!(metadata.unmatched(), vec!["row 2 (`x\\u{1b}[2J.txt`)"]);
    }
}
