//! Stylometric distances, with stylo's formulas (R package stylo 0.7, `R/dist.*.R`
//! and `stylo.R`).
//!
//! Each distance compares units in a space made from the frequency table (z-scores,
//! weighted z-scores, frequencies, their square roots...), so that the centroid of an
//! author's units is a point of the same space ([`Distance::space`], then
//! [`Distance::between`]). Frequencies are percentages, as stylo's.

use super::matrix::DistanceMatrix;
use super::table::FrequencyTable;

/// A distance between two units.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Distance {
    /// Burrows's Delta: the mean absolute difference of z-scores (stylo `dist.delta`).
    ClassicDelta,
    /// Cosine Delta (Würzburg): one minus the cosine of the z-score vectors (stylo
    /// `dist.wurzburg`); the best of the Delta family in Evert et al. 2017.
    CosineDelta,
    /// Eder's Delta: absolute z differences weighted by the word's reverse rank,
    /// (n − i + 1 + 1)/n for the i-th word of n (stylo `dist.eder`).
    EdersDelta,
    /// Eder's Simple: the Manhattan distance of the square roots of the
    /// frequencies (stylo `dist.simple`).
    EdersSimple,
    /// Quadratic Delta: the Euclidean distance of z-scores divided by the number of
    /// words. stylo calls it "Argamon's Linear Delta" (`dist.argamon`), but it is
    /// Argamon's (2008) quadratic Delta, up to a monotone transformation (its
    /// ranking of units is the same); the linear one is Classic Delta.
    QuadraticDelta,
    /// Σ |a − b| of the frequencies.
    Manhattan,
    /// √Σ (a − b)² of the frequencies.
    Euclidean,
    /// Σ |a − b| / (|a| + |b|) of the frequencies, as R's `dist`: terms with a zero
    /// denominator are left out and the sum scaled up to all the words.
    Canberra,
    /// One minus the cosine of the frequency vectors (stylo `dist.cosine`).
    Cosine,
    /// Min-Max (Ruzicka): 1 − Σ min(a, b) / Σ max(a, b) (stylo `dist.minmax`).
    MinMax,
    /// Entropy distance (stylo `dist.entropy`): the Manhattan distance of
    /// log(f + 2) divided by the entropy of the word's smoothed distribution over
    /// the units.
    Entropy,
}

impl Distance {
    pub const ALL: [Distance; 11] = [
        Distance::CosineDelta,
        Distance::ClassicDelta,
        Distance::EdersDelta,
        Distance::EdersSimple,
        Distance::QuadraticDelta,
        Distance::Manhattan,
        Distance::Euclidean,
        Distance::Canberra,
        Distance::Cosine,
        Distance::MinMax,
        Distance::Entropy,
    ];

