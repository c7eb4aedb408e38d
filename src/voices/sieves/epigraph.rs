//! Sieve 1, `epigraph`: the epigraph is spoken by its attribution line.

use super::{Decision, Sieve, Speaker, State};
use crate::clean::ParagraphKind;
use crate::voices::{Gender, Quote, QuoteKind};

/// Sieve 1: the epigraph's attribution line: `—Anna Akhmatova, Requiem, 1937` gives the
/// speaker up to the first comma; the rest is the work.
pub(super) struct Epigraph;

impl Sieve for Epigraph {
    fn name(&self) -> &'static str {
        "epigraph"
    }

    fn decide(&self, state: &mut State, quotes: &[Quote], index: usize) -> Option<Decision> {
        let quote = &quotes[index];
        if quote.kind != QuoteKind::Epigraph {
            return None;
        }
        let context = state.context;
        let line = context
            .paragraphs
            .get(quote.paragraph + 1)
            .filter(|paragraph| paragraph.kind == ParagraphKind::Attribution)
            .map(|paragraph| context.text[paragraph.range.clone()].trim());
        let Some(line) = line else {
            return Some(Decision::speaker(
                Speaker::None,
                0.0,
                "no attribution line".into(),
            ));
        };
        let name = line.trim_start_matches(['—', '–', '-', ' ']);
        let (speaker, _) = name.split_once(',').unwrap_or((name, ""));
        Some(Decision::speaker(
            Speaker::Described(speaker.trim().to_string(), Gender::Unknown),
            1.0,
            line.to_string(),
        ))
    }
}
