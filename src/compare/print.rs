//! What `voices compare` prints: over all the MFW settings, each unit's nearest
//! neighbour, each attribution with its support (in how many settings it holds, and
//! by what margin), and the leave-one-out accuracy of each setting; as a table for
//! reading, JSON lines for pipes, or the `distances` rows as CSV.

use std::fmt::Write as _;
use std::io::Write;

use super::Comparison;
use crate::output::shorten;
use crate::voices::records::json_string;

/// What holds across the settings for one unit.
#[derive(Clone, Debug, PartialEq)]
pub struct Consensus {
    /// The answer given in most settings (ties: the first seen).
    pub answer: String,
    /// In how many settings of how many.
    pub support: (usize, usize),
    /// The mean of a number over the settings that gave the answer (a distance, or a
    /// margin).
    pub mean: f64,
}

fn consensus(answers: impl Iterator<Item = (String, f64)>, settings: usize) -> Option<Consensus> {
    let mut tally: Vec<(String, usize, f64)> = Vec::new();
    for (answer, value) in answers {
        match tally.iter_mut().find(|(seen, _, _)| *seen == answer) {
            Some((_, count, sum)) => {
                *count += 1;
                *sum += value;
            }
            None => tally.push((answer, 1, value)),
        }
    }
    let best = tally.iter().map(|(_, count, _)| *count).max()?;
    let (answer, count, sum) = tally.into_iter().find(|(_, count, _)| *count == best)?;
    Some(Consensus {
        answer,
        support: (count, settings),
        mean: sum / count as f64,
    })
}

/// Each unit's most frequent nearest neighbour over the settings, with the mean
/// distance to it.
pub fn neighbours(comparison: &Comparison) -> Vec<Option<Consensus>> {
    let settings = comparison.results.len();
    (0..comparison.units.len())
        .map(|unit| {
            consensus(
                comparison.results.iter().filter_map(|result| {
                    let (other, distance) = result.neighbours[unit]?;
                    Some((comparison.units[other].name.clone(), distance))
                }),
                settings,
            )
        })
        .collect()
}

/// An attribution over the settings: by the nearest centroid (the mean being the
/// margin over the runner-up) and by the nearest unit (the mean being the distance).
#[derive(Clone, Debug, PartialEq)]
pub struct AttributionSummary {
    pub unit: usize,
    pub by_centroid: Consensus,
    pub by_nearest_unit: Consensus,
}

pub fn attributions(comparison: &Comparison) -> Vec<AttributionSummary> {
    let settings = comparison.results.len();
    let Some(first) = comparison.results.first() else {
        return Vec::new();
    };
    first
        .attributions
        .iter()
        .filter_map(|attribution| {
            let unit = attribution.unit;
            let of_unit = || {
                comparison
                    .results
                    .iter()
                    .filter_map(move |result| result.attributions.iter().find(|a| a.unit == unit))
            };
            let by_centroid = consensus(
                of_unit().map(|a| {
                    let margin = a
                        .runner_up
                        .as_ref()
                        .map_or(0.0, |(_, d)| d - a.by_centroid.1);
                    (a.by_centroid.0.clone(), margin)
                }),
                settings,
            )?;
            let by_nearest_unit = consensus(
                of_unit().map(|a| (a.by_nearest_unit.0.clone(), a.by_nearest_unit.2)),
                settings,
            )?;
            Some(AttributionSummary {
                unit,
                by_centroid,
                by_nearest_unit,
            })
        })
        .collect()
}

