//! Lexical diversity of a sequence of words, as lexicalrichness 0.5.1 computes it
//! (McCarthy and Jarvis 2007 and 2010, Covington and McFall 2010, Tweedie and Baayen
//! 1998), plus Honoré's R, Sichel's S and the hapax ratios, which it lacks.
//!
//! N is the number of words, V the number of distinct words (types), V(i) the number
//! of types that occur i times. Words are compared as given: the pipeline passes the
//! tokens' normalized forms, so `Stalin` and `stalin` are one type.

use std::hash::Hash;

use crate::hashing::{FastMap, FastSet};

/// The counts every measure starts from.
pub struct Profile<'a, T> {
    words: &'a [T],
    /// How often each type occurs.
    frequencies: Vec<usize>,
}

impl<'a, T: Copy + Eq + Hash> Profile<'a, T> {
    pub fn new(words: &'a [T]) -> Self {
        let mut counts: FastMap<T, usize> = FastMap::default();
        for &word in words {
            *counts.entry(word).or_default() += 1;
        }
        Profile {
            words,
            frequencies: counts.into_values().collect(),
        }
    }

    /// N.
    pub fn words(&self) -> usize {
        self.words.len()
    }

    /// V.
    pub fn types(&self) -> usize {
        self.frequencies.len()
    }

    fn n(&self) -> f64 {
        self.words() as f64
    }

    fn v(&self) -> f64 {
        self.types() as f64
    }

    /// V(i): the number of types that occur `i` times.
    fn types_occurring(&self, times: usize) -> usize {
        self.frequencies.iter().filter(|&&f| f == times).count()
    }

    /// Type-token ratio, V / N.
    pub fn ttr(&self) -> f64 {
        self.v() / self.n()
    }

    /// Root TTR (Guiraud), V / √N.
    pub fn root_ttr(&self) -> f64 {
        self.v() / self.n().sqrt()
    }

    /// Corrected TTR (Carroll), V / √(2N).
    pub fn corrected_ttr(&self) -> f64 {
        self.v() / (2.0 * self.n()).sqrt()
    }

    /// Log TTR (Herdan's C), ln V / ln N.
    pub fn log_ttr(&self) -> f64 {
        self.v().ln() / self.n().ln()
    }

    /// Summer's S, ln ln V / ln ln N.
    pub fn summer(&self) -> f64 {
        self.v().ln().ln() / self.n().ln().ln()
    }

    /// Dugast's U, (ln N)² / (ln N − ln V).
    pub fn dugast(&self) -> f64 {
        self.n().ln().powi(2) / (self.n().ln() - self.v().ln())
    }

    /// Maas's a², (ln N − ln V) / (ln N)².
    pub fn maas(&self) -> f64 {
        (self.n().ln() - self.v().ln()) / self.n().ln().powi(2)
    }

    /// Σ f² over the types: Σ V(i)·i².
    fn sum_of_squares(&self) -> f64 {
        self.frequencies.iter().map(|&f| (f * f) as f64).sum()
    }

    /// Yule's K, 10⁴ · (Σ V(i)·i² / N² − 1 / N).
    pub fn yules_k(&self) -> f64 {
        1e4 * (self.sum_of_squares() / self.n().powi(2) - 1.0 / self.n())
    }

    /// Yule's I, V² / (Σ V(i)·i² − V).
    pub fn yules_i(&self) -> f64 {
        self.v().powi(2) / (self.sum_of_squares() - self.v())
    }

    /// Herdan's Vm, √(Σ V(i)·(i/N)² − 1/V).
    pub fn herdans_vm(&self) -> f64 {
        let n = self.n();
        let sum: f64 = self
            .frequencies
            .iter()
            .map(|&f| (f as f64 / n).powi(2))
            .sum();
        (sum - 1.0 / self.v()).sqrt()
    }

    /// Simpson's D, Σ V(i)·i·(i−1) / (N·(N−1)).
    pub fn simpsons_d(&self) -> f64 {
        let sum: f64 = self.frequencies.iter().map(|&f| (f * (f - 1)) as f64).sum();
        sum / (self.n() * (self.n() - 1.0))
    }

