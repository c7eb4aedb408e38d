//! The passes over a voice's sentences that measure it: one in text order, and one
//! backward for MTLD, with the jackknife's replicates read beside the whole voice.
//!
//! A replicate leaves out one block of consecutive sentences (see [`super::intervals`]).
//! Up to its block it has read what the whole voice's pass has read, so it begins
//! there as a copy of it. After its block it reads the same words, which the whole
//! voice's counter has sighted: a word's previous occurrence is the same for both,
//! moved back by the words left out, except when it lies in the block; the
//! replicate's is then the last one before the block, which the block's forms keep
//! ([`BlockForm`]). Soon after its block a replicate's measures go on exactly as
//! the whole voice's do, and it stops reading:
//!
//! - MATTR: once its windows begin after the block, each word adds to the
//!   replicate's windows what it adds to the whole voice's.
//! - MSTTR: the replicate's segments after its block are windows of the whole
//!   voice, all at one phase (the block's length moved them), and the whole voice's
//!   pass adds up its windows' types by phase ([`PhaseTotals`](super::lexical)):
//!   the replicate takes the difference between the totals where its segments begin
//!   and where its last one begins.
//! - MTLD: once one of its stretches begins on the same word as one of the whole
//!   voice's, the rest of the text falls into the same stretches for both.
//! - The frequency spectrum: the whole voice's counts less its block's.
//!
//! MATTR and MSTTR stop within a window's length of the block. MTLD's stretches
//! usually fall into step within a few hundred words, but need not: in a short
//! voice a replicate often follows the whole voice's sightings to the end for MTLD
//! alone, which costs a few instructions a word, not a counter's memory. Over the
//! 26 British novels' voices of 2,000 words or more, the replicates read about as
//! many words as the voices have (both ways, all twenty together), where they
//! used to read nineteen times as many.
//! Every measure comes out as that of the voice without the block, read alone (a
//! test compares them bit for bit).

use std::collections::BTreeMap;
use std::ops::Range;

use super::lexical::{
    Counter, Diversity, DiversityPass, MTLD_THRESHOLD, MovingWindow, MtldPass, Segments, Sighting,
    WINDOW,
};
use super::measures::{Interval, SentenceSums, long_enough, values};
use super::sample::{Sentences, VoiceText};

/// The measures of a voice: of the whole, and of each of its jackknife replicates.
pub struct Measured {
    /// Every measure, in [`MEASURES`](super::measures::MEASURES) order.
    pub whole: Vec<Option<f64>>,
    /// For each replicate, the measures of lexical diversity (the others None).
    pub replicates: Vec<Vec<Option<f64>>>,
}

