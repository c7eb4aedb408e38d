//! Principal components of the frequency table, as R's `prcomp` (stylo's PCA):
//! on the correlation matrix (z-scores, stylo's "PCR", the default) or on the
//! covariance matrix (centred frequencies, "PCV"); the share of variance each
//! component explains, each unit's scores and each word's loadings.
//!
//! Computed from the n × n matrix of the units' products (n units, usually far fewer
//! than the words), diagonalized by Jacobi rotations: its eigenvectors give the
//! scores, and the loadings follow as Xᵀu / √λ.

use super::table::FrequencyTable;

/// On what the components are computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Scaling {
    /// The correlation matrix: every word weighs the same (z-scores).
    Correlation,
    /// The covariance matrix: frequent words weigh more (centred frequencies).
    Covariance,
}

/// Units above this are not put through PCA (the eigen decomposition grows as n³).
pub const MAX_UNITS: usize = 400;

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
/// three units or more than [`MAX_UNITS`].
pub fn pca(table: &FrequencyTable, scaling: Scaling, components: usize) -> Option<Pca> {
    let n = table.rows.len();
    if !(3..=MAX_UNITS).contains(&n) || table.words.is_empty() {
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
    let mut gram: Vec<Vec<f64>> = (0..n)
        .map(|i| (0..n).map(|j| dot(&x[i], &x[j])).collect())
        .collect();
    let (values, vectors) = jacobi(&mut gram);
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| values[b].total_cmp(&values[a]));
    let total: f64 = values.iter().filter(|v| **v > 0.0).sum();
    let kept: Vec<usize> = order
        .into_iter()
        .filter(|&k| values[k] > 1e-12 * total.max(1e-300))
        .take(components)
        .collect();
    let explained = kept.iter().map(|&k| values[k] / total).collect();
    let scores = (0..n)
        .map(|unit| {
            kept.iter()
                .map(|&k| vectors[unit][k] * values[k].sqrt())
                .collect()
        })
        .collect();
    let loadings = (0..table.words.len())
        .map(|word| {
            kept.iter()
                .map(|&k| {
                    let sum: f64 = (0..n).map(|unit| x[unit][word] * vectors[unit][k]).sum();
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
}
