//! Quotations in quotation marks: curly, straight and angle marks, nested to any
//! depth, over several paragraphs, and interrupted by their own speech tag.
//!
//! Straight marks and `’` are ambiguous; the context decides. A mark between two
//! letters is an apostrophe (`Stalin’s`, `aren’t`); `’` after a letter closes a
//! quotation only while a single quotation is open, so a plural possessive
//! (`Bolsheviks’`) outside one stays an apostrophe. A quotation left open at the end
//! of a paragraph goes on when the next paragraph opens with the same mark (the
//! convention for a speech over several paragraphs), else it ends with the paragraph.

use std::ops::Range;

use super::{Context, Quote, QuoteKind, lists};
use crate::clean::ParagraphKind;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    Double,
    Single,
    Angle,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mark {
    Open(Style),
    Close(Style),
    /// A straight mark whose role the stack decides.
    Either(Style),
}

/// A quotation found by its marks, before merging interrupted ones.
struct Found {
    /// The quoted words (without marks), one range per paragraph it spans.
    content: Vec<Range<usize>>,
    /// From the opening mark to the closing one.
    outer: Range<usize>,
    paragraph: usize,
}

struct Open {
    style: Style,
    mark: usize,
    content_start: usize,
    /// Finished pieces of a quotation that goes on from an earlier paragraph.
    earlier: Vec<Range<usize>>,
    paragraph: usize,
}

/// The deepest nesting of quotation marks taken as quotations.
const MAX_DEPTH: usize = 6;

/// Words of an elision that a straight or curly mark opens: `'tis`, `'em`.
const ELISIONS: &[&str] = &["tis", "twas", "em", "cause", "til", "till", "n", "ere"];

fn classify(text: &str, at: usize, character: char) -> Option<Mark> {
    let before = text[..at].chars().next_back();
    let after = text[at + character.len_utf8()..].chars().next();
    let letter_before = before.is_some_and(char::is_alphanumeric);
    let letter_after = after.is_some_and(char::is_alphanumeric);
    let open_context = before.is_none_or(|c| c.is_whitespace() || "([{—–-“‘\"'/".contains(c));
    Some(match character {
        // `“Apparently not,“ he said`: an opening mark typed for the closing one,
        // right after the quotation's last punctuation and before a space.
        '“' if before.is_some_and(|c| ",.?!".contains(c))
            && after.is_some_and(char::is_whitespace) =>
        {
            Mark::Close(Style::Double)
        }
        '“' | '„' | '‟' => Mark::Open(Style::Double),
        '”' => Mark::Close(Style::Double),
        '«' => Mark::Open(Style::Angle),
        '»' => Mark::Close(Style::Angle),
        '‘' | '‚' | '‛' if !letter_before => {
            if is_elision(&text[at + character.len_utf8()..]) {
                return None;
            }
            Mark::Open(Style::Single)
        }
        '’' if !(letter_before && letter_after) => {
            if open_context && letter_after {
                return None; // an elision such as ’tis
            }
            Mark::Close(Style::Single)
        }
        '"' => {
            if open_context && after.is_some_and(|c| !c.is_whitespace()) {
                Mark::Open(Style::Double)
            } else if !open_context {
                Mark::Close(Style::Double)
            } else {
                Mark::Either(Style::Double)
            }
        }
        '\'' if !(letter_before && letter_after) => {
            if open_context && after.is_some_and(|c| !c.is_whitespace()) {
                if is_elision(&text[at + 1..]) {
                    return None;
                }
                Mark::Open(Style::Single)
            } else if !open_context {
                Mark::Close(Style::Single)
            } else {
                Mark::Either(Style::Single)
            }
        }
        _ => return None,
    })
}

