//! Distinctive words: what a unit says more than the others.
//!
//! - Keyness: Dunning's log-likelihood G² of each word in a unit against all the
//!   other units together (Dunning 1993; Rayson and Garside 2000), with the log
//!   ratio as its effect size (Hardie 2014: log₂ of the ratio of relative
//!   frequencies, a zero count taken as 0.5).
//! - Zeta: Craig's Zeta between two groups of units, as stylo's `oppose()`: each
//!   group's texts cut into slices, and for each word the share of group A's slices
//!   that use it minus the share of group B's (Craig and Kinney 2009); words above
//!   the threshold are A's markers, below its negative B's.

use super::units::Unit;
use crate::hashing::FastMap;
use crate::segment::Vocabulary;

/// G² above this is significant at p < 0.0001 with one degree of freedom (the
/// cut-off Rayson recommends for corpus comparison).
pub const SIGNIFICANT_G2: f64 = 15.13;

/// A word a unit uses more than the rest.
#[derive(Clone, Debug, PartialEq)]
pub struct Keyword {
    pub word: String,
    /// Its count in the unit and in all the other units.
    pub count: u64,
    pub count_rest: u64,
    /// Dunning's log-likelihood.
    pub g2: f64,
    /// log₂ of (relative frequency in the unit / in the rest).
    pub log_ratio: f64,
}

/// Dunning's G² for a word seen `a` times in `c` words and `b` times in `d` words.
pub fn log_likelihood(a: u64, b: u64, c: u64, d: u64) -> f64 {
    let (a, b, c, d) = (a as f64, b as f64, c as f64, d as f64);
    let expected_a = c * (a + b) / (c + d);
    let expected_b = d * (a + b) / (c + d);
    let term = |observed: f64, expected: f64| {
        if observed > 0.0 {
            observed * (observed / expected).ln()
        } else {
            0.0
        }
    };
    2.0 * (term(a, expected_a) + term(b, expected_b))
}

/// Hardie's log ratio, zero counts taken as 0.5.
pub fn log_ratio(a: u64, b: u64, c: u64, d: u64) -> f64 {
    let a = if a == 0 { 0.5 } else { a as f64 };
    let b = if b == 0 { 0.5 } else { b as f64 };
    ((a / c as f64) / (b / d as f64)).log2()
}

/// Each unit's words used significantly more than in the other units, strongest
/// first, at most `limit` per unit.
pub fn keywords(units: &[Unit], vocabulary: &Vocabulary, limit: usize) -> Vec<Vec<Keyword>> {
    let mut totals: FastMap<u32, u64> = FastMap::default();
    for unit in units {
        for &(word, count) in &unit.counts {
            *totals.entry(word).or_default() += u64::from(count);
        }
    }
    let all_words: u64 = units.iter().map(|unit| unit.words).sum();
    units
        .iter()
        .map(|unit| {
            let c = unit.words;
            let d = all_words - c;
            if c == 0 || d == 0 {
                return Vec::new();
            }
            let mut found: Vec<Keyword> = unit
                .counts
                .iter()
                .filter_map(|&(word, count)| {
                    let a = u64::from(count);
                    let b = totals[&word] - a;
                    // Only words the unit overuses.
                    if (a as f64) / (c as f64) <= (b as f64) / (d as f64) {
                        return None;
                    }
                    let g2 = log_likelihood(a, b, c, d);
                    (g2 >= SIGNIFICANT_G2).then(|| Keyword {
                        word: vocabulary.form(word).to_string(),
                        count: a,
                        count_rest: b,
                        g2,
                        log_ratio: log_ratio(a, b, c, d),
                    })
                })
                .collect();
            found.sort_by(|x, y| y.g2.total_cmp(&x.g2).then_with(|| x.word.cmp(&y.word)));
            found.truncate(limit);
            found
        })
        .collect()
}

/// A word's Craig's Zeta between two groups.
#[derive(Clone, Debug, PartialEq)]
pub struct ZetaWord {
    pub word: String,
    /// Share of group A's slices that use it, and of group B's.
    pub in_a: f64,
    pub in_b: f64,
    /// in_a − in_b: from −1 (only B) to 1 (only A).
    pub zeta: f64,
}