    /// Honoré's R, 100 · ln N / (1 − V(1)/V); infinite when every type is a hapax.
    pub fn honores_r(&self) -> f64 {
        100.0 * self.n().ln() / (1.0 - self.types_occurring(1) as f64 / self.v())
    }

    /// Sichel's S, V(2) / V.
    pub fn sichels_s(&self) -> f64 {
        self.types_occurring(2) as f64 / self.v()
    }

    /// Hapax legomena over types, V(1) / V.
    pub fn hapax_ratio(&self) -> f64 {
        self.types_occurring(1) as f64 / self.v()
    }

    /// Hapax dislegomena over types, V(2) / V (the same count as Sichel's S).
    pub fn dislegomena_ratio(&self) -> f64 {
        self.sichels_s()
    }

    /// Mean segmental TTR: the mean TTR of consecutive segments of `size` words, the
    /// last, shorter one left out. None when the text is not longer than a segment.
    pub fn msttr(&self, size: usize) -> Option<f64> {
        if size == 0 || size >= self.words() {
            return None;
        }
        let ttrs: Vec<f64> = self
            .words
            .chunks(size)
            .map(|segment| distinct(segment) as f64 / segment.len() as f64)
            .collect();
        let kept = &ttrs[..ttrs.len() - 1];
        Some(kept.iter().sum::<f64>() / kept.len() as f64)
    }

    /// Moving-average TTR: the mean TTR of every window of `size` consecutive words.
    /// None when the text is shorter than a window.
    pub fn mattr(&self, size: usize) -> Option<f64> {
        if size == 0 || size > self.words() {
            return None;
        }
        let mut counts: FastMap<T, usize> = FastMap::default();
        for &word in &self.words[..size] {
            *counts.entry(word).or_default() += 1;
        }
        let mut sum = counts.len() as f64 / size as f64;
        for start in 1..=self.words() - size {
            let leaving = self.words[start - 1];
            let count = counts.get_mut(&leaving).expect("the word is in the window");
            *count -= 1;
            if *count == 0 {
                counts.remove(&leaving);
            }
            *counts.entry(self.words[start + size - 1]).or_default() += 1;
            sum += counts.len() as f64 / size as f64;
        }
        Some(sum / (self.words() - size + 1) as f64)
    }

    /// MTLD: the mean length of the stretches of text whose TTR stays above
    /// `threshold` (0.72), forward and backward averaged; the last stretch counts as
    /// the fraction of a factor its TTR has fallen towards the threshold.
    pub fn mtld(&self, threshold: f64) -> Option<f64> {
        if self.words.is_empty() {
            return None;
        }
        let forward = self.mtld_one_way(self.words.iter().copied(), threshold);
        let backward = self.mtld_one_way(self.words.iter().rev().copied(), threshold);
        Some((forward + backward) / 2.0)
    }

    fn mtld_one_way(&self, words: impl Iterator<Item = T>, threshold: f64) -> f64 {
        let mut seen: FastSet<T> = FastSet::default();
        let mut length = 0usize;
        let mut factors = 0.0;
        let mut ttr = 1.0;
        for word in words {
            length += 1;
            seen.insert(word);
            ttr = seen.len() as f64 / length as f64;
            if ttr <= threshold {
                length = 0;
                seen.clear();
                factors += 1.0;
            }
        }
        if length > 0 {
            factors += (1.0 - ttr) / (1.0 - threshold);
        }
        if factors == 0.0 {
            // The TTR never fell: the whole text is one stretch.
            let ttr = self.ttr();
            factors += if ttr == 1.0 {
                1.0
            } else {
                (1.0 - ttr) / (1.0 - threshold)
            };
        }
        self.n() / factors
    }

    /// HD-D: for each type, the chance that a random draw of `draws` words (42)
    /// without replacement holds it at least once, divided by `draws`, summed. None
    /// when the text is shorter than a draw.
    pub fn hdd(&self, draws: usize) -> Option<f64> {
        if draws == 0 || self.words() < draws {
            return None;
        }
        let n = self.words();
        let sum = self
            .frequencies
            .iter()
            .map(|&f| (1.0 - none_drawn(n, f, draws)) / draws as f64)
            .sum();
        Some(sum)
    }
}

