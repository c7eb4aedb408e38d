//! Lexical diversity of a sequence of words, as lexicalrichness 0.5.1 computes it
//! (McCarthy and Jarvis 2007 and 2010, Covington and McFall 2010, Tweedie and Baayen
//! 1998), plus Honoré's R, Sichel's S and the hapax ratios, which it lacks.
//!
//! N is the number of words, V the number of distinct words (types), V(i) the number
//! of types that occur i times. Words are dense form ids (the pipeline passes the
//! index of each token's normalized form, so `Stalin` and `stalin` are one type).
//! Dense ids let every count be an array index rather than a hash: the bootstrap
//! recomputes these measures hundreds of times per voice.

use std::sync::{Mutex, PoisonError};

/// Dense sets of form ids emptied in one step: a form is in the set when its stamp is
/// the current generation, so emptying the set is one increment (MTLD's stretches and
/// MSTTR's segments are emptied every hundred words or so).
pub struct FormSet {
    stamps: Vec<u32>,
    generation: u32,
}

impl FormSet {
    fn new(forms: usize) -> Self {
        FormSet {
            stamps: vec![0; forms],
            generation: 1,
        }
    }

    fn clear(&mut self) {
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            self.stamps.fill(0);
            self.generation = 1;
        }
    }

    /// Puts `form` in the set; true when it was not in it.
    #[inline]
    fn insert(&mut self, form: u32) -> bool {
        let stamp = &mut self.stamps[form as usize];
        let new = *stamp != self.generation;
        *stamp = self.generation;
        new
    }
}

/// Reusable buffers over form ids `0..forms` for one pass over a text; they are left
/// empty after each use.
pub struct Counter {
    /// Occurrences of each form in the whole text (the spectrum).
    counts: Vec<u32>,
    /// The forms whose count is not zero, so that emptying costs what was counted.
    touched: Vec<u32>,
    /// Occurrences of each form in MATTR's window.
    window: Vec<u32>,
    segment: FormSet,
    stretch: FormSet,
}

/// Counters lent out and taken back: a corpus has thousands of small voices, and a
/// counter of its own for each (four arrays the size of the vocabulary) would have
/// the system zero gigabytes of memory for them.
pub struct Counters {
    forms: usize,
    free: Mutex<Vec<Counter>>,
}

impl Counters {
    /// For form ids below `forms`.
    pub fn new(forms: usize) -> Self {
        Counters {
            forms,
            free: Mutex::new(Vec::new()),
        }
    }

    /// Runs `work` with a counter; the counter is reused when `work` succeeds (and
    /// so left it empty).
    pub fn with<T, E>(&self, work: impl FnOnce(&mut Counter) -> Result<T, E>) -> Result<T, E> {
        let free = || self.free.lock().unwrap_or_else(PoisonError::into_inner);
        let mut counter = free().pop().unwrap_or_else(|| Counter::new(self.forms));
        let result = work(&mut counter);
        if result.is_ok() {
            free().push(counter);
        }
        result
    }
}

impl Counter {
    pub fn new(forms: usize) -> Self {
        Counter {
            counts: vec![0; forms],
            touched: Vec::new(),
            window: vec![0; forms],
            segment: FormSet::new(forms),
            stretch: FormSet::new(forms),
        }
    }

    /// Adds one occurrence of `form`.
    #[inline]
    pub fn add(&mut self, form: u32) {
        let count = &mut self.counts[form as usize];
        *count += 1;
        if *count == 1 {
            self.touched.push(form);
        }
    }

    /// The set MTLD's backward pass uses.
    pub fn stretch(&mut self) -> &mut FormSet {
        &mut self.stretch
    }

