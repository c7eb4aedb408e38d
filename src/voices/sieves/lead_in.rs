//! Sieve 2, `lead_in`: a block or a quotation that opens its paragraph is spoken by
//! whom the lead-in before it names, or else (for a block) whom it is about.

use super::resolution::resolve;
use super::{Decision, Sieve, Speaker, State, evidence, speaker_of};
use crate::voices::tags::{self, Subject};
use crate::voices::{Quote, QuoteKind};

/// Sieve 2: the lead-in before a block (`X wrote:`, `X quotes Y:` gives Y), or before a
/// quotation that opens the paragraph after a colon lead-in. A block found without a
/// colon goes to the person its lead-in paragraph is about.
pub(super) struct LeadIn;

impl Sieve for LeadIn {
    fn name(&self) -> &'static str {
        "lead_in"
    }

    fn decide(&self, state: &mut State, quotes: &[Quote], index: usize) -> Option<Decision> {
        let quote = &quotes[index];
        let context = state.context;
        let lead_in = quote.paragraph.checked_sub(1)?;
        let opens_paragraph = context.paragraphs[quote.paragraph].range.start == quote.outer.start;
        if quote.parent.is_some() || !opens_paragraph {
            return None;
        }
        // `X wrote:` or `Mr. Darcy replied with great intrepidity,` before a
        // paragraph that opens with the quotation.
        let lead_in_text = context.text[context.paragraphs[lead_in].range.clone()].trim_end();
        let colon = lead_in_text.ends_with(':');
        let comma = lead_in_text.ends_with(',') && quote.kind != QuoteKind::Block;
        if colon || comma {
            let tag = tags::lead_in(context, state.people, lead_in, None)?;
            let evidence = evidence(context, &tag);
            return Some(match tag.subject {
                Subject::Pronoun { token, gender } => match resolve(state, token, gender, None) {
                    Some((speaker, antecedent)) => {
                        Decision::speaker(speaker, 0.85, format!("{evidence} ({antecedent})"))
                            .in_situation("pronoun")
                    }
                    None => Decision::speaker(Speaker::None, 0.0, evidence),
                },
                subject => {
                    Decision::speaker(speaker_of(subject), 0.95, evidence).in_situation("subject")
                }
            });
        }
        if quote.kind != QuoteKind::Block {
            return None;
        }
        // A block found from evidence: the person its lead-in paragraph is about.
        let tokens = context.paragraph_sentences[lead_in]
            .clone()
            .flat_map(|sentence| context.sentence_tokens(sentence));
        let range = tokens.clone().next()?..tokens.last()? + 1;
        let mut counts: Vec<(usize, usize, usize)> = Vec::new();
        for mention in state.people.mentions_in(range) {
            if mention.qualifies()
                || mention.governed
                || !context.at_level(mention.tokens.start, None)
            {
                continue;
            }
            match counts
                .iter_mut()
                .find(|(person, _, _)| *person == mention.person)
            {
                Some((_, count, _)) => *count += 1,
                None => counts.push((mention.person, 1, mention.tokens.start)),
            }
        }
        let best = counts.iter().map(|(_, count, _)| *count).max()?;
        let (person, _, first) = *counts.iter().find(|(_, count, _)| *count == best)?;
        let sentence = context.sentence_of(first);
        let sentence_range = context.sentences[sentence].range();
        Some(
            Decision::speaker(
                Speaker::Person(person),
                0.8 * quote.confidence,
                format!("lead-in: {}", context.text[sentence_range].trim()),
            )
            .in_situation("block_about"),
        )
    }
}
