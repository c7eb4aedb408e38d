//! A sharded run's dataset. `voices analyse INPUT... -o DATASET --shard K/N` analyses
//! the K-th of N slices of the inputs and writes its tables as
//! `DATASET/<table>/shard=K/part-0.parquet` (hive partitioning: DuckDB, Polars,
//! Spark and pyarrow read each table's directory as one table). Besides the tables
//! of every document (`documents`, `paragraphs`, `sentences`, `tokens`, `quotes`,
//! `characters` and the documents' rows of `features`), a shard writes:
//!
//! - `pieces`: each document's [`crate::document::DocumentPieces`] as JSON, what the
//!   corpus-level work needs of it (its words, its voices' sentences and
//!   statistics, its summary);
//! - `manifest`: one row saying which shard of how many it is, what it was run
//!   with, and which inputs could not be analysed. It is written last: a shard
//!   without one did not finish.
//!
//! `voices report --from DATASET` ([`crate::run::report_from`]) reads the shards in
//! order and writes the report a single run of the same inputs writes.

use std::ops::Range;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use serde::{Deserialize, Serialize};

use crate::tables::{self, shard_path};

/// The K-th of N slices of a run's inputs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    pub index: usize,
    pub count: usize,
}

impl Shard {
    /// Parses `K/N`, with K from 0 to N - 1.
    pub fn parse(text: &str) -> Result<Self, String> {
        let (index, count) = text
            .split_once('/')
            .ok_or_else(|| format!("`{text}` is not K/N (for example 0/4)"))?;
        let number = |part: &str| {
            part.trim()
                .parse::<usize>()
                .map_err(|_| format!("`{text}` is not K/N: `{part}` is not a number"))
        };
        let (index, count) = (number(index)?, number(count)?);
        if count == 0 || index >= count {
            return Err(format!(
                "`{text}`: K must be from 0 to N - 1 (shards are numbered from 0)"
            ));
        }
        Ok(Shard { index, count })
    }

    /// The positions of the shard's inputs among `inputs`: consecutive slices of
    /// sizes differing by at most one, so that a document's id (its position among
    /// the inputs) is the same whatever the number of shards.
    pub fn slice(self, inputs: usize) -> Range<usize> {
        let start = |index: usize| index * inputs / self.count;
        start(self.index)..start(self.index + 1)
    }
}

/// What a shard says of itself: the `manifest` table's one row.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub shard: usize,
    pub shards: usize,
    /// The inputs of the whole run, and the positions of this shard's.
    pub inputs: usize,
    pub slice: Range<usize>,
    /// Documents analysed (the others are in `failures`).
    pub documents: usize,
    /// Bootstrap resamples of the voices' intervals.
    pub resamples: usize,
    /// Whether each document's voices have intervals (`--document-intervals`).
    pub document_intervals: bool,
    /// The columns of `--metadata`, in its order.
    pub metadata_columns: Vec<String>,
    /// The aliases of `--speakers` and their canonical names, sorted.
    pub speakers: Vec<(String, String)>,
    /// Why each input that could not be analysed could not (the inputs not found
    /// are in shard 0's).
    pub failures: Vec<String>,
    /// The version of `voices` that wrote it.
    pub version: String,
}

impl Manifest {
    /// Writes the manifest of a shard of `dataset`: the last file a shard writes.
    pub fn write(&self, dataset: &Path) -> anyhow::Result<()> {
        let path = shard_path(dataset, "manifest", self.shard);
        let mut frame = tables::json_frame("manifest", self)?;
        tables::write_parquet(&mut frame, &path)?;
        Ok(())
    }
}

/// The shards of a dataset, checked whole: every shard from 0 to N - 1, each
/// finished, all of the same run.
#[derive(Debug)]
pub struct Dataset {
    root: PathBuf,
    /// In shard order.
    pub manifests: Vec<Manifest>,
}

