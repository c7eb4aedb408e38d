//! Sieve 10, `actor`: a quotation with no tag, after narration in its paragraph, is
//! spoken by the person that narration is about.

use super::{Decision, Sieve, Speaker, State};
use crate::voices::{Quote, QuoteKind};

/// Sieve 10: the person the narration of the paragraph is about speaks a
/// quotation that follows it with no tag (`Elizabeth smiled. "Yes."`).
pub(super) struct Actor;

impl Sieve for Actor {
    fn name(&self) -> &'static str {
        "actor"
    }

    fn decide(&self, state: &mut State, quotes: &[Quote], index: usize) -> Option<Decision> {
        let quote = &quotes[index];
        let context = state.context;
        let tags = &state.tags[index];
        if quote.kind != QuoteKind::Inline || tags.adjacent.is_some() || tags.distant.is_some() {
            return None;
        }
        let narration =
            context.paragraph_tokens(quote.paragraph).start..context.token_at(quote.outer.start);
        if narration.is_empty() {
            return None;
        }
        let mention = state.people.mentions_in(narration).iter().find(|mention| {
            !mention.qualifies()
                && !mention.governed
                && context.at_level(mention.tokens.start, None)
                && state.people.persons[mention.person].is_someone()
        })?;
        let sentence = &context.sentences[context.sentence_of(mention.tokens.start)];
        Some(
            Decision::speaker(
                Speaker::Person(mention.person),
                0.45,
                format!(
                    "the paragraph is about {}: {}",
                    state.people.persons[mention.person].name,
                    context.text[sentence.range()].trim()
                ),
            )
            .in_situation("narration_about"),
        )
    }
}
