//! Evaluation of `voices compare` on the shared corpora with known authors
//! (`../shared/corpora`, or `$VOICES_CORPORA`):
//!
//!     cargo bench --bench stylometry          (or benches/stylometry.sh)
//!
//! - The Federalist Papers: the 12 disputed papers attributed among Hamilton,
//!   Madison and Jay at every MFW setting from 100 to 1,000 (Mosteller and Wallace
//!   give all 12 to Madison), by the nearest author centroid and by the nearest
//!   paper, with the leave-one-out accuracy on the undisputed papers. The three joint
//!   papers (18 to 20) are attributed too (author `joint`), and reported apart.
//! - The British novels: leave-one-out author attribution and the adjusted Rand
//!   index of a clustering into as many groups as there are authors, at several MFW
//!   settings (Evert et al. 2017 report an ARI of about 0.93 to 0.97 for Cosine Delta
//!   on novels).
//!
//! Every distance is evaluated; Cosine Delta, the default, first. Skips with a
//! message when the corpora are absent.

use std::path::{Path, PathBuf};
use std::time::Instant;

use voices::compare::cluster::{Linkage, adjusted_rand_index, cut};
use voices::compare::distance::Distance;
use voices::compare::units::{By, UnitCounter};
use voices::compare::{Settings, compare};
use voices::document::{DocumentPieces, PieceSettings};
use voices::ingest::Metadata;
use voices::pipeline;

fn corpora() -> Option<PathBuf> {
    let path = std::env::var_os("VOICES_CORPORA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora"));
    path.is_dir().then_some(path)
}

/// Analyses `files` with `metadata` and counts their words by `by`.
fn units(files: &[PathBuf], metadata: &Metadata, by: By) -> UnitCounter {
    let progress = pipeline::progress_bar(0);
    let settings = pipeline::Settings {
        metadata,
        speakers: &Default::default(),
        corrections: &Default::default(),
    };
    let corpus = pipeline::analyse_files(files, settings, &progress);
    let mut counter = UnitCounter::new(by);
    for (doc_id, document) in corpus.documents.iter().enumerate() {
        counter.add(&DocumentPieces::of(
            document,
            doc_id,
            PieceSettings::default(),
        ));
    }
    counter
}

fn federalist(corpora: &Path) {
    let root = corpora.join("federalist");
    let labels = std::fs::read_to_string(root.join("labels.csv")).expect("labels.csv");
    let work = tempfile::tempdir().unwrap();
    let mut metadata = String::from("path,author\n");
    let mut files = Vec::new();
    for line in labels.lines().skip(1) {
        let fields: Vec<&str> = line.split(',').collect();
        let (file, author, role) = (fields[0], fields[2], fields[3]);
        let author = if role == "joint" { "joint" } else { author };
        metadata.push_str(&format!("{file},{author}\n"));
        files.push(root.join("clean").join(file));
    }
    std::fs::write(work.path().join("metadata.csv"), metadata).unwrap();
    let metadata = Metadata::read(&work.path().join("metadata.csv"), &files).unwrap();
    let start = Instant::now();
    let counter = units(&files, &metadata, By::Document);
    let analysed = start.elapsed();
    let (units, vocabulary) = counter.finish();
    let joint = ["fed_18", "fed_19", "fed_20"];
    let is_disputed =
        |unit: usize| units[unit].author.is_none() && !joint.contains(&units[unit].name.as_str());
    let disputed = (0..units.len()).filter(|&unit| is_disputed(unit)).count();
    println!(
        "\nFederalist Papers: {} papers ({disputed} disputed), analysed in {:.2} s",
        units.len(),
        analysed.as_secs_f64()
    );
    println!(
        "MFW 100..1000:100; disputed papers given to Madison (of {disputed}), by nearest centroid / nearest paper; leave-one-out accuracy on the undisputed, by centroid / nearest paper"
    );
    for distance in Distance::ALL {
        let settings = Settings {
            distances: vec![distance],
            ..Settings::default()
        };
        let start = Instant::now();
        let comparison = compare(units.clone(), &vocabulary, &settings);
        let elapsed = start.elapsed();
        let mut line = format!("{:<16}", distance.name());
        let mut all_madison = true;
        for result in &comparison.results {
            let centroid = result
                .attributions
                .iter()
                .filter(|a| is_disputed(a.unit) && a.by_centroid.0 == "Madison")
                .count();
            let nearest = result
                .attributions
                .iter()
                .filter(|a| is_disputed(a.unit) && a.by_nearest_unit.0 == "Madison")
                .count();
            all_madison &= centroid == disputed;
            line.push_str(&format!(
                " {:>4}:{:>2}/{:<2}",
                result.mfw, centroid, nearest
            ));
        }
        let loo: Vec<String> = comparison
            .results
            .iter()
            .map(|r| {
                format!(
                    "{:.2}/{:.2}",
                    r.leave_one_out.centroid_accuracy().unwrap_or(0.0),
                    r.leave_one_out.nearest_unit_accuracy().unwrap_or(0.0)
                )
            })
            .collect();
        println!("{line}");
        println!(
            "{:<16} leave-one-out {}  [{}; {:.2} s for all settings]",
            "",
            loo.join(" "),
            if all_madison {
                "12/12 at every setting"
            } else {
                "NOT all to Madison"
            },
            elapsed.as_secs_f64()
        );
    }
}

