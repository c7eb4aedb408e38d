//! Principal components of the frequency table, as R's `prcomp` (stylo's PCA):
//! on the correlation matrix (z-scores, stylo's "PCR", the default) or on the
//! covariance matrix (centred frequencies, "PCV"); the share of variance each
//! component explains, each unit's scores and each word's loadings.
//!
//! Up to [`JACOBI_UNITS`] units, computed from the n × n matrix of the units'
//! products, diagonalized whole by Jacobi rotations. Beyond, its cost (n³) would
//! rival the rest of a report, and only the first few components are kept: Lanczos
//! iterations find those from products with the table alone, in the smaller of the
//! units' and the words' spaces. Either way the eigenvectors u of the units'
//! products give the scores (u√λ), and the loadings follow as Xᵀu / √λ.

use rayon::prelude::*;

use super::table::FrequencyTable;
use crate::random::SplitMix64;

/// On what the components are computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Scaling {
    /// The correlation matrix: every word weighs the same (z-scores).
    Correlation,
    /// The covariance matrix: frequent words weigh more (centred frequencies).
    Covariance,
}

/// Units up to this are put through the full eigen decomposition (exact, but its
/// cost grows as n³); more, through Lanczos iterations.
pub const JACOBI_UNITS: usize = 400;

/// The first principal components.
#[derive(Clone, Debug, PartialEq)]
pub struct Pca {
    /// Share of the total variance explained by each component kept.
    pub explained: Vec<f64>,
    /// Each unit's score on each component kept.
    pub scores: Vec<Vec<f64>>,
    /// Each word's loading on each component kept (words in the table's order).
    pub loadings: Vec<Vec<f64>>,
}

/// The first `components` principal components of `table`; None with fewer than
/// three units or no words.
pub fn pca(table: &FrequencyTable, scaling: Scaling, components: usize) -> Option<Pca> {
    let method = if table.rows.len() <= JACOBI_UNITS {
        Method::Jacobi
    } else {
        Method::Lanczos
    };
    pca_by(table, scaling, components, method)
}

/// How the eigenvectors of the units' products are found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Method {
    Jacobi,
    Lanczos,
}

fn pca_by(
    table: &FrequencyTable,
    scaling: Scaling,
    components: usize,
    method: Method,
) -> Option<Pca> {
    let n = table.rows.len();
    if n < 3 || table.words.is_empty() {
        return None;
    }
    let x: Vec<Vec<f64>> = match scaling {
        Scaling::Correlation => table.z_scores(None),
        Scaling::Covariance => {
            let p = table.words.len();
            let mut means = vec![0.0; p];
            for row in &table.rows {
                for (mean, value) in means.iter_mut().zip(row) {
                    *mean += value / n as f64;
                }
            }
            table
                .rows
                .iter()
                .map(|row| row.iter().zip(&means).map(|(v, m)| v - m).collect())
                .collect()
        }
    };
    let Eigen {
        values,
        vectors,
        total,
    } = match method {
        Method::Jacobi => all_eigenpairs(&x),
        Method::Lanczos => first_eigenpairs(&x, components),
    };
    let kept: Vec<usize> = (0..values.len())
        .filter(|&k| values[k] > 1e-12 * total.max(1e-300))
        .take(components)
        .collect();
    let explained = kept.iter().map(|&k| values[k] / total).collect();
    let scores = (0..n)
        .map(|unit| {
            kept.iter()
                .map(|&k| vectors[k][unit] * values[k].sqrt())
                .collect()
        })
        .collect();
    let loadings = (0..table.words.len())
        .map(|word| {
            kept.iter()
                .map(|&k| {
                    let sum: f64 = (0..n).map(|unit| x[unit][word] * vectors[k][unit]).sum();
                    sum / values[k].sqrt()
                })
                .collect()
        })
        .collect();
    Some(Pca {
        explained,
        scores,
        loadings,
    })
}

/// Eigenvalues of the units' products X Xᵀ, largest first, with their unit
/// eigenvectors (`vectors[k][unit]`) and the total variance: the trace (with every
/// eigenvalue at hand, the sum of the positive ones, the same but for rounding).
struct Eigen {
    values: Vec<f64>,
    vectors: Vec<Vec<f64>>,
    total: f64,
}

