//! Compare: stylometry over the units of a run (voices, documents or authors). The
//! steps: [`units`] counts each unit's words; [`table`] ranks the most frequent words
//! (MFW), culls them and makes the table of relative frequencies and z-scores;
//! [`distance`] holds stylo's distances; [`attribute`] finds nearest neighbours and
//! attributes units of unknown author, with a leave-one-out accuracy; [`cluster`]
//! builds the tree. [`compare`] runs them for every MFW setting, in parallel.
//! Nothing here calls Polars: the tables stage writes the `distances` rows.

pub mod attribute;
pub mod cluster;
pub mod consensus;
pub mod distance;
pub mod distinctive;
pub mod features;
pub mod matrix;
pub mod pairs;
pub mod pca;
pub mod print;
pub mod table;
pub mod units;

use crate::segment::Vocabulary;
use attribute::{Attribution, LeaveOneOut};
use cluster::{Linkage, Merge};
use distance::{CarriedDots, Distance};
use matrix::DistanceMatrix;
use table::{FrequencyTable, Ranking};
use units::Unit;

/// What to compare and how.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The MFW settings, each a number of most frequent words.
    pub mfw: Vec<usize>,
    /// Keep only words used by at least this percentage of the units.
    pub culling: f64,
    /// The distances to compute; the first is the one the analyses use.
    pub distances: Vec<Distance>,
    pub linkage: Linkage,
    /// Two groups for Craig's Zeta (an author's units, or a unit by name), the
    /// length of the slices their texts are cut into, and the threshold.
    pub oppose: Option<Oppose>,
    /// Distinctive words listed per unit.
    pub keywords: usize,
    /// On what the principal components are computed.
    pub pca: pca::Scaling,
    /// Words or character n-grams.
    pub features: features::Features,
    /// Compare a random sample of this many words of each unit.
    pub sample: Option<usize>,
    /// Units with fewer words are left out (with a warning): their profiles are
    /// noise, and with thousands of minor voices the pairs would swamp the rest.
    pub min_words: u64,
    /// Keep every pair's distance at every setting (`voices compare` prints them
    /// all); else, beyond [`pairs::FULL_MATRIX_UNITS`] units, each unit's nearest
    /// ([`pairs::KeptPairs`]: what `voices report` keeps unless `--all-distances`).
    pub all_distances: bool,
}

impl Settings {
    /// Whether the units must keep their words in order ([`units::UnitCounter::keep_order`]).
    pub fn needs_order(&self) -> bool {
        self.oppose.is_some() || self.sample.is_some() || self.features != features::Features::Words
    }
}

/// Craig's Zeta between two groups (stylo's `oppose()`).
#[derive(Clone, Debug, PartialEq)]
pub struct Oppose {
    pub a: String,
    pub b: String,
    /// Words per slice (stylo's default is 3,000).
    pub slice: usize,
    /// Words with |zeta| at least this are markers (stylo: 0.1).
    pub threshold: f64,
}

impl Comparison {
    /// The units' names.
    pub fn names(&self) -> Vec<String> {
        self.units.iter().map(|unit| unit.name.clone()).collect()
    }

    /// The trees a report can draw, in Newick format: each setting's (`Some(mfw)`)
    /// and the consensus (None) when there are several settings.
    pub fn trees(&self) -> Vec<(Option<usize>, String)> {
        let names = self.names();
        let mut trees: Vec<(Option<usize>, String)> = self
            .results
            .iter()
            .map(|result| (Some(result.mfw), consensus::newick(&result.tree, &names)))
            .collect();
        if self.results.len() > 1 {
            trees.push((None, consensus::consensus_newick(&self.consensus, &names)));
        }
        trees
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            mfw: vec![100, 200, 300, 400, 500, 600, 700, 800, 900, 1000],
            culling: 0.0,
            distances: vec![Distance::CosineDelta],
            linkage: Linkage::Ward,
            oppose: None,
            keywords: 20,
            pca: pca::Scaling::Correlation,
            features: features::Features::Words,
            sample: None,
            min_words: 100,
            all_distances: true,
        }
    }
}

