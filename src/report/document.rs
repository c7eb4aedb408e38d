//! The report as a list of blocks (headings, paragraphs, tables, lists, charts),
//! written once and rendered twice: as Markdown for GitHub and plain-text readers,
//! and as one self-contained HTML page (inline SVG charts, inline CSS, the bundled
//! font embedded, nothing fetched).
//!
//! Text in a block is a small subset of Markdown: `code`, **strong** and *emphasis*,
//! with every other character literal once [`escape`]d. Both renderers read the same
//! text, so the two reports cannot drift apart.

use std::fmt::Write as _;

use crate::charts::ChartFile;

/// One block of the report.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// A heading of level 1 to 4, with its anchor (`id`) in the HTML.
    Heading {
        level: u8,
        text: String,
        id: String,
    },
    Paragraph(String),
    List(Vec<String>),
    Table(Table),
    /// A chart, by its index in the charts written.
    Chart(usize),
    /// Links to every section (level 2 heading): the HTML's contents bar; the
    /// Markdown has none (GitHub shows an outline of its own).
    Contents,
}

/// A table: its header, which columns are numbers (right-aligned), and its rows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    pub header: Vec<String>,
    pub numeric: Vec<bool>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// A table whose columns are named in `columns`, a name ending in `>` (dropped)
    /// being a column of numbers.
    pub fn new(columns: &[&str]) -> Self {
        Table {
            header: columns
                .iter()
                .map(|column| column.trim_end_matches('>').to_string())
                .collect(),
            numeric: columns.iter().map(|column| column.ends_with('>')).collect(),
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        debug_assert_eq!(cells.len(), self.header.len());
        self.rows.push(cells);
    }
}

/// `text` taken literally: the characters the Markdown subset reads as markup
/// escaped, line breaks flattened. (`_` inside a word, `#` and `>` inside a line are
/// not markup in GitHub's Markdown: they are left as they are for plain-text
/// readers.)
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut previous = ' ';
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let inside_word =
            previous.is_alphanumeric() && chars.peek().is_some_and(|next| next.is_alphanumeric());
        match c {
            '\\' | '`' | '*' | '|' | '[' | ']' | '<' => {
                out.push('\\');
                out.push(c);
            }
            '_' if !inside_word => out.push_str("\\_"),
            '\n' | '\r' | '\t' => out.push(' '),
            _ => out.push(c),
        }
        previous = c;
    }
    out
}

/// `text` as a code span (a path, a table name): backticks inside become quotes.
pub fn code(text: &str) -> String {
    format!(
        "`{}`",
        text.replace('`', "'")
            .replace('|', "\\|")
            .replace(['\n', '\r', '\t'], " ")
    )
}

/// The Markdown of `blocks`; charts are the PNG files under `charts/`.
pub fn markdown(blocks: &[Block], charts: &[ChartFile]) -> String {
    let mut out = String::new();
    for block in blocks {
        match block {
            Block::Heading { level, text, .. } => {
                let _ = writeln!(out, "{} {text}\n", "#".repeat(usize::from(*level)));
            }
            Block::Paragraph(text) => {
                let _ = writeln!(out, "{text}\n");
            }
            Block::List(items) => {
                for item in items {
                    let _ = writeln!(out, "- {item}");
                }
                out.push('\n');
            }
            Block::Table(table) => {
                let _ = writeln!(out, "| {} |", table.header.join(" | "));
                let rule: Vec<&str> = table
                    .numeric
                    .iter()
                    .map(|&numeric| if numeric { "---:" } else { "---" })
                    .collect();
                let _ = writeln!(out, "|{}|", rule.join("|"));
                for row in &table.rows {
                    let _ = writeln!(out, "| {} |", row.join(" | "));
                }
                out.push('\n');
            }
            Block::Chart(index) => {
                if let Some(chart) = charts.get(*index) {
                    let _ = writeln!(
                        out,
                        "![{}](charts/{}.png)\n\n*{}*\n",
                        escape(&chart.title),
                        chart.name,
                        escape(chart.reading)
                    );
                }
            }
            Block::Contents => {}
        }
    }
    out
}

