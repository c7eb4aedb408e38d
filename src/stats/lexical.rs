//! Lexical diversity of a sequence of words, as lexicalrichness 0.5.1 computes it
//! (McCarthy and Jarvis 2007 and 2010, Covington and McFall 2010, Tweedie and Baayen
//! 1998), plus Honoré's R, Sichel's S and the hapax ratios, which it lacks.
//!
//! N is the number of words, V the number of distinct words (types), V(i) the number
//! of types that occur i times. Words are dense form ids (the pipeline passes the
//! index of each token's normalized form, so `Stalin` and `stalin` are one type).
//! Dense ids let every count be an array index rather than a hash: the jackknife
//! recomputes these measures 20 times per voice.

use std::sync::{Mutex, PoisonError};

/// What a [`Counter`] knows of one form.
#[derive(Clone, Copy, Default)]
struct Slot {
    /// Occurrences in the text being counted (the spectrum).
    count: u32,
    /// The stamp of its last occurrence (see [`Counter::sight`]); 0 for never.
    seen: u64,
}

/// Reusable state over form ids `0..forms` for passes over texts; the counts are
/// left empty after each use.
///
/// MATTR, MSTTR and MTLD all ask, of each word, whether it is the first of its form
/// in a stretch of text (a window, a segment, a stretch above the threshold). That
/// is whether its form's previous occurrence lies before the stretch began, so one
/// position per form answers all three: one memory access per word, where a count
/// per window and a set per segment and per stretch took four.
pub struct Counter {
    slots: Vec<Slot>,
    /// The forms whose count is not zero, so that emptying costs what was counted.
    touched: Vec<u32>,
    /// Stamps handed out so far, over every pass: a new pass forgets the positions of
    /// the last one by starting above them, not by clearing them.
    clock: u64,
    /// The first stamp of the current pass.
    origin: u64,
}

/// A word met in a pass: its position in the pass, and where the stretch after the
/// last occurrence of its form in the pass before it begins (that occurrence's
/// position plus one; 0 when there is none, so that no test asks which).
#[derive(Clone, Copy, Debug)]
pub struct Sighting {
    position: u64,
    after_previous: u64,
}

impl Sighting {
    /// Whether no word of its form occurs from `start` to just before it: the first
    /// of its form in a stretch that begins at `start`.
    #[inline]
    fn first_since(self, start: u64) -> bool {
        self.after_previous <= start
    }
}

/// Counters lent out and taken back: a corpus has thousands of small voices, and a
/// counter of its own for each (an array the size of the vocabulary) would have
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
        self.with_several(1, |counters| work(&mut counters[0]))
    }

    /// Runs `work` with `count` counters, reused when `work` succeeds.
    pub fn with_several<T, E>(
        &self,
        count: usize,
        work: impl FnOnce(&mut [Counter]) -> Result<T, E>,
    ) -> Result<T, E> {
        let free = || self.free.lock().unwrap_or_else(PoisonError::into_inner);
        let mut lent = {
            let mut free = free();
            let kept = free.len().saturating_sub(count);
            free.split_off(kept)
        };
        lent.resize_with(count, || Counter::new(self.forms));
        let result = work(&mut lent);
        if result.is_ok() {
            free().extend(lent);
        }
        result
    }

    /// How many counters one piece of work may hold at once: as many as fit in
    /// [`COUNTERS_BYTES`], and at least one.
    pub fn affordable(&self) -> usize {
        (COUNTERS_BYTES / (self.forms.max(1) * std::mem::size_of::<Slot>())).max(1)
    }
}

/// The memory the counters of one voice's samples measured side by side may take: a
/// counter is 16 bytes a form of the vocabulary, and a corpus of many books has
/// hundreds of thousands of forms.
pub const COUNTERS_BYTES: usize = 32 << 20;

impl Counter {
    pub fn new(forms: usize) -> Self {
        Counter {
            slots: vec![Slot::default(); forms],
            touched: Vec::new(),
            clock: 0,
            origin: 1,
        }
    }

    /// Adds one occurrence of `form`.
    #[inline]
    pub fn add(&mut self, form: u32) {
        let count = &mut self.slots[form as usize].count;
        *count += 1;
        if *count == 1 {
            self.touched.push(form);
        }
    }