    /// Its name in the `distances` table and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Distance::ClassicDelta => "classic_delta",
            Distance::CosineDelta => "cosine_delta",
            Distance::EdersDelta => "eders_delta",
            Distance::EdersSimple => "eders_simple",
            Distance::QuadraticDelta => "quadratic_delta",
            Distance::Manhattan => "manhattan",
            Distance::Euclidean => "euclidean",
            Distance::Canberra => "canberra",
            Distance::Cosine => "cosine",
            Distance::MinMax => "minmax",
            Distance::Entropy => "entropy",
        }
    }

    /// The distance called `name`: its own name, or stylo's (`delta`, `wurzburg`,
    /// `argamon`, `eder`, `simple`, with or without `dist.`).
    pub fn parse(name: &str) -> Option<Distance> {
        let name = name.trim().to_lowercase().replace(['-', ' '], "_");
        let name = name.strip_prefix("dist.").unwrap_or(&name);
        let stylo = match name {
            "delta" | "burrows" => Some(Distance::ClassicDelta),
            "wurzburg" => Some(Distance::CosineDelta),
            "eder" => Some(Distance::EdersDelta),
            "simple" => Some(Distance::EdersSimple),
            "argamon" => Some(Distance::QuadraticDelta),
            _ => None,
        };
        stylo.or_else(|| Distance::ALL.into_iter().find(|d| d.name() == name))
    }

    /// The vectors this distance compares, one per unit; z-scores are taken over
    /// the units marked in `reference` (all when None: see
    /// [`FrequencyTable::z_scores`]).
    pub fn space(self, table: &FrequencyTable, reference: Option<&[bool]>) -> Vec<Vec<f64>> {
        match self {
            Distance::ClassicDelta | Distance::CosineDelta | Distance::QuadraticDelta => {
                table.z_scores(reference)
            }
            Distance::EdersDelta => {
                let n = table.words.len() as f64;
                let mut z = table.z_scores(reference);
                for row in &mut z {
                    for (index, value) in row.iter_mut().enumerate() {
                        *value *= (n - index as f64 + 1.0) / n;
                    }
                }
                z
            }
            Distance::EdersSimple => table
                .rows
                .iter()
                .map(|row| row.iter().map(|f| f.sqrt()).collect())
                .collect(),
            Distance::Entropy => entropy_space(table),
            Distance::Manhattan
            | Distance::Euclidean
            | Distance::Canberra
            | Distance::Cosine
            | Distance::MinMax => table.rows.clone(),
        }
    }

    /// The distance between two vectors of [`Distance::space`].
    pub fn between(self, a: &[f64], b: &[f64]) -> f64 {
        let n = a.len() as f64;
        let manhattan = || a.iter().zip(b).map(|(x, y)| (x - y).abs()).sum::<f64>();
        let euclidean = || {
            a.iter()
                .zip(b)
                .map(|(x, y)| (x - y).powi(2))
                .sum::<f64>()
                .sqrt()
        };
        match self {
            Distance::ClassicDelta => manhattan() / n,
            Distance::QuadraticDelta => euclidean() / n,
            Distance::EdersDelta | Distance::EdersSimple | Distance::Manhattan => manhattan(),
            Distance::Entropy => manhattan(),
            Distance::Euclidean => euclidean(),
            Distance::CosineDelta | Distance::Cosine => 1.0 - cosine(a, b),
            Distance::Canberra => {
                let (mut sum, mut used) = (0.0, 0usize);
                for (x, y) in a.iter().zip(b) {
                    let denominator = x.abs() + y.abs();
                    if denominator > 0.0 {
                        sum += (x - y).abs() / denominator;
                        used += 1;
                    }
                }
                if used == 0 {
                    0.0
                } else {
                    sum * n / used as f64
                }
            }
            Distance::MinMax => {
                let (mut low, mut high) = (0.0, 0.0);
                for (x, y) in a.iter().zip(b) {
                    low += x.min(*y);
                    high += x.max(*y);
                }
                if high > 0.0 { 1.0 - low / high } else { 0.0 }
            }
        }
    }

    /// The distance between every pair of units, z-scores taken over all of them.
    pub fn matrix(self, table: &FrequencyTable) -> DistanceMatrix {
        self.matrix_of(&self.space(table, None))
    }

    /// The distance between every pair of vectors of [`Distance::space`]. Each pair
    /// is computed once; for the cosine distances the norms are computed once per
    /// unit, so a pair costs one dot product (thousands of voices compare in seconds).
    pub fn matrix_of(self, space: &[Vec<f64>]) -> DistanceMatrix {
        self.matrix_carrying(space, &mut CarriedDots::default())
    }

    /// [`Distance::matrix_of`] a space whose first columns are those `carried` has
    /// added up (see [`CarriedDots`]): the cosine distances read only the columns
    /// after them, and leave all of them added up for the next space.
    pub fn matrix_carrying(self, space: &[Vec<f64>], carried: &mut CarriedDots) -> DistanceMatrix {
        if !matches!(self, Distance::CosineDelta | Distance::Cosine) {
            return DistanceMatrix::from_fn(space.len(), |a, b| self.between(&space[a], &space[b]));
        }
        let units = space.len();
        let columns = space.first().map_or(0, Vec::len);
        if carried.columns > columns || carried.dots.len() != units {
            *carried = CarriedDots {
                columns: 0,
                squares: vec![0.0; units],
                dots: DistanceMatrix::zeros(units),
            };
        }
        let new = carried.columns..columns;
        let new_columns = |a: usize| &space[a][new.clone()];
        for (a, square) in carried.squares.iter_mut().enumerate() {
            *square += dot(new_columns(a), new_columns(a));
        }
        carried.dots.update_stretches(|a, columns, values| {
            // Four units at a time: the row's vector is read once for four.
            let mut fours = values.chunks_exact_mut(4);
            let mut b = columns.start;
            for four in &mut fours {
                let dots = dots::<4>(new_columns(a), std::array::from_fn(|k| new_columns(b + k)));
                for (value, dot) in four.iter_mut().zip(dots) {
                    *value += dot;
                }
                b += 4;
            }
            for (value, b) in fours.into_remainder().iter_mut().zip(b..) {
                *value += dot(new_columns(a), new_columns(b));
            }
        });
        carried.columns = columns;
        let norms: Vec<f64> = carried.squares.iter().map(|square| square.sqrt()).collect();
        let dots = &carried.dots;
        DistanceMatrix::from_fn(units, |a, b| {
            if norms[a] > 0.0 && norms[b] > 0.0 {
                1.0 - dots.get(a, b) / (norms[a] * norms[b])
            } else {
                1.0
            }
        })
    }
}

