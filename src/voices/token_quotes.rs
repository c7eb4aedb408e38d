//! The innermost quotation around each token, in 32 bits: a long book has twenty
//! million tokens, and an `Option<u32>` takes 8 bytes.

use std::ops::Range;

/// No quotation: a document has fewer quotations than tokens, and fewer tokens
/// than bytes (ingest refuses files of 4 GiB or more).
const NONE: u32 = u32::MAX;

/// For each token, the index of the innermost quotation around it, if any.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TokenQuotes(Vec<u32>);

impl TokenQuotes {
    /// No quotation around any of `tokens` tokens.
    pub fn none(tokens: usize) -> Self {
        TokenQuotes(vec![NONE; tokens])
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    #[inline]
    pub fn get(&self, token: usize) -> Option<u32> {
        unpack(self.0[token])
    }

    pub fn set(&mut self, token: usize, quote: u32) {
        assert_ne!(quote, NONE, "fewer quotations than tokens");
        self.0[token] = quote;
    }

    /// The quotations of the tokens of `tokens`, in order.
    pub fn range(&self, tokens: Range<usize>) -> impl Iterator<Item = Option<u32>> + '_ {
        self.0[tokens].iter().map(|&quote| unpack(quote))
    }
}

fn unpack(quote: u32) -> Option<u32> {
    (quote != NONE).then_some(quote)
}