    /// Starts a pass over a text: no form has been seen in it yet.
    pub fn begin_pass(&mut self) {
        self.origin = self.clock + 1;
    }

    /// The next word of the pass, of form `form`: where it is, and where its form
    /// was last seen in the pass.
    #[inline]
    pub fn sight(&mut self, form: u32) -> Sighting {
        self.clock += 1;
        let seen = &mut self.slots[form as usize].seen;
        // A stamp before the pass (`origin` is at least 1) gives 0: never seen.
        let after_previous = seen.saturating_sub(self.origin - 1);
        *seen = self.clock;
        Sighting {
            position: self.clock - self.origin,
            after_previous,
        }
    }

    /// Makes this counter, which is empty, hold what `donor` has counted and seen
    /// in its pass so far, so that a pass going on from here reads on exactly as
    /// the donor's would. Costs the forms the donor has met, not its words. Only
    /// the forms added are known, so a donor's pass must add every word it sights.
    pub fn copy_pass(&mut self, donor: &Counter) {
        debug_assert!(self.touched.is_empty(), "copied into a counter in use");
        self.begin_pass();
        for &form in &donor.touched {
            let slot = donor.slots[form as usize];
            // The donor's stamps moved to this counter's clock: positions in the
            // pass stay what they were, and a stamp before the pass stays "never".
            let seen = match slot.seen >= donor.origin {
                true => slot.seen - donor.origin + self.origin,
                false => 0,
            };
            self.slots[form as usize] = Slot {
                count: slot.count,
                seen,
            };
        }
        self.touched.extend_from_slice(&donor.touched);
        self.clock = donor.clock + self.origin - donor.origin;
    }

    /// Empties the counts without reading them.
    pub fn forget_counts(&mut self) {
        for form in self.touched.drain(..) {
            self.slots[form as usize].count = 0;
        }
    }

    /// The counts of the forms added since the last call, by form (in order of
    /// first occurrence); the counter is left empty.
    pub fn take_counts(&mut self) -> Vec<(u32, u32)> {
        let slots = &mut self.slots;
        self.touched
            .drain(..)
            .map(|form| (form, std::mem::take(&mut slots[form as usize].count)))
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
/// [`MtldPass`] fed the same words last to first, in a pass of its own.
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
        counter.begin_pass();
        DiversityPass {
            counter,
            window: MovingWindow::new(WINDOW),
            segments: Segments::new(WINDOW),
            forward: MtldPass::new(MTLD_THRESHOLD),
        }
    }

    /// The next words, in text order. (A slice at a time, not a call per word: the
    /// call's own instructions were a seventh of the pass.)
    pub fn push(&mut self, words: &[u32]) {
        for &word in words {
            self.counter.add(word);
            let sighting = self.counter.sight(word);
            self.window.push(sighting);
            self.segments.push(sighting);
            self.forward.push(sighting);
        }
    }

    /// Makes this pass a copy of `donor` at the point it has reached (see
    /// [`Counter::copy_pass`]): it then reads on as the donor would have.
    pub fn copy_from(&mut self, donor: &DiversityPass) {
        self.counter.copy_pass(donor.counter);
        self.window.clone_from(&donor.window);
        self.segments.clone_from(&donor.segments);
        self.forward.clone_from(&donor.forward);
    }

    pub fn finish(self) -> Diversity {
        let frequencies = self.counter.take_counts();
        Diversity {
            spectrum: Spectrum::from_counts(frequencies.into_iter().map(|(_, count)| count)),
            mattr: self.window.finish(),
            msttr: self.segments.finish(),
            mtld_forward: self.forward,
        }
    }
}

/// Moving-average TTR: the mean TTR of every window of `size` consecutive words.
///
/// The types of all windows are added up word by word rather than window by window:
/// word i is the first of its form in the windows that start after its form's
/// previous occurrence p and no earlier than i − size + 1, and no later than i, so
/// it adds min(i − p, size) to the sum. Near the end, windows that would run past
/// the text are taken back in [`MovingWindow::finish`]; that needs where the last
/// `size` words' windows began.
#[derive(Clone)]
struct MovingWindow {
    size: u64,
    /// The earliest window start each of the last `size` words counts in, the word
    /// at position i in slot i mod `size`.
    earliest: Vec<u64>,
    slot: usize,
    words: u64,
    /// The types of every window, added up.
    sum: u64,
}