    /// The counts of the forms added since the last call, by form (in order of
    /// first occurrence); the counter is left empty.
    pub fn take_counts(&mut self) -> Vec<(u32, u32)> {
        let counts = &mut self.counts;
        self.touched
            .drain(..)
            .map(|form| (form, std::mem::take(&mut counts[form as usize])))
            .collect()
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
    /// The spectrum of a text whose forms occur `frequencies` times.
    fn from_counts(frequencies: impl Iterator<Item = u32>) -> Self {
        let mut frequencies: Vec<u32> = frequencies.collect();
        frequencies.sort_unstable();
        let mut classes: Vec<(u32, u32)> = Vec::new();
        let mut words = 0;
        for frequency in frequencies {
            words += frequency as usize;
            match classes.last_mut() {
                Some((last, types)) if *last == frequency => *types += 1,
                _ => classes.push((frequency, 1)),
            }
        }
        Spectrum {
            words,
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

/// MATTR's window and MSTTR's segments, in words (lexicalrichness's defaults).
pub const WINDOW: usize = 100;

/// MTLD's threshold (McCarthy and Jarvis 2010).
pub const MTLD_THRESHOLD: f64 = 0.72;

/// The measures of lexical diversity of a text fed one word at a time in text
/// order, so that a voice of any length is measured without holding its words: the
/// spectrum, MATTR, MSTTR and MTLD's forward pass. MTLD's backward pass is an
/// [`MtldPass`] fed the same words last to first.
pub struct DiversityPass<'a> {
    counter: &'a mut Counter,
    window: MovingWindow,
    segments: Segments,
    forward: MtldPass,
}

/// What a [`DiversityPass`] found.
pub struct Diversity {
    pub spectrum: Spectrum,
    pub mattr: Option<f64>,
    pub msttr: Option<f64>,
    /// MTLD's forward pass, to be averaged with the backward one.
    pub mtld_forward: MtldPass,
}

impl<'a> DiversityPass<'a> {
    pub fn new(counter: &'a mut Counter) -> Self {
        DiversityPass {
            forward: MtldPass::new(MTLD_THRESHOLD, &mut counter.stretch),
            counter,
            window: MovingWindow::new(WINDOW),
            segments: Segments::new(WINDOW),
        }
    }

    #[inline]
    pub fn push(&mut self, word: u32) {
        let counter = &mut *self.counter;
        counter.add(word);
        self.window.push(word, &mut counter.window);
        self.segments.push(word, &mut counter.segment);
        self.forward.push(word, &mut counter.stretch);
    }

    pub fn finish(self) -> Diversity {
        let counter = self.counter;
        let mattr = self.window.finish(&mut counter.window);
        let frequencies = counter.take_counts();
        Diversity {
            spectrum: Spectrum::from_counts(frequencies.into_iter().map(|(_, count)| count)),
            mattr,
            msttr: self.segments.finish(),
            mtld_forward: self.forward,
        }
    }
}

/// Moving-average TTR: the mean TTR of every window of `size` consecutive words.
struct MovingWindow {
    size: usize,
    /// The window's words, the oldest at `oldest` once it is full.
    ring: Vec<u32>,
    oldest: usize,
    seen: usize,
    types: usize,
    /// The types of every full window, added up.
    sum: usize,
}

impl MovingWindow {
    fn new(size: usize) -> Self {
        MovingWindow {
            size,
            ring: Vec::with_capacity(size),
            oldest: 0,
            seen: 0,
            types: 0,
            sum: 0,
        }
    }

    #[inline]
    fn push(&mut self, word: u32, counts: &mut [u32]) {
        if self.size == 0 {
            return;
        }
        if self.ring.len() < self.size {
            self.ring.push(word);
        } else {
            // A wrapping index, not `seen % size`: a division per word is a good
            // part of the pass.
            let slot = &mut self.ring[self.oldest];
            let leaving = &mut counts[*slot as usize];
            *leaving -= 1;
            self.types -= usize::from(*leaving == 0);
            *slot = word;
            self.oldest += 1;
            if self.oldest == self.size {
                self.oldest = 0;
            }
        }
        let entering = &mut counts[word as usize];
        self.types += usize::from(*entering == 0);
        *entering += 1;
        self.seen += 1;
        if self.seen >= self.size {
            self.sum += self.types;
        }
    }

    /// None when the text is shorter than a window; `counts` is left at zero.
    fn finish(self, counts: &mut [u32]) -> Option<f64> {
        for &word in &self.ring {
            counts[word as usize] = 0;
        }
        if self.size == 0 || self.seen < self.size {
            return None;
        }
        let windows = self.seen - self.size + 1;
        Some(self.sum as f64 / self.size as f64 / windows as f64)
    }
}

/// Mean segmental TTR: the mean TTR of the first ⌈N / size⌉ − 1 segments of `size`
/// words, as lexicalrichness counts them: the last segment is left out, short or
/// full, so a full segment is held back until a word follows it.
struct Segments {
    size: usize,
    length: usize,
    types: usize,
    /// The TTRs of the full segments before the last one, added up in order.
    sum: f64,
    counted: usize,
    last: Option<f64>,
}

impl Segments {
    fn new(size: usize) -> Self {
        Segments {
            size,
            length: 0,
            types: 0,
            sum: 0.0,
            counted: 0,
            last: None,
        }
    }

    #[inline]
    fn push(&mut self, word: u32, set: &mut FormSet) {
        if self.size == 0 {
            return;
        }
        if self.length == 0 {
            set.clear();
            if let Some(last) = self.last.take() {
                self.sum += last;
                self.counted += 1;
            }
        }
        self.types += usize::from(set.insert(word));
        self.length += 1;
        if self.length == self.size {
            self.last = Some(self.types as f64 / self.size as f64);
            self.length = 0;
            self.types = 0;
        }
    }

    /// None when the text is not longer than a segment.
    fn finish(self) -> Option<f64> {
        (self.counted > 0).then(|| self.sum / self.counted as f64)
    }
}

/// One direction of MTLD: the stretches of text whose TTR stays above the
/// threshold, counted as the words come; the last stretch counts as the fraction of
/// a factor its TTR has fallen towards the threshold.
pub struct MtldPass {
    threshold: f64,
    words: usize,
    types: usize,
    length: usize,
    factors: f64,
    /// limits[l]: the most types a stretch of l words has when its TTR is at or
    /// below the threshold (a table, so that the loop does not divide per word).
    limits: Vec<usize>,
}

impl MtldPass {
    pub fn new(threshold: f64, set: &mut FormSet) -> Self {
        set.clear();
        MtldPass {
            threshold,
            words: 0,
            types: 0,
            length: 0,
            factors: 0.0,
            limits: vec![0],
        }
    }

    #[inline]
    pub fn push(&mut self, word: u32, set: &mut FormSet) {
        self.words += 1;
        self.length += 1;
        self.types += usize::from(set.insert(word));
        if self.limits.len() <= self.length {
            self.limits
                .push(most_types_at_threshold(self.length, self.threshold));
        }
        if self.types <= self.limits[self.length] {
            self.length = 0;
            self.types = 0;
            set.clear();
            self.factors += 1.0;
        }
    }

    /// The mean length of a stretch.
    pub fn finish(&self) -> f64 {
        let mut factors = self.factors;
        if self.length > 0 {
            let ttr = self.types as f64 / self.length as f64;
            factors += (1.0 - ttr) / (1.0 - self.threshold);
        }
        if factors == 0.0 {
            // Every word was new: the whole text is one stretch.
            factors = 1.0;
        }
        self.words as f64 / factors
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    // The measures over a slice of words: the passes the pipeline streams, fed at once.

    /// The spectrum of `words`.
    fn spectrum(words: &[u32], counter: &mut Counter) -> Spectrum {
        for &word in words {
            counter.add(word);
        }
        Spectrum::from_counts(counter.take_counts().into_iter().map(|(_, count)| count))
    }

    /// MSTTR of `words` with segments of `size` words (see [`Segments`]); None when the
    /// text is not longer than a segment.
    fn msttr(words: &[u32], size: usize, counter: &mut Counter) -> Option<f64> {
        let mut segments = Segments::new(size);
        for &word in words {
            segments.push(word, &mut counter.segment);
        }
        segments.finish()
    }

    /// MATTR of `words` with windows of `size` words; None when the text is shorter
    /// than a window.
    fn mattr(words: &[u32], size: usize, counter: &mut Counter) -> Option<f64> {
        let mut window = MovingWindow::new(size);
        for &word in words {
            window.push(word, &mut counter.window);
        }
        window.finish(&mut counter.window)
    }

    /// MTLD of `words`: the forward and backward passes averaged. None for no words.
    fn mtld(words: &[u32], threshold: f64, counter: &mut Counter) -> Option<f64> {
        if words.is_empty() {
            return None;
        }
        let mut one_way = |words: &mut dyn Iterator<Item = &u32>| {
            let mut pass = MtldPass::new(threshold, &mut counter.stretch);
            for &word in words {
                pass.push(word, &mut counter.stretch);
            }
            pass.finish()
        };
        let forward = one_way(&mut words.iter());
        let backward = one_way(&mut words.iter().rev());
        Some((forward + backward) / 2.0)
    }

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
        let profile = spectrum(&words, counter);
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
        let profile = spectrum(&words, counter);
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
