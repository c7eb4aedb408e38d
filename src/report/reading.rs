//! The reading view: a document's cleaned text as one self-contained page, with
//! every quotation in its speaker's colour (the colours of the voice map) and every
//! mention marked, so that a reader can check the attributions on the page itself.
//!
//! - Hovering or focusing a quotation shows its speaker, kind, rule, confidence and
//!   evidence (its `title`, shown by CSS on keyboard focus too). Attributions below
//!   [`TENTATIVE`] are dashed; unattributed speech has a red outline.
//! - The legend shows or hides each voice's quotations (a hidden quotation shrinks to
//!   `[…]`, with whatever is quoted inside it), and the mentions and the cleaner's
//!   repairs; each quotation ends with a
//!   link to the next of its voice. All of it is CSS (`:has()`, `:target`): the page
//!   runs no script.
//! - Every paragraph carries its number (the `paragraphs` table's) and its byte
//!   offsets in the original file, to cite it and find it there.
//!
//! A page is made from one analysed document alone, so it is written as its batch
//! goes by (and by each shard of a sharded run), never held for the report.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::Path;

use super::document::{embed_font, html_text, push_escaped};
use crate::charts::{css, palette_speakers};
use crate::clean::{ParagraphKind, RepairSite};
use crate::document::AnalysedDocument;
use crate::voices::{AUTHOR, QuoteKind, UNATTRIBUTED};

/// The directory of the reading views in a report.
pub const DIRECTORY: &str = "reading";

/// A document larger than this (bytes of its file) has no reading view: its page
/// would be about 2.4 times as large, and a browser takes about a second per
/// megabyte of text to open one (0.9 s for the 945 KB of *Night and Day*), so a page
/// beyond this would take more than ten seconds and a few hundred megabytes of the
/// reader's memory (and as much of the run's, while it is written).
pub const MAX_BYTES: usize = 10 * 1024 * 1024;

/// True when the document of `bytes` bytes gets a reading view.
pub fn has_page(bytes: usize) -> bool {
    bytes <= MAX_BYTES
}

/// An attribution below this confidence is shown as tentative.
pub const TENTATIVE: f32 = 0.7;

/// The file name of the reading view of the document at `path`: its file name made
/// safe, and a hash of the whole path (two inputs may share a file name). It depends
/// on the path alone, so a shard and a single run name a page alike.
pub fn page_name(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|stem| stem.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let mut slug = String::new();
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && slug.len() < 60 {
            slug.push('-');
        }
        if slug.len() >= 60 {
            break;
        }
    }
    let slug = slug.trim_matches('-');
    // FNV-1a in 64 bits: stable across machines and versions, unlike std's hasher,
    // and wide enough that a million inputs all named `text.txt` do not collide.
    let hash = path
        .to_string_lossy()
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325u64, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
        });
    match slug.is_empty() {
        true => format!("document-{hash:016x}.html"),
        false => format!("{slug}-{hash:016x}.html"),
    }
}

/// A voice of the document as the legend shows it.
struct LegendVoice {
    name: String,
    /// Its colour's index in the palette (None: beyond it, grey).
    colour: Option<usize>,
    quotations: usize,
    words: usize,
    /// Its quotations of speech, in order.
    quotes: Vec<usize>,
}

/// The reading view of `document`, a whole HTML page.
pub fn page(document: &AnalysedDocument) -> String {
    let voices = &document.voices;
    let summaries = document.voice_summaries();
    let palette = palette_speakers(
        summaries
            .iter()
            .map(|voice| (voice.name.as_str(), voice.words)),
    );
    let mut legend: Vec<LegendVoice> = summaries
        .iter()
        .filter(|voice| voice.name != AUTHOR)
        .map(|voice| LegendVoice {
            name: voice.name.clone(),
            colour: palette.iter().position(|name| *name == voice.name),
            quotations: voice.quotations,
            words: voice.words,
            quotes: Vec::new(),
        })
        .collect();
    let mut entry_of: HashMap<String, usize> = (legend.iter().enumerate())
        .map(|(index, voice)| (voice.name.clone(), index))
        .collect();
    // The legend entry of each quotation of speech; a voice whose quotations hold
    // no word (an empty pair of marks) has an entry too.
    let mut voice_of_quote: Vec<Option<usize>> = vec![None; voices.quotes.len()];
    for (index, quote) in voices.quotes.iter().enumerate() {
        if !quote.is_speech() {
            continue;
        }
        let entry = *entry_of
            .entry(quote.voice().to_string())
            .or_insert_with(|| {
                legend.push(LegendVoice {
                    name: quote.voice().to_string(),
                    colour: None,
                    quotations: 0,
                    words: 0,
                    quotes: Vec::new(),
                });
                legend.len() - 1
            });
        voice_of_quote[index] = Some(entry);
        legend[entry].quotes.push(index);
    }
    let mut next_of_quote: Vec<Option<usize>> = vec![None; voices.quotes.len()];
    for voice in &legend {
        for (position, &quote) in voice.quotes.iter().enumerate() {
            next_of_quote[quote] = Some(voice.quotes[(position + 1) % voice.quotes.len()]);
        }
    }

    // A novel's page is about 2.4 times its text, plus the font (about 100 KB in
    // base64): room for it all at once, rather than a doubling that holds the old
    // and the new buffer together.
    let mut out = String::with_capacity(document.clean.text.text.len() * 3 + 160_000);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}: the text and its voices</title>\n<style>{}{}</style>\n</head>\n<body>\n",
        html_text(&document.title),
        STYLE,
        voice_rules(&legend)
    );
    header(&mut out, document, &legend);
    out.push_str("<main>\n");
    let text = Text {
        document,
        voice_of_quote: &voice_of_quote,
        next_of_quote: &next_of_quote,
        legend: &legend,
    };
    text.write(&mut out);
    out.push_str("</main>\n</body>\n</html>\n");
    embed_font(out)
}

