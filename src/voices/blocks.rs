//! Quotations set off as paragraphs of their own: the epigraph, and block
//! quotations with or without a lead-in ending in a colon.
//!
//! A block after a colon lead-in that names a speaking or writing act (`X wrote in
//! Pravda:`, `Vyshinsky quotes the chief procurator of the Bamlag camp:`, `with the
//! words:`) is certain. A block without one is found from evidence, combined into a
//! confidence: editorial brackets inside (`our enemy [the church]`), the author
//! quoting its exact words right after, a lead-in that speaks of a document, and a
//! voice that differs from the prose around it (first and second person). A block
//! goes on over the following paragraphs while they still read as the quoted voice
//! and the author has not resumed (quoting the block, or a lead-in of their own).

use std::ops::Range;

use super::{Context, Quote, QuoteKind};
use crate::clean::ParagraphKind;

/// Weights of the evidence for a block without a colon lead-in, combined as
/// independent chances (1 - Π(1 - w)). Brackets and a later quotation of the words
/// are strong; a document lead-in and a change of voice only support them.
const BRACKETS: f32 = 0.35;
const QUOTED_AFTER: f32 = 0.35;
const DOCUMENT_LEAD_IN: f32 = 0.2;
const OTHER_VOICE: f32 = 0.2;
/// The least combined evidence for a block without a colon lead-in: two strong
/// signs, or one strong sign and both supporting ones.
const BLOCK_CONFIDENCE: f32 = 0.55;
/// First- and second-person words per word above which a paragraph speaks in a
/// voice of its own (the author's prose here uses them far less).
const PERSONAL_RATE: f32 = 0.02;

/// Adds the epigraph and block quotations to `quotes` and returns the paragraphs
/// that are blocks.
pub fn find(context: &Context, quotes: &mut Vec<Quote>) -> Vec<usize> {
    let paragraphs = context.paragraphs;
    let mut block_paragraphs = Vec::new();
    // The quotations in marks, sorted by position (blocks are added after them).
    let marked_count = quotes.len();
    let mut in_marks = vec![false; context.token_count()];
    for quote in quotes.iter() {
        for span in &quote.spans {
            for token in context.tokens_in(span.clone()) {
                in_marks[token] = true;
            }
        }
    }
    for (index, paragraph) in paragraphs.iter().enumerate() {
        if paragraph.kind == ParagraphKind::Epigraph {
            let range = paragraph.range.clone();
            let mut quote =
                Quote::new(vec![range.clone()], vec![range], index, QuoteKind::Epigraph);
            quote.confidence = 1.0;
            // `—Anna Akhmatova, Requiem, 1937`: the work and year after the name.
            quote.work = paragraphs
                .get(index + 1)
                .filter(|next| next.kind == ParagraphKind::Attribution)
                .and_then(|next| context.text[next.range.clone()].split_once(','))
                .map(|(_, work)| work.trim().to_string())
                .filter(|work| !work.is_empty());
            quotes.push(quote);
        }
    }
    let mut index = 1;
    while index < paragraphs.len() {
        let lead_in = index - 1;
        if !is_prose(context, index) || !is_prose(context, lead_in) {
            index += 1;
            continue;
        }
        let colon = has_colon_lead_in(context, lead_in);
        let (is_block, confidence, evidence) = if colon {
            (true, 1.0, "lead-in ends with a colon".to_string())
        } else {
            unmarked_evidence(context, &quotes[..marked_count], &in_marks, index)
        };
        if !is_block {
            index += 1;
            continue;
        }
        // A paragraph that is one quotation in marks is that quotation, set off;
        // one that opens with a quotation and goes on is dialogue or narration
        // quoting, and its quotations are attributed one by one.
        if let Some(marked) = whole_paragraph_quote(context, &quotes[..marked_count], index) {
            quotes[marked].kind = QuoteKind::Block;
            block_paragraphs.push(index);
            index += 1;
            continue;
        }
        if starts_with_mark(paragraph_text(context, index)) {
            index += 1;
            continue;
        }
        let mut last = index;
        while last + 1 < paragraphs.len()
            && is_prose(context, last + 1)
            && goes_on(context, &in_marks, last + 1)
        {
            last += 1;
        }
        let pieces: Vec<Range<usize>> = (index..=last)
            .map(|paragraph| paragraphs[paragraph].range.clone())
            .collect();
        let mut quote = Quote::new(pieces.clone(), pieces, index, QuoteKind::Block);
        quote.confidence = confidence;
        quote.evidence = evidence;
        quotes.push(quote);
        block_paragraphs.extend(index..=last);
        index = last + 1;
    }
    block_paragraphs
}