/// The dot products of every pair of units' cosine spaces (and of each with
/// itself), over as many of their first columns as MFW settings so far have had.
/// A larger setting's words start with a smaller one's (the words are ranked once),
/// and a word's column is the same in both (its frequencies, or its z-scores over
/// the same units), so the next setting adds up only its new columns: the ten
/// default settings read 1,000 columns a pair, not 5,500. (The sums come out in
/// another order than a setting's alone, so a distance can differ from it in its
/// last bits.) Whoever keeps one across spaces must make sure of the first
/// columns: [`Distance::matrix_carrying`] checks only their number.
#[derive(Debug, Default)]
pub struct CarriedDots {
    /// How many of the first columns are added up.
    columns: usize,
    squares: Vec<f64>,
    dots: DistanceMatrix,
}

/// Σ aᵢbᵢ, in four running sums so that the compiler can use vector instructions.
fn dot(a: &[f64], b: &[f64]) -> f64 {
    dots(a, [b])[0]
}

/// [`dot`] of `a` with each of `others`, side by side: each sum is added up
/// exactly as [`dot`] adds it alone, so the distances do not depend on which
/// units shared a pass.
fn dots<const K: usize>(a: &[f64], others: [&[f64]; K]) -> [f64; K] {
    let whole = a.len() - a.len() % 4;
    let mut sums = [[0.0; 4]; K];
    for start in (0..whole).step_by(4) {
        let x = &a[start..start + 4];
        for (sums, other) in sums.iter_mut().zip(&others) {
            let y = &other[start..start + 4];
            for lane in 0..4 {
                sums[lane] += x[lane] * y[lane];
            }
        }
    }
    std::array::from_fn(|k| {
        let rest: f64 = a[whole..]
            .iter()
            .zip(&others[k][whole..])
            .map(|(x, y)| x * y)
            .sum();
        let sums = sums[k];
        sums[0] + sums[1] + sums[2] + sums[3] + rest
    })
}

fn cosine(a: &[f64], b: &[f64]) -> f64 {
    let norms = dot(a, a).sqrt() * dot(b, b).sqrt();
    if norms > 0.0 { dot(a, b) / norms } else { 0.0 }
}

