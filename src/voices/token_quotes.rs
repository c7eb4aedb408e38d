//! The innermost quotation around each token: one entry of 32 bits per token while
//! the voice stage asks about tokens in any order ([`TokenQuotes`]), then runs of
//! tokens with one quotation once the document's voices are found ([`QuoteRuns`]).
//! A long book has twenty million tokens, and an `Option<u32>` takes 8 bytes.

use std::ops::Range;

use crate::offsets::narrow;

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

    /// The same as runs, to keep once the voice stage is done.
    pub fn into_runs(self) -> QuoteRuns {
        let mut runs = QuoteRuns {
            tokens: self.0.len(),
            ..QuoteRuns::default()
        };
        for (token, &quote) in self.0.iter().enumerate() {
            if runs.quotes.last() != Some(&quote) {
                runs.starts.push(narrow(token));
                runs.quotes.push(quote);
            }
        }
        runs.starts.shrink_to_fit();
        runs.quotes.shrink_to_fit();
        runs
    }
}

/// For each token, the innermost quotation around it, as runs of consecutive tokens
/// with the same one: a few runs per quotation, where an entry per token cost 80 MB
/// for a 100 MB book, kept beside the document's pieces while they are made.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QuoteRuns {
    /// The first token of each run, increasing from 0.
    starts: Vec<u32>,
    /// The innermost quotation of each run's tokens ([`NONE`]: none).
    quotes: Vec<u32>,
    /// How many tokens.
    tokens: usize,
}

impl QuoteRuns {
    pub fn len(&self) -> usize {
        self.tokens
    }

    pub fn is_empty(&self) -> bool {
        self.tokens == 0
    }

    /// The quotations of the tokens of `tokens`, in order, walking the runs.
    pub fn range(&self, tokens: Range<usize>) -> impl Iterator<Item = Option<u32>> + '_ {
        assert!(
            tokens.end <= self.tokens,
            "tokens {tokens:?} of {}",
            self.tokens
        );
        let mut run = match tokens.is_empty() {
            true => 0,
            false => self.run_of(tokens.start),
        };
        tokens.map(move |token| {
            while self
                .starts
                .get(run + 1)
                .is_some_and(|&next| next as usize <= token)
            {
                run += 1;
            }
            unpack(self.quotes[run])
        })
    }

    fn run_of(&self, token: usize) -> usize {
        self.starts
            .partition_point(|&start| start as usize <= token)
            - 1
    }
}

fn unpack(quote: u32) -> Option<u32> {
    (quote != NONE).then_some(quote)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_give_every_token_its_quotation_in_every_range() {
        let mut dense = TokenQuotes::none(10);
        for (token, quote) in [(2, 0), (3, 0), (4, 1), (5, 0), (8, 2), (9, 2)] {
            dense.set(token, quote);
        }
        let expected: Vec<Option<u32>> = (0..10).map(|token| dense.get(token)).collect();
        let runs = dense.into_runs();
        assert_eq!(runs.starts, [0, 2, 4, 5, 6, 8]);
        assert_eq!(runs.len(), 10);
        // Every range, single tokens included.
        for start in 0..=10 {
            for end in start..=10 {
                let got: Vec<Option<u32>> = runs.range(start..end).collect();
                assert_eq!(got, expected[start..end], "tokens {start}..{end}");
            }
        }
        assert!(TokenQuotes::none(0).into_runs().is_empty());
    }
}