/// The most MFW settings one run compares. Each setting is a whole comparison (the
/// distances of every pair of units, the tree, the attributions, leave-one-out,
/// PCA) and its rows in `distances`: `--mfw 1..100000:1` once asked for 100,000 of
/// them and 12 GB. stylo's own examples range over a few dozen at most.
pub const MAX_MFW_SETTINGS: usize = 100;

/// The most words a setting can ask for: more than any corpus's vocabulary keeps
/// after culling (the English Wikipedia has about two million word forms), and a
/// setting above the vocabulary uses the whole vocabulary anyway.
pub const MAX_MFW_WORDS: usize = 10_000_000;

/// `300`, or a range `100..1000:100` (start, end included, step; the step is 100
/// when left out); at most [`MAX_MFW_SETTINGS`] settings of at most
/// [`MAX_MFW_WORDS`] words.
pub fn parse_mfw(spec: &str) -> Result<Vec<usize>, String> {
    let number = |text: &str| {
        let number = text
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|&n| n > 0)
            .ok_or_else(|| format!("`{text}` is not a positive number of words"))?;
        if number > MAX_MFW_WORDS {
            return Err(format!(
                "`{text}` words: at most {MAX_MFW_WORDS} (no vocabulary is larger)"
            ));
        }
        Ok(number)
    };
    let Some((start, rest)) = spec.split_once("..") else {
        return Ok(vec![number(spec)?]);
    };
    let (end, step) = match rest.split_once(':') {
        Some((end, step)) => (number(end)?, number(step)?),
        None => (number(rest)?, 100),
    };
    let start = number(start)?;
    if end < start {
        return Err(format!("the range `{spec}` ends before it starts"));
    }
    let settings = (end - start) / step + 1;
    if settings > MAX_MFW_SETTINGS {
        return Err(format!(
            "the range `{spec}` makes {settings} settings, at most {MAX_MFW_SETTINGS} \
             (each is a whole comparison): take a larger step"
        ));
    }
    Ok((start..=end).step_by(step).collect())
}

/// The results for one MFW setting.
#[derive(Clone, Debug)]
pub struct MfwResult {
    /// The setting asked for.
    pub mfw: usize,
    /// The words used: at most `mfw` (fewer when fewer pass the culling).
    pub words: Vec<String>,
    /// For each distance of the settings (in order), the pairs kept
    /// ([`Settings::all_distances`]): `(a, b, distance)`, unit `a` before `b`.
    pub distances: Vec<(Distance, pairs::Pairs)>,
    /// For the first setting only, the distances among the largest units: what
    /// the chart of the distances draws.
    pub largest: Option<LargestUnits>,
    /// With the first distance: each unit's nearest other unit.
    pub neighbours: Vec<Option<(usize, f64)>>,
    pub attributions: Vec<Attribution>,
    pub leave_one_out: LeaveOneOut,
    pub tree: Vec<Merge>,
    /// The first three principal components (None for fewer than 3 units).
    pub pca: Option<pca::Pca>,
}

/// The chart of the distances shows at most this many units, those of most words.
pub const HEATMAP_UNITS: usize = 40;

/// The distances among the [`HEATMAP_UNITS`] units of most words (all of them when
/// there are fewer), at the first distance: a 40 × 40 matrix kept, where keeping the
/// whole matrix of thousands of voices took tens of MB to the end of the run.
#[derive(Clone, Debug, PartialEq)]
pub struct LargestUnits {
    /// By index, in increasing order.
    pub units: Vec<usize>,
    /// Between `units[a]` and `units[b]`.
    pub distances: Vec<Vec<f64>>,
}

impl LargestUnits {
    fn of(units: &[Unit], matrix: &DistanceMatrix) -> Self {
        let mut chosen: Vec<usize> = (0..units.len()).collect();
        chosen.sort_by_key(|&unit| std::cmp::Reverse(units[unit].words));
        chosen.truncate(HEATMAP_UNITS);
        chosen.sort_unstable();
        let distances = chosen
            .iter()
            .map(|&a| chosen.iter().map(|&b| matrix.get(a, b)).collect())
            .collect();
        LargestUnits {
            units: chosen,
            distances,
        }
    }
}

