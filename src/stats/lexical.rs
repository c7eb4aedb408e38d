//! Lexical diversity of a sequence of words, as lexicalrichness 0.5.1 computes it
//! (McCarthy and Jarvis 2007 and 2010, Covington and McFall 2010, Tweedie and Baayen
//! 1998), plus Honoré's R, Sichel's S and the hapax ratios, which it lacks.
//!
//! N is the number of words, V the number of distinct words (types), V(i) the number
//! of types that occur i times. Words are dense form ids (the pipeline passes the
//! index of each token's normalized form, so `Stalin` and `stalin` are one type).
//! Dense ids let every count be an array index rather than a hash: the bootstrap
//! recomputes these measures hundreds of times per voice.

/// A reusable counter over form ids `0..forms`; it is left all zero after each use.
pub struct Counter {
    counts: Vec<u32>,
    touched: Vec<u32>,
    /// For sets of forms that are emptied often (MTLD's stretches, MSTTR's
    /// segments): a form is in the set when its stamp is the current generation, so
    /// emptying the set is one increment.
    stamps: Vec<u32>,
    generation: u32,
}

impl Counter {
    pub fn new(forms: usize) -> Self {
        Counter {
            counts: vec![0; forms],
            touched: Vec::new(),
            stamps: vec![0; forms],
            generation: 0,
        }
    }

    /// Starts an empty set (see `stamps`).
    fn new_set(&mut self) {
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            self.stamps.fill(0);
            self.generation = 1;
        }
    }

    /// Puts `form` in the current set; true when it was not in it.
    #[inline]
    fn insert(&mut self, form: u32) -> bool {
        let stamp = &mut self.stamps[form as usize];
        let new = *stamp != self.generation;
        *stamp = self.generation;
        new
    }

    /// Adds one occurrence of `form`; true when it is the first.
    #[inline]
    fn add(&mut self, form: u32) -> bool {
        let count = &mut self.counts[form as usize];
        *count += 1;
        if *count == 1 {
            self.touched.push(form);
            true
        } else {
            false
        }
    }

    fn clear(&mut self) {
        for form in self.touched.drain(..) {
            self.counts[form as usize] = 0;
        }
    }
}

/// The frequency spectrum of a sample: every measure that ignores word order comes
/// from N, V and the V(i).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Spectrum {
    words: usize,
    types: usize,
    /// (i, V(i)) for every i with V(i) > 0, by increasing i.
    classes: Vec<(u32, u32)>,
}

impl Spectrum {
    /// The spectrum of `words`.
    pub fn of(words: &[u32], counter: &mut Counter) -> Self {
        for &word in words {
            counter.add(word);
        }
        let mut frequencies: Vec<u32> = counter
            .touched
            .iter()
            .map(|&form| counter.counts[form as usize])
            .collect();
        counter.clear();
        frequencies.sort_unstable();
        let mut classes: Vec<(u32, u32)> = Vec::new();
        for frequency in frequencies {
            match classes.last_mut() {
                Some((last, types)) if *last == frequency => *types += 1,
                _ => classes.push((frequency, 1)),
            }
        }
        Spectrum {
            words: words.len(),
            types: classes.iter().map(|&(_, types)| types as usize).sum(),
            classes,
        }
    }

    /// N.
    pub fn words(&self) -> usize {
        self.words
    }

    /// V.
    pub fn types(&self) -> usize {
        self.types
    }

    fn n(&self) -> f64 {
        self.words as f64
    }

    fn v(&self) -> f64 {
        self.types as f64
    }

    /// V(i): the number of types that occur `i` times.
    pub fn types_occurring(&self, times: u32) -> usize {
        self.classes
            .iter()
            .find(|&&(frequency, _)| frequency == times)
            .map_or(0, |&(_, types)| types as usize)
    }