/// Every eigenpair, by Jacobi rotations of the n × n matrix of the units' products.
fn all_eigenpairs(x: &[Vec<f64>]) -> Eigen {
    let n = x.len();
    let mut gram: Vec<Vec<f64>> = (0..n)
        .map(|i| (0..n).map(|j| dot(&x[i], &x[j])).collect())
        .collect();
    let (values, columns) = jacobi(&mut gram);
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| values[b].total_cmp(&values[a]));
    Eigen {
        total: values.iter().filter(|v| **v > 0.0).sum(),
        vectors: order
            .iter()
            .map(|&k| columns.iter().map(|row| row[k]).collect())
            .collect(),
        values: order.iter().map(|&k| values[k]).collect(),
    }
}

/// The `wanted` largest eigenpairs, by Lanczos iterations on X Xᵀ (in the units'
/// space) or XᵀX (in the words', when there are fewer words than units: the
/// eigenvalues are the same, and an eigenvector w of XᵀX gives Xw/√λ of X Xᵀ).
fn first_eigenpairs(x: &[Vec<f64>], wanted: usize) -> Eigen {
    let total = x.iter().map(|row| dot(row, row)).sum();
    let (units, words) = (x.len(), x[0].len());
    let pairs = if units <= words {
        let mut middle = vec![0.0; words];
        lanczos(units, wanted, |u, out| {
            multiply_transposed(x, u, &mut middle);
            multiply(x, &middle, out);
        })
    } else {
        let mut middle = vec![0.0; units];
        lanczos(words, wanted, |w, out| {
            multiply(x, w, &mut middle);
            multiply_transposed(x, &middle, out);
        })
        .into_iter()
        .map(|(value, w)| {
            let mut u = vec![0.0; units];
            multiply(x, &w, &mut u);
            scale(&mut u, 1.0 / value.max(1e-300).sqrt());
            (value, u)
        })
        .collect()
    };
    let (values, vectors) = pairs.into_iter().unzip();
    Eigen {
        values,
        vectors,
        total,
    }
}

/// `out = matrix · vector`, a row per core at a time (each sum in the same order
/// whatever the threads).
fn multiply(matrix: &[Vec<f64>], vector: &[f64], out: &mut [f64]) {
    debug_assert_eq!(matrix.len(), out.len());
    out.par_iter_mut()
        .zip(matrix.par_iter())
        .for_each(|(out, row)| *out = dot(row, vector));
}

/// `out = matrixᵀ · vector`, without a transposed copy of the matrix: a stretch of
/// columns per core at a time, each summed over the rows in order.
fn multiply_transposed(matrix: &[Vec<f64>], vector: &[f64], out: &mut [f64]) {
    const COLUMNS: usize = 64;
    out.par_chunks_mut(COLUMNS)
        .enumerate()
        .for_each(|(chunk, out)| {
            out.fill(0.0);
            let start = chunk * COLUMNS;
            for (row, weight) in matrix.iter().zip(vector) {
                let row = &row[start..start + out.len()];
                out.iter_mut().zip(row).for_each(|(o, x)| *o += weight * x);
            }
        });
}

