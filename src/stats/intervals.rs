//! 95% intervals of the measures, from the voice's sentences (not its words: words
//! within a sentence are not independent).
//!
//! Both work on 20 blocks of consecutive sentences ([`blocks`]): neighbouring
//! sentences share their topic, their people and so their words and their length,
//! and single sentences, or groups spread evenly through the text, are all alike,
//! so their spread would understate how much a measure depends on which stretch of
//! text was written; a block (a twentieth of a novel, or of a voice over the
//! corpus, several of its documents) carries that dependence with it.
//!
//! - Bootstrap: draw 20 blocks with replacement, add up their sentences' counts,
//!   recompute every measure, take the 2.5th and 97.5th percentiles (the percentile
//!   interval, Efron and Tibshirani 1993, of the non-overlapping block bootstrap,
//!   Carlstein 1986, Lahiri 2003). For the measures that add up over sentences:
//!   means, shares, rates and readability. Each block's sums are added up once, in
//!   one pass over the voice's parts, so a resample costs 20 additions whatever the
//!   size of the voice, and a voice read in parts (a corpus voice, a document's
//!   share at a time) draws exactly as the voice read whole.
//! - Jackknife: leave out one of 20 blocks of consecutive sentences at a time and
//!   take the estimate ± 1.96 jackknife standard errors (the delete-a-group
//!   jackknife, Kott 2001, with contiguous groups: the block jackknife, Künsch
//!   1989). For lexical diversity, because a bootstrap resample repeats sentences,
//!   so repeats words, so has fewer types than any real text of its length: on the
//!   seed, the author's TTR is 0.387 and the TTR of every one of 200 resamples of
//!   single sentences lies between 0.25 and 0.31, an "interval" that does not
//!   contain the estimate.
//!   Leaving sentences out repeats nothing. Blocks also make the replicates cheap:
//!   each one starts as a copy of the whole voice's pass where its block begins,
//!   and soon after its block goes on as the whole voice's does (see `passes`).
//!
//! Reproducible: replicate r of a voice draws from a generator seeded by the voice,
//! its document and r, so the intervals are the same whatever the number of threads
//! or the order of the work.

use std::hash::Hasher;
use std::ops::Range;

use super::measures::{Interval, MEASURES, SentenceSums};
use super::sample::Sentences;
use crate::hashing::FxHasher;
use crate::random::{SplitMix64, mix};

/// Below this many sentences a voice gets no intervals: a resample of a handful of
/// sentences says little about the spread.
pub const MIN_SENTENCES: usize = 10;

/// Bootstrap resamples per voice.
pub const REPLICATES: usize = 200;

/// The most replicates `--resamples` may ask for. Percentile intervals need 1,000 to
/// 2,000 (Efron and Tibshirani, *An Introduction to the Bootstrap*, 1993, ch. 13);
/// ten times that changes their ends by less than their own sampling noise, while
/// a run keeps each voice's replicates: a million on one novel took 2 to 4 GB.
pub const MAX_REPLICATES: usize = 10_000;

/// Blocks of consecutive sentences a voice is cut into: the bootstrap draws them,
/// the jackknife leaves each out in turn.
pub const BLOCKS: usize = 20;

/// Whether a voice of `sentences` sentences gets intervals from `replicates`
/// resamples: not when none are asked for, nor below [`MIN_SENTENCES`].
pub fn has_intervals(sentences: usize, replicates: usize) -> bool {
    replicates > 0 && sentences >= MIN_SENTENCES
}

/// The blocks of consecutive sentences a voice of `sentences` sentences is cut
/// into for its intervals: [`BLOCKS`] (or a sentence each, below that), in order,
/// end to end, their sizes differing by one at most.
pub fn blocks(sentences: usize) -> Vec<Range<usize>> {
    let count = BLOCKS.min(sentences);
    let block_start = |block: usize| block * sentences / count;
    (0..count)
        .map(|block| block_start(block)..block_start(block + 1))
        .collect()
}