const STYLE: &str = r#"
@font-face { font-family: "Voices Sans"; src: url(data:font/ttf;base64,@FONT@) format("truetype"); }
:root { color-scheme: light; }
body { font: 16px/1.5 "Voices Sans", sans-serif; color: #222; margin: 0 auto; max-width: 1180px; padding: 0 24px 48px; }
h1 { font-size: 1.9em; margin: 1em 0 0.4em; }
h2 { font-size: 1.4em; margin: 1.8em 0 0.5em; border-bottom: 1px solid #ddd; padding-bottom: 0.2em; }
h3 { font-size: 1.15em; margin: 1.4em 0 0.4em; }
nav { background: #f6f6f6; padding: 8px 14px; border-radius: 6px; font-size: 0.92em; }
nav a { margin-right: 14px; white-space: nowrap; }
table { border-collapse: collapse; margin: 0.6em 0 1.2em; font-size: 0.88em; }
th, td { border: 1px solid #ddd; padding: 3px 8px; vertical-align: top; }
th { background: #f3f3f3; position: sticky; top: 0; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr:nth-child(even) td { background: #fafafa; }
code { font-size: 0.92em; background: #f3f3f3; padding: 0 3px; border-radius: 3px; }
figure { margin: 1.2em 0; }
figure svg { max-width: 100%; height: auto; display: block; }
figure svg text { font-family: "Voices Sans", sans-serif; }
figcaption { font-size: 0.9em; color: #555; }
.scroll { overflow-x: auto; }
"#;

/// The HTML page of `blocks`, every chart inlined as SVG.
pub fn html(title: &str, blocks: &[Block], charts: &[ChartFile]) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n",
        html_text(title),
        STYLE
    );
    let sections: Vec<String> = blocks
        .iter()
        .filter_map(|block| match block {
            Block::Heading { level: 2, text, id } => {
                Some(format!("<a href=\"#{id}\">{}</a>", inline(text)))
            }
            _ => None,
        })
        .collect();
    for block in blocks {
        match block {
            Block::Heading { level, text, id } => {
                let _ = writeln!(out, "<h{level} id=\"{id}\">{}</h{level}>", inline(text));
            }
            Block::Paragraph(text) => {
                let _ = writeln!(out, "<p>{}</p>", inline(text));
            }
            Block::List(items) => {
                out.push_str("<ul>\n");
                for item in items {
                    let _ = writeln!(out, "<li>{}</li>", inline(item));
                }
                out.push_str("</ul>\n");
            }
            Block::Table(table) => {
                out.push_str("<div class=\"scroll\"><table>\n<thead><tr>");
                for name in &table.header {
                    let _ = write!(out, "<th>{}</th>", inline(name));
                }
                out.push_str("</tr></thead>\n<tbody>\n");
                for row in &table.rows {
                    out.push_str("<tr>");
                    for (cell, &numeric) in row.iter().zip(&table.numeric) {
                        let class = if numeric { " class=\"n\"" } else { "" };
                        let _ = write!(out, "<td{class}>{}</td>", inline(cell));
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</tbody>\n</table></div>\n");
            }
            Block::Chart(chart) => {
                if let Some(chart) = charts.get(*chart) {
                    let _ = writeln!(
                        out,
                        "<figure class=\"chart\" id=\"chart-{}\">\n{}\n<figcaption><strong>{}.</strong> {}</figcaption>\n</figure>",
                        chart.name,
                        accessible_svg(&chart.svg, &chart.title),
                        html_text(&chart.title),
                        html_text(chart.reading)
                    );
                }
            }
            Block::Contents if !sections.is_empty() => {
                let _ = writeln!(out, "<nav>{}</nav>", sections.join(" "));
            }
            Block::Contents => {}
        }
    }
    out.push_str("</body>\n</html>\n");
    embed_font(out)
}

/// `page` with the bundled font, cut down to the page's characters, in place of
/// its `@FONT@`.
pub(crate) fn embed_font(mut page: String) -> String {
    let font = super::font::subset(super::font::FONT, &page);
    // The placeholder in the style sheet, not in a title before it (the page's
    // text is escaped, but `@FONT@` needs no escaping).
    let style = page.find("<style>").unwrap_or(0);
    if let Some(at) = page[style..].find("@FONT@") {
        page.replace_range(style + at..style + at + "@FONT@".len(), &base64(&font));
    }
    page
}

/// plotters' SVG with a `viewBox`, so that CSS can scale it to the page, and
/// named as an image for screen readers.
fn accessible_svg(svg: &str, title: &str) -> String {
    let size = |attribute: &str| {
        let start = svg.find(&format!("{attribute}=\""))? + attribute.len() + 2;
        let end = start + svg[start..].find('"')?;
        svg[start..end].parse::<u32>().ok()
    };
    let view_box = match (size("width"), size("height")) {
        (Some(width), Some(height)) if !svg.contains("viewBox") => {
            format!("viewBox=\"0 0 {width} {height}\" ")
        }
        _ => String::new(),
    };
    svg.replacen(
        "<svg ",
        &format!(
            "<svg {view_box}role=\"img\" aria-label=\"{}\" ",
            html_text(title)
        ),
        1,
    )
}

/// Text with `&`, `<`, `>` and `"` escaped.
pub(crate) fn html_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text, false);
    out
}

/// Appends `text` to `out` with `&`, `<`, `>` and `"` escaped, and line breaks too
/// when `line_breaks` (for an attribute). The text between them is copied whole: a
/// reading view escapes its whole book, and a character at a time that was about
/// a third of writing the view (`perf`).
pub(crate) fn push_escaped(out: &mut String, text: &str, line_breaks: bool) {
    let mut rest = text;
    while let Some(at) = rest.bytes().position(|byte| {
        matches!(byte, b'&' | b'<' | b'>' | b'"') || (line_breaks && byte == b'\n')
    }) {
        out.push_str(&rest[..at]);
        match rest.as_bytes()[at] {
            b'\n' => out.push_str("&#10;"),
            byte => push_html(out, char::from(byte)),
        }
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
}

/// `c`, escaped for HTML text and attributes.
pub(crate) fn push_html(out: &mut String, c: char) {
    match c {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '"' => out.push_str("&quot;"),
        _ => out.push(c),
    }
}

/// The Markdown subset as HTML: backslash escapes, `code`, **strong**, *emphasis*,
/// and [links](to/a/page.html).
fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let (mut strong, mut emphasis) = (false, false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    push_html(&mut out, next);
                }
            }
            '`' => {
                let mut span = String::new();
                while let Some(c) = chars.next() {
                    match c {
                        '`' => break,
                        '\\' if chars.peek() == Some(&'|') => {}
                        _ => span.push(c),
                    }
                }
                let _ = write!(out, "<code>{}</code>", html_text(&span));
            }
            '*' if chars.peek() == Some(&'*') => {
                chars.next();
                out.push_str(if strong { "</strong>" } else { "<strong>" });
                strong = !strong;
            }
            '*' => {
                out.push_str(if emphasis { "</em>" } else { "<em>" });
                emphasis = !emphasis;
            }
            '[' => {
                let rest: String = chars.clone().collect();
                match link(&rest) {
                    Some((label, target, length)) => {
                        let _ = write!(
                            out,
                            "<a href=\"{}\">{}</a>",
                            html_text(target),
                            inline(label)
                        );
                        for _ in 0..length {
                            chars.next();
                        }
                    }
                    None => push_html(&mut out, c),
                }
            }
            _ => push_html(&mut out, c),
        }
    }
    if emphasis {
        out.push_str("</em>");
    }
    if strong {
        out.push_str("</strong>");
    }
    out
}

/// The label and target of a link whose `[` came just before `rest`
/// (`label](target)…`), and how many characters of `rest` it takes.
fn link(rest: &str) -> Option<(&str, &str, usize)> {
    let label_end = rest.find("](")?;
    let label = &rest[..label_end];
    let target_start = label_end + 2;
    let target_end = target_start + rest[target_start..].find(')')?;
    let target = &rest[target_start..target_end];
    if label.contains(['[', ']']) || target.contains(char::is_whitespace) {
        return None;
    }
    Some((label, target, rest[..=target_end].chars().count()))
}

/// Standard base64 (RFC 4648), for the embedded font.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (index, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if index <= chunk.len() {
                out.push(ALPHABET[(n >> shift & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_rfc_examples() {
        for (input, expected) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), expected);
        }
    }

    /// Text escaped a run at a time is what escaping each character gives, with
    /// line breaks escaped only for an attribute.
    #[test]
    fn text_escaped_in_runs_is_escaped_as_each_character() {
        let text = "“Tom & Jerry” <i>said</i>\n\"no\" — é&&<>\n";
        let by_character = |line_breaks: bool| {
            let mut out = String::new();
            for c in text.chars() {
                match c {
                    '\n' if line_breaks => out.push_str("&#10;"),
                    _ => push_html(&mut out, c),
                }
            }
            out
        };
        for line_breaks in [false, true] {
            let mut out = String::from("before ");
            push_escaped(&mut out, text, line_breaks);
            assert_eq!(out, format!("before {}", by_character(line_breaks)));
        }
        assert_eq!(
            html_text("a<b & \"c\">\n"),
            "a&lt;b &amp; &quot;c&quot;&gt;\n"
        );
    }

    #[test]
    fn escaped_text_is_literal_in_both_renderers() {
        let name = "a *starred* <b>|pipe|</b> `tick` \\ [link] _under_ snake_case";
        let escaped = escape(name);
        assert_eq!(inline(&escaped), html_text(name));
        // In Markdown every markup character is backslash-escaped.
        assert!(!escaped.contains(" *starred*"));
        assert!(escaped.contains("\\_under\\_ snake_case"));
        assert_eq!(
            inline(&format!(
                "**{}** and *{}* in {}",
                escape("x"),
                escape("y"),
                code("a|b")
            )),
            "<strong>x</strong> and <em>y</em> in <code>a|b</code>"
        );
    }

    #[test]
    fn links_are_links_and_escaped_brackets_are_text() {
        assert_eq!(
            inline("read [the *text*](reading/a-1.html) \\[x\\](y)"),
            "read <a href=\"reading/a-1.html\">the <em>text</em></a> [x](y)"
        );
    }

    #[test]
    fn charts_scale_to_the_page() {
        let svg = "<svg width=\"900\" height=\"300\" xmlns=\"http://www.w3.org/2000/svg\"></svg>";
        assert!(accessible_svg(svg, "A <b> & c").starts_with(
            "<svg viewBox=\"0 0 900 300\" role=\"img\" aria-label=\"A &lt;b&gt; &amp; c\" width"
        ));
    }
}
