//! A value for every token of a document, in 32 bits: a long book has twenty
//! million tokens, and its quotation per token took 8 bytes as Rust lays out
//! `Option<u32>`.

use std::marker::PhantomData;
use std::ops::Range;

/// A value that packs into 32 bits.
pub trait Packed: Copy {
    fn pack(self) -> u32;
    fn unpack(packed: u32) -> Self;
}

/// A quotation's index, or none: `u32::MAX` is none (a document has fewer
/// quotations than tokens, and fewer tokens than bytes, under 4 GiB).
impl Packed for Option<u32> {
    fn pack(self) -> u32 {
        self.unwrap_or(u32::MAX)
    }

    fn unpack(packed: u32) -> Self {
        (packed != u32::MAX).then_some(packed)
    }
}

/// One `T` per token, packed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PerToken<T> {
    values: Vec<u32>,
    kind: PhantomData<T>,
}

impl<T> Default for PerToken<T> {
    fn default() -> Self {
        PerToken {
            values: Vec::new(),
            kind: PhantomData,
        }
    }
}

impl<T: Packed> PerToken<T> {
    /// `value` for each of `tokens` tokens.
    pub fn filled(tokens: usize, value: T) -> Self {
        PerToken {
            values: vec![value.pack(); tokens],
            kind: PhantomData,
        }
    }

    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    #[inline]
    pub fn get(&self, token: usize) -> T {
        T::unpack(self.values[token])
    }

    #[inline]
    pub fn set(&mut self, token: usize, value: T) {
        self.values[token] = value.pack();
    }

    /// Every token's value, in token order.
    pub fn iter(&self) -> impl Iterator<Item = T> + '_ {
        self.values.iter().map(|&packed| T::unpack(packed))
    }

    /// The values of the tokens of `tokens`.
    pub fn range(&self, tokens: Range<usize>) -> impl Iterator<Item = T> + '_ {
        self.values[tokens].iter().map(|&packed| T::unpack(packed))
    }
}

impl<T: Packed> FromIterator<T> for PerToken<T> {
    fn from_iter<I: IntoIterator<Item = T>>(values: I) -> Self {
        PerToken {
            values: values.into_iter().map(Packed::pack).collect(),
            kind: PhantomData,
        }
    }
}