/// Prose, or a block found by an earlier run (the stage gives the same answer when
/// run again).
fn is_prose(context: &Context, paragraph: usize) -> bool {
    matches!(
        context.paragraphs[paragraph].kind,
        ParagraphKind::Prose | ParagraphKind::Block
    )
}

fn paragraph_text<'a>(context: &Context<'a>, paragraph: usize) -> &'a str {
    &context.text[context.paragraphs[paragraph].range.clone()]
}

/// The tokens of the last sentence of a paragraph.
fn last_sentence(context: &Context, paragraph: usize) -> Range<usize> {
    context.paragraph_sentences[paragraph]
        .clone()
        .last()
        .map_or(0..0, |sentence| context.sentence_tokens(sentence))
}

/// True when the paragraph ends with a colon after a speaking or writing act, or
/// after a word for what is quoted (`with the words:`).
fn has_colon_lead_in(context: &Context, paragraph: usize) -> bool {
    if !paragraph_text(context, paragraph).trim_end().ends_with(':') {
        return false;
    }
    last_sentence(context, paragraph)
        .any(|token| context.is_speech_verb(token) || context.is_document_noun(token))
}

fn starts_with_mark(text: &str) -> bool {
    text.starts_with(['“', '"', '‘', '\'', '«', '„'])
}

/// The quotations in marks (sorted by position) that start in a paragraph.
fn in_paragraph(context: &Context, quotes: &[Quote], paragraph: usize) -> std::ops::Range<usize> {
    let range = context.paragraphs[paragraph].range.clone();
    let start = quotes.partition_point(|quote| quote.outer.start < range.start);
    let end = quotes.partition_point(|quote| quote.outer.start < range.end);
    start..end.max(start)
}

/// The quotation in marks that makes up the whole paragraph, if one does.
fn whole_paragraph_quote(context: &Context, quotes: &[Quote], paragraph: usize) -> Option<usize> {
    let range = context.paragraphs[paragraph].range.clone();
    in_paragraph(context, quotes, paragraph).find(|&index| {
        let quote = &quotes[index];
        quote.kind == QuoteKind::Inline
            && quote.outer.start == range.start
            && quote.outer.end + 2 >= range.end
    })
}

/// Share of the paragraph's words outside quotation marks that are first or second
/// person, and how many words that rests on.
fn personal_rate(context: &Context, in_marks: &[bool], paragraph: usize) -> (f32, usize) {
    let mut words = 0;
    let mut personal = 0;
    for token in context.tokens_in(context.paragraphs[paragraph].range.clone()) {
        if !context.is_word(token) || in_marks[token] {
            continue;
        }
        words += 1;
        if matches!(
            context.lower(token),
            "i" | "me" | "my" | "we" | "us" | "our" | "ourselves" | "you" | "your"
        ) {
            personal += 1;
        }
    }
    (personal as f32 / words.max(1) as f32, words)
}

/// True when the paragraph has an editorial insertion in square brackets.
fn has_brackets(text: &str) -> bool {
    text.split('[')
        .skip(1)
        .any(|rest| rest.find(']').is_some_and(|end| (1..60).contains(&end)))
}

/// The lower-case words of a byte range.
fn words_of<'a>(context: &'a Context, range: Range<usize>) -> Vec<&'a str> {
    context
        .tokens_in(range)
        .filter(|&token| context.is_word(token))
        .map(|token| context.lower(token))
        .collect()
}

fn contains_run(haystack: &[&str], needle: &[&str]) -> bool {
    !needle.is_empty()
        && haystack
            .windows(needle.len())
            .any(|window| window == needle)
}