/// stylo's `dist.entropy`: A = (f + 1) normalized over the units for each word, and
/// each value log(f + 2) divided by the word's entropy −Σ A log A.
fn entropy_space(table: &FrequencyTable) -> Vec<Vec<f64>> {
    let columns = table.words.len();
    let mut entropy = vec![0.0; columns];
    for (column, entropy) in entropy.iter_mut().enumerate() {
        let total: f64 = table.rows.iter().map(|row| row[column] + 1.0).sum();
        *entropy = -table
            .rows
            .iter()
            .map(|row| {
                let a = (row[column] + 1.0) / total;
                a * a.ln()
            })
            .sum::<f64>();
    }
    table
        .rows
        .iter()
        .map(|row| {
            row.iter()
                .zip(&entropy)
                .map(|(f, h)| (f + 2.0).ln() / h)
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three units, three words: frequencies in percent.
    fn table() -> FrequencyTable {
        FrequencyTable {
            words: vec!["the".into(), "of".into(), "to".into()],
            rows: vec![
                vec![6.0, 3.0, 2.0],
                vec![5.0, 4.0, 2.5],
                vec![7.0, 2.0, 0.0],
            ],
        }
    }

    fn close(found: f64, expected: f64) {
        assert!(
            (found - expected).abs() < 1e-9,
            "{found} against {expected}"
        );
    }

    /// The values below were computed by hand (and checked against stylo's R
    /// formulas in numpy): z-scores of the table are, per column, mean 6, 3,
    /// 1.5 and sample SD 1, 1, 1.3228756555.
    #[test]
    fn delta_family_on_a_table_by_hand() {
        let m = |d: Distance| d.matrix(&table());
        // z rows: (0, 0, 0.37796), (-1, 1, 0.75593), (1, -1, -1.13389).
        let z_to = 0.5 / 1.3228756555322954; // z of 2.0 in the third column
        close(
            m(Distance::ClassicDelta).get(0, 1),
            (1.0 + 1.0 + z_to) / 3.0,
        );
        let q = (1.0f64 + 1.0 + z_to * z_to).sqrt() / 3.0;
        close(m(Distance::QuadraticDelta).get(0, 1), q);
        // Eder's weights for 3 words: 4/3, 3/3, 2/3.
        close(
            m(Distance::EdersDelta).get(0, 1),
            4.0 / 3.0 + 1.0 + 2.0 / 3.0 * z_to,
        );
        // Cosine Delta of units 1 and 2: z (-1, 1, 0.75593) and (1, -1, -1.13389).
        let u = [-1.0, 1.0, 1.0 / 1.3228756555322954];
        let v = [1.0, -1.0, -1.5 / 1.3228756555322954];
        let dot: f64 = u.iter().zip(&v).map(|(x, y)| x * y).sum();
        let norms =
            (u.iter().map(|x| x * x).sum::<f64>() * v.iter().map(|x| x * x).sum::<f64>()).sqrt();
        close(m(Distance::CosineDelta).get(1, 2), 1.0 - dot / norms);
        // The same, from stylo's R code transcribed to numpy.
        close(m(Distance::ClassicDelta).get(0, 1), 0.7926548243364091);
        close(m(Distance::EdersDelta).get(0, 1), 2.5853096486728178);
        close(m(Distance::QuadraticDelta).get(0, 1), 0.4879500364742666);
        close(m(Distance::CosineDelta).get(1, 2), 1.982946374365981);
    }

    /// stylo's `dist.entropy` transcribed to numpy: A = (x + 1) / colSums(x + 1),
    /// B = log(x + 2) / −colSums(A log A), Manhattan.
    #[test]
    fn entropy_distance_as_stylo() {
        let m = Distance::Entropy.matrix(&table());
        close(m.get(0, 1), 0.410376988806914);
        close(m.get(0, 2), 1.0145223610918874);
    }

    #[test]
    fn frequency_distances_on_a_table_by_hand() {
        let m = |d: Distance| d.matrix(&table());
        close(m(Distance::Manhattan).get(0, 1), 1.0 + 1.0 + 0.5);
        close(m(Distance::Euclidean).get(0, 1), 2.25f64.sqrt());
        // Canberra 0 vs 2: 1/13 + 1/5 + 2/2.
        close(
            m(Distance::Canberra).get(0, 2),
            1.0 / 13.0 + 1.0 / 5.0 + 1.0,
        );
        close(
            m(Distance::MinMax).get(0, 1),
            1.0 - (5.0 + 3.0 + 2.0) / (6.0 + 4.0 + 2.5),
        );
        close(
            m(Distance::EdersSimple).get(0, 1),
            (6f64.sqrt() - 5f64.sqrt())
                + (4f64.sqrt() - 3f64.sqrt())
                + (2.5f64.sqrt() - 2f64.sqrt()),
        );
        let cos =
            (30.0 + 12.0 + 5.0) / ((36.0f64 + 9.0 + 4.0).sqrt() * (25.0f64 + 16.0 + 6.25).sqrt());
        close(m(Distance::Cosine).get(0, 1), 1.0 - cos);
        // A unit is at distance 0 from itself.
        for distance in Distance::ALL {
            close(m(distance).get(2, 2), 0.0);
        }
    }

    #[test]
    fn canberra_leaves_out_words_both_lack_and_scales_up() {
        let table = FrequencyTable {
            words: vec!["a".into(), "b".into()],
            rows: vec![vec![1.0, 0.0], vec![3.0, 0.0]],
        };
        close(Distance::Canberra.matrix(&table).get(0, 1), 0.5 * 2.0);
    }

    #[test]
    fn names_and_stylo_names_parse() {
        for distance in Distance::ALL {
            assert_eq!(Distance::parse(distance.name()), Some(distance));
        }
        assert_eq!(
            Distance::parse("dist.wurzburg"),
            Some(Distance::CosineDelta)
        );
        assert_eq!(Distance::parse("argamon"), Some(Distance::QuadraticDelta));
        assert_eq!(Distance::parse("Cosine Delta"), Some(Distance::CosineDelta));
        assert_eq!(Distance::parse("nonsense"), None);
    }
}