/// The per-voice rules: its colour, and what hiding it does.
fn voice_rules(legend: &[LegendVoice]) -> String {
    let mut rules = String::new();
    for (index, voice) in legend.iter().enumerate() {
        let _ = writeln!(
            rules,
            ".s{index} {{ --c: {} }}\nbody:has(#show-s{index}:not(:checked)) .q.s{index} {{ font-size: 0; border: 0; background: none; outline: 0 }}\nbody:has(#show-s{index}:not(:checked)) .q.s{index}::before {{ content: \"[…]\"; font-size: 1rem; color: var(--c) }}",
            css::speaker(voice.colour)
        );
    }
    rules
}

fn header(out: &mut String, document: &AnalysedDocument, legend: &[LegendVoice]) {
    let quotes = &document.voices.quotes;
    let speech = quotes.iter().filter(|quote| quote.is_speech()).count();
    let mentions = (quotes.iter())
        .filter(|quote| quote.kind == QuoteKind::Mention)
        .count();
    let _ = write!(
        out,
        "<header>\n<p class=\"back\"><a href=\"../report.html\">← the report</a></p>\n<h1>{}</h1>\n<p class=\"about\"><code>{}</code> · {} bytes · {} · {speech} quotation{} of speech, {mentions} mention{}. Hover over a quotation, or focus it with the Tab key, for its speaker, rule, confidence and evidence; a dashed line is an attribution below {TENTATIVE}, a red outline speech with no speaker. ¶ numbers are the paragraphs of the <code>paragraphs</code> table; hover over one for its bytes in the original file.</p>\n",
        html_text(&document.title),
        html_text(&document.path.display().to_string()),
        document.bytes,
        html_text(&document.decoding.name()),
        if speech == 1 { "" } else { "s" },
        if mentions == 1 { "" } else { "s" },
    );
    out.push_str("<details class=\"legend\" open><summary>Voices: untick one to hide its quotations (this box folds)</summary>\n<ul>\n");
    for (index, voice) in legend.iter().enumerate() {
        let first = voice
            .quotes
            .first()
            .map(|quote| format!(" <a href=\"#q{quote}\">first</a>"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "<li class=\"s{index}\"><label><input type=\"checkbox\" id=\"show-s{index}\" checked> <span class=\"swatch\"></span> {}</label> <span class=\"count\">{} quotation{}, {} word{}</span>{first}</li>",
            html_text(&voice.name),
            voice.quotations,
            if voice.quotations == 1 { "" } else { "s" },
            voice.words,
            if voice.words == 1 { "" } else { "s" },
        );
    }
    out.push_str("</ul>\n<p class=\"toggles\"><label><input type=\"checkbox\" id=\"show-mentions\" checked> <span class=\"m\">mentions</span> (scare quotes, titles, echoes)</label> <label><input type=\"checkbox\" id=\"show-repairs\"> the cleaner's repairs <span class=\"fix-key\">✎</span></label></p>\n</details>\n</header>\n");
}

/// The document's text with its marks.
struct Text<'a> {
    document: &'a AnalysedDocument,
    /// The legend entry of each quotation of speech.
    voice_of_quote: &'a [Option<usize>],
    /// The next quotation of the same voice (the first after the last).
    next_of_quote: &'a [Option<usize>],
    legend: &'a [LegendVoice],
}

