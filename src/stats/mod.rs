//! Statistics per voice (issue 4). So far: the syllable counts that the readability
//! measures (Flesch, Flesch-Kincaid, SMOG, Gunning Fog) rest on.

pub mod syllables;