/// A 95% interval for every measure that has one, in [`MEASURES`] order, given the
/// measures of the whole voice (`estimates`) and of the jackknife's replicates
/// (`leave_outs`, each leaving out one of the voice's [`blocks`]); None for the
/// others, and for a measure that fewer than 90% of the bootstrap resamples (or not
/// every jackknife replicate) could compute: a resample can fall below the
/// measure's minimum size.
pub fn intervals<S: Sentences>(
    source: &S,
    estimates: &[Option<f64>],
    leave_outs: &[Vec<Option<f64>>],
    replicates: usize,
    seed: u64,
) -> Result<Vec<Option<(f64, f64)>>, S::Error> {
    if !has_intervals(source.sentences(), replicates) {
        return Ok(vec![None; MEASURES.len()]);
    }
    let resamples = bootstrap(source, replicates, seed)?;
    Ok(MEASURES
        .iter()
        .enumerate()
        .map(|(index, measure)| match measure.interval {
            Interval::Not => None,
            Interval::Bootstrap => percentile_interval(&resamples, index),
            Interval::Jackknife => jackknife_interval(leave_outs, index, estimates[index]?),
        })
        .collect())
}

/// The bootstrap measures of `replicates` resamples of `source`'s blocks (those of
/// [`blocks`]): replicate r draws as many blocks as there are, with replacement,
/// with its own generator, seeded by `seed` and r, and adds up their sums. (One
/// after the other: a resample is a few microseconds, and the voices themselves are
/// measured in parallel.)
fn bootstrap<S: Sentences>(
    source: &S,
    replicates: usize,
    seed: u64,
) -> Result<Vec<Vec<Option<f64>>>, S::Error> {
    let block_sums = block_sums(source)?;
    Ok((0..replicates)
        .map(|replicate| {
            let mut random = SplitMix64(seed ^ mix(replicate as u64));
            let mut sums = SentenceSums::default();
            for _ in 0..block_sums.len() {
                sums.merge(&block_sums[random.below(block_sums.len())]);
            }
            sums.bootstrap_values()
        })
        .collect())
}

/// What the sentences of each of `source`'s blocks add up to, in one pass over its
/// parts.
fn block_sums<S: Sentences>(source: &S) -> Result<Vec<SentenceSums>, S::Error> {
    let blocks = blocks(source.sentences());
    let mut sums = vec![SentenceSums::default(); blocks.len()];
    let (mut block, mut sentence) = (0, 0);
    source.for_each_part(false, &mut |part| {
        for index in 0..part.sentences.len() {
            while sentence >= blocks[block].end {
                block += 1;
            }
            sums[block].add(part, index);
            sentence += 1;
        }
    })?;
    Ok(sums)
}

fn percentile_interval(resamples: &[Vec<Option<f64>>], index: usize) -> Option<(f64, f64)> {
    let mut values: Vec<f64> = resamples
        .iter()
        .filter_map(|sample| sample[index])
        .collect();
    if values.len() * 10 < resamples.len() * 9 {
        return None;
    }
    values.sort_by(f64::total_cmp);
    Some((percentile(&values, 0.025), percentile(&values, 0.975)))
}

/// estimate ± 1.96 · √((g − 1)/g · Σ (θᵢ − θ̄)²), θᵢ the measure without group i.
fn jackknife_interval(
    leave_outs: &[Vec<Option<f64>>],
    index: usize,
    estimate: f64,
) -> Option<(f64, f64)> {
    let values: Vec<f64> = leave_outs
        .iter()
        .map(|sample| sample[index])
        .collect::<Option<_>>()?;
    let g = values.len() as f64;
    let mean = values.iter().sum::<f64>() / g;
    let variance = (g - 1.0) / g * values.iter().map(|v| (v - mean).powi(2)).sum::<f64>();
    let margin = 1.96 * variance.sqrt();
    Some((estimate - margin, estimate + margin))
}

/// The seed of a voice's replicates, from its name, its number of words and whether
/// it is the voice of one document or of the corpus: the same voice always draws the
/// same resamples, whatever the document's id (a sharded run numbers the documents
/// of each shard apart; `voices report --from` numbers them again).
pub fn seed(voice: &str, words: usize, in_document: bool) -> u64 {
    let mut hasher = FxHasher::default();
    hasher.write(voice.as_bytes());
    hasher.write_u64(words as u64);
    hasher.write_u8(u8::from(in_document));
    mix(hasher.finish())
}

