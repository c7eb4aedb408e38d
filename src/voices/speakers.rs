//! `--speakers FILE`: one name for a voice across documents.
//!
//! The file is TOML with one table, `speakers`, mapping each canonical name to the
//! other names it replaces:
//!
//! ```toml
//! [speakers]
//! "Josef Stalin" = ["Stalin", "Comrade Stalin", "Koba", "Josef Djugashvili"]
//! "Vladimir Lenin" = ["Lenin", "V. I. Lenin"]
//! ```
//!
//! Names match without regard to case. A speaker the file does not list keeps the
//! canonical name the document gave it.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum SpeakersError {
    #[error("cannot read the speakers file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the speakers file {path} is not valid: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("the speakers file {path} gives {alias:?} to both {first:?} and {second:?}")]
    Conflict {
        path: PathBuf,
        alias: String,
        first: String,
        second: String,
    },
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct SpeakersFile {
    speakers: BTreeMap<String, Vec<String>>,
}

/// Canonical names by lower-case alias.
#[derive(Clone, Debug, Default)]
pub struct SpeakerMap {
    names: HashMap<String, String>,
}

impl SpeakerMap {
    pub fn load(path: &Path) -> Result<Self, SpeakersError> {
        let text = std::fs::read_to_string(path).map_err(|source| SpeakersError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Self::parse(&text, path)
    }

    pub fn parse(text: &str, path: &Path) -> Result<Self, SpeakersError> {
        let file: SpeakersFile = toml::from_str(text).map_err(|error| SpeakersError::Parse {
            path: path.to_path_buf(),
            message: error.message().to_string(),
        })?;
        let mut names: HashMap<String, String> = HashMap::new();
        for (canonical, aliases) in &file.speakers {
            for alias in std::iter::once(canonical).chain(aliases) {
                let key = alias.trim().to_lowercase();
                if let Some(first) = names.get(&key)
                    && first != canonical
                {
                    return Err(SpeakersError::Conflict {
                        path: path.to_path_buf(),
                        alias: alias.clone(),
                        first: first.clone(),
                        second: canonical.clone(),
                    });
                }
                names.insert(key, canonical.clone());
            }
        }
        Ok(SpeakerMap { names })
    }

    /// The name to use for a speaker the document calls `name`.
    /// Every alias and its canonical name, sorted (what a shard's manifest records, so
    /// that shards run with different maps are not merged).
    pub fn entries(&self) -> Vec<(String, String)> {
        let mut entries: Vec<(String, String)> = self
            .names
            .iter()
            .map(|(alias, name)| (alias.clone(), name.clone()))
            .collect();
        entries.sort();
        entries
    }

    pub fn canonical<'a>(&'a self, name: &'a str) -> &'a str {
        if self.names.is_empty() {
            return name; // no `--speakers` file: nothing to look up
        }
        self.names
            .get(&name.trim().to_lowercase())
            .map_or(name, String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_map_to_the_canonical_name_in_any_case() {
        let map = SpeakerMap::parse(
            "[speakers]\n\"Josef Stalin\" = [\"Stalin\", \"Koba\"]\n",
            Path::new("speakers.toml"),
        )
        .unwrap();
        assert_eq!(map.canonical("koba"), "Josef Stalin");
        assert_eq!(map.canonical("Josef Stalin"), "Josef Stalin");
        assert_eq!(map.canonical("Vladimir Lenin"), "Vladimir Lenin");
    }

    #[test]
    fn an_alias_given_to_two_people_is_an_error() {
        let error = SpeakerMap::parse(
            "[speakers]\nA = [\"X\"]\nB = [\"x\"]\n",
            Path::new("speakers.toml"),
        )
        .unwrap_err();
        assert!(error.to_string().contains("gives \"x\" to both"), "{error}");
    }

    #[test]
    fn a_malformed_file_says_why() {
        let error = SpeakerMap::parse("[speakers]\nA = 3\n", Path::new("s.toml")).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("the speakers file s.toml is not valid"),
            "{error}"
        );
    }
}
