//! The turn ranker: a small learned model of who speaks a dialogue turn that has no
//! tag. The `ranked_turn` sieve gathers the people who may speak the turn (those
//! who spoke the turns around it, those named in the narration before it) and
//! describes each by the [`FEATURES`] below; the ranker scores each person by a
//! weighted sum of their features and turns the scores into probabilities (a
//! conditional logit: the probabilities of the candidates of one turn add up to 1).
//!
//! The weights live in `data/voices/ranker.tsv`, written by `benches/train_ranker.sh`
//! from the annotated PDNC dev novels (never edited by hand). The bench that trains
//! it also scores every novel with a ranker trained without that novel, so the
//! figures it prints are for books the ranker has not seen.

use std::sync::OnceLock;

/// What the ranker knows about one candidate speaker of a turn: its name and the
/// words the evidence gives for it. Each is 0 or 1 but `mentions` and `turns`,
/// which are ln(1 + a count).
pub const FEATURES: &[(&str, &str)] = &[
    ("last_turn", "spoke the last turn"),
    (
        "last_turn_adjacent",
        "spoke the last turn, in the paragraph just before",
    ),
    ("turn_before_last", "spoke the turn before the last"),
    (
        "turn_before_last_adjacent",
        "spoke the turn before the last, in the paragraph before it",
    ),
    ("earlier_turn", "spoke one of the three turns before those"),
    ("next_turn", "speaks the next turn"),
    ("turn_after_next", "speaks the turn after the next"),
    ("called_by_last_turn", "the last turn spoke to them"),
    ("called_by_this_turn", "this turn calls them by name"),
    ("called_by_next_turn", "the next turn speaks to them"),
    ("named_in_this_turn", "this turn names them"),
    (
        "named_since_last_turn",
        "the narration since the last turn names them",
    ),
    (
        "named_in_scene",
        "a paragraph of narration in the scene names them",
    ),
    (
        "last_named",
        "the last person a paragraph of narration named",
    ),
    (
        "named_after_in_paragraph",
        "the narration after the turn in its paragraph names them",
    ),
    // ln(1 + how many times).
    ("mentions", "named by the narration before"),
    // ln(1 + how many turns).
    ("turns", "spoke in the scene before"),
    ("narrator", "the first-person narrator"),
    ("described", "someone described, not named (`the stranger`)"),
];

/// How many features describe a candidate.
pub const FEATURE_COUNT: usize = FEATURES.len();

/// The position of a feature in [`FEATURES`], for use in a constant
/// (`const { feature("last_turn") }`), where an unknown name fails the build.
pub const fn feature(name: &str) -> usize {
    let mut position = 0;
    while position < FEATURE_COUNT {
        let known = FEATURES[position].0.as_bytes();
        let wanted = name.as_bytes();
        if known.len() == wanted.len() {
            let mut byte = 0;
            while byte < known.len() && known[byte] == wanted[byte] {
                byte += 1;
            }
            if byte == known.len() {
                return position;
            }
        }
        position += 1;
    }
    panic!("no such feature")
}

/// One candidate's features, in the order of [`FEATURES`].
pub type Features = [f32; FEATURE_COUNT];

/// The weight of each feature.
#[derive(Clone, Debug, PartialEq)]
pub struct Ranker {
    weights: [f64; FEATURE_COUNT],
}

/// A turn the ranker decided, as recorded for training: the quotation and each
/// candidate's name and features.
#[derive(Clone, Debug)]
pub struct TurnExample {
    pub quote: usize,
    pub candidates: Vec<(String, Features)>,
}

/// A turn whose right speaker is known: the candidates' features and which of them
/// is right.
#[derive(Clone, Debug)]
pub struct LabelledTurn {
    pub candidates: Vec<Features>,
    pub right: usize,
}

/// How strongly training pulls the weights towards 0 (an L2 penalty): keeps a
/// feature seen on a few turns from getting a large weight.
const PENALTY: f64 = 1.0;
/// Newton steps of training; the fit converges in far fewer.
const TRAINING_STEPS: usize = 25;

