//! `voices`: who says what in a text, and how.
//!
//! The modules follow the pipeline (`../shared/DESIGN.md`):
//! [`ingest`] reads and decodes files, [`clean`] repairs what digitisation broke,
//! [`segment`] cuts paragraphs, sentences and tokens, [`voices`] finds the
//! quotations and their speakers, [`stats`] measures each voice, [`compare`] does
//! the stylometry (distances, attribution, clustering), [`tables`] builds the Polars
//! frames and Parquet files, [`report`] writes the summary; [`pipeline`] drives the
//! per-document stages in parallel into the [`document`] model, [`run`] runs a
//! command over a corpus batch by batch, and [`cli`] is the command line. [`offsets`],
//! [`lexicon`] and [`output`] (files written whole or not at all) are shared.

pub mod charts;
pub mod clean;
pub mod cli;
pub mod compare;
pub mod dataset;
pub mod document;
pub mod hashing;
pub mod ingest;
pub mod labels;
pub mod lexicon;
pub mod offsets;
pub mod output;
pub mod pipeline;
pub mod random;
pub mod report;
pub mod run;
pub mod segment;
pub mod stats;
pub mod tables;
pub mod voices;
