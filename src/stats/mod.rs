//! Statistics per voice (issue 4, begun). So far the building blocks, each checked
//! against its reference implementation: lexical diversity ([`lexical`], as
//! lexicalrichness computes it), the readability formulas ([`readability`], as
//! textstat computes them from its counts) and the syllable counts they rest on
//! ([`syllables`]). Not yet: counting each voice's words, sentences and letters from
//! the tokens, the easy-word list, rhetoric, intervals, the `voice_stats` table and
//! `voices stats`.

pub mod lexical;
pub mod readability;
pub mod syllables;