    /// Σ over the classes of V(i) · f(i).
    fn sum(&self, f: impl Fn(f64) -> f64) -> f64 {
        self.classes
            .iter()
            .map(|&(frequency, types)| f64::from(types) * f(f64::from(frequency)))
            .sum()
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

    /// Yule's K, 10⁴ · (Σ V(i)·i² / N² − 1 / N).
    pub fn yules_k(&self) -> f64 {
        1e4 * (self.sum(|i| i * i) / self.n().powi(2) - 1.0 / self.n())
    }

    /// Yule's I, V² / (Σ V(i)·i² − V).
    pub fn yules_i(&self) -> f64 {
        self.v().powi(2) / (self.sum(|i| i * i) - self.v())
    }

    /// Herdan's Vm, √(Σ V(i)·(i/N)² − 1/V).
    pub fn herdans_vm(&self) -> f64 {
        let n = self.n();
        (self.sum(|i| (i / n).powi(2)) - 1.0 / self.v()).sqrt()
    }

    /// Simpson's D, Σ V(i)·i·(i−1) / (N·(N−1)).
    pub fn simpsons_d(&self) -> f64 {
        self.sum(|i| i * (i - 1.0)) / (self.n() * (self.n() - 1.0))
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

    /// HD-D: for each type, the chance that a random draw of `draws` words (42)
    /// without replacement holds it at least once, divided by `draws`, summed. None
    /// when the text is shorter than a draw.
    pub fn hdd(&self, draws: usize) -> Option<f64> {
        if draws == 0 || self.words < draws {
            return None;
        }
        let sum = self.sum(|k| (1.0 - none_drawn(self.words, k as usize, draws)) / draws as f64);
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

/// Mean segmental TTR: the mean TTR of consecutive segments of `size` words, the
/// last, shorter one left out. None when the text is not longer than a segment.
pub fn msttr(words: &[u32], size: usize, counter: &mut Counter) -> Option<f64> {
    if size == 0 || size >= words.len() {
        return None;
    }
    let segments = words.len().div_ceil(size) - 1;
    let mut sum = 0.0;
    for segment in words.chunks(size).take(segments) {
        counter.new_set();
        let types = segment.iter().filter(|&&word| counter.insert(word)).count();
        sum += types as f64 / size as f64;
    }
    Some(sum / segments as f64)
}

/// Moving-average TTR: the mean TTR of every window of `size` consecutive words.
/// None when the text is shorter than a window.
pub fn mattr(words: &[u32], size: usize, counter: &mut Counter) -> Option<f64> {
    if size == 0 || size > words.len() {
        return None;
    }
    // The window's counts; the words of the last window are taken out at the end,
    // which leaves the counter at zero without tracking what was touched.
    let counts = &mut counter.counts;
    let mut types = 0;
    for &word in &words[..size] {
        types += usize::from(counts[word as usize] == 0);
        counts[word as usize] += 1;
    }
    let mut sum = types;
    for start in 1..=words.len() - size {
        let leaving = &mut counts[words[start - 1] as usize];
        *leaving -= 1;
        types -= usize::from(*leaving == 0);
        let entering = &mut counts[words[start + size - 1] as usize];
        types += usize::from(*entering == 0);
        *entering += 1;
        sum += types;
    }
    for &word in &words[words.len() - size..] {
        counts[word as usize] = 0;
    }
    Some(sum as f64 / size as f64 / (words.len() - size + 1) as f64)
}

/// MTLD: the mean length of the stretches of text whose TTR stays above
/// `threshold` (0.72), forward and backward averaged; the last stretch counts as
/// the fraction of a factor its TTR has fallen towards the threshold. None for no
/// words.
pub fn mtld(words: &[u32], threshold: f64, counter: &mut Counter) -> Option<f64> {
    if words.is_empty() {
        return None;
    }
    let forward = mtld_one_way(words.iter().copied(), words.len(), threshold, counter);
    let backward = mtld_one_way(words.iter().rev().copied(), words.len(), threshold, counter);
    Some((forward + backward) / 2.0)
}

/// The largest k with k / `length` <= `threshold`, the ratio computed as the TTR is
/// (the same f64 division), so that the table gives exactly the TTR's verdict.
fn most_types_at_threshold(length: usize, threshold: f64) -> usize {
    let ttr = |types: usize| types as f64 / length as f64;
    let mut types = ((threshold * length as f64).floor().max(0.0) as usize).min(length);
    while types < length && ttr(types + 1) <= threshold {
        types += 1;
    }
    while types > 0 && ttr(types) > threshold {
        types -= 1;
    }
    types
}

fn mtld_one_way(
    words: impl Iterator<Item = u32>,
    n: usize,
    threshold: f64,
    counter: &mut Counter,
) -> f64 {
    let mut types = 0usize;
    let mut length = 0usize;
    let mut factors = 0.0;
    // limits[l]: the most types a stretch of l words has when its TTR is at or
    // below the threshold (a table, so that the loop does not divide per word).
    let mut limits: Vec<usize> = vec![0];
    counter.new_set();
    for word in words {
        length += 1;
        if counter.insert(word) {
            types += 1;
        }
        if limits.len() <= length {
            limits.push(most_types_at_threshold(length, threshold));
        }
        if types <= limits[length] {
            length = 0;
            types = 0;
            counter.new_set();
            factors += 1.0;
        }
    }
    if length > 0 {
        let ttr = types as f64 / length as f64;
        factors += (1.0 - ttr) / (1.0 - threshold);
    }
    if factors == 0.0 {
        // Every word was new: the whole text is one stretch.
        factors = 1.0;
    }
    n as f64 / factors
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

    /// Dense ids for string tokens, in order of first occurrence.
    fn dense(tokens: &[String]) -> (Vec<u32>, usize) {
        let mut ids: std::collections::HashMap<&str, u32> = Default::default();
        let words = tokens
            .iter()
            .map(|token| {
                let next = ids.len() as u32;
                *ids.entry(token.as_str()).or_insert(next)
            })
            .collect();
        (words, ids.len())
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
        let (words, forms) = dense(&tokens);
        let counter = &mut Counter::new(forms);
        let profile = Spectrum::of(&words, counter);
        assert_eq!(profile.words(), 3790);
        assert_eq!(profile.types(), 1376);
        let round =
            |value: f64, places: i32| (value * 10f64.powi(places)).round() / 10f64.powi(places);
        assert_eq!(round(mtld(&words, 0.72, counter).unwrap(), 3), 108.287);
        assert_eq!(round(profile.hdd(42).unwrap(), 5), 0.86387);
        assert_eq!(round(mattr(&words, 100, counter).unwrap(), 5), 0.73926);
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
            (
                "msttr",
                msttr(&words, 100, counter).unwrap(),
                0.7408108108108108,
            ),
        ] {
            assert!(close(found, expected), "{name}: {found} against {expected}");
        }
    }

    #[test]
    fn measures_on_a_small_text_by_hand() {
        // a a b c: N 4, V 3, V(1) 2, V(2) 1.
        let words = [0, 0, 1, 2];
        let counter = &mut Counter::new(3);
        let profile = Spectrum::of(&words, counter);
        assert!(close(profile.ttr(), 0.75));
        assert!(close(profile.hapax_ratio(), 2.0 / 3.0));
        assert!(close(profile.sichels_s(), 1.0 / 3.0));
        assert!(close(profile.honores_r(), 100.0 * 4f64.ln() * 3.0));
        assert!(close(profile.yules_k(), 1e4 * (6.0 / 16.0 - 0.25)));
        // A draw of all the words holds every type.
        assert!(close(profile.hdd(4).unwrap(), 3.0 / 4.0));
        assert_eq!(profile.hdd(5), None);
        assert_eq!(mattr(&words, 5, counter), None);
        assert!(close(
            mattr(&words, 2, counter).unwrap(),
            (0.5 + 1.0 + 1.0) / 3.0
        ));
        // MTLD forward: `a a` falls to a TTR of 0.5, one factor; `b c` ends at 1.0,
        // no part of one: 4 / 1. Backward, `c b a a` ends at 0.75 (above 0.72): the
        // stretch is (1 − 0.75) / (1 − 0.72) of a factor.
        let backward = 4.0 / (0.25 / 0.28);
        assert!(close(
            mtld(&words, 0.72, counter).unwrap(),
            (4.0 + backward) / 2.0
        ));
        assert!(close(mtld(&[0, 1, 2], 0.72, counter).unwrap(), 3.0));
    }
}