impl MovingWindow {
    fn new(size: usize) -> Self {
        MovingWindow {
            size: size as u64,
            earliest: vec![0; size],
            slot: 0,
            words: 0,
            sum: 0,
        }
    }

    #[inline]
    fn push(&mut self, sighting: Sighting) {
        if self.size == 0 {
            return;
        }
        let position = sighting.position;
        let earliest = sighting
            .after_previous
            .max((position + 1).saturating_sub(self.size));
        self.sum += position + 1 - earliest;
        self.earliest[self.slot] = earliest;
        // A wrapping index, not `position % size`: a division per word is a good
        // part of the pass.
        self.slot += 1;
        if self.slot == self.earliest.len() {
            self.slot = 0;
        }
        self.words += 1;
    }

    /// None when the text is shorter than a window.
    fn finish(mut self) -> Option<f64> {
        let (size, words) = (self.size, self.words);
        if size == 0 || words < size {
            return None;
        }
        // The last window starts at words − size; the last size − 1 words counted
        // themselves in windows that start after it.
        let last_start = words - size;
        for position in last_start + 1..words {
            let slot = (position % size) as usize;
            let earliest = self.earliest[slot].max(last_start + 1);
            self.sum -= (position + 1).saturating_sub(earliest);
        }
        let windows = last_start + 1;
        Some(self.sum as f64 / size as f64 / windows as f64)
    }
}

/// Mean segmental TTR: the mean TTR of the first ⌈N / size⌉ − 1 segments of `size`
/// words, as lexicalrichness counts them: the last segment is left out, short or
/// full, so a full segment is held back until a word follows it.
#[derive(Clone)]
struct Segments {
    size: usize,
    /// Where the current segment began.
    start: u64,
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
            start: 0,
            length: 0,
            types: 0,
            sum: 0.0,
            counted: 0,
            last: None,
        }
    }

    #[inline]
    fn push(&mut self, sighting: Sighting) {
        if self.size == 0 {
            return;
        }
        if self.length == 0 {
            self.start = sighting.position;
            if let Some(last) = self.last.take() {
                self.sum += last;
                self.counted += 1;
            }
        }
        self.types += usize::from(sighting.first_since(self.start));
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
#[derive(Clone)]
pub struct MtldPass {
    threshold: f64,
    words: usize,
    /// Where the current stretch began.
    start: u64,
    types: usize,
    length: usize,
    factors: f64,
    /// limits[l]: the most types a stretch of l words has when its TTR is at or
    /// below the threshold (a table, so that the loop does not divide per word).
    limits: Vec<usize>,
}

impl MtldPass {
    pub fn new(threshold: f64) -> Self {
        MtldPass {
            threshold,
            words: 0,
            start: 0,
            types: 0,
            length: 0,
            factors: 0.0,
            limits: vec![0],
        }
    }

    /// The next word, sighted in a pass in this direction.
    #[inline]
    pub fn push(&mut self, sighting: Sighting) {
        self.words += 1;
        self.length += 1;
        self.types += usize::from(sighting.first_since(self.start));
        if self.limits.len() <= self.length {
            self.limits
                .push(most_types_at_threshold(self.length, self.threshold));
        }
        if self.types <= self.limits[self.length] {
            self.length = 0;
            self.types = 0;
            self.start = sighting.position + 1;
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
        counter.begin_pass();
        for &word in words {
            segments.push(counter.sight(word));
        }
        segments.finish()
    }

    /// MATTR of `words` with windows of `size` words; None when the text is shorter
    /// than a window.
    fn mattr(words: &[u32], size: usize, counter: &mut Counter) -> Option<f64> {
        let mut window = MovingWindow::new(size);
        counter.begin_pass();
        for &word in words {
            window.push(counter.sight(word));
        }
        window.finish()
    }

    /// MTLD of `words`: the forward and backward passes averaged. None for no words.
    fn mtld(words: &[u32], threshold: f64, counter: &mut Counter) -> Option<f64> {
        if words.is_empty() {
            return None;
        }
        let mut one_way = |words: &mut dyn Iterator<Item = &u32>| {
            let mut pass = MtldPass::new(threshold);
            counter.begin_pass();
            for &word in words {
                pass.push(counter.sight(word));
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