impl Ranker {
    /// The ranker bundled with `voices`.
    pub fn bundled() -> &'static Ranker {
        static BUNDLED: OnceLock<Ranker> = OnceLock::new();
        BUNDLED.get_or_init(|| {
            Ranker::parse(include_str!("../../data/voices/ranker.tsv"))
                .expect("the bundled ranker is well formed")
        })
    }

    /// A ranker with the given weights, in the order of [`FEATURES`].
    pub fn new(weights: [f64; FEATURE_COUNT]) -> Self {
        Ranker { weights }
    }

    /// The weights, in the order of [`FEATURES`].
    pub fn weights(&self) -> &[f64; FEATURE_COUNT] {
        &self.weights
    }

    /// The weight of a feature, by name.
    pub fn weight(&self, feature: &str) -> Option<f64> {
        let position = FEATURES.iter().position(|(name, _)| *name == feature)?;
        Some(self.weights[position])
    }

    /// Reads the TSV: `feature`, `weight`, every feature once; `#` starts a comment
    /// line; the first other line is the header.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut weights = [None; FEATURE_COUNT];
        for (line_number, fields) in super::tsv::rows(text) {
            let [feature, weight] = fields.as_slice() else {
                return Err(format!("line {line_number}: two fields expected"));
            };
            let position = FEATURES
                .iter()
                .position(|(name, _)| name == feature)
                .ok_or_else(|| format!("line {line_number}: unknown feature {feature:?}"))?;
            let weight: f64 = weight
                .trim()
                .parse()
                .map_err(|_| format!("line {line_number}: {weight:?} is not a number"))?;
            weights[position] = Some(weight);
        }
        let mut ranker = Ranker::new([0.0; FEATURE_COUNT]);
        for (position, weight) in weights.into_iter().enumerate() {
            ranker.weights[position] =
                weight.ok_or_else(|| format!("no weight for {}", FEATURES[position].0))?;
        }
        Ok(ranker)
    }

    /// The TSV that [`Ranker::parse`] reads, with a header comment.
    pub fn to_tsv(&self, comment: &str) -> String {
        let mut tsv = super::tsv::head(comment, &["feature", "weight"]);
        for ((name, _), weight) in FEATURES.iter().zip(self.weights) {
            tsv += &format!("{name}\t{weight:.4}\n");
        }
        tsv
    }

    /// A candidate's score: the weighted sum of its features.
    pub fn score(&self, features: &Features) -> f64 {
        self.weights
            .iter()
            .zip(features)
            .map(|(weight, &value)| weight * f64::from(value))
            .sum()
    }

    /// The probability that each candidate is the speaker.
    pub fn probabilities<'a>(
        &self,
        candidates: impl IntoIterator<Item = &'a Features>,
    ) -> Vec<f64> {
        // One vector, turned from scores into probabilities in place.
        let mut probabilities: Vec<f64> = candidates.into_iter().map(|c| self.score(c)).collect();
        let top = probabilities
            .iter()
            .copied()
            .fold(f64::NEG_INFINITY, f64::max);
        for value in &mut probabilities {
            *value = (*value - top).exp();
        }
        let sum: f64 = probabilities.iter().sum();
        for value in &mut probabilities {
            *value /= sum;
        }
        probabilities
    }

    /// The weights that make the right candidates most probable (maximum likelihood
    /// with an L2 penalty, by Newton's method). Deterministic.
    pub fn train(turns: &[LabelledTurn]) -> Ranker {
        let mut ranker = Ranker::new([0.0; FEATURE_COUNT]);
        for _ in 0..TRAINING_STEPS {
            // Gradient and Hessian of the penalised log-likelihood.
            let mut gradient = [0.0f64; FEATURE_COUNT];
            let mut hessian = [[0.0f64; FEATURE_COUNT]; FEATURE_COUNT];
            for turn in turns {
                let probabilities = ranker.probabilities(&turn.candidates);
                let mut mean = [0.0f64; FEATURE_COUNT];
                for (features, p) in turn.candidates.iter().zip(&probabilities) {
                    for (m, &value) in mean.iter_mut().zip(features) {
                        *m += p * f64::from(value);
                    }
                }
                for (g, (&right, m)) in gradient
                    .iter_mut()
                    .zip(turn.candidates[turn.right].iter().zip(&mean))
                {
                    *g += f64::from(right) - m;
                }
                for (features, p) in turn.candidates.iter().zip(&probabilities) {
                    for i in 0..FEATURE_COUNT {
                        let di = f64::from(features[i]) - mean[i];
                        for j in 0..FEATURE_COUNT {
                            hessian[i][j] += p * di * (f64::from(features[j]) - mean[j]);
                        }
                    }
                }
            }
            for i in 0..FEATURE_COUNT {
                gradient[i] -= PENALTY * ranker.weights[i];
                hessian[i][i] += PENALTY;
            }
            let step = solve(hessian, gradient);
            for (weight, delta) in ranker.weights.iter_mut().zip(step) {
                *weight += delta;
            }
        }
        ranker
    }
}