/// Measures `source` and the replicates that each leave out one of `blocks`
/// (ranges of its sentences, in order, end to end), counting with `counter`, which
/// is left empty.
pub fn measure_voice<S: Sentences>(
    source: &S,
    blocks: &[Range<usize>],
    counter: &mut Counter,
) -> Result<Measured, S::Error> {
    let sentences = source.sentences();
    let words = source.words() as u64;
    debug_assert!(
        (blocks.windows(2).all(|pair| pair[0].end == pair[1].start))
            && blocks.iter().all(|block| block.start < block.end)
            && blocks.first().is_none_or(|block| block.start == 0)
            && blocks.last().is_none_or(|block| block.end == sentences),
        "blocks tile the voice"
    );

    let forward = Forward {
        sums: SentenceSums::default(),
        histogram: BTreeMap::new(),
        diversity: DiversityPass::new(counter, !blocks.is_empty()),
    };
    let Pass {
        whole: forward,
        replicates,
        ..
    } = read(source, false, forward, blocks, words)?;
    let whole_pass = &forward.diversity;
    let replicates: Vec<ReplicateDiversity> = (replicates.into_iter())
        .map(|replicate| {
            let gap = replicate.gap();
            // Its counts are the whole voice's less its block's.
            let removed = (replicate.forms.iter())
                .map(|form| (whole_pass.counter.count(form.form), form.count))
                .collect();
            let (mattr, msttr, stretches) =
                (replicate.pass).finish(&whole_pass.window, &whole_pass.forward, gap);
            ReplicateDiversity {
                gap,
                removed,
                mattr,
                msttr,
                stretches,
            }
        })
        .collect();
    let (sums, histogram) = (forward.sums, forward.histogram);
    let whole = forward.diversity.finish();

    // MTLD's backward pass, when the voice has the words for it; the blocks in the
    // order it meets them, as sentences counted from the end.
    let backward = match long_enough(&whole) {
        false => None,
        true => {
            let from_end = |block: &Range<usize>| sentences - block.end..sentences - block.start;
            let blocks: Vec<Range<usize>> = blocks.iter().rev().map(from_end).collect();
            let Pass {
                whole: backward,
                replicates,
                ..
            } = read(source, true, Backward::new(counter), &blocks, words)?;
            let replicates: Vec<f64> = (replicates.into_iter().rev())
                .map(|replicate| replicate.pass.finish(&backward.stretches).finish())
                .collect();
            Some((backward.stretches.finish(), replicates))
        }
    };

    let mtld = |forward: &MtldPass, backward: f64| Some((forward.finish() + backward) / 2.0);
    let order = match &backward {
        Some((backward, _)) => [
            whole.mattr,
            mtld(&whole.mtld_forward, *backward),
            whole.msttr,
        ],
        None => [None; 3],
    };
    let replicate_values = (replicates.into_iter().zip(blocks).enumerate())
        .map(|(index, (replicate, block))| {
            let diversity = Diversity {
                spectrum: whole.spectrum.without(replicate.removed.into_iter()),
                mattr: replicate.mattr,
                msttr: replicate.msttr,
                mtld_forward: replicate.stretches,
            };
            let order = match &backward {
                Some((_, backward)) if long_enough(&diversity) => [
                    diversity.mattr,
                    mtld(&diversity.mtld_forward, backward[index]),
                    diversity.msttr,
                ],
                _ => [None; 3],
            };
            let sums = SentenceSums::of_size(words - replicate.gap, sentences - block.len());
            let basis = sums.basis(diversity.spectrum, BTreeMap::new(), order);
            values(&basis, Some(Interval::Jackknife))
        })
        .collect();
    Ok(Measured {
        whole: values(&sums.basis(whole.spectrum, histogram, order), None),
        replicates: replicate_values,
    })
}

/// What a replicate's forward pass found, beside the whole voice's counts.
struct ReplicateDiversity {
    /// The words its block left out.
    gap: u64,
    /// For each form of its block: how often the whole voice has it, and how often
    /// the block.
    removed: Vec<(u32, u32)>,
    mattr: Option<f64>,
    msttr: Option<f64>,
    stretches: MtldPass,
}

/// Reads `source`'s sentences into `whole`, first to last or, when `reversed`,
/// last to first (`blocks` and the positions counted in that order), starting a
/// replicate as a copy of `whole` where each of `blocks` begins; `words` is the
/// voice's.
fn read<'b, S: Sentences, W: WholePass>(
    source: &S,
    reversed: bool,
    whole: W,
    blocks: &'b [Range<usize>],
    words: u64,
) -> Result<Pass<'b, W>, S::Error> {
    let mut pass = Pass {
        whole,
        blocks,
        words,
        replicates: Vec::with_capacity(blocks.len()),
        block_start: None,
        block_forms: Vec::new(),
        reading: Vec::new(),
        position: 0,
        sentence: 0,
    };
    source.for_each_part(reversed, &mut |part| {
        let count = part.sentences.len();
        for index in 0..count {
            let index = if reversed { count - 1 - index } else { index };
            pass.begin_sentence();
            pass.whole.sentence(part, index);
            let words = part.sentence_words(index);
            match reversed {
                false => words.iter().for_each(|&word| pass.word(word)),
                true => words.iter().rev().for_each(|&word| pass.word(word)),
            }
            pass.sentence += 1;
        }
    })?;
    pass.begin_sentence();
    assert_eq!(pass.position, words, "a voice has the words it counts");
    assert_eq!(pass.replicates.len(), blocks.len(), "every block was read");
    Ok(pass)
}