/// The `wanted` largest eigenvalues of a symmetric positive semi-definite operator
/// on vectors of `dimension`, largest first, with their unit eigenvectors: Lanczos
/// iterations, each new direction made orthogonal to all the earlier ones (twice,
/// which is enough in floating point), from a seeded random start. They stop when
/// every wanted Ritz pair's residual ‖Av − θv‖ is below 10⁻¹⁰ of the largest θ, or
/// when the directions span every one the operator reaches, where the answer is
/// exact.
fn lanczos(
    dimension: usize,
    wanted: usize,
    mut apply: impl FnMut(&[f64], &mut [f64]),
) -> Vec<(f64, Vec<f64>)> {
    let mut random = SplitMix64(0x5043_415f_4c41_4e43);
    let mut direction: Vec<f64> = (0..dimension)
        .map(|_| random.next_u64() as f64 / u64::MAX as f64 - 0.5)
        .collect();
    let length = dot(&direction, &direction).sqrt();
    scale(&mut direction, 1.0 / length);
    let mut basis: Vec<Vec<f64>> = Vec::new();
    let (mut diagonal, mut off_diagonal) = (Vec::new(), Vec::new());
    let mut next_check = 10;
    // The largest entry of the tridiagonal matrix so far: its scale.
    let mut largest = 0.0f64;
    loop {
        let mut image = vec![0.0; dimension];
        apply(&direction, &mut image);
        let alpha = dot(&direction, &image);
        diagonal.push(alpha);
        basis.push(direction);
        for _twice in 0..2 {
            for earlier in &basis {
                let overlap = dot(earlier, &image);
                image
                    .iter_mut()
                    .zip(earlier)
                    .for_each(|(v, e)| *v -= overlap * e);
            }
        }
        let beta = dot(&image, &image).sqrt();
        let size = basis.len();
        largest = largest.max(alpha.abs());
        let spanned = size == dimension || beta <= 1e-12 * largest;
        if spanned || size >= next_check {
            let mut tridiagonal = vec![vec![0.0; size]; size];
            for i in 0..size {
                tridiagonal[i][i] = diagonal[i];
                if i + 1 < size {
                    tridiagonal[i][i + 1] = off_diagonal[i];
                    tridiagonal[i + 1][i] = off_diagonal[i];
                }
            }
            let (ritz, columns) = jacobi(&mut tridiagonal);
            let mut order: Vec<usize> = (0..size).collect();
            order.sort_by(|&a, &b| ritz[b].total_cmp(&ritz[a]));
            order.truncate(wanted);
            let converged = order
                .iter()
                .all(|&k| beta * columns[size - 1][k].abs() <= 1e-10 * ritz[order[0]].abs());
            if spanned || converged {
                return order
                    .into_iter()
                    .map(|k| {
                        let mut vector = vec![0.0; dimension];
                        for (row, direction) in columns.iter().zip(&basis) {
                            vector
                                .iter_mut()
                                .zip(direction)
                                .for_each(|(v, d)| *v += row[k] * d);
                        }
                        (ritz[k], vector)
                    })
                    .collect();
            }
            // Each check costs size³; checking a tenth further on keeps their sum
            // near the cost of the last one.
            next_check = size + (size / 10).max(10);
        }
        off_diagonal.push(beta);
        largest = largest.max(beta);
        scale(&mut image, 1.0 / beta);
        direction = image;
    }
}

