//! Lexical diversity of a sequence of words, as lexicalrichness 0.5.1 computes it
//! (McCarthy and Jarvis 2007 and 2010, Covington and McFall 2010, Tweedie and Baayen
//! 1998), plus Honoré's R, Sichel's S and the hapax ratios, which it lacks.
//!
//! N is the number of words, V the number of distinct words (types), V(i) the number
//! of types that occur i times. Words are dense form ids (the pipeline passes the
//! index of each token's normalized form, so `Stalin` and `stalin` are one type).
//! Dense ids let every count be an array index rather than a hash.
//!
//! The passes here also let a jackknife replicate go on from the whole voice's pass
//! rather than read the voice again (see `passes`): a [`Sighting`] can be moved to
//! a replicate's positions, MSTTR's segments at every phase are added up
//! ([`PhaseTotals`]), and MATTR's window, MSTTR's segments and MTLD's stretches can
//! be `rejoined` to the whole voice's once they are in step with it.

use std::collections::BTreeMap;
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
    /// The word at `position` whose form last occurred just before `after_previous`
    /// (0 for never).
    #[inline]
    pub(super) fn new(position: u64, after_previous: u64) -> Self {
        Sighting {
            position,
            after_previous,
        }
    }

    #[inline]
    pub(super) fn position(self) -> u64 {
        self.position
    }

    #[inline]
    pub(super) fn after_previous(self) -> u64 {
        self.after_previous
    }

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
        let free = || self.free.lock().unwrap_or_else(PoisonError::into_inner);
        let lent = free().pop();
        let mut counter = lent.unwrap_or_else(|| Counter::new(self.forms));
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

    /// The occurrences of `form` counted so far.
    #[inline]
    pub(super) fn count(&self, form: u32) -> u32 {
        self.slots[form as usize].count
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

    /// The spectrum of this text less some of its words: `removed` gives, for each
    /// form that loses some, how often it occurs here and how often it goes. (A
    /// jackknife replicate's, from the whole voice's and its block's counts.)
    pub(super) fn without(&self, removed: impl Iterator<Item = (u32, u32)>) -> Self {
        let mut classes: BTreeMap<u32, u32> = self.classes.iter().copied().collect();
        let mut words = self.words;
        for (count, gone) in removed {
            let class = classes
                .get_mut(&count)
                .expect("a form occurs as often as counted");
            *class -= 1;
            words -= gone as usize;
            if count > gone {
                *classes.entry(count - gone).or_default() += 1;
            }
        }
        classes.retain(|_, types| *types > 0);
        Spectrum {
            words,
            types: classes.values().map(|&types| types as usize).sum(),
            classes: classes.into_iter().collect(),
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
    pub(super) counter: &'a mut Counter,
    pub(super) window: MovingWindow,
    pub(super) segments: Segments,
    pub(super) forward: MtldPass,
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
    /// With `phases`, the window also adds up its types by phase (see
    /// [`PhaseTotals`]), for jackknife replicates to read their segments from.
    pub fn new(counter: &'a mut Counter, phases: bool) -> Self {
        counter.begin_pass();
        DiversityPass {
            counter,
            window: MovingWindow::new(WINDOW, phases),
            segments: Segments::new(WINDOW),
            forward: MtldPass::new(MTLD_THRESHOLD),
        }
    }

    /// The next word, in text order: how the counter sighted it.
    #[inline]
    pub fn push(&mut self, word: u32) -> Sighting {
        self.counter.add(word);
        let sighting = self.counter.sight(word);
        self.window.push(sighting);
        self.segments.push(sighting);
        self.forward.push(sighting);
        sighting
    }

    /// The spectrum of the text (the counter is left empty) and the other
    /// measures.
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
pub(super) struct MovingWindow {
    size: u64,
    /// The earliest window start each of the last `size` words counts in, the word
    /// at position i in slot i mod `size`.
    earliest: Vec<u64>,
    slot: usize,
    words: u64,
    /// The types of every window, added up.
    sum: u64,
    phases: Option<PhaseTotals>,
}

impl MovingWindow {
    fn new(size: usize, phases: bool) -> Self {
        MovingWindow {
            size: size as u64,
            earliest: vec![0; size],
            slot: 0,
            words: 0,
            sum: 0,
            phases: phases.then(|| PhaseTotals::new(size)),
        }
    }

    #[inline]
    pub(super) fn push(&mut self, sighting: Sighting) {
        if self.size == 0 {
            return;
        }
        let position = sighting.position;
        let earliest = sighting
            .after_previous
            .max((position + 1).saturating_sub(self.size));
        let windows = position + 1 - earliest;
        self.sum += windows;
        if let Some(phases) = &mut self.phases {
            // The windows start at `earliest` to `position`: phases `slot` and the
            // `windows - 1` before it, going round.
            let back = (windows - 1) as usize;
            let from = match self.slot >= back {
                true => self.slot - back,
                false => self.slot + self.earliest.len() - back,
            };
            phases.add(from, self.slot);
        }
        self.earliest[self.slot] = earliest;
        // A wrapping index, not `position % size`: a division per word is a good
        // part of the pass.
        self.slot += 1;
        if self.slot == self.earliest.len() {
            self.slot = 0;
        }
        self.words += 1;
    }

    /// The types of every window so far, added up.
    pub(super) fn sum(&self) -> u64 {
        self.sum
    }

    /// The types of the windows so far that begin at the phase of `position`
    /// (its remainder by the window's size), added up (see [`PhaseTotals`]).
    pub(super) fn phase_total(&self, position: u64) -> u64 {
        let phases = self
            .phases
            .as_ref()
            .expect("a window that adds up its phases");
        phases.total((position % self.size) as usize)
    }

    /// At the end of the text, the types of the windows at the phase of `start`
    /// that begin before `start`, one of the last `size` positions, added up: the
    /// phase's total less that of the window that begins at `start`, which counts
    /// each word from there whose form was not seen since `start`.
    pub(super) fn phase_total_before(&self, start: u64) -> u64 {
        let last_window = (start..self.words)
            .filter(|&position| self.earliest[(position % self.size) as usize] <= start)
            .count();
        self.phase_total(start) - last_window as u64
    }

    /// A copy that does not add up its phases: a replicate's.
    pub(super) fn clone_without_phases(&self) -> Self {
        MovingWindow {
            size: self.size,
            earliest: self.earliest.clone(),
            slot: self.slot,
            words: self.words,
            sum: self.sum,
            phases: None,
        }
    }

    /// The window of a jackknife replicate that left out `gap` words and read on
    /// beside the whole voice's window until its windows began after its block,
    /// with `own` types added up then and the whole voice's `whole_then`: from
    /// there on, each word added to it what it added to `whole`, which has now read
    /// the whole voice, at least `size` words of it after that point.
    pub(super) fn rejoined(own: u64, whole_then: u64, whole: &MovingWindow, gap: u64) -> Self {
        // The replicate's position p is the whole voice's p + gap.
        let earliest = (0..whole.size)
            .map(|slot| whole.earliest[((slot + gap) % whole.size) as usize] - gap)
            .collect();
        let words = whole.words - gap;
        MovingWindow {
            size: whole.size,
            earliest,
            slot: (words % whole.size) as usize,
            words,
            sum: own + (whole.sum - whole_then),
            phases: None,
        }
    }

    /// None when the text is shorter than a window.
    pub(super) fn finish(mut self) -> Option<f64> {
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

/// The types of a text's windows added up by the phase they start at (their first
/// word's position mod the window's size). MSTTR's segments after a jackknife
/// replicate's block are the whole voice's windows at one phase, shifted by the
/// block's length, so the replicate reads their types from here.
#[derive(Clone)]
pub(super) struct PhaseTotals {
    /// What every phase has.
    everywhere: u64,
    /// A difference array: phase r has `everywhere` plus steps[0] to steps[r].
    steps: Vec<i64>,
}

impl PhaseTotals {
    fn new(size: usize) -> Self {
        PhaseTotals {
            everywhere: 0,
            steps: vec![0; size + 1],
        }
    }

    /// One type more for the phases `from` to `to`, both included, going round
    /// past the last phase to the first when `from` is after `to`.
    #[inline]
    fn add(&mut self, from: usize, to: usize) {
        // Going round is every phase but those between `to` and `from`.
        if from > to {
            self.everywhere += 1;
        }
        self.steps[from] += 1;
        self.steps[to + 1] -= 1;
    }

    /// The types of the windows that start at `phase`, added up.
    pub(super) fn total(&self, phase: usize) -> u64 {
        let steps: i64 = self.steps[..=phase].iter().sum();
        self.everywhere
            .checked_add_signed(steps)
            .expect("a phase has no fewer types than none")
    }
}

/// Mean segmental TTR: the mean TTR of the first ⌈N / size⌉ − 1 segments of `size`
/// words, as lexicalrichness counts them: the last segment is left out, short or
/// full, so a full segment is held back until a word follows it.
#[derive(Clone)]
pub(super) struct Segments {
    size: usize,
    /// Where the current segment began.
    start: u64,
    length: usize,
    types: usize,
    /// The types of the full segments before the last one, added up (the mean of
    /// their TTRs is this over their words, without a rounding per segment).
    counted_types: u64,
    counted: u64,
    /// The types of the last full segment.
    last: Option<u64>,
}

impl Segments {
    fn new(size: usize) -> Self {
        Segments {
            size,
            start: 0,
            length: 0,
            types: 0,
            counted_types: 0,
            counted: 0,
            last: None,
        }
    }

    #[inline]
    pub(super) fn push(&mut self, sighting: Sighting) {
        if self.size == 0 {
            return;
        }
        if self.length == 0 {
            self.start = sighting.position;
            self.count_last();
        }
        self.types += usize::from(sighting.first_since(self.start));
        self.length += 1;
        if self.length == self.size {
            self.last = Some(self.types as u64);
            self.length = 0;
            self.types = 0;
        }
    }

    /// Counts the last full segment: a word follows it.
    fn count_last(&mut self) {
        if let Some(last) = self.last.take() {
            self.counted_types += last;
            self.counted += 1;
        }
    }

    /// Whether the next word begins a segment.
    pub(super) fn between(&self) -> bool {
        self.length == 0
    }

    /// The segments of a jackknife replicate whose next word begins a segment,
    /// followed by `segments` more full ones of `types` types in all and a last one,
    /// which is left out.
    pub(super) fn rejoined(mut self, types: u64, segments: u64) -> Self {
        self.count_last();
        self.counted_types += types;
        self.counted += segments;
        self
    }

    /// None when the text is not longer than a segment.
    pub(super) fn finish(self) -> Option<f64> {
        let words = self.counted * self.size as u64;
        (self.counted > 0).then(|| self.counted_types as f64 / words as f64)
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

    /// Whether the next word begins a stretch.
    pub(super) fn between(&self) -> bool {
        self.length == 0
    }

    /// The stretches and words so far.
    pub(super) fn mark(&self) -> (f64, usize) {
        (self.factors, self.words)
    }

    /// The pass of a jackknife replicate that was at `own` (see [`MtldPass::mark`])
    /// when its next stretch began on the same word as one of the whole voice's,
    /// then at `whole_then`: from there on both cut the text into the same
    /// stretches, and `whole` has now read it all. (The stretches are whole numbers,
    /// exact in an f64.)
    pub(super) fn rejoined(own: (f64, usize), whole_then: (f64, usize), whole: &MtldPass) -> Self {
        MtldPass {
            words: own.1 + (whole.words - whole_then.1),
            factors: own.0 + (whole.factors - whole_then.0),
            // What `finish` reads of the last stretch.
            types: whole.types,
            length: whole.length,
            threshold: whole.threshold,
            start: 0,
            limits: Vec::new(),
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
        let mut window = MovingWindow::new(size, false);
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