/// The whole voice's pass in one direction.
trait WholePass: Sized {
    type Replicate: ReplicatePass<Self>;

    /// Reads the next word; how the counter sighted it.
    fn read(&mut self, word: u32) -> Sighting;

    /// The occurrences of `form` counted so far (0 in a pass that does not count).
    fn count(&self, form: u32) -> u32;

    /// Takes sentence `index` of `part` as a sentence, before its words.
    fn sentence(&mut self, _part: &VoiceText, _index: usize) {}
}

/// A replicate's measures in one direction: a copy of the whole voice's where its
/// block begins, read on after the block until they are in step with the whole
/// voice's.
trait ReplicatePass<W> {
    fn copy_of(whole: &W) -> Self;

    /// The next word after the block, sighted in the replicate's positions.
    fn push(&mut self, sighting: Sighting);

    /// Before the word at `next` (a position of the whole voice's pass, after the
    /// block, which ends at `block_end`; the pass has `words` words): stops reading
    /// for the measures now in step with `whole`'s. Says whether some measure still
    /// reads.
    fn settle(&mut self, next: u64, block_end: u64, words: u64, whole: &W) -> bool;
}

/// A jackknife replicate in one pass.
struct Replicate<P> {
    /// Its block's words, as positions of the whole voice's pass.
    block: Range<u64>,
    /// Its block's forms, by form id.
    forms: Vec<BlockForm>,
    pass: P,
}

/// A form that a block holds.
#[derive(Clone, Copy)]
struct BlockForm {
    form: u32,
    /// Where it was last seen before the block (a [`Sighting::after_previous`]).
    after_previous: u64,
    /// While the block is read, the pass's count of the form at its first
    /// occurrence in it; then its occurrences in the block.
    count: u32,
}

impl<P> Replicate<P> {
    /// The words its block leaves out.
    fn gap(&self) -> u64 {
        self.block.end - self.block.start
    }

    /// The next word after the block, of form `form`, in the replicate's positions,
    /// given how the whole voice's pass sighted it.
    #[inline]
    fn own_sighting(&self, form: u32, sighting: Sighting) -> Sighting {
        let Range { start, end } = self.block;
        let after_previous = match sighting.after_previous() {
            after if after > end => after - self.gap(),
            // Last seen in the block: the replicate last saw it before.
            after if after > start => {
                let at = (self.forms)
                    .binary_search_by_key(&form, |form| form.form)
                    .expect("a form seen in the block is among its forms");
                self.forms[at].after_previous
            }
            after => after,
        };
        Sighting::new(sighting.position() - self.gap(), after_previous)
    }
}

/// A pass over a voice with its replicates beside it.
struct Pass<'b, W: WholePass> {
    whole: W,
    /// The replicates' blocks, in the order of the pass.
    blocks: &'b [Range<usize>],
    words: u64,
    /// One for each block begun.
    replicates: Vec<Replicate<W::Replicate>>,
    /// Where the block being read began (the last replicate's), if one is.
    block_start: Option<u64>,
    block_forms: Vec<BlockForm>,
    /// The replicates that read on after their block.
    reading: Vec<usize>,
    /// The next word's position.
    position: u64,
    /// The sentences read.
    sentence: usize,
}