/// Words in order, cut into slices of `size` words (the last, shorter one kept
/// when it has at least half a slice, as stylo's `make.samples` would not lose it).
fn slices(texts: &[&[u32]], size: usize) -> Vec<Vec<u32>> {
    let mut slices = Vec::new();
    for text in texts {
        for chunk in text.chunks(size) {
            if chunk.len() * 2 >= size {
                let mut distinct = chunk.to_vec();
                distinct.sort_unstable();
                distinct.dedup();
                slices.push(distinct);
            }
        }
    }
    slices
}

/// Craig's Zeta between group A's texts and group B's (each a word sequence),
/// cut into slices of `slice` words: the words with |zeta| at least `threshold`,
/// A's markers (most positive first) and B's (most negative first).
pub fn zeta(
    group_a: &[&[u32]],
    group_b: &[&[u32]],
    slice: usize,
    threshold: f64,
    vocabulary: &Vocabulary,
) -> (Vec<ZetaWord>, Vec<ZetaWord>) {
    let (a, b) = (slices(group_a, slice), slices(group_b, slice));
    if a.is_empty() || b.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let mut shares: FastMap<u32, (u32, u32)> = FastMap::default();
    for words in &a {
        for &word in words {
            shares.entry(word).or_default().0 += 1;
        }
    }
    for words in &b {
        for &word in words {
            shares.entry(word).or_default().1 += 1;
        }
    }
    let scored: Vec<ZetaWord> = shares
        .into_iter()
        .map(|(word, (in_a, in_b))| {
            let in_a = f64::from(in_a) / a.len() as f64;
            let in_b = f64::from(in_b) / b.len() as f64;
            ZetaWord {
                word: vocabulary.form(word).to_string(),
                in_a,
                in_b,
                zeta: in_a - in_b,
            }
        })
        .filter(|word| word.zeta.abs() >= threshold)
        .collect();
    let (mut markers_a, mut markers_b): (Vec<ZetaWord>, Vec<ZetaWord>) =
        scored.into_iter().partition(|word| word.zeta > 0.0);
    markers_a.sort_by(|x, y| y.zeta.total_cmp(&x.zeta).then_with(|| x.word.cmp(&y.word)));
    markers_b.sort_by(|x, y| x.zeta.total_cmp(&y.zeta).then_with(|| x.word.cmp(&y.word)));
    (markers_a, markers_b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_likelihood_and_log_ratio_by_hand() {
        // a = 10 in c = 1,000; b = 10 in d = 9,000. E1 = 2, E2 = 18.
        let expected = 2.0 * (10.0 * (10.0f64 / 2.0).ln() + 10.0 * (10.0f64 / 18.0).ln());
        assert!((log_likelihood(10, 10, 1000, 9000) - expected).abs() < 1e-12);
        // Rates 1% against 0.111%: nine times, log₂ 9.
        assert!((log_ratio(10, 10, 1000, 9000) - 9f64.log2()).abs() < 1e-12);
        // A word the rest never uses: its count is taken as 0.5.
        assert!((log_ratio(10, 0, 1000, 9000) - (0.01f64 / (0.5 / 9000.0)).log2()).abs() < 1e-9);
        assert_eq!(log_likelihood(0, 0, 10, 10), 0.0);
    }

    #[test]
    fn zeta_finds_each_groups_markers() {
        let mut vocabulary = Vocabulary::default();
        let [the, upon, on, whilst] = ["the", "upon", "on", "whilst"].map(|w| vocabulary.intern(w));
        // Group A: `upon` in every slice; B: `on` and `whilst`; `the` in both.
        let a: Vec<u32> = [the, upon, the, upon].repeat(5);
        let b: Vec<u32> = [the, on, whilst, the].repeat(5);
        let (for_a, for_b) = zeta(&[&a], &[&b], 4, 0.1, &vocabulary);
        assert_eq!(
            for_a.iter().map(|w| w.word.as_str()).collect::<Vec<_>>(),
            ["upon"]
        );
        assert_eq!(for_a[0].zeta, 1.0);
        let b_words: Vec<&str> = for_b.iter().map(|w| w.word.as_str()).collect();
        assert_eq!(b_words, ["on", "whilst"]);
    }
}