/// Craig's Zeta markers of two groups.
#[derive(Clone, Debug)]
pub struct ZetaResult {
    pub oppose: Oppose,
    /// Slices of each group.
    pub slices: (usize, usize),
    pub markers_a: Vec<distinctive::ZetaWord>,
    pub markers_b: Vec<distinctive::ZetaWord>,
}

/// The comparison of a run's units.
#[derive(Clone, Debug)]
pub struct Comparison {
    pub units: Vec<Unit>,
    pub results: Vec<MfwResult>,
    /// Each unit's distinctive words against the others (keyness).
    pub keywords: Vec<Vec<distinctive::Keyword>>,
    /// The clades more than half of the settings' trees share (with two settings
    /// or more).
    pub consensus: Vec<consensus::ConsensusClade>,
    pub zeta: Option<ZetaResult>,
    /// Units too small for the comparison, and settings that ran out of words.
    pub warnings: Vec<String>,
}

/// Below this many words a unit's profile is unreliable, at 2,500 words too small
/// (Eder 2015 for English prose; Burrows 2002 worked with 1,500).
pub const RELIABLE_WORDS: u64 = 5000;
pub const MINIMUM_WORDS: u64 = 2500;

/// The units too small for a reliable comparison, in two warnings: those below
/// [`MINIMUM_WORDS`] and those below [`RELIABLE_WORDS`], each naming the units (the
/// first ten).
fn size_warnings(units: &[Unit]) -> Vec<String> {
    let list = |members: &[&Unit]| {
        let mut names: Vec<String> = members
            .iter()
            .take(10)
            .map(|unit| format!("{} ({})", unit.name, unit.words))
            .collect();
        if members.len() > 10 {
            names.push(format!("and {} more", members.len() - 10));
        }
        names.join(", ")
    };
    let too_small: Vec<&Unit> = units.iter().filter(|u| u.words < MINIMUM_WORDS).collect();
    let unreliable: Vec<&Unit> = units
        .iter()
        .filter(|u| (MINIMUM_WORDS..RELIABLE_WORDS).contains(&u.words))
        .collect();
    let count = |members: &[&Unit]| match members.len() {
        1 => format!("1 of {} units has", units.len()),
        n => format!("{n} of {} units have", units.len()),
    };
    let mut warnings = Vec::new();
    if !too_small.is_empty() {
        warnings.push(format!(
            "{} fewer than {MINIMUM_WORDS} words, too few for a reliable profile (Eder 2015): {}",
            count(&too_small),
            list(&too_small)
        ));
    }
    if !unreliable.is_empty() {
        warnings.push(format!(
            "{} fewer than {RELIABLE_WORDS} words, where profiles become reliable (Eder 2015): {}",
            count(&unreliable),
            list(&unreliable)
        ));
    }
    warnings
}