impl<W: WholePass> Pass<'_, W> {
    /// Before each sentence, and after the last: ends a block, begins one.
    fn begin_sentence(&mut self) {
        let begun = self.replicates.len();
        if self.block_start.is_some() && self.blocks[begun - 1].end == self.sentence {
            self.end_block(begun - 1);
        }
        if self
            .blocks
            .get(begun)
            .is_some_and(|block| block.start == self.sentence)
        {
            self.replicates.push(Replicate {
                block: self.position..self.position,
                forms: Vec::new(),
                pass: W::Replicate::copy_of(&self.whole),
            });
            self.block_start = Some(self.position);
        }
    }

    fn end_block(&mut self, index: usize) {
        self.block_start = None;
        let mut forms = std::mem::take(&mut self.block_forms);
        for form in &mut forms {
            form.count = self.whole.count(form.form) - form.count + 1;
        }
        forms.sort_unstable_by_key(|form| form.form);
        let replicate = &mut self.replicates[index];
        replicate.forms = forms;
        replicate.block.end = self.position;
        if self.position < self.words
            && (replicate.pass).settle(self.position, self.position, self.words, &self.whole)
        {
            self.reading.push(index);
        }
    }

    #[inline]
    fn word(&mut self, word: u32) {
        let sighting = self.whole.read(word);
        if self
            .block_start
            .is_some_and(|start| sighting.after_previous() <= start)
        {
            // Its first occurrence in the block.
            self.block_forms.push(BlockForm {
                form: word,
                after_previous: sighting.after_previous(),
                count: self.whole.count(word),
            });
        }
        self.position += 1;
        let Pass {
            whole,
            replicates,
            reading,
            position,
            words,
            ..
        } = self;
        reading.retain(|&index| {
            let replicate = &mut replicates[index];
            let own = replicate.own_sighting(word, sighting);
            replicate.pass.push(own);
            let block_end = replicate.block.end;
            (replicate.pass).settle(*position, block_end, *words, whole)
        });
    }
}

/// The whole voice's pass in text order: its sentences' sums and lengths, and the
/// measures of lexical diversity.
struct Forward<'a> {
    sums: SentenceSums,
    /// Sentences by length, for the quantiles.
    histogram: BTreeMap<u64, u64>,
    diversity: DiversityPass<'a>,
}

impl WholePass for Forward<'_> {
    type Replicate = ForwardReplicate;

    #[inline]
    fn read(&mut self, word: u32) -> Sighting {
        self.diversity.push(word)
    }

    fn count(&self, form: u32) -> u32 {
        self.diversity.counter.count(form)
    }

    fn sentence(&mut self, part: &VoiceText, index: usize) {
        let length = self.sums.add(part, index);
        *self.histogram.entry(length).or_default() += 1;
    }
}

/// A replicate's MATTR, MSTTR and MTLD forward.
struct ForwardReplicate {
    window: Window,
    segments: PhasedSegments,
    stretches: Stretches,
}

impl ForwardReplicate {
    /// MATTR, MSTTR and MTLD's forward pass, given the whole voice's window and
    /// stretches at the end of the pass.
    fn finish(
        self,
        whole_window: &MovingWindow,
        whole_stretches: &MtldPass,
        gap: u64,
    ) -> (Option<f64>, Option<f64>, MtldPass) {
        let window = match self.window.joined {
            None => self.window.pass,
            Some((own, whole_then)) => MovingWindow::rejoined(own, whole_then, whole_window, gap),
        };
        let segments = match self.segments.joined {
            None => self.segments.pass,
            Some(joined) => {
                let to = whole_window.phase_total_before(joined.last);
                (self.segments.pass).rejoined(to - joined.from, joined.segments)
            }
        };
        (
            window.finish(),
            segments.finish(),
            self.stretches.finish(whole_stretches),
        )
    }
}

impl<'a> ReplicatePass<Forward<'a>> for ForwardReplicate {
    fn copy_of(whole: &Forward<'a>) -> Self {
        let whole = &whole.diversity;
        ForwardReplicate {
            window: Window {
                pass: whole.window.clone_without_phases(),
                joined: None,
            },
            segments: PhasedSegments {
                pass: whole.segments.clone(),
                joined: None,
            },
            stretches: Stretches::copy_of(&whole.forward),
        }
    }