/// The summary for reading.
pub fn write_table(
    out: &mut dyn Write,
    comparison: &Comparison,
    distance: &str,
) -> std::io::Result<()> {
    let units = &comparison.units;
    let settings: Vec<String> = comparison
        .results
        .iter()
        .map(|r| r.mfw.to_string())
        .collect();
    writeln!(
        out,
        "# {} units compared by {distance} at {} MFW setting(s): {}",
        units.len(),
        settings.len(),
        settings.join(", ")
    )?;
    let attributions = attributions(comparison);
    if !attributions.is_empty() {
        writeln!(out, "\n## Attributions (units of unknown author)")?;
        writeln!(
            out,
            "{:<30} {:<20} {:>9} {:>8}   {:<20} {:>9}",
            "unit", "nearest centroid", "support", "margin", "nearest unit's", "support"
        )?;
        for summary in &attributions {
            let centroid = &summary.by_centroid;
            let nearest = &summary.by_nearest_unit;
            writeln!(
                out,
                "{:<30} {:<20} {:>9} {:>8.4}   {:<20} {:>9}",
                shorten(&units[summary.unit].name, 30),
                shorten(&centroid.answer, 20),
                format!("{}/{}", centroid.support.0, centroid.support.1),
                centroid.mean,
                shorten(&nearest.answer, 20),
                format!("{}/{}", nearest.support.0, nearest.support.1),
            )?;
        }
        writeln!(
            out,
            "\n## Leave-one-out accuracy on the units of known author"
        )?;
        writeln!(
            out,
            "{:>6} {:>6} {:>12} {:>14}",
            "mfw", "words", "by centroid", "by nearest unit"
        )?;
        for result in &comparison.results {
            let loo = &result.leave_one_out;
            let percent = |value: Option<f64>| {
                value.map_or("-".to_string(), |v| format!("{:.1}%", 100.0 * v))
            };
            writeln!(
                out,
                "{:>6} {:>6} {:>12} {:>14}   ({} units)",
                result.mfw,
                result.words.len(),
                percent(loo.centroid_accuracy()),
                percent(loo.nearest_unit_accuracy()),
                loo.units
            )?;
        }
    }
    write_distinctive(out, comparison)?;
    write_pca(out, comparison)?;
    let trees = comparison.trees();
    if let Some((_, tree)) = trees.iter().find(|(mfw, _)| mfw.is_none()) {
        writeln!(
            out,
            "\n## Consensus tree (clades in more than half of the {} settings' trees, with their share; Newick)\n{tree}",
            comparison.results.len()
        )?;
    } else if let Some((Some(mfw), tree)) = trees.first() {
        writeln!(out, "\n## Tree ({mfw} most frequent words; Newick)\n{tree}")?;
    }
    writeln!(out, "\n## Nearest neighbours")?;
    writeln!(
        out,
        "{:<30} {:<30} {:>9} {:>10}",
        "unit", "nearest", "support", "distance"
    )?;
    for (unit, neighbour) in units.iter().zip(neighbours(comparison)) {
        let Some(neighbour) = neighbour else { continue };
        writeln!(
            out,
            "{:<30} {:<30} {:>9} {:>10.4}",
            shorten(&unit.name, 30),
            shorten(&neighbour.answer, 30),
            format!("{}/{}", neighbour.support.0, neighbour.support.1),
            neighbour.mean
        )?;
    }
    Ok(())
}