fn british_fiction(corpora: &Path) {
    let archive = corpora.join("british_fiction/corpus.tar.xz");
    if !archive.is_file() {
        println!(
            "skipped the British novels: {} not found",
            archive.display()
        );
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let status = std::process::Command::new("tar")
        .arg("-xJf")
        .arg(&archive)
        .arg("-C")
        .arg(work.path())
        .status()
        .expect("tar runs");
    assert!(status.success());
    let mut files: Vec<PathBuf> = std::fs::read_dir(work.path().join("corpus"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let mut metadata = String::from("path,author\n");
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy();
        let author = name.split('_').next().unwrap();
        metadata.push_str(&format!("{name},{author}\n"));
    }
    std::fs::write(work.path().join("metadata.csv"), metadata).unwrap();
    let metadata = Metadata::read(&work.path().join("metadata.csv"), &files).unwrap();
    let start = Instant::now();
    let (units, vocabulary) = units(&files, &metadata, By::Document).finish();
    let authors: Vec<String> = voices::compare::attribute::authors(&units);
    let truth: Vec<usize> = units
        .iter()
        .map(|unit| {
            authors
                .iter()
                .position(|a| Some(a) == unit.author.as_ref())
                .unwrap()
        })
        .collect();
    println!(
        "\nBritish novels: {} novels by {} authors, analysed in {:.2} s",
        units.len(),
        authors.len(),
        start.elapsed().as_secs_f64()
    );
    println!(
        "leave-one-out accuracy by centroid / nearest novel, and the adjusted Rand index of a Ward clustering cut into {} groups",
        authors.len()
    );
    for distance in Distance::ALL {
        let settings = Settings {
            mfw: vec![100, 300, 500, 1000, 2000, 3000, 5000],
            distances: vec![distance],
            linkage: Linkage::Ward,
            ..Settings::default()
        };
        let comparison = compare(units.clone(), &vocabulary, &settings);
        let cells: Vec<String> = comparison
            .results
            .iter()
            .map(|result| {
                let groups = cut(&result.tree, units.len(), authors.len());
                format!(
                    "{}: {:.2}/{:.2} ARI {:.2}",
                    result.mfw,
                    result.leave_one_out.centroid_accuracy().unwrap_or(0.0),
                    result.leave_one_out.nearest_unit_accuracy().unwrap_or(0.0),
                    adjusted_rand_index(&groups, &truth)
                )
            })
            .collect();
        println!("{:<16} {}", distance.name(), cells.join(" | "));
    }
}

fn main() {
    let Some(corpora) = corpora() else {
        println!("skipped: ../shared/corpora not found (set VOICES_CORPORA)");
        return;
    };
    federalist(&corpora);
    british_fiction(&corpora);
}
