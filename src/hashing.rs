//! A fast hasher for the many small string lookups of the text stages.
//!
//! The standard library's SipHash resists hash flooding, which matters for maps fed
//! by untrusted keys over a network, not for word lists and a document's own words;
//! there it costs a third of the voice stage. This is the Fx hash of rustc and
//! Firefox (a multiply and a rotate per word of input), written out here because a
//! hashing crate would change the features Polars is built with.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

#[derive(Clone, Copy, Default)]
pub struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().expect("eight bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            // The same word as the rest padded with zeros, read little-endian; built
            // byte by byte because a copy of a length known only at run time is a
            // call to `memmove`, which cost the voice stage a thirtieth of its time.
            let last = rest
                .iter()
                .rev()
                .fold(0u64, |word, &byte| (word << 8) | u64::from(byte));
            self.add(last);
        }
    }

    #[inline]
    fn write_u8(&mut self, value: u8) {
        self.add(u64::from(value));
    }

    #[inline]
    fn write_u32(&mut self, value: u32) {
        self.add(u64::from(value));
    }

    #[inline]
    fn write_u64(&mut self, value: u64) {
        self.add(value);
    }

    #[inline]
    fn write_usize(&mut self, value: usize) {
        self.add(value as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;
pub type FastSet<K> = HashSet<K, BuildHasherDefault<FxHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    /// The hash of a string whose length is no multiple of eight is that of its
    /// bytes padded with zeros to whole words, as the Fx hash defines it.
    #[test]
    fn the_last_bytes_hash_as_a_word_padded_with_zeros() {
        for word in ["a", "abc", "abcdefgh", "abcdefghijk", "сталин"] {
            let mut hasher = FxHasher::default();
            hasher.write(word.as_bytes());
            let mut expected = FxHasher::default();
            for chunk in word.as_bytes().chunks(8) {
                let mut padded = [0u8; 8];
                padded[..chunk.len()].copy_from_slice(chunk);
                expected.add(u64::from_le_bytes(padded));
            }
            assert_eq!(hasher.finish(), expected.finish(), "{word}");
        }
    }

    #[test]
    fn equal_strings_hash_alike_and_different_ones_apart() {
        let mut set = FastSet::default();
        for word in [
            "stalin",
            "lenin",
            "stalin",
            "a",
            "ab",
            "abcdefghi",
            "abcdefghj",
        ] {
            set.insert(word);
        }
        assert_eq!(set.len(), 6);
        assert!(set.contains("abcdefghj") && !set.contains("abcdefgh"));
    }
}