fn is_elision(rest: &str) -> bool {
    let word: String = rest
        .chars()
        .take_while(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    ELISIONS.contains(&word.as_str())
}

fn is_quote_character(character: char) -> bool {
    matches!(
        character,
        '“' | '”' | '„' | '‟' | '«' | '»' | '‘' | '’' | '‚' | '‛' | '"' | '\''
    )
}

/// Trims white space off both ends of `text[range]`.
fn trim(text: &str, range: Range<usize>) -> Range<usize> {
    let slice = &text[range.clone()];
    let start = range.start + (slice.len() - slice.trim_start().len());
    let end = range.end - (slice.len() - slice.trim_end().len());
    start..end.max(start)
}

/// All quotations in marks, in order of their opening mark.
pub fn find(context: &Context) -> Vec<Quote> {
    let text = context.text;
    let mut found: Vec<Found> = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut previous_end = 0;
    // The offsets in the paragraph where a quotation mark may start.
    let mut candidates: Vec<usize> = Vec::new();
    for (index, paragraph) in context.paragraphs.iter().enumerate() {
        let range = paragraph.range.clone();
        let mut skip_mark_at = None;
        if !stack.is_empty() {
            // Only the outermost quotation may go on into this paragraph.
            let style = stack[0].style;
            let opens_again = text[range.clone()]
                .chars()
                .next()
                .and_then(|first| classify(text, range.start, first))
                .is_some_and(|mark| matches!(mark, Mark::Open(s) | Mark::Either(s) if s == style));
            close_all(text, &mut stack, previous_end, &mut found, opens_again);
            if let Some(open) = stack.first_mut() {
                let first_len = text[range.clone()].chars().next().map_or(0, char::len_utf8);
                open.content_start = range.start + first_len;
                skip_mark_at = Some(range.start);
            }
        }
        let prose = matches!(paragraph.kind, ParagraphKind::Prose | ParagraphKind::Block);
        if prose {
            // Quotation marks start with one of these bytes in UTF-8: `"`, `'`, 0xC2
            // (« ») and 0xE2 (the curly marks); only those positions are decoded,
            // found with `memchr`'s vector search rather than byte by byte.
            let bytes = &text.as_bytes()[range.clone()];
            candidates.clear();
            candidates.extend(memchr::memchr3_iter(b'"', b'\'', 0xE2, bytes));
            if memchr::memchr(0xC2, bytes).is_some() {
                candidates.extend(memchr::memchr_iter(0xC2, bytes));
                candidates.sort_unstable();
            }
            for &offset in &candidates {
                let at = range.start + offset;
                let character = text[at..].chars().next().expect("a character starts here");
                if !is_quote_character(character) || skip_mark_at == Some(at) {
                    continue;
                }
                let Some(mark) = classify(text, at, character) else {
                    continue;
                };
                let end = at + character.len_utf8();
                let open_index = |style| stack.iter().rposition(|open: &Open| open.style == style);
                let (Mark::Open(style) | Mark::Close(style) | Mark::Either(style)) = mark;
                let opening = Open {
                    style,
                    mark: at,
                    content_start: end,
                    earlier: Vec::new(),
                    paragraph: index,
                };
                match mark {
                    // Deeper than any real text nests, marks are noise (a line of
                    // opening quotes would otherwise make quotations inside
                    // quotations without end, and quadratic work).
                    Mark::Open(_) if stack.len() >= MAX_DEPTH => {}
                    Mark::Open(_) => stack.push(opening),
                    Mark::Close(_) | Mark::Either(_) => match open_index(style) {
                        Some(position) => {
                            // Quotations opened inside and never closed end here too.
                            while stack.len() > position {
                                let open = stack.pop().expect("the stack is longer");
                                found.push(finish(text, open, at, end));
                            }
                        }
                        None if matches!(mark, Mark::Either(_)) && stack.len() < MAX_DEPTH => {
                            stack.push(opening)
                        }
                        None => {} // a closing mark with no opening one: left alone
                    },
                }
            }
        }
        if !prose {
            close_all(text, &mut stack, previous_end, &mut found, false);
        }
        previous_end = range.end;
    }
    close_all(text, &mut stack, previous_end, &mut found, false);
    found.sort_by_key(|quote| (quote.outer.start, std::cmp::Reverse(quote.outer.end)));
    merge_interrupted(context, found)
}

fn finish(text: &str, open: Open, close_at: usize, close_end: usize) -> Found {
    let mut content = open.earlier;
    content.push(trim(text, open.content_start..close_at));
    Found {
        content,
        outer: open.mark..close_end,
        paragraph: open.paragraph,
    }
}

/// Ends every open quotation at `end` (the end of the paragraph), except the
/// outermost when `keep_outermost` (it goes on in the next paragraph).
fn close_all(
    text: &str,
    stack: &mut Vec<Open>,
    end: usize,
    found: &mut Vec<Found>,
    keep_outermost: bool,
) {
    let keep = usize::from(keep_outermost && !stack.is_empty());
    while stack.len() > keep {
        let open = stack.pop().expect("the stack is longer");
        found.push(finish(text, open, end, end));
    }
    if let Some(open) = stack.first_mut() {
        let piece = trim(text, open.content_start..end);
        open.earlier.push(piece);
    }
}

/// Joins a quotation interrupted by its speech tag (`“…,” he told the court, “…”`)
/// into one, with a piece on each side of the tag.
fn merge_interrupted(context: &Context, found: Vec<Found>) -> Vec<Quote> {
    let mut quotes: Vec<Quote> = Vec::with_capacity(found.len());
    // The chain of quotations around the last one pushed, outermost first.
    let mut open: Vec<usize> = Vec::new();
    for next in found {
        let mergeable = quotes.last().is_some_and(|last| {
            last.outer.end <= next.outer.start
                && is_interrupting_tag(context, last, &next)
                // Both pieces must be inside the same quotations: none around the
                // first may end before the second does.
                && !open.iter().filter(|&&index| index + 1 < quotes.len()).any(|&index| {
                    let outer = &quotes[index].outer;
                    outer.start <= last.outer.start
                        && last.outer.end <= outer.end
                        && outer.end < next.outer.end
                })
        });
        while open
            .last()
            .is_some_and(|&index| quotes[index].outer.end <= next.outer.start)
        {
            open.pop();
        }
        if mergeable && let Some(last) = quotes.last_mut() {
            last.pieces.extend(next.content);
            last.spans.push(next.outer.clone());
            last.outer.end = next.outer.end;
            continue;
        }
        quotes.push(Quote::new(
            next.content,
            vec![next.outer.clone()],
            next.paragraph,
            QuoteKind::Inline,
        ));
        open.push(quotes.len() - 1);
    }
    quotes
}

/// True when `gap` has a full stop other than an abbreviated title's (`continued
/// Mrs. Bennet,` is one tag).
fn ends_sentence(gap: &str) -> bool {
    gap.match_indices('.').any(|(at, _)| {
        let word = gap[..at]
            .rsplit(|c: char| !c.is_alphabetic())
            .next()
            .unwrap_or("");
        lists::honorific(&word.to_lowercase()).is_none()
    })
}

fn is_interrupting_tag(context: &Context, first: &Quote, second: &Found) -> bool {
    /// A tag between two pieces is a few words: longer gaps are not read at all.
    const MAX_TAG_BYTES: usize = 300;
    let text = context.text;
    let gap = &text[first.outer.end..second.outer.start];
    if gap.len() > MAX_TAG_BYTES || gap.contains('\n') {
        return false;
    }
    let last_piece = first.pieces.last().cloned().unwrap_or(0..0);
    let first_ends = text[last_piece].trim_end().chars().next_back();
    let gap_trimmed = gap.trim();
    let gap_ends = gap_trimmed.chars().next_back();
    // `“…,” he said, “…”` goes on; so does `“Oh!” said Lydia, “…”`, but after a
    // colon (`“Beat them!”—[Stalin] demanded, declaring: “What…”`) a new utterance
    // begins.
    let goes_on = match first_ends {
        Some(',' | '—' | '–' | '-') => matches!(gap_ends, Some(',' | '—' | '–' | ':' | ';')),
        Some('!' | '?') => matches!(gap_ends, Some(',' | '—' | '–' | ';')),
        _ => false,
    };
    // A mark in the gap closes or opens another quotation: not a tag between pieces.
    if !goes_on
        || gap.contains(['“', '”', '«', '»', '"', '„', '‘'])
        || gap_trimmed.contains(['!', '?'])
        || ends_sentence(gap_trimmed)
    {
        return false;
    }
    let words: Vec<&str> = gap_trimmed
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .filter(|word| !word.is_empty())
        .collect();
    (1..=15).contains(&words.len())
        && words
            .iter()
            .any(|word| lists::is_speech_verb(&word.to_lowercase()))
}
