//! The input files of a run, indexed so that a row of a side file (metadata,
//! corrections) finds the one input it names: the same file however the path is
//! written, else the only input with that file name.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// A reader of the CSV side file at `path`, as people write them: rows may be short
/// or long, and cells are trimmed.
pub fn side_file(path: &Path) -> csv::Result<csv::Reader<std::fs::File>> {
    csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_path(path)
}

/// The inputs by path as given, by the file they are and by file name, built once so
/// that a national library's inputs and a file of rows match in linear time.
pub struct FileIndex<'a> {
    files: &'a [PathBuf],
    by_path: HashMap<&'a Path, usize>,
    by_canonical: HashMap<PathBuf, usize>,
    by_name: HashMap<&'a OsStr, Vec<usize>>,
}

/// What a row's key names.
#[derive(Debug, PartialEq, Eq)]
pub enum Named {
    /// The input at this position of the files.
    File(usize),
    /// No input.
    Nothing,
    /// A bare file name that several inputs have: their positions.
    Ambiguous(Vec<usize>),
}

impl<'a> FileIndex<'a> {
    pub fn new(files: &'a [PathBuf]) -> Self {
        let mut by_path = HashMap::new();
        let mut by_name: HashMap<&OsStr, Vec<usize>> = HashMap::new();
        for (index, file) in files.iter().enumerate() {
            by_path.entry(file.as_path()).or_insert(index);
            if let Some(name) = file.file_name() {
                by_name.entry(name).or_default().push(index);
            }
        }
        let by_canonical = files
            .iter()
            .enumerate()
            .filter_map(|(index, file)| Some((std::fs::canonicalize(file).ok()?, index)))
            .collect();
        FileIndex {
            files,
            by_path,
            by_canonical,
            by_name,
        }
    }

    /// The input that `key` (a path, or a file name) names.
    pub fn find(&self, key: &str) -> Named {
        let key = Path::new(key);
        let same_file = self.by_path.get(key).copied().or_else(|| {
            let key = std::fs::canonicalize(key).ok()?;
            self.by_canonical.get(&key).copied()
        });
        if let Some(index) = same_file {
            return Named::File(index);
        }
        match key.file_name().and_then(|name| self.by_name.get(name)) {
            Some(named) if named.len() > 1 => Named::Ambiguous(named.clone()),
            Some(named) => Named::File(named[0]),
            None => Named::Nothing,
        }
    }

    /// The file at `position`.
    pub fn file(&self, position: usize) -> &Path {
        &self.files[position]
    }

    /// The files at `positions`.
    pub fn files(&self, positions: &[usize]) -> Vec<PathBuf> {
        positions
            .iter()
            .map(|&index| self.files[index].clone())
            .collect()
    }
}
