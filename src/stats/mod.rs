//! Statistics per voice (issue 4, begun). So far the building blocks, each checked
//! against its reference implementation: lexical diversity ([`lexical`], as
//! lexicalrichness computes it) and the syllable counts that the readability
//! measures rest on ([`syllables`], as textstat counts them). Not yet: reading each
//! voice's words from the tokens, readability and rhetoric, intervals, the
//! `voice_stats` table and `voices stats`.

pub mod lexical;
pub mod syllables;