/// Compares `units` (their word ids in `vocabulary`) at every MFW setting. When
/// [`Settings::needs_order`], the units must have kept their words in order.
pub fn compare(mut units: Vec<Unit>, vocabulary: &Vocabulary, settings: &Settings) -> Comparison {
    let mut warnings = Vec::new();
    let before = units.len();
    units.retain(|unit| unit.words >= settings.min_words);
    if units.len() < before {
        warnings.push(format!(
            "{} of {before} units have fewer than {} words and are left out (--min-words)",
            before - units.len(),
            settings.min_words
        ));
    }
    if settings.needs_order() {
        assert!(
            units
                .iter()
                .all(|unit| unit.sequence.len() as u64 == unit.words),
            "sampling, character n-grams and Zeta need the units' words in order"
        );
    }
    if let Some(size) = settings.sample {
        warnings.extend(features::sample(&mut units, size));
    }
    let grams;
    let vocabulary = match settings.features {
        features::Features::Words => vocabulary,
        features::Features::Chars(n) => {
            grams = features::char_ngrams(&mut units, vocabulary, n);
            &grams
        }
    };
    warnings.extend(size_warnings(&units));
    if units.len() < 2 {
        warnings.push("fewer than two units: nothing to compare".to_string());
        return Comparison {
            units,
            results: Vec::new(),
            keywords: Vec::new(),
            consensus: Vec::new(),
            zeta: None,
            warnings,
        };
    }
    let ranking = Ranking::new(&units, vocabulary);
    let kept = pairs::KeptPairs::for_units(units.len(), settings.all_distances);
    // Each distance's dot products, carried from a setting to the next that adds
    // words after the same ones (the default settings do).
    let mut carried: Vec<CarriedDots> = settings
        .distances
        .iter()
        .map(|_| CarriedDots::default())
        .collect();
    let mut carried_words: Vec<u32> = Vec::new();
    // One setting at a time, each using every core inside: settings side by side
    // held an n × n matrix and an n × MFW table each, which grew with the square of
    // the units (twenty copies of the British novels: 2,332 units, 43 MB a matrix).
    let results: Vec<MfwResult> = settings
        .mfw
        .iter()
        .enumerate()
        .map(|(index, &mfw)| {
            let words = ranking.most_frequent(mfw, settings.culling);
            if !words.starts_with(&carried_words) {
                carried
                    .iter_mut()
                    .for_each(|dots| *dots = CarriedDots::default());
            }
            carried_words.clone_from(&words);
            let table = FrequencyTable::new(&units, &words, vocabulary);
            let main = settings.distances[0];
            // What reads the table comes first. Then the table gives way to the
            // spaces the distances compare, and each space to its matrix, so that a
            // setting never holds the table, a space and a matrix at once (at 2,332
            // units, 19 MB, 19 MB and 22 MB).
            let attributions = attribute::attribute(&table, &units, main);
            let leave_one_out = attribute::leave_one_out(&table, &units, main);
            let pca = pca::pca(&table, settings.pca, 3);
            let spaces: Vec<Vec<Vec<f64>>> = settings
                .distances
                .iter()
                .map(|distance| distance.space(&table, None))
                .collect();
            let FrequencyTable { words, rows } = table;
            drop(rows);
            let mut matrices = settings.distances.iter().zip(spaces).zip(&mut carried).map(
                |((&distance, space), carried)| {
                    (distance, distance.matrix_carrying(&space, carried))
                },
            );
            // The first distance's matrix goes on to the tree, which consumes it; the
            // others are dropped once their pairs are kept.
            let (_, matrix) = matrices.next().expect("a comparison has a distance");
            let mut distances = vec![(main, kept.of(&matrix))];
            distances.extend(matrices.map(|(distance, matrix)| (distance, kept.of(&matrix))));
            let largest = (index == 0).then(|| LargestUnits::of(&units, &matrix));
            let neighbours = attribute::nearest_neighbours(&matrix);
            let tree = cluster::cluster(matrix, settings.linkage);
            MfwResult {
                mfw,
                words,
                distances,
                largest,
                neighbours,
                attributions,
                leave_one_out,
                pca,
                tree,
            }
        })
        .collect();
    // Half a matrix each, not needed past the settings.
    drop(carried);
    if let Some(&largest) = settings.mfw.iter().max() {
        let sparse: Vec<&Unit> = units.iter().filter(|u| u.counts.len() < largest).collect();
        if !sparse.is_empty() {
            let names: Vec<&str> = sparse.iter().take(10).map(|u| u.name.as_str()).collect();
            warnings.push(format!(
                "{} unit(s) use fewer distinct words than the largest setting ({largest} MFW), so most of their profile is zeros; compare them at fewer words or in larger units (Burrows 2002 worked with texts of 1,500 words and more): {}{}",
                sparse.len(),
                names.join(", "),
                if sparse.len() > 10 { ", ..." } else { "" }
            ));
        }
    }
    for result in &results {
        if result.words.len() < result.mfw {
            warnings.push(format!(
                "MFW {}: only {} words pass the culling; the setting uses them all",
                result.mfw,
                result.words.len()
            ));
        }
    }
    let keywords = distinctive::keywords(&units, vocabulary, settings.keywords);
    let trees: Vec<Vec<Merge>> = results.iter().map(|r| r.tree.clone()).collect();
    let consensus = match trees.len() {
        0 | 1 => Vec::new(),
        _ => consensus::consensus(&trees, units.len()),
    };
    let zeta = settings
        .oppose
        .as_ref()
        .and_then(|oppose| zeta(&units, vocabulary, oppose, &mut warnings));
    Comparison {
        units,
        results,
        keywords,
        consensus,
        zeta,
        warnings,
    }
}

