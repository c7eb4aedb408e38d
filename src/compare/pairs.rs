//! Which pairs of units a comparison keeps once its analyses are done: every pair,
//! or, for a report over many units, each unit's nearest. The analyses (neighbours,
//! attributions, trees) use every pair; what is kept is what is exported, and what
//! stays in memory until the end of the run.

use super::matrix::DistanceMatrix;
use crate::offsets::narrow;

/// Up to this many units a report keeps every pair: 4,950 pairs for each distance and
/// setting, a matrix one can still read or plot.
pub const FULL_MATRIX_UNITS: usize = 100;

/// Beyond [`FULL_MATRIX_UNITS`], the pairs a report keeps for each unit: its nearest
/// others, what one looks up a voice for. A thousand voices at ten settings are five
/// million pairs, most of them between voices no one compares (40 MB for the 26
/// British novels, larger than their text, and as much again in memory).
pub const NEAREST_KEPT: usize = 10;

/// Pairs of units (by index, the first before the second) and their distance.
pub type Pairs = Vec<(u32, u32, f64)>;

/// Which pairs of units a comparison keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeptPairs {
    All,
    /// The pairs in which either unit is among the other's `n` nearest (at that
    /// distance and setting).
    Nearest(usize),
}

impl KeptPairs {
    /// Every pair up to [`FULL_MATRIX_UNITS`] units or when `all` are asked for, else
    /// each unit's [`NEAREST_KEPT`] nearest.
    pub fn for_units(units: usize, all: bool) -> KeptPairs {
        if all || units <= FULL_MATRIX_UNITS {
            KeptPairs::All
        } else {
            KeptPairs::Nearest(NEAREST_KEPT)
        }
    }

    /// The pairs kept of `matrix`: `(a, b, distance)`, `a < b`, in order.
    pub fn of(self, matrix: &DistanceMatrix) -> Pairs {
        let units = matrix.len();
        let pairs = match self {
            KeptPairs::All => (0..units)
                .flat_map(|a| (a + 1..units).map(move |b| (a, b)))
                .collect(),
            KeptPairs::Nearest(n) => nearest_pairs(matrix, n),
        };
        pairs
            .into_iter()
            .map(|(a, b)| (narrow(a), narrow(b), matrix.get(a, b)))
            .collect()
    }
}

/// The pairs `(a, b)`, `a < b`, in which one unit is among the other's `n` nearest
/// by `matrix` (ties to the earlier unit; a distance that is not a number is the
/// farthest), in order.
fn nearest_pairs(matrix: &DistanceMatrix, n: usize) -> Vec<(usize, usize)> {
    let units = matrix.len();
    let mut pairs = Vec::with_capacity(units * n);
    let mut others: Vec<usize> = Vec::with_capacity(units);
    for a in 0..units {
        others.clear();
        others.extend((0..units).filter(|&b| b != a));
        let distance = |b: &usize| {
            let value = matrix.get(a, *b);
            if value.is_nan() { f64::INFINITY } else { value }
        };
        let nearer = |x: &usize, y: &usize| distance(x).total_cmp(&distance(y)).then(x.cmp(y));
        if n < others.len() {
            others.select_nth_unstable_by(n, nearer);
        }
        pairs.extend(others.iter().take(n).map(|&b| (a.min(b), a.max(b))));
    }
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pair_is_kept_when_either_unit_is_among_the_others_nearest() {
        // Four units on a line at 0, 1, 3 and 10: each one's nearest other.
        let at = [0.0f64, 1.0, 3.0, 10.0];
        let matrix = DistanceMatrix::from_fn(at.len(), |a, b| (at[a] - at[b]).abs());
        // 0 → 1, 1 → 0, 3 → 1, 10 → 3.
        assert_eq!(nearest_pairs(&matrix, 1), vec![(0, 1), (1, 2), (2, 3)]);
        assert_eq!(
            nearest_pairs(&matrix, 2),
            vec![(0, 1), (0, 2), (1, 2), (1, 3), (2, 3)]
        );
        assert_eq!(nearest_pairs(&matrix, 3).len(), 6, "every pair");
    }

    #[test]
    fn a_distance_that_is_not_a_number_is_the_farthest_and_ties_go_to_the_earlier_unit() {
        let nan = f64::NAN;
        let matrix = DistanceMatrix::from_rows(&[
            vec![0.0, nan, 2.0, 2.0],
            vec![nan, 0.0, nan, nan],
            vec![2.0, nan, 0.0, 5.0],
            vec![2.0, nan, 5.0, 0.0],
        ]);
        // Unit 0: 2 and 3 tie, 2 comes first; unit 1 has only NaNs: the first other.
        assert_eq!(nearest_pairs(&matrix, 1), vec![(0, 1), (0, 2), (0, 3)]);
    }

    #[test]
    fn the_whole_matrix_is_kept_up_to_a_hundred_units_or_when_asked() {
        assert_eq!(
            KeptPairs::for_units(FULL_MATRIX_UNITS, false),
            KeptPairs::All
        );
        assert_eq!(
            KeptPairs::for_units(FULL_MATRIX_UNITS + 1, false),
            KeptPairs::Nearest(NEAREST_KEPT)
        );
        assert_eq!(KeptPairs::for_units(5000, true), KeptPairs::All);
        let matrix = DistanceMatrix::from_rows(&[
            vec![0.0, 1.0, 2.0],
            vec![1.0, 0.0, 3.0],
            vec![2.0, 3.0, 0.0],
        ]);
        assert_eq!(
            KeptPairs::All.of(&matrix),
            vec![(0, 1, 1.0), (0, 2, 2.0), (1, 2, 3.0)]
        );
        assert_eq!(
            KeptPairs::Nearest(1).of(&matrix),
            vec![(0, 1, 1.0), (0, 2, 2.0)]
        );
    }
}
