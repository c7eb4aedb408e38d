//! Calibrated confidence: the `confidence` of an attribution is the share of
//! attributions made by the same rule in the same situation that were right on the
//! annotated dev novels (`../shared/corpora/pdnc_dev`), not a number set by hand.
//!
//! The counts live in `data/voices/calibration.tsv`, written by `benches/calibrate.sh`
//! from the PDNC evaluation (never edited by hand). A situation seen on few
//! quotations borrows strength from its rule, and a rule seen rarely from all rules
//! (additive smoothing towards the level above, with the weight of
//! [`PRIOR_WEIGHT`] attributions), so a rare situation gets its rule's accuracy
//! rather than a lucky 1/1. A rule the dev novels never use (the epigraph line of a
//! book, a block's lead-in) keeps the confidence its sieve gives.

use crate::hashing::FastMap as HashMap;
use std::sync::OnceLock;

/// How many attributions the level above counts for when smoothing a level below.
pub const PRIOR_WEIGHT: f64 = 10.0;

/// Attributions and right ones, per rule and situation.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Calibration {
    /// Hashed, not ordered: every attribution of a run looks its rule up
    /// ([`Calibration::to_tsv`] writes them in order).
    rules: HashMap<String, RuleCounts>,
    /// Over all rules.
    total: Counts,
}

/// Attributions and right ones.
type Counts = (u64, u64);

/// One rule's counts, over all its situations and per situation.
#[derive(Clone, Debug, Default, PartialEq)]
struct RuleCounts {
    total: Counts,
    situations: HashMap<String, Counts>,
}

impl Calibration {
    /// The calibration bundled with `voices`.
    pub fn bundled() -> &'static Calibration {
        static BUNDLED: OnceLock<Calibration> = OnceLock::new();
        BUNDLED.get_or_init(|| {
            Calibration::parse(include_str!("../../data/voices/calibration.tsv"))
                .expect("the bundled calibration is well formed")
        })
    }

    /// Counts attributions: (rule, situation, right).
    pub fn from_outcomes<'a>(outcomes: impl IntoIterator<Item = (&'a str, &'a str, bool)>) -> Self {
        let mut calibration = Calibration::default();
        for (rule, situation, right) in outcomes {
            calibration.add(rule, situation, (1, u64::from(right)));
        }
        calibration
    }

    /// Adds counts for a rule in a situation, to it and to the sums above it.
    fn add(&mut self, rule: &str, situation: &str, (attributions, right): Counts) {
        let by_rule = self.rules.entry(rule.to_string()).or_default();
        let by_situation = by_rule.situations.entry(situation.to_string()).or_default();
        for counts in [by_situation, &mut by_rule.total, &mut self.total] {
            counts.0 += attributions;
            counts.1 += right;
        }
    }

    /// Reads the TSV: `rule`, `situation`, `attributions`, `right`; `#` starts a
    /// comment line; the first other line is the header.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut calibration = Calibration::default();
        for (line_number, fields) in super::tsv::rows(text) {
            let parse = |field: &str| {
                field
                    .trim()
                    .parse::<u64>()
                    .map_err(|_| format!("line {line_number}: {field:?} is not a count"))
            };
            let [rule, situation, attributions, right] = fields.as_slice() else {
                return Err(format!("line {line_number}: four fields expected"));
            };
            let (attributions, right) = (parse(attributions)?, parse(right)?);
            if right > attributions {
                return Err(format!("line {line_number}: more right than attributions"));
            }
            calibration.add(rule, situation, (attributions, right));
        }
        Ok(calibration)
    }

    /// The TSV that [`Calibration::parse`] reads, with a header comment.
    pub fn to_tsv(&self, comment: &str) -> String {
        let mut tsv = super::tsv::head(comment, &["rule", "situation", "attributions", "right"]);
        let mut rows: Vec<(&str, &str, Counts)> = (self.rules.iter())
            .flat_map(|(rule, counts)| {
                (counts.situations.iter())
                    .map(move |(situation, &counts)| (rule.as_str(), situation.as_str(), counts))
            })
            .collect();
        rows.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        for (rule, situation, (attributions, right)) in rows {
            tsv += &format!("{rule}\t{situation}\t{attributions}\t{right}\n");
        }
        tsv
    }

    /// The probability that an attribution by `rule` in `situation` is right, or None
    /// for a rule the calibration has never seen.
    pub fn confidence(&self, rule: &str, situation: &str) -> Option<f32> {
        let by_rule = self.rules.get(rule)?;
        let by_situation = by_rule
            .situations
            .get(situation)
            .copied()
            .unwrap_or_default();
        // Laplace's rule of succession for the whole, then each level smoothed
        // towards the one above.
        let overall = (self.total.1 as f64 + 1.0) / (self.total.0 as f64 + 2.0);
        let smooth = |(attributions, right): Counts, prior: f64| {
            (right as f64 + PRIOR_WEIGHT * prior) / (attributions as f64 + PRIOR_WEIGHT)
        };
        let rule_accuracy = smooth(by_rule.total, overall);
        Some(smooth(by_situation, rule_accuracy) as f32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_situation_seen_often_gets_its_own_accuracy() {
        let mut outcomes = vec![("turn_taking", "addressed", true); 900];
        outcomes.extend(vec![("turn_taking", "addressed", false); 100]);
        outcomes.extend(vec![("turn_taking", "alternate", false); 500]);
        let calibration = Calibration::from_outcomes(outcomes);
        let addressed = calibration.confidence("turn_taking", "addressed").unwrap();
        assert!((addressed - 0.9).abs() < 0.01, "{addressed}");
        let alternate = calibration.confidence("turn_taking", "alternate").unwrap();
        assert!(alternate < 0.02, "{alternate}");
    }

    #[test]
    fn a_rare_situation_borrows_its_rules_accuracy() {
        let mut outcomes = vec![("speech_tag", "named", true); 95];
        outcomes.extend(vec![("speech_tag", "named", false); 5]);
        outcomes.push(("speech_tag", "relative", true));
        let calibration = Calibration::from_outcomes(outcomes);
        let rare = calibration.confidence("speech_tag", "relative").unwrap();
        // One right attribution is not certainty: near the rule's 95%.
        assert!(rare > 0.9 && rare < 0.97, "{rare}");
        assert_eq!(calibration.confidence("epigraph", "line"), None);
    }

    #[test]
    fn the_tsv_reads_back() {
        let calibration = Calibration::from_outcomes([
            ("pronoun", "resolved", true),
            ("pronoun", "resolved", false),
        ]);
        let tsv = calibration.to_tsv("written by a test");
        assert_eq!(Calibration::parse(&tsv).unwrap(), calibration);
        assert!(Calibration::parse("rule\tsituation\tattributions\tright\na\tb\t1\t2\n").is_err());
    }

    #[test]
    fn the_bundled_calibration_reads() {
        assert!(
            Calibration::bundled()
                .confidence("speech_tag", "named")
                .is_some()
        );
    }
}