/// Craig's Zeta between the two groups of `oppose`: the units whose author, or
/// else whose name, is the group's name.
fn zeta(
    units: &[Unit],
    vocabulary: &Vocabulary,
    oppose: &Oppose,
    warnings: &mut Vec<String>,
) -> Option<ZetaResult> {
    let group = |name: &str| -> Vec<&[u32]> {
        let by_author: Vec<&[u32]> = units
            .iter()
            .filter(|unit| unit.author.as_deref() == Some(name))
            .map(|unit| unit.sequence.as_slice())
            .collect();
        if !by_author.is_empty() {
            return by_author;
        }
        units
            .iter()
            .filter(|unit| unit.name == name)
            .map(|unit| unit.sequence.as_slice())
            .collect()
    };
    let (a, b) = (group(&oppose.a), group(&oppose.b));
    for (name, texts) in [(&oppose.a, &a), (&oppose.b, &b)] {
        if texts.is_empty() {
            warnings.push(format!("zeta: no unit or author is called `{name}`"));
            return None;
        }
    }
    let slices = |texts: &[&[u32]]| -> usize {
        texts
            .iter()
            .map(|text| {
                text.chunks(oppose.slice)
                    .filter(|c| c.len() * 2 >= oppose.slice)
                    .count()
            })
            .sum()
    };
    let (markers_a, markers_b) =
        distinctive::zeta(&a, &b, oppose.slice, oppose.threshold, vocabulary);
    let result = ZetaResult {
        oppose: oppose.clone(),
        slices: (slices(&a), slices(&b)),
        markers_a,
        markers_b,
    };
    if result.slices.0 < 2 || result.slices.1 < 2 {
        warnings.push(format!(
            "zeta: {} slices of {} words for `{}` and {} for `{}`; Zeta needs several slices per group",
            result.slices.0, oppose.slice, oppose.a, result.slices.1, oppose.b
        ));
    }
    Some(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mfw_settings_parse() {
        assert_eq!(parse_mfw("300"), Ok(vec![300]));
        assert_eq!(parse_mfw("100..500:200"), Ok(vec![100, 300, 500]));
        assert_eq!(parse_mfw("100..300"), Ok(vec![100, 200, 300]));
        assert!(parse_mfw("500..100").is_err());
        assert!(parse_mfw("lots").is_err());
        assert!(parse_mfw("0").is_err());
        assert_eq!(
            parse_mfw("1..100:1").map(|settings| settings.len()),
            Ok(100)
        );
        assert!(parse_mfw("1..4000000000:1").is_err());
        let too_many = parse_mfw("1..5000000:1").unwrap_err();
        assert!(too_many.contains("at most 100"), "{too_many}");
        assert!(parse_mfw("1..18446744073709551615:1").is_err());
        assert!(parse_mfw("99999999999").is_err());
    }

    /// Units of random counts of `words` words.
    fn random_units(count: usize, words: usize) -> (Vec<Unit>, crate::segment::Vocabulary) {
        let mut vocabulary = crate::segment::Vocabulary::default();
        let words: Vec<u32> = (0..words)
            .map(|word| vocabulary.intern(&format!("w{word}")))
            .collect();
        let mut random = crate::random::SplitMix64(7);
        let units = (0..count)
            .map(|unit| {
                let counts: Vec<(u32, u32)> = words
                    .iter()
                    .map(|&word| (word, 1 + random.below(50) as u32))
                    .collect();
                Unit {
                    name: format!("unit {unit}"),
                    author: Some(format!("author {unit}")),
                    words: counts.iter().map(|&(_, count)| u64::from(count)).sum(),
                    counts,
                    sequence: Vec::new(),
                }
            })
            .collect();
        (units, vocabulary)
    }

    /// The table is freed while a setting's distances are made: each distance of
    /// each setting is still the one of that setting's whole table, and the
    /// setting keeps the table's words. A setting that adds words to the one
    /// before adds their columns to its dot products (settings growing, 10 then
    /// 40 MFW): its cosine distances are the same sums in another order, so equal
    /// up to their last bits; every other distance, and every distance of settings
    /// that do not grow (40 then 10), bit for bit.
    #[test]
    fn every_distance_of_every_setting_is_that_of_its_table() {
        let (units, vocabulary) = random_units(12, 40);
        let ranking = Ranking::new(&units, &vocabulary);
        for mfw in [vec![10, 40], vec![40, 10]] {
            let settings = Settings {
                mfw,
                distances: vec![
                    Distance::CosineDelta,
                    Distance::EdersDelta,
                    Distance::Manhattan,
                    Distance::Cosine,
                ],
                ..Settings::default()
            };
            let comparison = compare(units.clone(), &vocabulary, &settings);
            for (index, result) in comparison.results.iter().enumerate() {
                let words = ranking.most_frequent(result.mfw, settings.culling);
                let table = FrequencyTable::new(&units, &words, &vocabulary);
                assert_eq!(result.words, table.words);
                assert_eq!(result.distances.len(), 4);
                let carried = index > 0 && settings.mfw[index] > settings.mfw[index - 1];
                for (distance, pairs) in &result.distances {
                    let matrix = distance.matrix(&table);
                    assert_eq!(pairs.len(), 12 * 11 / 2);
                    let cosine = matches!(distance, Distance::CosineDelta | Distance::Cosine);
                    for &(a, b, value) in pairs {
                        let expected = matrix.get(a as usize, b as usize);
                        let at = format!("{distance:?} at {} MFW", result.mfw);
                        match carried && cosine {
                            true => assert!((value - expected).abs() < 1e-12, "{at}"),
                            false => assert_eq!(value, expected, "{at}"),
                        }
                    }
                }
            }
        }
    }

    /// 120 units of random word counts: with `all_distances` off, each setting keeps
    /// each unit's nearest (every unit in at least [`pairs::NEAREST_KEPT`] pairs, far
    /// fewer pairs than the 7,140 of the whole matrix), and the analyses still see
    /// every pair (each unit's neighbour is its nearest in the whole matrix).
    #[test]
    fn beyond_a_hundred_units_a_comparison_keeps_each_units_nearest() {
        let (units, vocabulary) = random_units(120, 60);
        let settings = |all_distances| Settings {
            mfw: vec![30, 60],
            all_distances,
            ..Settings::default()
        };
        let all = compare(units.clone(), &vocabulary, &settings(true));
        let nearest = compare(units, &vocabulary, &settings(false));
        for (all, nearest) in all.results.iter().zip(&nearest.results) {
            assert_eq!(all.distances[0].1.len(), 120 * 119 / 2);
            let kept = &nearest.distances[0].1;
            assert!(kept.len() < 120 * 119 / 4, "{} pairs kept", kept.len());
            for unit in 0..120u32 {
                let pairs = kept.iter().filter(|&&(a, b, _)| a == unit || b == unit);
                assert!(pairs.count() >= pairs::NEAREST_KEPT, "unit {unit}");
            }
            assert_eq!(all.neighbours, nearest.neighbours);
        }
        assert!(nearest.results[0].largest.is_some() && nearest.results[1].largest.is_none());
    }
}