/// A stretch of a paragraph inside a quotation: one of the quotation's spans, or
/// the part of one that another quotation's end cuts off.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Mark {
    start: usize,
    /// Longer first, so that the outer of two marks with one start opens first.
    longer: std::cmp::Reverse<usize>,
    quote: usize,
    /// Whether this is where the quotation starts (its id and focus go there).
    first: bool,
}

impl Text<'_> {
    fn write(&self, out: &mut String) {
        let clean = &self.document.clean;
        let paragraphs = &clean.paragraphs;
        let paragraph_of = |position: usize| {
            paragraphs
                .partition_point(|paragraph| paragraph.range.end < position)
                .min(paragraphs.len().saturating_sub(1))
        };
        let mut marks: Vec<Vec<Mark>> = vec![Vec::new(); paragraphs.len()];
        for (index, quote) in self.document.voices.quotes.iter().enumerate() {
            if quote.kind == QuoteKind::Withdrawn {
                continue;
            }
            for (span_index, span) in quote.spans.iter().enumerate() {
                let mut start = span.start;
                while start < span.end && !paragraphs.is_empty() {
                    let paragraph = paragraph_of(start + 1);
                    let range = &paragraphs[paragraph].range;
                    let (from, to) = (start.max(range.start), span.end.min(range.end));
                    if from < to {
                        marks[paragraph].push(Mark {
                            start: from,
                            longer: std::cmp::Reverse(to),
                            quote: index,
                            first: span_index == 0 && start == span.start,
                        });
                    }
                    if range.end >= span.end || paragraph + 1 == paragraphs.len() {
                        break;
                    }
                    start = paragraphs[paragraph + 1].range.start;
                }
            }
        }
        let mut fixes: Vec<Vec<(usize, &RepairSite)>> = vec![Vec::new(); paragraphs.len()];
        for site in &clean.repair_sites {
            if paragraphs.is_empty() {
                break;
            }
            let at = clean.text.map.derived_start(site.source.start);
            let paragraph = paragraph_of(at);
            let at = at.clamp(
                paragraphs[paragraph].range.start,
                paragraphs[paragraph].range.end,
            );
            fixes[paragraph].push((at, site));
        }
        for (index, paragraph) in paragraphs.iter().enumerate() {
            fixes[index].sort_by_key(|(at, _)| *at);
            let source = clean.text.map.source_range(paragraph.range.clone());
            let (open, close) = match paragraph.kind {
                ParagraphKind::Heading => ("h2", "h2"),
                ParagraphKind::Epigraph | ParagraphKind::Block => ("blockquote", "blockquote"),
                ParagraphKind::Prose | ParagraphKind::Attribution => ("p", "p"),
            };
            let _ = write!(
                out,
                "<{open} id=\"p{index}\" class=\"{}\"><a class=\"pn\" href=\"#p{index}\" title=\"paragraph {index}, bytes {}–{} of the original file\">¶ {index}</a> ",
                paragraph.kind.name(),
                source.start,
                source.end
            );
            self.paragraph(out, paragraph.range.clone(), &marks[index], &fixes[index]);
            let _ = writeln!(out, "</{close}>");
        }
    }

    /// The text of `range` with the quotations of `marks` (sorted) and the repair
    /// markers of `fixes` (sorted by position).
    fn paragraph(
        &self,
        out: &mut String,
        range: Range<usize>,
        marks: &[Mark],
        fixes: &[(usize, &RepairSite)],
    ) {
        let text = &self.document.clean.text.text;
        let mut fixes = fixes.iter().peekable();
        let mut position = range.start;
        // Text up to `end`, with the repair markers that fall in it.
        let mut text_to = |out: &mut String, position: &mut usize, end: usize| {
            while let Some((at, site)) = fixes.next_if(|(at, _)| *at <= end) {
                push_text(out, &text[*position..*at]);
                *position = *at;
                let _ = write!(
                    out,
                    "<span class=\"fix\" title=\"{}: bytes {}–{} of the original file\">✎</span>",
                    html_text(site.label),
                    site.source.start,
                    site.source.end
                );
            }
            push_text(out, &text[*position..end]);
            *position = end;
        };
        // Marks nest: one that runs past the end of the mark it starts in is cut
        // there and goes on after it.
        let mut pending: std::collections::BinaryHeap<std::cmp::Reverse<Mark>> =
            marks.iter().cloned().map(std::cmp::Reverse).collect();
        let mut open: Vec<(usize, usize)> = Vec::new(); // (end, quote)
        while let Some(std::cmp::Reverse(mut mark)) = pending.pop() {
            while let Some(&(end, quote)) = open.last().filter(|(end, _)| *end <= mark.start) {
                text_to(out, &mut position, end);
                self.close(out, quote, end);
                open.pop();
            }
            if let Some(&(end, _)) = open.last()
                && mark.longer.0 > end
            {
                pending.push(std::cmp::Reverse(Mark {
                    start: end,
                    longer: mark.longer,
                    quote: mark.quote,
                    first: false,
                }));
                mark.longer = std::cmp::Reverse(end);
            }
            text_to(out, &mut position, mark.start);
            self.open(out, &mark);
            open.push((mark.longer.0, mark.quote));
        }
        while let Some((end, quote)) = open.pop() {
            text_to(out, &mut position, end);
            self.close(out, quote, end);
        }
        text_to(out, &mut position, range.end);
    }

    fn open(&self, out: &mut String, mark: &Mark) {
        let quote = &self.document.voices.quotes[mark.quote];
        let mut class = match (quote.kind, self.voice_of_quote[mark.quote]) {
            (QuoteKind::Mention, _) => "m".to_string(),
            (_, Some(voice)) => format!("q s{voice}"),
            (_, None) => "q".to_string(),
        };
        if quote.is_speech() && quote.voice() == UNATTRIBUTED {
            class.push_str(" un");
        }
        if quote.is_speech() && quote.confidence < TENTATIVE {
            class.push_str(" t");
        }
        let _ = write!(out, "<span class=\"{class}\"");
        if mark.first {
            let _ = write!(out, " id=\"q{}\" tabindex=\"0\"", mark.quote);
        }
        out.push_str(" title=\"");
        let who = match quote.kind {
            QuoteKind::Mention => "mention".to_string(),
            _ => quote.voice().to_string(),
        };
        push_attribute(
            out,
            &format!(
                "{who} · {} · rule {} · confidence {:.2}\n{}",
                quote.kind.name(),
                quote.rule,
                quote.confidence,
                quote.evidence
            ),
        );
        out.push_str("\">");
    }

    /// Closes the element of quotation `quote` at `end`; after the quotation's
    /// last words, the link to the next quotation of its voice.
    fn close(&self, out: &mut String, quote: usize, end: usize) {
        out.push_str("</span>");
        let last_end = self.document.voices.quotes[quote]
            .spans
            .last()
            .map_or(end, |span| span.end);
        if end == last_end
            && let (Some(next), Some(voice)) =
                (self.next_of_quote[quote], self.voice_of_quote[quote])
        {
            let _ = write!(
                out,
                "<a class=\"next s{voice}\" href=\"#q{next}\" title=\"the next quotation of {}\">›</a>",
                html_text(&self.legend[voice].name)
            );
        }
    }
}