/// Solves `matrix · x = vector` for a symmetric positive definite matrix (Gaussian
/// elimination with partial pivoting).
fn solve(
    mut matrix: [[f64; FEATURE_COUNT]; FEATURE_COUNT],
    mut vector: [f64; FEATURE_COUNT],
) -> [f64; FEATURE_COUNT] {
    let n = FEATURE_COUNT;
    for column in 0..n {
        let pivot = (column..n)
            .max_by(|&a, &b| matrix[a][column].abs().total_cmp(&matrix[b][column].abs()))
            .unwrap_or(column);
        matrix.swap(column, pivot);
        vector.swap(column, pivot);
        for row in column + 1..n {
            let factor = matrix[row][column] / matrix[column][column];
            let pivot_row = matrix[column];
            for (cell, above) in matrix[row][column..].iter_mut().zip(&pivot_row[column..]) {
                *cell -= factor * above;
            }
            vector[row] -= factor * vector[column];
        }
    }
    let mut solution = [0.0; FEATURE_COUNT];
    for row in (0..n).rev() {
        let known: f64 = (row + 1..n).map(|k| matrix[row][k] * solution[k]).sum();
        solution[row] = (vector[row] - known) / matrix[row][row];
    }
    solution
}

#[cfg(test)]
mod tests {
    use super::*;

    fn features(set: &[&str]) -> Features {
        let mut features = [0.0; FEATURE_COUNT];
        for name in set {
            let position = FEATURES.iter().position(|(n, _)| n == name).unwrap();
            features[position] = 1.0;
        }
        features
    }

    #[test]
    fn training_learns_that_turns_alternate() {
        // The one who spoke the turn before last is right nine times in ten; the
        // one who spoke last, once.
        let mut turns = Vec::new();
        for round in 0..100 {
            let right = usize::from(round % 10 == 0);
            turns.push(LabelledTurn {
                candidates: vec![features(&["turn_before_last"]), features(&["last_turn"])],
                right,
            });
        }
        let ranker = Ranker::train(&turns);
        let p = ranker.probabilities(&[features(&["turn_before_last"]), features(&["last_turn"])]);
        assert!((p[0] - 0.9).abs() < 0.03, "{p:?}");
        assert!(ranker.weight("turn_before_last").unwrap() > ranker.weight("last_turn").unwrap());
        // A feature never seen keeps weight 0.
        assert_eq!(ranker.weight("narrator"), Some(0.0));
    }

    #[test]
    fn the_tsv_reads_back() {
        let mut weights = [0.0; FEATURE_COUNT];
        weights[3] = -1.25;
        let ranker = Ranker::new(weights);
        assert_eq!(Ranker::parse(&ranker.to_tsv("a test")).unwrap(), ranker);
        assert!(Ranker::parse("feature\tweight\nlast_turn\t1\n").is_err());
        assert!(Ranker::parse("feature\tweight\nno_such\t1\n").is_err());
    }

    #[test]
    fn the_bundled_ranker_reads() {
        assert!(Ranker::bundled().weight("last_turn").is_some());
    }
}