impl Dataset {
    pub fn open(root: &Path) -> anyhow::Result<Self> {
        let directory = root.join("manifest");
        let entries = std::fs::read_dir(&directory).with_context(|| {
            format!(
                "{} is not a dataset of `voices analyse` (no manifest/ directory)",
                root.display()
            )
        })?;
        let mut shards = Vec::new();
        for entry in entries {
            let name = entry?.file_name();
            let name = name.to_string_lossy();
            if let Some(shard) = name.strip_prefix("shard=") {
                match shard.parse::<usize>() {
                    Ok(shard) => shards.push(shard),
                    Err(_) => bail!("{}: `{name}` is not a shard", directory.display()),
                }
            }
        }
        shards.sort_unstable();
        let mut manifests = Vec::new();
        for shard in shards {
            let path = shard_path(root, "manifest", shard);
            if !path.is_file() {
                bail!(
                    "shard {shard} of {} did not finish (no {}): run it again",
                    root.display(),
                    path.display()
                );
            }
            let [manifest]: [Manifest; 1] = tables::read_json_column(&path, "manifest")?
                .try_into()
                .map_err(|_| anyhow::anyhow!("{}: not one row", path.display()))?;
            if manifest.shard != shard {
                bail!("{} says it is shard {}", path.display(), manifest.shard);
            }
            manifests.push(manifest);
        }
        let Some(first) = manifests.first() else {
            bail!("{} holds no shard", root.display());
        };
        for manifest in &manifests {
            let same_run = manifest.shards == first.shards
                && manifest.inputs == first.inputs
                && manifest.resamples == first.resamples
                && manifest.document_intervals == first.document_intervals
                && manifest.metadata_columns == first.metadata_columns;
            if !same_run {
                bail!(
                    "{}: shard {} is of another run than shard {} ({} inputs in {} shards against {} in {}, or other --resamples, --document-intervals or metadata columns): remove the stale shard",
                    root.display(),
                    manifest.shard,
                    first.shard,
                    manifest.inputs,
                    manifest.shards,
                    first.inputs,
                    first.shards
                );
            }
        }
        if let Some(other) = manifests
            .iter()
            .find(|manifest| manifest.speakers != first.speakers)
        {
            bail!(
                "{}: shards {} and {} were run with different --speakers maps: run them again with the same",
                root.display(),
                first.shard,
                other.shard
            );
        }
        let missing: Vec<String> = (0..first.shards)
            .filter(|shard| !manifests.iter().any(|manifest| manifest.shard == *shard))
            .map(|shard| shard.to_string())
            .collect();
        if !missing.is_empty() {
            bail!(
                "{}: shards {} of {} are missing",
                root.display(),
                missing.join(", "),
                first.shards
            );
        }
        if manifests.len() > first.shards {
            bail!(
                "{}: more shards than the {} of the run",
                root.display(),
                first.shards
            );
        }
        Ok(Dataset {
            root: root.to_path_buf(),
            manifests,
        })
    }

    /// The dataset's directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The file of table `name` of shard `shard`.
    pub fn table(&self, name: &str, shard: usize) -> PathBuf {
        shard_path(&self.root, name, shard)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_cover_the_inputs_once_whatever_their_number() {
        for inputs in [0, 1, 5, 26, 100] {
            for count in 1..=7 {
                let slices: Vec<Range<usize>> = (0..count)
                    .map(|index| Shard { index, count }.slice(inputs))
                    .collect();
                assert_eq!(slices[0].start, 0);
                assert_eq!(slices[count - 1].end, inputs);
                for pair in slices.windows(2) {
                    assert_eq!(pair[0].end, pair[1].start);
                    assert!(pair[1].len().abs_diff(pair[0].len()) <= 1);
                }
            }
        }
    }

    #[test]
    fn a_shard_is_k_of_n_counted_from_zero() {
        assert_eq!(Shard::parse("2/4"), Ok(Shard { index: 2, count: 4 }));
        assert!(Shard::parse("4/4").is_err());
        assert!(Shard::parse("0/0").is_err());
        assert!(Shard::parse("1").is_err());
        assert!(Shard::parse("a/3").is_err());
    }
}
