//! The one integration-test binary (one link of Polars instead of one per file).

mod common;

mod charts;
mod cleaning;
mod cli;
mod compare;
mod corrections;
mod dataset;
mod determinism;
mod notebook;
mod offsets;
mod parquet;
mod references;
mod reliability;
mod report;
mod sentences;
mod stats;
mod voices;