/// The hypergeometric chance that `draws` words drawn without replacement from `n`
/// hold none of the `k` copies of a type: C(n−k, draws) / C(n, draws).
fn none_drawn(n: usize, k: usize, draws: usize) -> f64 {
    if n - k < draws {
        return 0.0;
    }
    (0..draws)
        .map(|i| (n - k - i) as f64 / (n - i) as f64)
        .product()
}

fn distinct<T: Copy + Eq + Hash>(words: &[T]) -> usize {
    words.iter().collect::<FastSet<&T>>().len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// lexicalrichness 0.5.1's own tokenizer (`preprocess` then `tokenize`): lower
    /// case, ASCII digits and dashes removed, ASCII punctuation turned into spaces,
    /// split on white space.
    fn lexicalrichness_tokens(text: &str) -> Vec<String> {
        let lower: String = text
            .to_lowercase()
            .chars()
            .filter(|c| !c.is_ascii_digit() && !matches!(c, '–' | '—' | '-'))
            .map(|c| if c.is_ascii_punctuation() { ' ' } else { c })
            .collect();
        lower.split_whitespace().map(str::to_string).collect()
    }

    fn close(found: f64, expected: f64) -> bool {
        (found - expected).abs() <= 1e-9 * expected.abs().max(1.0)
    }

    /// The seed through lexicalrichness 0.5.1 (Python), as pinned by issue 4 and
    /// printed in full by `LexicalRichness(text)`.
    #[test]
    fn the_seed_matches_lexicalrichness() {
        let text = include_str!("../../data/corpus/inside-the-stalin-archives-introduction.txt");
        let tokens = lexicalrichness_tokens(text);
        let words: Vec<&str> = tokens.iter().map(String::as_str).collect();
        let profile = Profile::new(&words);
        assert_eq!(profile.words(), 3790);
        assert_eq!(profile.types(), 1376);
        let round =
            |value: f64, places: i32| (value * 10f64.powi(places)).round() / 10f64.powi(places);
        assert_eq!(round(profile.mtld(0.72).unwrap(), 3), 108.287);
        assert_eq!(round(profile.hdd(42).unwrap(), 5), 0.86387);
        assert_eq!(round(profile.mattr(100).unwrap(), 5), 0.73926);
        assert_eq!(round(profile.yules_k(), 3), 107.454);
        for (name, found, expected) in [
            ("ttr", profile.ttr(), 0.36306068601583114),
            ("rttr", profile.root_ttr(), 22.35109625852351),
            ("cttr", profile.corrected_ttr(), 15.804611731355244),
            ("herdan", profile.log_ttr(), 0.877042431423953),
            ("maas", profile.maas(), 0.014921815362687624),
            ("simpson", profile.simpsons_d(), 0.010748235936410843),
            ("yule i", profile.yules_i(), 12.078029114198594),
            ("herdan vm", profile.herdans_vm(), 0.10140270236512945),
            ("summer", profile.summer(), 0.9377909112532095),
            ("dugast", profile.dugast(), 67.01597464478252),
            ("msttr", profile.msttr(100).unwrap(), 0.7408108108108108),
        ] {
            assert!(close(found, expected), "{name}: {found} against {expected}");
        }
    }

    #[test]
    fn measures_on_a_small_text_by_hand() {
        // a a b c: N 4, V 3, V(1) 2, V(2) 1.
        let words = ["a", "a", "b", "c"];
        let profile = Profile::new(&words);
        assert!(close(profile.ttr(), 0.75));
        assert!(close(profile.hapax_ratio(), 2.0 / 3.0));
        assert!(close(profile.sichels_s(), 1.0 / 3.0));
        assert!(close(profile.honores_r(), 100.0 * 4f64.ln() * 3.0));
        assert!(close(profile.yules_k(), 1e4 * (6.0 / 16.0 - 0.25)));
        // A draw of all the words holds every type.
        assert!(close(profile.hdd(4).unwrap(), 3.0 / 4.0));
        assert_eq!(profile.hdd(5), None);
        assert_eq!(profile.mattr(5), None);
        assert!(close(profile.mattr(2).unwrap(), (0.5 + 1.0 + 1.0) / 3.0));
    }
}