/// The principal components of the first MFW setting: the variance each explains,
/// the words that load most on each side, and the units at each end.
fn write_pca(out: &mut dyn Write, comparison: &Comparison) -> std::io::Result<()> {
    let Some(result) = comparison.results.first() else {
        return Ok(());
    };
    let Some(pca) = &result.pca else {
        return Ok(());
    };
    writeln!(
        out,
        "\n## Principal components ({} most frequent words)",
        result.words.len()
    )?;
    for (component, share) in pca.explained.iter().enumerate() {
        let mut words: Vec<(usize, f64)> = pca
            .loadings
            .iter()
            .map(|loadings| loadings[component])
            .enumerate()
            .collect();
        words.sort_by(|a, b| b.1.total_cmp(&a.1));
        let list = |picked: &mut dyn Iterator<Item = &(usize, f64)>| {
            picked
                .map(|(word, _)| result.words[*word].as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut units: Vec<(usize, f64)> = pca
            .scores
            .iter()
            .map(|s| s[component])
            .enumerate()
            .collect();
        units.sort_by(|a, b| b.1.total_cmp(&a.1));
        let name = |unit: usize| comparison.units[unit].name.as_str();
        writeln!(
            out,
            "PC{} ({:.1}% of the variance): + {} | − {}; units at + {}, at − {}",
            component + 1,
            100.0 * share,
            list(&mut words.iter().take(8)),
            list(&mut words.iter().rev().take(8)),
            units
                .iter()
                .take(3)
                .map(|u| name(u.0))
                .collect::<Vec<_>>()
                .join(", "),
            units
                .iter()
                .rev()
                .take(3)
                .map(|u| name(u.0))
                .collect::<Vec<_>>()
                .join(", "),
        )?;
    }
    Ok(())
}

/// Each unit's distinctive words, and Zeta's markers when two groups were opposed.
fn write_distinctive(out: &mut dyn Write, comparison: &Comparison) -> std::io::Result<()> {
    if comparison.keywords.iter().any(|words| !words.is_empty()) {
        writeln!(
            out,
            "\n## Distinctive words (log-likelihood G² against all the other units, p < 0.0001; log ratio)"
        )?;
        for (unit, words) in comparison.units.iter().zip(&comparison.keywords) {
            if words.is_empty() {
                continue;
            }
            let listed: Vec<String> = words
                .iter()
                .take(10)
                .map(|k| format!("{} ({:.0}, {:+.1})", k.word, k.g2, k.log_ratio))
                .collect();
            writeln!(out, "{}: {}", unit.name, listed.join(", "))?;
        }
    }
    if let Some(zeta) = &comparison.zeta {
        let oppose = &zeta.oppose;
        writeln!(
            out,
            "\n## Zeta: {} ({} slices of {} words) against {} ({} slices)",
            oppose.a, zeta.slices.0, oppose.slice, oppose.b, zeta.slices.1
        )?;
        for (name, markers) in [(&oppose.a, &zeta.markers_a), (&oppose.b, &zeta.markers_b)] {
            let listed: Vec<String> = markers
                .iter()
                .take(30)
                .map(|w| format!("{} ({:+.2})", w.word, w.zeta))
                .collect();
            writeln!(out, "{name} uses: {}", listed.join(", "))?;
        }
    }
    Ok(())
}

/// One JSON object per line: `{"record": "attribution", ...}` for each unit of
/// unknown author, `"neighbour"` for each unit, `"accuracy"` for each setting,
/// `"pca"` for each unit's scores at each setting, `"keyword"` for each distinctive
/// word of a unit, `"zeta"` for each Zeta marker.
pub fn write_jsonl(out: &mut dyn Write, comparison: &Comparison) -> std::io::Result<()> {
    let units = &comparison.units;
    for summary in attributions(comparison) {
        let (centroid, nearest) = (&summary.by_centroid, &summary.by_nearest_unit);
        writeln!(
            out,
            "{{\"record\":\"attribution\",\"unit\":{},\"by_centroid\":{},\"centroid_support\":{},\"settings\":{},\"margin\":{},\"by_nearest_unit\":{},\"nearest_unit_support\":{}}}",
            json_string(&units[summary.unit].name),
            json_string(&centroid.answer),
            centroid.support.0,
            centroid.support.1,
            centroid.mean,
            json_string(&nearest.answer),
            nearest.support.0
        )?;
    }
    for (unit, neighbour) in units.iter().zip(neighbours(comparison)) {
        let Some(neighbour) = neighbour else { continue };
        writeln!(
            out,
            "{{\"record\":\"neighbour\",\"unit\":{},\"words\":{},\"nearest\":{},\"support\":{},\"settings\":{},\"distance\":{}}}",
            json_string(&unit.name),
            unit.words,
            json_string(&neighbour.answer),
            neighbour.support.0,
            neighbour.support.1,
            neighbour.mean
        )?;
    }
    for result in &comparison.results {
        let loo = &result.leave_one_out;
        let mut line = String::new();
        let number = |value: Option<f64>| value.map_or("null".to_string(), |v| v.to_string());
        let _ = write!(
            line,
            "{{\"record\":\"accuracy\",\"mfw\":{},\"words\":{},\"units\":{},\"by_centroid\":{},\"by_nearest_unit\":{}}}",
            result.mfw,
            result.words.len(),
            loo.units,
            number(loo.centroid_accuracy()),
            number(loo.nearest_unit_accuracy())
        );
        writeln!(out, "{line}")?;
    }
    for result in &comparison.results {
        let Some(pca) = &result.pca else { continue };
        for (unit, scores) in units.iter().zip(&pca.scores) {
            let scores: Vec<String> = scores.iter().map(|s| s.to_string()).collect();
            writeln!(
                out,
                "{{\"record\":\"pca\",\"mfw\":{},\"unit\":{},\"scores\":[{}],\"explained\":[{}]}}",
                result.mfw,
                json_string(&unit.name),
                scores.join(","),
                pca.explained
                    .iter()
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
                    .join(",")
            )?;
        }
    }
    for (unit, words) in units.iter().zip(&comparison.keywords) {
        for (rank, keyword) in words.iter().enumerate() {
            writeln!(
                out,
                "{{\"record\":\"keyword\",\"unit\":{},\"word\":{},\"rank\":{},\"count\":{},\"count_rest\":{},\"g2\":{},\"log_ratio\":{}}}",
                json_string(&unit.name),
                json_string(&keyword.word),
                rank + 1,
                keyword.count,
                keyword.count_rest,
                keyword.g2,
                keyword.log_ratio
            )?;
        }
    }
    if let Some(zeta) = &comparison.zeta {
        for (group, markers) in [
            (&zeta.oppose.a, &zeta.markers_a),
            (&zeta.oppose.b, &zeta.markers_b),
        ] {
            for marker in markers {
                writeln!(
                    out,
                    "{{\"record\":\"zeta\",\"group\":{},\"word\":{},\"in_a\":{},\"in_b\":{},\"zeta\":{}}}",
                    json_string(group),
                    json_string(&marker.word),
                    marker.in_a,
                    marker.in_b,
                    marker.zeta
                )?;
            }
        }
    }
    Ok(())
}

/// A row of the `distances` table.
#[derive(Clone, Debug, PartialEq)]
pub struct DistanceRow<'a> {
    pub unit_a: &'a str,
    pub unit_b: &'a str,
    pub measure: &'static str,
    /// The MFW setting, and the words it used (fewer when the culling left fewer).
    pub mfw: usize,
    pub words: usize,
    pub value: f64,
}

impl DistanceRow<'_> {
    pub const COLUMNS: [&'static str; 6] = ["unit_a", "unit_b", "measure", "mfw", "words", "value"];

    pub fn fields(&self) -> [String; 6] {
        [
            self.unit_a.to_string(),
            self.unit_b.to_string(),
            self.measure.to_string(),
            self.mfw.to_string(),
            self.words.to_string(),
            self.value.to_string(),
        ]
    }
}

/// The rows of the `distances` table: every pair of units (each pair once), for
/// each distance and MFW setting, one at a time (thousands of units make millions
/// of rows).
pub fn distance_rows(comparison: &Comparison) -> impl Iterator<Item = DistanceRow<'_>> {
    comparison
        .results
        .iter()
        .flat_map(|result| setting_distance_rows(comparison, result))
}

/// The `distances` rows of one MFW setting: the pairs the comparison kept
/// ([`super::Settings::all_distances`]), each once (`unit_a` before `unit_b` in the
/// units' order).
pub fn setting_distance_rows<'a>(
    comparison: &'a Comparison,
    result: &'a super::MfwResult,
) -> impl Iterator<Item = DistanceRow<'a>> {
    let units = &comparison.units;
    result.distances.iter().flat_map(move |(distance, pairs)| {
        pairs.iter().map(move |&(a, b, value)| DistanceRow {
            unit_a: &units[a as usize].name,
            unit_b: &units[b as usize].name,
            measure: distance.name(),
            mfw: result.mfw,
            words: result.words.len(),
            value,
        })
    })
}
