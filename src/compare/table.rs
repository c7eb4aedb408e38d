//! The table stylometry compares: one row per unit, one column per most frequent
//! word, as relative frequencies in percent (stylo's `make.table.of.frequencies`),
//! and the same table as z-scores.
//!
//! Words are ranked by their count over all the units compared (ties in alphabetical
//! order); culling keeps a word only when at least `culling` percent of the units use
//! it, and is applied before the table is cut to its most frequent words, as stylo
//! does.

use super::units::Unit;
use crate::segment::Vocabulary;

/// Relative frequencies (percent) of the most frequent words of a set of units.
#[derive(Clone, Debug)]
pub struct FrequencyTable {
    /// The words, most frequent first.
    pub words: Vec<String>,
    /// One row per unit, one value per word.
    pub rows: Vec<Vec<f64>>,
}

/// The ranked features of a set of units: every word, most frequent first, with the
/// number of units that use it.
pub struct Ranking {
    /// (word id, total count, units using it), most frequent first.
    ranked: Vec<(u32, u64, usize)>,
    units: usize,
}

impl Ranking {
    pub fn new(units: &[Unit], vocabulary: &Vocabulary) -> Self {
        let mut totals = vec![(0u64, 0usize); vocabulary.len()];
        for unit in units {
            for &(word, count) in &unit.counts {
                let total = &mut totals[word as usize];
                total.0 += u64::from(count);
                total.1 += 1;
            }
        }
        let mut ranked: Vec<(u32, u64, usize)> = totals
            .into_iter()
            .enumerate()
            .filter(|(_, (count, _))| *count > 0)
            .map(|(word, (count, units))| (crate::offsets::narrow(word), count, units))
            .collect();
        ranked.sort_by(|a, b| {
            b.1.cmp(&a.1)
                .then_with(|| vocabulary.form(a.0).cmp(vocabulary.form(b.0)))
        });
        Ranking {
            ranked,
            units: units.len(),
        }
    }

    /// The `mfw` most frequent words used by at least `culling` percent of the
    /// units (fewer when the units have fewer such words).
    pub fn most_frequent(&self, mfw: usize, culling: f64) -> Vec<u32> {
        let needed = (culling / 100.0 * self.units as f64).ceil() as usize;
        self.ranked
            .iter()
            .filter(|&&(_, _, units)| units >= needed)
            .take(mfw)
            .map(|&(word, _, _)| word)
            .collect()
    }
}

impl FrequencyTable {
    /// The relative frequencies of `words` in each unit.
    pub fn new(units: &[Unit], words: &[u32], vocabulary: &Vocabulary) -> Self {
        let column: crate::hashing::FastMap<u32, usize> = words
            .iter()
            .enumerate()
            .map(|(index, &word)| (word, index))
            .collect();
        let rows = units
            .iter()
            .map(|unit| {
                let mut row = vec![0.0; words.len()];
                let total = unit.words.max(1) as f64;
                for &(word, count) in &unit.counts {
                    if let Some(&index) = column.get(&word) {
                        row[index] = 100.0 * f64::from(count) / total;
                    }
                }
                row
            })
            .collect();
        FrequencyTable {
            words: words
                .iter()
                .map(|&word| vocabulary.form(word).to_string())
                .collect(),
            rows,
        }
    }

    /// The table as z-scores: each column centred on its mean and divided by its
    /// sample standard deviation (n − 1, R's `scale`), both taken over the rows
    /// marked in `reference` (all rows when None, or when fewer than two are
    /// marked). stylo's `stylo()` standardizes on every text; its `classify()` on
    /// the training set only, so that the texts to attribute do not shape the space
    /// they are attributed in. A column that does not vary is all zeros (R would give
    /// NaN).
    pub fn z_scores(&self, reference: Option<&[bool]>) -> Vec<Vec<f64>> {
        let marked: Vec<&Vec<f64>> = match reference {
            Some(reference) if reference.iter().filter(|&&r| r).count() >= 2 => self
                .rows
                .iter()
                .zip(reference)
                .filter(|(_, r)| **r)
                .map(|(row, _)| row)
                .collect(),
            _ => self.rows.iter().collect(),
        };
        let n = marked.len() as f64;
        // A unit outside the reference can lie far beyond anything in it (a word
        // it alone uses often, that the reference barely has): its z-score is
        // capped at the largest one the reference could hold itself, (m − 1)/√m.
        let cap = match reference {
            Some(_) if marked.len() < self.rows.len() => (n - 1.0) / n.sqrt(),
            _ => f64::INFINITY,
        };
        let mut z = self.rows.clone();
        for column in 0..self.words.len() {
            let mean = marked.iter().map(|row| row[column]).sum::<f64>() / n;
            let variance = marked
                .iter()
                .map(|row| (row[column] - mean).powi(2))
                .sum::<f64>()
                / (n - 1.0);
            let sd = variance.sqrt();
            for row in &mut z {
                row[column] = if sd > 0.0 {
                    ((row[column] - mean) / sd).clamp(-cap, cap)
                } else {
                    0.0
                };
            }
        }
        z
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// z-scores over the first three rows; the fourth, outside, is capped at what
    /// three rows could reach, (3 − 1)/√3.
    #[test]
    fn z_scores_over_a_reference_cap_the_units_outside_it() {
        let table = FrequencyTable {
            words: vec!["darcy".to_string()],
            rows: vec![vec![0.0], vec![0.0], vec![0.3], vec![9.0]],
        };
        let z = table.z_scores(Some(&[true, true, true, false]));
        // Mean 0.1, SD √0.03.
        assert!((z[2][0] - 0.2 / 0.03f64.sqrt()).abs() < 1e-12);
        assert!((z[3][0] - 2.0 / 3f64.sqrt()).abs() < 1e-12);
        // Over all the rows, nothing is capped.
        let all = table.z_scores(None);
        assert!(all[3][0] > 1.4 && all[3][0] < 1.5);
    }
}