fn push_text(out: &mut String, text: &str) {
    push_escaped(out, text, false);
}

/// `text` escaped for an attribute, line breaks kept.
fn push_attribute(out: &mut String, text: &str) {
    push_escaped(out, text, true);
}

const STYLE: &str = r#"
@font-face { font-family: "Voices Sans"; src: url(data:font/ttf;base64,@FONT@) format("truetype"); }
:root { color-scheme: light; }
body { font: 17px/1.65 "Voices Sans", sans-serif; color: #222; margin: 0 auto; max-width: 46em; padding: 0 24px 64px; }
main p, main blockquote, main h2 { white-space: pre-line; }
h1 { font-size: 1.7em; margin: 0.6em 0 0.3em; }
h2 { font-size: 1.25em; margin: 1.6em 0 0.6em; }
.back { font-size: 0.9em; margin: 1em 0 0; }
.about { font-size: 0.85em; color: #555; }
code { font-size: 0.92em; background: #f3f3f3; padding: 0 3px; border-radius: 3px; }
.legend { position: sticky; top: 0; z-index: 2; background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 4px 10px; font-size: 0.85em; max-height: 40vh; overflow-y: auto; }
.legend summary { cursor: pointer; }
main [id] { scroll-margin-top: 42vh; }
.legend ul { list-style: none; margin: 0; padding: 0; columns: 2 18em; }
.legend li { break-inside: avoid; }
.legend .count { color: #666; }
.toggles { margin: 0.4em 0 0; }
.swatch { display: inline-block; width: 0.9em; height: 0.9em; vertical-align: -0.1em; background: var(--c); border-radius: 2px; }
blockquote { margin: 0.8em 0 0.8em 2em; }
blockquote.epigraph { font-style: italic; }
p.attribution { text-align: right; margin-top: -0.4em; }
.pn { font-size: 0.7em; color: #999; text-decoration: none; margin-right: 0.3em; user-select: none; }
.pn:hover, :target > .pn { color: #0072b2; }
:target { background: #fffbe6; }
.q { background: color-mix(in srgb, var(--c) 30%, transparent); border-bottom: 2px solid var(--c); position: relative; }
.q .q { background: color-mix(in srgb, var(--c) 45%, transparent); }
.q.t { border-bottom-style: dashed; background: color-mix(in srgb, var(--c) 14%, transparent); }
.q.un { outline: 2px dashed #c62828; outline-offset: 1px; }
.q:focus { outline: 2px solid #222; }
.q:focus::after, .m:focus::after { content: attr(title); position: absolute; left: 0; top: 100%; z-index: 3; width: max-content; max-width: 30em; white-space: pre-wrap; background: #222; color: #fff; font-size: 0.8rem; font-style: normal; line-height: 1.4; padding: 4px 8px; border-radius: 4px; }
.q:target { box-shadow: 0 0 0 3px #ffd54f; }
.m { position: relative; text-decoration: underline dotted #5a5a5a; text-underline-offset: 3px; font-style: italic; }
body:has(#show-mentions:not(:checked)) .m { text-decoration: none; font-style: inherit; }
.next { font-size: 0.75em; color: var(--c); text-decoration: none; margin: 0 0.15em; vertical-align: super; }
.fix { display: none; color: #b00; font-size: 0.75em; vertical-align: super; cursor: help; }
body:has(#show-repairs:checked) .fix { display: inline; }
.fix-key { color: #b00; }
"#;

#[cfg(test)]
mod tests {
    use super::*;

    /// What a reader sees of the text in `page`: the text of `<main>` without its
    /// tags, paragraph numbers, links to the next quotation and repair markers.
    fn shown_text(page: &str) -> String {
        let main = &page[page.find("<main>").unwrap() + 6..page.find("</main>").unwrap()];
        let mut shown = String::new();
        let mut rest = main;
        while let Some(c) = rest.chars().next() {
            if rest.starts_with("<a ") {
                let number = rest.starts_with("<a class=\"pn\"");
                rest = &rest[rest.find("</a>").unwrap() + 4..];
                if number {
                    // The space after a paragraph's number.
                    rest = rest.strip_prefix(' ').unwrap_or(rest);
                }
            } else if rest.starts_with("<span class=\"fix\"") {
                rest = &rest[rest.find("</span>").unwrap() + 7..];
            } else if c == '<' {
                rest = &rest[rest.find('>').unwrap() + 1..];
            } else {
                shown.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
        shown
            .trim_start_matches('\n')
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&amp;", "&")
    }

    #[test]
    fn the_page_shows_every_character_of_the_text_with_every_element_closed() {
        let texts = [
            "“One,” he said, “and ‘two,’ and three.”\n\nShe said: “Four\n\n“five, over two paragraphs.”",
            "An “unclosed mark and a ‘crossing” one’ here.\n\n“<b>markup</b> & ampersands,” said Ann.",
            "THE HEAD\n\nﬁve ﬂowers were exam-\nined, ” said nobody ” “ “ ‘",
        ];
        for text in texts {
            let document = crate::ingest::decode(Path::new("t.txt"), text.as_bytes()).unwrap();
            let analysed =
                crate::pipeline::analyse(document, Default::default(), &Default::default());
            let page = page(&analysed);
            let clean = &analysed.clean;
            let paragraphs: String = (clean.paragraphs.iter())
                .map(|paragraph| &clean.text.text[paragraph.range.clone()])
                .collect::<Vec<_>>()
                .join("\n");
            assert_eq!(shown_text(&page), format!("{paragraphs}\n"), "{text}");
            for tag in ["span", "p", "blockquote", "h2", "a"] {
                let opened = page.matches(&format!("<{tag} ")).count()
                    + page.matches(&format!("<{tag}>")).count();
                let closed = page.matches(&format!("</{tag}>")).count();
                assert_eq!(opened, closed, "<{tag}> in the page of {text:?}");
            }
        }
    }

    #[test]
    fn a_page_is_named_from_its_path_alone() {
        let name = page_name(Path::new("books/Émile Zola – L'Œuvre.txt"));
        assert!(
            name.starts_with("mile-zola-l-uvre-") && name.ends_with(".html"),
            "{name}"
        );
        assert_ne!(
            page_name(Path::new("a/novel.txt")),
            page_name(Path::new("b/novel.txt"))
        );
        assert_eq!(
            page_name(Path::new("a/novel.txt")),
            page_name(Path::new("a/novel.txt"))
        );
        assert!(page_name(Path::new("—.txt")).starts_with("document-"));
    }
}