fn scale(vector: &mut [f64], factor: f64) {
    vector.iter_mut().for_each(|v| *v *= factor);
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Eigenvalues and eigenvectors (as columns: `vectors[i][k]`) of a symmetric
/// matrix, by cyclic Jacobi rotations; `matrix` is consumed.
fn jacobi(matrix: &mut [Vec<f64>]) -> (Vec<f64>, Vec<Vec<f64>>) {
    let n = matrix.len();
    let mut vectors: Vec<Vec<f64>> = (0..n)
        .map(|i| (0..n).map(|j| f64::from(u8::from(i == j))).collect())
        .collect();
    let scale: f64 = matrix
        .iter()
        .map(|row| row.iter().map(|v| v * v).sum::<f64>())
        .sum();
    for _sweep in 0..100 {
        let off: f64 = (0..n)
            .flat_map(|i| (0..n).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| matrix[i][j] * matrix[i][j])
            .sum();
        if off <= 1e-22 * scale.max(1e-300) {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                if matrix[p][q].abs() < 1e-300 {
                    continue;
                }
                let theta = (matrix[q][q] - matrix[p][p]) / (2.0 * matrix[p][q]);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for row in matrix.iter_mut() {
                    let (mkp, mkq) = (row[p], row[q]);
                    row[p] = c * mkp - s * mkq;
                    row[q] = s * mkp + c * mkq;
                }
                // Rows p and q: split the borrow to update both at once.
                let (upper, lower) = matrix.split_at_mut(q);
                let (row_p, row_q) = (&mut upper[p], &mut lower[0]);
                for (mpk, mqk) in row_p.iter_mut().zip(row_q.iter_mut()) {
                    let (vp, vq) = (*mpk, *mqk);
                    *mpk = c * vp - s * vq;
                    *mqk = s * vp + c * vq;
                }
                for row in vectors.iter_mut() {
                    let (vp, vq) = (row[p], row[q]);
                    row[p] = c * vp - s * vq;
                    row[q] = s * vp + c * vq;
                }
            }
        }
    }
    ((0..n).map(|i| matrix[i][i]).collect(), vectors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jacobi_finds_the_eigenvalues_of_a_known_matrix() {
        // [[2, 1], [1, 2]]: eigenvalues 3 and 1.
        let mut matrix = vec![vec![2.0, 1.0], vec![1.0, 2.0]];
        let (mut values, _) = jacobi(&mut matrix);
        values.sort_by(f64::total_cmp);
        assert!((values[0] - 1.0).abs() < 1e-12 && (values[1] - 3.0).abs() < 1e-12);
    }

    /// Units on a line in the plane of two words: one component explains it all,
    /// and the scores are the units' positions along it (up to the sign), as
    /// prcomp(matrix(c(1, 2, 3, 2, 4, 6), 3))$x gives: −√5, 0, √5 for covariance.
    #[test]
    fn a_line_is_one_component() {
        let table = FrequencyTable {
            words: vec!["a".into(), "b".into()],
            rows: vec![vec![1.0, 2.0], vec![2.0, 4.0], vec![3.0, 6.0]],
        };
        let found = pca(&table, Scaling::Covariance, 2).unwrap();
        assert_eq!(found.explained.len(), 1);
        assert!((found.explained[0] - 1.0).abs() < 1e-12);
        let scores: Vec<f64> = found.scores.iter().map(|s| s[0].abs()).collect();
        assert!((scores[0] - 5f64.sqrt()).abs() < 1e-9 && scores[1].abs() < 1e-9);
        // Loadings: the unit direction (1, 2)/√5, up to the sign.
        let loading = &found.loadings;
        assert!((loading[0][0].abs() - 1.0 / 5f64.sqrt()).abs() < 1e-9);
        assert!((loading[1][0].abs() - 2.0 / 5f64.sqrt()).abs() < 1e-9);
        // Correlation: both words scaled to unit variance, still one component.
        let found = pca(&table, Scaling::Correlation, 2).unwrap();
        assert!((found.explained[0] - 1.0).abs() < 1e-12);
    }

    /// A table of random frequencies: eigenvalues close together, the hard case for
    /// Lanczos iterations.
    fn random_table(units: usize, words: usize, seed: u64) -> FrequencyTable {
        let mut random = SplitMix64(seed);
        FrequencyTable {
            words: (0..words).map(|w| format!("w{w}")).collect(),
            rows: (0..units)
                .map(|_| {
                    (0..words)
                        .map(|_| random.below(1000) as f64 / 1e5)
                        .collect()
                })
                .collect(),
        }
    }

    /// Lanczos iterations give the components Jacobi's full decomposition gives,
    /// up to each component's sign: with more units than words (the words' space)
    /// and more words than units (the units' space), on both scalings.
    #[test]
    fn lanczos_finds_the_components_jacobi_finds() {
        for (units, words) in [(90, 25), (30, 120), (40, 40)] {
            for scaling in [Scaling::Correlation, Scaling::Covariance] {
                let table = random_table(units, words, (units * words) as u64);
                let exact = pca_by(&table, scaling, 3, Method::Jacobi).unwrap();
                let found = pca_by(&table, scaling, 3, Method::Lanczos).unwrap();
                let case = format!("{units} units, {words} words, {scaling:?}");
                assert_eq!(found.explained.len(), 3, "{case}");
                for k in 0..3 {
                    assert!(
                        (found.explained[k] - exact.explained[k]).abs() < 1e-10,
                        "{case}: component {k} explains {} against {}",
                        found.explained[k],
                        exact.explained[k]
                    );
                    let sign = (found.scores[0][k] * exact.scores[0][k]).signum();
                    for (a, b) in found.scores.iter().zip(&exact.scores) {
                        assert!((sign * a[k] - b[k]).abs() < 1e-6, "{case}: score");
                    }
                    for (a, b) in found.loadings.iter().zip(&exact.loadings) {
                        assert!((sign * a[k] - b[k]).abs() < 1e-6, "{case}: loading");
                    }
                }
            }
        }
    }

    /// Above [`JACOBI_UNITS`] the components are still there: two groups of units
    /// that favour different words lie at either end of the first component.
    #[test]
    fn many_units_still_have_their_components() {
        let mut table = random_table(JACOBI_UNITS + 100, 200, 7);
        for (unit, row) in table.rows.iter_mut().enumerate() {
            let favoured = if unit % 2 == 0 { 0..20 } else { 20..40 };
            row[favoured].iter_mut().for_each(|value| *value += 0.02);
        }
        let found = pca(&table, Scaling::Correlation, 3).unwrap();
        assert_eq!(found.scores.len(), JACOBI_UNITS + 100);
        assert_eq!(found.explained.len(), 3);
        let side = |unit: usize| found.scores[unit][0] > 0.0;
        assert!((0..table.rows.len()).all(|unit| side(unit) == side(unit % 2)));
        assert_ne!(side(0), side(1));
    }
}