/// The `p` quantile of sorted `values`, interpolated linearly between the two
/// nearest ranks (R's type 7, numpy's default).
pub(super) fn percentile(values: &[f64], p: f64) -> f64 {
    percentile_of(values.len(), |rank| values[rank], p)
}

/// [`percentile`] of `count` sorted values that are not held as a slice: `nth(i)`
/// gives the i-th smallest.
pub(super) fn percentile_of(count: usize, nth: impl Fn(usize) -> f64, p: f64) -> f64 {
    let rank = p * (count - 1) as f64;
    let below = rank.floor() as usize;
    let above = rank.ceil() as usize;
    let low = nth(below);
    low + (rank - below as f64) * (nth(above) - low)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::sample::{Count, Tally, VoiceText};

    #[test]
    fn percentiles_interpolate_like_numpy() {
        let values = [1.0, 2.0, 3.0, 4.0, 5.0];
        // numpy.percentile([1, 2, 3, 4, 5], [2.5, 97.5]) == [1.1, 4.9]
        assert!((percentile(&values, 0.025) - 1.1).abs() < 1e-12);
        assert!((percentile(&values, 0.975) - 4.9).abs() < 1e-12);
    }

    #[test]
    fn the_jackknife_leaves_out_blocks_that_tile_the_voice() {
        let left_out = |sentences: usize| -> Vec<(usize, usize)> {
            (blocks(sentences).into_iter())
                .map(|block| (block.start, block.end))
                .collect()
        };
        // 45 sentences: five blocks of 3 and fifteen of 2, in order, end to end.
        let of_45 = left_out(45);
        assert_eq!(of_45.len(), BLOCKS);
        assert_eq!(of_45[0], (0, 2));
        assert_eq!(of_45[19], (42, 45));
        assert!(of_45.windows(2).all(|pair| pair[0].1 == pair[1].0));
        let sizes: Vec<usize> = of_45.iter().map(|(start, end)| end - start).collect();
        assert_eq!(sizes.iter().filter(|&&size| size == 3).count(), 5);
        assert!(sizes.iter().all(|&size| size == 2 || size == 3));
        // Fewer sentences than blocks: a sentence each.
        assert_eq!(
            left_out(12),
            (0..12).map(|s| (s, s + 1)).collect::<Vec<_>>()
        );
        // Too few for intervals, or none asked for: no replicates.
        assert!(!has_intervals(MIN_SENTENCES - 1, REPLICATES));
        assert!(!has_intervals(100, 0));
    }

    /// Each block's sums are those of its own sentences: 45 sentences of 1 to 45
    /// words (the 16th a wide one, kept in 64 bits), summed sentence by sentence.
    #[test]
    fn each_blocks_sums_are_its_sentences() {
        let mut voice = VoiceText::new("a voice");
        for words in 1..=45 {
            voice.words.extend(std::iter::repeat_n(0, words));
            let mut tally = Tally::default();
            tally.add(Count::Words, u32::try_from(words).unwrap());
            if words == 16 {
                tally.add(Count::Characters, 70_000);
            }
            voice.push_sentence(&tally);
        }
        assert_eq!(voice.wide.len(), 1);
        let Ok(sums) = block_sums(&voice);
        assert_eq!(sums.len(), BLOCKS);
        for (block, found) in blocks(45).into_iter().zip(&sums) {
            let mut expected = SentenceSums::default();
            for sentence in block {
                expected.add(&voice, sentence);
            }
            assert_eq!(*found, expected);
        }
    }

    #[test]
    fn draws_are_uniform_and_reproducible() {
        let mut random = SplitMix64(seed("Lenin", 1000, true));
        let mut counts = [0usize; 10];
        for _ in 0..100_000 {
            counts[random.below(10)] += 1;
        }
        assert!(counts.iter().all(|&count| (9_500..10_500).contains(&count)));
        let again: Vec<usize> = {
            let mut random = SplitMix64(seed("Lenin", 1000, true));
            (0..5).map(|_| random.below(1000)).collect()
        };
        let mut random = SplitMix64(seed("Lenin", 1000, true));
        assert_eq!(
            again,
            (0..5).map(|_| random.below(1000)).collect::<Vec<_>>()
        );
        assert_ne!(seed("Lenin", 1000, true), seed("Lenin", 1000, false));
    }
}