/// True when a quotation in the next two paragraphs repeats three or more of this
/// paragraph's words exactly.
fn quoted_after(context: &Context, quotes: &[Quote], paragraph: usize) -> bool {
    let words = words_of(context, context.paragraphs[paragraph].range.clone());
    let after = paragraph + 1..(paragraph + 3).min(context.paragraphs.len());
    after
        .flat_map(|next| in_paragraph(context, quotes, next))
        .any(|index| {
            quotes[index].pieces.iter().any(|piece| {
                let quoted = words_of(context, piece.clone());
                quoted.len() >= 3 && contains_run(&words, &quoted)
            })
        })
}

/// The evidence that a paragraph without a colon lead-in is a quoted block.
fn unmarked_evidence(
    context: &Context,
    quotes: &[Quote],
    in_marks: &[bool],
    paragraph: usize,
) -> (bool, f32, String) {
    let text = paragraph_text(context, paragraph);
    if starts_with_mark(text) {
        return (false, 0.0, String::new());
    }
    // The cheap signs first; the search for the paragraph's words quoted after it
    // only runs when the paragraph can be a block.
    let brackets = has_brackets(text);
    let lead_in = paragraph - 1;
    let lead_in_sentences = context.paragraph_sentences[lead_in].clone();
    let recent = lead_in_sentences
        .end
        .saturating_sub(2)
        .max(lead_in_sentences.start)..lead_in_sentences.end;
    // Plain loops: asked of most paragraphs of a book, where a chain of iterators
    // cost several times more.
    let mut document_lead_in = false;
    'sentences: for sentence in recent {
        for token in context.sentence_tokens(sentence) {
            if context.is_document_noun(token) {
                document_lead_in = true;
                break 'sentences;
            }
        }
    }
    // Without brackets, only a document lead-in, another voice and a later
    // quotation together are enough.
    if !brackets && !document_lead_in {
        return (false, 0.0, String::new());
    }
    let other_voice = {
        let (rate, words) = personal_rate(context, in_marks, paragraph);
        let (around, _) = personal_rate(context, in_marks, lead_in);
        words >= 20 && rate >= PERSONAL_RATE && rate >= 3.0 * around
    };
    let mut doubt = 1.0;
    let mut reasons = Vec::new();
    let mut add = |present: bool, weight: f32, reason: &'static str| {
        if present {
            doubt *= 1.0 - weight;
            reasons.push(reason);
        }
    };
    add(brackets, BRACKETS, "editorial brackets inside");
    add(
        document_lead_in,
        DOCUMENT_LEAD_IN,
        "the lead-in speaks of a document",
    );
    add(
        other_voice,
        OTHER_VOICE,
        "first and second person unlike the prose before",
    );
    let with_quoting = 1.0 - doubt * (1.0 - QUOTED_AFTER);
    let quoted = with_quoting >= BLOCK_CONFIDENCE && quoted_after(context, quotes, paragraph);
    if quoted {
        doubt *= 1.0 - QUOTED_AFTER;
        reasons.insert(1.min(reasons.len()), "its words are quoted right after");
    }
    // Brackets or a later quotation of the words must be among the evidence.
    if !(brackets || quoted) {
        return (false, 0.0, String::new());
    }
    let confidence = 1.0 - doubt;
    (
        confidence >= BLOCK_CONFIDENCE,
        confidence,
        format!("block without a colon lead-in: {}", reasons.join("; ")),
    )
}

/// True when a paragraph after a block still reads as the quoted voice: first or
/// second person, brackets or spaced ellipses, with no quotation marks of the
/// author quoting it and no lead-in of its own.
fn goes_on(context: &Context, in_marks: &[bool], paragraph: usize) -> bool {
    let text = paragraph_text(context, paragraph);
    if text.trim_end().ends_with(':') || text.contains(['“', '"', '«']) {
        return false;
    }
    let (rate, words) = personal_rate(context, in_marks, paragraph);
    (words > 0 && rate >= PERSONAL_RATE) || has_brackets(text) || text.contains(". . .")
}