    #[inline]
    fn push(&mut self, sighting: Sighting) {
        if self.window.joined.is_none() {
            self.window.pass.push(sighting);
        }
        if self.segments.joined.is_none() {
            self.segments.pass.push(sighting);
        }
        self.stretches.push(sighting);
    }

    #[inline]
    fn settle(&mut self, next: u64, block_end: u64, words: u64, whole: &Forward<'a>) -> bool {
        let whole = &whole.diversity;
        let size = WINDOW as u64;
        // The word whose windows are the first to begin after the block; at least
        // a window's words after it, for the last windows to be the whole voice's.
        let joins = block_end + size - 1;
        if self.window.joined.is_none() && next == joins && joins + size <= words {
            self.window.joined = Some((self.window.pass.sum(), whole.window.sum()));
        }
        if self.segments.joined.is_none() && self.segments.pass.between() && next < words {
            // Its segments begin at `next` and every window's length after it, at
            // the phase of `next`; the last of them is left out.
            let last = next + (words - 1 - next) / size * size;
            self.segments.joined = Some(SegmentsJoined {
                from: whole.window.phase_total(next),
                last,
                segments: (last - next) / size,
            });
        }
        self.stretches.settle(&whole.forward);
        self.window.joined.is_none()
            || self.segments.joined.is_none()
            || self.stretches.joined.is_none()
    }
}

/// A replicate's MATTR.
struct Window {
    pass: MovingWindow,
    /// Once each word adds to its windows what it adds to the whole voice's: its
    /// windows' types then, and the whole voice's.
    joined: Option<(u64, u64)>,
}

/// A replicate's MSTTR.
struct PhasedSegments {
    pass: Segments,
    /// Once its segments are windows of the whole voice at one phase.
    joined: Option<SegmentsJoined>,
}

/// A replicate's segments from where they are windows of the whole voice, all at
/// one phase, to `last`, where its last one begins.
#[derive(Clone, Copy)]
struct SegmentsJoined {
    /// The whole voice's windows' types at that phase, added up where they begin.
    from: u64,
    last: u64,
    /// Full segments before `last`.
    segments: u64,
}

/// A replicate's MTLD in one direction.
struct Stretches {
    pass: MtldPass,
    /// Once its stretches are the whole voice's: where it was then (see
    /// [`MtldPass::mark`]), and where the whole voice was.
    joined: Option<((f64, usize), (f64, usize))>,
}

impl Stretches {
    fn copy_of(whole: &MtldPass) -> Self {
        Stretches {
            pass: whole.clone(),
            joined: None,
        }
    }

    #[inline]
    fn push(&mut self, sighting: Sighting) {
        if self.joined.is_none() {
            self.pass.push(sighting);
        }
    }

    /// Joins `whole` when the next word begins a stretch of both.
    #[inline]
    fn settle(&mut self, whole: &MtldPass) {
        if self.joined.is_none() && self.pass.between() && whole.between() {
            self.joined = Some((self.pass.mark(), whole.mark()));
        }
    }

    /// The pass as it would have ended, given `whole`'s at the end.
    fn finish(self, whole: &MtldPass) -> MtldPass {
        match self.joined {
            None => self.pass,
            Some((own, whole_then)) => MtldPass::rejoined(own, whole_then, whole),
        }
    }
}

/// The whole voice's MTLD pass last word to first.
struct Backward<'a> {
    counter: &'a mut Counter,
    stretches: MtldPass,
}

impl<'a> Backward<'a> {
    fn new(counter: &'a mut Counter) -> Self {
        counter.begin_pass();
        Backward {
            counter,
            stretches: MtldPass::new(MTLD_THRESHOLD),
        }
    }
}

impl<'a> WholePass for Backward<'a> {
    type Replicate = Stretches;

    #[inline]
    fn read(&mut self, word: u32) -> Sighting {
        let sighting = self.counter.sight(word);
        self.stretches.push(sighting);
        sighting
    }

    fn count(&self, _form: u32) -> u32 {
        0
    }
}

impl<'a> ReplicatePass<Backward<'a>> for Stretches {
    fn copy_of(whole: &Backward<'a>) -> Self {
        Stretches::copy_of(&whole.stretches)
    }

    #[inline]
    fn push(&mut self, sighting: Sighting) {
        Stretches::push(self, sighting);
    }

    #[inline]
    fn settle(&mut self, _next: u64, _block_end: u64, _words: u64, whole: &Backward<'a>) -> bool {
        Stretches::settle(self, &whole.stretches);
        self.joined.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::SplitMix64;
    use crate::stats::intervals::blocks;
    use crate::stats::measures::{MEASURES, measure};
    use crate::stats::sample::{Count, Tally};

    /// A voice of `sentences` sentences of 0 to `longest` words, drawn from `forms`
    /// forms, the first ones more often (as a text's words are).
    fn voice(
        random: &mut SplitMix64,
        sentences: usize,
        longest: usize,
        forms: usize,
    ) -> Vec<Vec<u32>> {
        (0..sentences)
            .map(|_| {
                // Some sentences of no words: blocks of none.
                let length = random.below(longest + 1);
                (0..length)
                    .map(|_| {
                        let common = 1 + random.below(forms);
                        random.below(common) as u32
                    })
                    .collect()
            })
            .collect()
    }

    fn text<'a>(sentences: impl Iterator<Item = &'a Vec<u32>>) -> VoiceText {
        let mut text = VoiceText::new("a voice");
        for sentence in sentences {
            text.words.extend_from_slice(sentence);
            let mut tally = Tally::default();
            tally.add(Count::Words, sentence.len() as u32);
            text.push_sentence(&tally);
        }
        text
    }

    /// Every replicate measures bit for bit as the voice without its block read
    /// alone, over voices of every shape: blocks shorter and longer than a window,
    /// windows and segments that do and do not join the whole voice's before the
    /// end, few forms (short MTLD stretches) and many.
    #[test]
    fn replicates_measure_as_the_voice_without_their_block() {
        let mut random = SplitMix64(14);
        let mut checked = [0usize; 3];
        for case in 0..300 {
            let (sentences, longest) = match case % 3 {
                0 => (10 + random.below(40), 1 + random.below(12)),
                1 => (20 + random.below(200), 1 + random.below(30)),
                _ => (100 + random.below(400), 5 + random.below(40)),
            };
            let forms = 2 + random.below(400);
            let sentences = voice(&mut random, sentences, longest, forms);
            let whole = text(sentences.iter());
            let blocks = blocks(sentences.len());
            let counter = &mut Counter::new(forms);
            let measured = measure_voice(&whole, &blocks, counter).unwrap();
            // The replicates leave the whole voice's pass as it was.
            assert_eq!(measured.whole, measure(&whole, counter).unwrap());
            for (block, replicate) in blocks.iter().zip(&measured.replicates) {
                let kept = (sentences.iter().enumerate())
                    .filter(|(index, _)| !block.contains(index))
                    .map(|(_, sentence)| sentence);
                let alone = measure(&text(kept), counter).unwrap();
                for ((measure, found), expected) in MEASURES.iter().zip(replicate).zip(alone) {
                    if measure.interval == Interval::Jackknife {
                        assert_eq!(
                            found.map(f64::to_bits),
                            expected.map(f64::to_bits),
                            "case {case}, block {block:?}: {}",
                            measure.name
                        );
                        if let Some(name) = ["mattr", "msttr", "mtld"]
                            .iter()
                            .position(|n| *n == measure.name)
                        {
                            checked[name] += usize::from(expected.is_some());
                        }
                    } else {
                        assert_eq!(*found, None, "{}", measure.name);
                    }
                }
            }
        }
        assert!(checked.iter().all(|&count| count > 1000), "{checked:?}");
    }
}
