//! Report: what a reader opens first. One list of blocks ([`document::Block`]) holds
//! the whole report: a summary, the voices, the charts, every quotation with its
//! speaker and evidence, the statistics with their intervals and warnings, the
//! comparison of the voices, the documents and their repairs, and the methods. It is
//! rendered as `report.md` and as the self-contained `report.html`.

pub mod document;
pub mod font;
mod methods;
pub mod reading;

use std::collections::BTreeMap;

use crate::charts::ChartFile;
use crate::compare::Comparison;
use crate::compare::print::{attributions, neighbours};
use crate::document::DocumentSummary;
use crate::ingest::Confidence;
use crate::stats::VoiceStats;
use crate::tables::REPAIR_COLUMNS;
use crate::voices::AUTHOR;
use document::{Block, Table, code, escape};

/// The report lists the voices of this many documents, and this many voices of each;
/// the tables have them all.
const MAX_DOCUMENTS_WITH_VOICES: usize = 50;
const MAX_VOICES_PER_DOCUMENT: usize = 15;

/// The report shows the statistics of this many voices; `voice_stats` has them all.
const MAX_VOICES_WITH_STATISTICS: usize = 30;

/// The report lists this many quotations (the first documents' all); `quotes` and
/// `voices quotes` have them all.
pub const MAX_QUOTATIONS: usize = 5000;

/// A quotation's text is shown up to this many characters.
const QUOTATION_CHARACTERS: usize = 300;

/// Drops what the report will not show of `documents`, so that a large corpus does
/// not hold it all until the end: the quotations after the first
/// [`MAX_QUOTATIONS`], and the people of the documents after the first
/// [`MAX_DOCUMENTS_WITH_VOICES`] (the `characters` table has them all).
pub fn keep_what_is_shown(documents: &mut [DocumentSummary]) {
    let mut kept = 0;
    for (index, document) in documents.iter_mut().enumerate() {
        let room = MAX_QUOTATIONS - kept.min(MAX_QUOTATIONS);
        document.quotes.truncate(room);
        document.quotes.shrink_to_fit();
        kept += document.quotes.len();
        if index >= MAX_DOCUMENTS_WITH_VOICES {
            document.characters = Vec::new();
        }
    }
}

/// Everything a report is made from.
pub struct Inputs<'a> {
    pub documents: &'a [DocumentSummary],
    /// The quotations of each voice over the documents
    /// ([`crate::document::quotations_per_voice`]).
    pub quotations: &'a BTreeMap<String, usize>,
    /// Why each input that could not be analysed could not.
    pub failures: &'a [String],
    /// The rows of `voice_stats`.
    pub statistics: &'a [VoiceStats],
    pub comparison: &'a Comparison,
    pub charts: &'a [ChartFile],
}

/// The report of a run in both formats: (`report.md`, `report.html`).
pub fn render(inputs: &Inputs) -> (String, String) {
    let title = title(inputs.documents);
    let mut report = Report::default();
    report.heading(1, &escape(&title));
    report.summary(inputs);
    report.blocks.push(Block::Contents);
    report.voices(inputs);
    report.charts(inputs.charts);
    report.quotations(inputs.documents);
    report.statistics(inputs.statistics);
    report.comparison(inputs.comparison);
    report.documents(inputs.documents);
    methods::write(&mut report);
    report.problems(inputs.documents, inputs.failures);
    (
        document::markdown(&report.blocks, inputs.charts),
        document::html(&title, &report.blocks, inputs.charts),
    )
}

/// A link to the reading view of `document`, labelled `label` (or why it has none).
fn reading_link(document: &DocumentSummary, label: &str) -> String {
    match reading::has_page(document.bytes) {
        true => format!(
            "[{label}]({}/{})",
            reading::DIRECTORY,
            reading::page_name(&document.path)
        ),
        false => format!(
            "none (larger than {} MB)",
            reading::MAX_BYTES / (1024 * 1024)
        ),
    }
}

fn title(documents: &[DocumentSummary]) -> String {
    match documents {
        [only] => format!("voices report: {}", only.title),
        _ => format!("voices report: {} documents", documents.len()),
    }
}

/// The blocks written so far.
#[derive(Default)]
struct Report {
    blocks: Vec<Block>,
}

impl Report {
    /// A heading, with an anchor made of its words, unique in the report.
    fn heading(&mut self, level: u8, text: &str) {
        let id: String = text
            .chars()
            .filter(|c| c.is_alphanumeric() || *c == ' ')
            .collect::<String>()
            .to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join("-");
        let id = if id.is_empty() {
            "section".to_string()
        } else {
            id
        };
        let used = |candidate: &str| {
            self.blocks
                .iter()
                .any(|block| matches!(block, Block::Heading { id: seen, .. } if seen == candidate))
        };
        let id = (1..)
            .map(|n| {
                if n == 1 {
                    id.clone()
                } else {
                    format!("{id}-{n}")
                }
            })
            .find(|candidate| !used(candidate))
            .unwrap_or(id);
        self.blocks.push(Block::Heading {
            level,
            text: text.to_string(),
            id,
        });
    }

    fn paragraph(&mut self, text: impl Into<String>) {
        self.blocks.push(Block::Paragraph(text.into()));
    }

    fn table(&mut self, table: Table) {
        if !table.rows.is_empty() {
            self.blocks.push(Block::Table(table));
        }
    }

    fn list(&mut self, items: Vec<String>) {
        if !items.is_empty() {
            self.blocks.push(Block::List(items));
        }
    }

    /// Documents, words, voices and quotations in one paragraph, and where the
    /// tables are.
    fn summary(&mut self, inputs: &Inputs) {
        let documents = inputs.documents;
        let words: usize = documents.iter().map(|document| document.words).sum();
        let speech: usize = documents.iter().map(|document| document.speech).sum();
        let mentions: usize = documents.iter().map(|document| document.mentions).sum();
        let speakers: std::collections::BTreeSet<&str> = documents
            .iter()
            .flat_map(|document| &document.voices)
            .map(|voice| voice.name.as_str())
            .filter(|name| *name != AUTHOR && *name != "unattributed")
            .collect();
        let voices = documents.iter().flat_map(|document| &document.voices);
        let voiced_words: usize = voices.clone().map(|voice| voice.words).sum();
        let author_words: usize = voices
            .filter(|voice| voice.name == AUTHOR)
            .map(|voice| voice.words)
            .sum();
        self.paragraph(format!(
            "**{}** {}, **{}** words. The author's own prose is {} of the words; the rest is **{}** quotation{} of speech by **{}** speaker{}, and **{}** mention{} (scare quotes, titles, echoes). Every table is in `data/` as Parquet (zstd): `documents`, `paragraphs`, `sentences`, `tokens`, `quotes`, `voice_stats`, `features`, `distances`, `keyness`, `pca`, `trees`.",
            thousands(documents.len()),
            if documents.len() == 1 { "document" } else { "documents" },
            thousands(words),
            percent(author_words, voiced_words),
            thousands(speech),
            plural_s(speech),
            thousands(speakers.len()),
            plural_s(speakers.len()),
            thousands(mentions),
            plural_s(mentions),
        ));
        match documents {
            [only] => self.paragraph(format!(
                "Read the text with its voices marked, each quotation with its speaker and evidence: {}.",
                reading_link(only, "the reading view")
            )),
            _ => self.paragraph(format!(
                "Read each text with its voices marked, each quotation with its speaker and evidence: the reading views under `{}/`, linked from *Documents*.",
                reading::DIRECTORY
            )),
        }
    }

    /// Every voice over the corpus: quotations, words, share, headline measures.
    fn voices(&mut self, inputs: &Inputs) {
        self.heading(2, "Voices");
        self.paragraph("Who speaks: the author's own prose, and every speaker of a quotation (`unattributed` where no speaker could be found with evidence; mentions stay in the voice around them). A voice is the same person across documents (each document's own voices are under *Documents*). Brackets hold 95% intervals; a dash is a measure the voice is too small for (see *Statistics per voice*).");
        let rows = crate::stats::corpus_rows(inputs.statistics);
        let total: u64 = rows.iter().map(|row| u64::from(row.words())).sum();
        let mut table = Table::new(&[
            "voice",
            "quotations>",
            "words>",
            "share>",
            "mean sentence>",
            "MTLD>",
            "Flesch>",
        ]);
        for row in rows.iter().take(MAX_VOICES_WITH_STATISTICS) {
            let words = row.words();
            table.row(vec![
                voice_name(&row.voice),
                if row.voice == AUTHOR {
                    "–".to_string()
                } else {
                    thousands(inputs.quotations.get(&row.voice).copied().unwrap_or(0))
                },
                thousands(words as usize),
                percent(words as usize, total as usize),
                value(row, "mean_sentence_length", 1),
                with_interval(row, "mtld", 1),
                with_interval(row, "flesch_reading_ease", 1),
            ]);
        }
        self.table(table);
        if rows.len() > MAX_VOICES_WITH_STATISTICS {
            self.paragraph(format!(
                "{} more voices are in `data/voice_stats.parquet`.",
                thousands(rows.len() - MAX_VOICES_WITH_STATISTICS)
            ));
        }
    }

    /// The charts.
    fn charts(&mut self, charts: &[ChartFile]) {
        if charts.is_empty() {
            return;
        }
        self.heading(2, "Charts");
        self.paragraph("Each chart is in `charts/` as SVG and PNG; under each, how to read it.");
        self.blocks.extend((0..charts.len()).map(Block::Chart));
    }

    /// Every quotation (up to [`MAX_QUOTATIONS`]) with its speaker, rule, confidence
    /// and evidence, document by document.
    fn quotations(&mut self, documents: &[DocumentSummary]) {
        let total: usize = documents
            .iter()
            .map(|document| document.speech + document.mentions)
            .sum();
        if total == 0 {
            return;
        }
        self.heading(2, "Quotations");
        self.paragraph(format!("Every quotation the text holds, in order: its kind (`epigraph`, `block`, `inline`, `nested` speech, or a `mention`: scare quotes, titles, echoes), who speaks it, the `rule` that decided, its confidence (0 to 1) and the evidence the rule used, so that each attribution can be checked. `where` is the byte range in the original file. Long quotations are cut at {QUOTATION_CHARACTERS} characters; `data/quotes.parquet` has them whole."));
        let mut shown = 0;
        for (id, document) in documents.iter().enumerate() {
            if document.quotes.is_empty() || shown >= MAX_QUOTATIONS {
                continue;
            }
            if documents.len() > 1 {
                self.heading(3, &format!("{id}. {}", escape(&document.title)));
            }
            let mut table = Table::new(&[
                "#>",
                "kind",
                "speaker",
                "quotation",
                "rule",
                "confidence>",
                "evidence",
                "where>",
            ]);
            for quote in document.quotes.iter().take(MAX_QUOTATIONS - shown) {
                let text = crate::output::shorten(&quote.text, QUOTATION_CHARACTERS);
                table.row(vec![
                    quote.quote_id.to_string(),
                    quote.kind.to_string(),
                    quote.speaker.as_deref().map_or("–".to_string(), voice_name),
                    format!("“{}”", escape(&text)),
                    code(quote.rule),
                    format!("{:.2}", quote.confidence),
                    escape(&quote.evidence),
                    format!("{}–{}", quote.start, quote.end),
                ]);
                shown += 1;
            }
            self.table(table);
        }
        if shown < total {
            self.paragraph(format!(
                "{} more quotations are in `data/quotes.parquet` (`voices quotes` prints them all).",
                thousands(total - shown)
            ));
        }
    }

    /// The headline measures of every voice over the corpus, with their intervals,
    /// and why a measure is missing.
    fn statistics(&mut self, statistics: &[VoiceStats]) {
        let voices = crate::stats::corpus_rows(statistics);
        if voices.is_empty() {
            return;
        }
        self.heading(2, "Statistics per voice");
        self.paragraph("Each voice over the whole corpus: its words and sentences, sentence length (median and the middle half), lexical diversity (MTLD, HD-D), readability (Flesch Reading Ease, Flesch-Kincaid grade) and some of its rhetoric (questions per 100 sentences; *I*, *we*, *they* and negations per 1,000 words). Brackets hold 95% intervals; a dash is a measure the voice is too small for (see the notes). Every measure and its interval, and each document's voices (with intervals under `--document-intervals`), are in `data/voice_stats.parquet`; the *Methods* say what each means.");
        let mut table = Table::new(&[
            "voice",
            "words>",
            "sentences>",
            "median sentence [25–75%]>",
            "MTLD>",
            "HD-D>",
            "Flesch>",
            "FK grade>",
            "?/100 sent.>",
            "I/1k>",
            "we/1k>",
            "they/1k>",
            "not/1k>",
        ]);
        let shown = &voices[..voices.len().min(MAX_VOICES_WITH_STATISTICS)];
        for row in shown {
            let spread = match (
                row.get("median_sentence_length"),
                row.get("sentence_length_p25"),
                row.get("sentence_length_p75"),
            ) {
                (Some(median), Some(low), Some(high)) => {
                    format!("{median:.0} [{low:.0}–{high:.0}]")
                }
                _ => "–".to_string(),
            };
            table.row(vec![
                voice_name(&row.voice),
                thousands(row.words() as usize),
                value(row, "sentences", 0),
                spread,
                with_interval(row, "mtld", 1),
                value(row, "hdd", 3),
                with_interval(row, "flesch_reading_ease", 1),
                value(row, "flesch_kincaid_grade", 1),
                value(row, "questions_per_100_sentences", 1),
                value(row, "first_person_singular_per_1k_words", 1),
                value(row, "first_person_plural_per_1k_words", 1),
                value(row, "third_person_plural_per_1k_words", 1),
                value(row, "negations_per_1k_words", 1),
            ]);
        }
        self.table(table);
        if voices.len() > shown.len() {
            self.paragraph(format!(
                "{} more voices are in `data/voice_stats.parquet`.",
                thousands(voices.len() - shown.len())
            ));
        }
        let notes: Vec<String> = shown
            .iter()
            .filter(|row| !row.warnings.is_empty())
            .map(|row| {
                let name = if row.voice == AUTHOR {
                    "the author"
                } else {
                    &row.voice
                };
                format!(
                    "**{}**: {}.",
                    escape(name),
                    escape(&row.warnings.join("; "))
                )
            })
            .collect();
        if !notes.is_empty() {
            self.paragraph("Notes:");
            self.list(notes);
        }
    }

    /// The units compared: attributions, leave-one-out accuracy, distinctive words
    /// and nearest neighbours.
    fn comparison(&mut self, comparison: &Comparison) {
        let units = &comparison.units;
        if units.len() < 2 || comparison.results.is_empty() {
            return;
        }
        let settings: Vec<String> = comparison
            .results
            .iter()
            .map(|result| result.mfw.to_string())
            .collect();
        self.heading(2, "Comparison");
        self.paragraph(format!(
            "{} units compared by their most frequent words ({} setting{}: {}). Distances for every pair are in `data/distances.parquet`, the trees in `data/trees.parquet` (Newick), the principal components in `data/pca.parquet`, each unit's distinctive words in `data/keyness.parquet`; `voices compare` prints more.",
            units.len(),
            settings.len(),
            plural_s(settings.len()),
            settings.join(", ")
        ));
        let attributed = attributions(comparison);
        if !attributed.is_empty() {
            let mut table = Table::new(&[
                "unit",
                "nearest author (centroid)",
                "support>",
                "margin>",
                "author of the nearest unit",
                "support>",
            ]);
            for summary in &attributed {
                let (centroid, nearest) = (&summary.by_centroid, &summary.by_nearest_unit);
                table.row(vec![
                    escape(&units[summary.unit].name),
                    escape(&centroid.answer),
                    format!("{}/{}", centroid.support.0, centroid.support.1),
                    format!("{:.3}", centroid.mean),
                    escape(&nearest.answer),
                    format!("{}/{}", nearest.support.0, nearest.support.1),
                ]);
            }
            self.paragraph("Texts of unknown author, attributed: *support* is in how many settings the answer holds, *margin* how much nearer the chosen author's centroid is than the runner-up's.");
            self.table(table);
            let accuracy: Vec<String> = comparison
                .results
                .iter()
                .filter_map(|result| {
                    let loo = &result.leave_one_out;
                    Some(format!(
                        "{} MFW: {:.0}% by centroid, {:.0}% by nearest unit ({} units)",
                        result.mfw,
                        100.0 * loo.centroid_accuracy()?,
                        100.0 * loo.nearest_unit_accuracy()?,
                        loo.units
                    ))
                })
                .collect();
            if !accuracy.is_empty() {
                self.paragraph("Leave-one-out accuracy on the texts of known author (each left out in turn and attributed by the others):");
                self.list(accuracy);
            }
        }
        let mut table = Table::new(&[
            "unit",
            "words>",
            "nearest unit",
            "support>",
            "distinctive words (G²)",
        ]);
        for ((unit, neighbour), keywords) in units
            .iter()
            .zip(neighbours(comparison))
            .zip(&comparison.keywords)
            .take(MAX_VOICES_WITH_STATISTICS)
        {
            let (nearest, support) = match &neighbour {
                Some(n) => (
                    escape(&n.answer),
                    format!("{}/{}", n.support.0, n.support.1),
                ),
                None => ("–".to_string(), String::new()),
            };
            let words: Vec<String> = keywords
                .iter()
                .take(8)
                .map(|keyword| format!("{} ({:.0})", escape(&keyword.word), keyword.g2))
                .collect();
            table.row(vec![
                escape(&unit.name),
                thousands(unit.words as usize),
                nearest,
                support,
                words.join(", "),
            ]);
        }
        self.table(table);
        if let Some(zeta) = &comparison.zeta {
            let markers = |words: &[crate::compare::distinctive::ZetaWord]| {
                words
                    .iter()
                    .take(15)
                    .map(|word| escape(&word.word))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            self.paragraph(format!(
                "Craig's Zeta ({} slices against {}): **{}** prefers {}; **{}** prefers {}.",
                zeta.slices.0,
                zeta.slices.1,
                escape(&zeta.oppose.a),
                markers(&zeta.markers_a),
                escape(&zeta.oppose.b),
                markers(&zeta.markers_b)
            ));
        }
        if !comparison.warnings.is_empty() {
            self.paragraph("Notes:");
            self.list(
                comparison
                    .warnings
                    .iter()
                    .map(|warning| format!("{}.", escape(warning)))
                    .collect(),
            );
        }
    }

    /// Each document's size, language and encoding, and what the cleaner repaired.
    fn documents(&mut self, documents: &[DocumentSummary]) {
        self.heading(2, "Documents");
        let mut table = Table::new(&[
            "doc_id>",
            "document",
            "reading view",
            "title",
            "author",
            "language",
            "encoding",
            "paragraphs>",
            "sentences>",
            "words>",
        ]);
        for (id, document) in documents.iter().enumerate() {
            table.row(vec![
                id.to_string(),
                code(&document.path.display().to_string()),
                reading_link(document, "read"),
                escape(&document.title),
                escape(document.metadata.get("author").map_or("", String::as_str)),
                document.language.unwrap_or("unknown").to_string(),
                match document.decoding.confidence {
                    Confidence::Low => format!("{} (unsure)", document.decoding.name()),
                    _ => document.decoding.name(),
                },
                thousands(document.paragraphs),
                thousands(document.sentences),
                thousands(document.words),
            ]);
        }
        self.table(table);
        self.document_voices(documents);
        self.document_people(documents);
        self.heading(3, "What the cleaner repaired");
        self.paragraph("Running heads and page numbers are removed wherever they fall; split ligatures (`offi cer`) and words hyphenated at line ends are joined unless the halves are two real words; paragraphs cut by a page break in mid-sentence are joined again. Every row of the tables keeps its byte offsets into the original file.");
        let mut columns = vec!["doc_id>".to_string()];
        columns.extend(REPAIR_COLUMNS.iter().map(|(label, _)| format!("{label}>")));
        let columns: Vec<&str> = columns.iter().map(String::as_str).collect();
        let mut table = Table::new(&columns);
        for (id, document) in documents.iter().enumerate() {
            let mut row = vec![id.to_string()];
            row.extend(
                REPAIR_COLUMNS
                    .iter()
                    .map(|(label, _)| thousands(document.repairs(label))),
            );
            table.row(row);
        }
        self.table(table);
    }

    /// With several documents, each one's voices (the first
    /// [`MAX_VOICES_PER_DOCUMENT`] of the first [`MAX_DOCUMENTS_WITH_VOICES`]).
    fn document_voices(&mut self, documents: &[DocumentSummary]) {
        if documents.len() < 2 {
            return;
        }
        self.heading(3, "The voices of each document");
        for (id, document) in documents.iter().enumerate().take(MAX_DOCUMENTS_WITH_VOICES) {
            self.heading(4, &format!("{id}. {}", escape(&document.title)));
            let total: usize = document.voices.iter().map(|voice| voice.words).sum();
            let mut table = Table::new(&["voice", "quotations>", "words>", "share>"]);
            for voice in document.voices.iter().take(MAX_VOICES_PER_DOCUMENT) {
                table.row(vec![
                    voice_name(&voice.name),
                    thousands(voice.quotations),
                    thousands(voice.words),
                    percent(voice.words, total),
                ]);
            }
            self.table(table);
            if document.voices.len() > MAX_VOICES_PER_DOCUMENT {
                self.paragraph(format!(
                    "And {} more voices.",
                    thousands(document.voices.len() - MAX_VOICES_PER_DOCUMENT)
                ));
            }
        }
        if documents.len() > MAX_DOCUMENTS_WITH_VOICES {
            self.paragraph(format!(
                "The voices of the other {} documents are in `data/tokens.parquet` and `data/quotes.parquet`.",
                thousands(documents.len() - MAX_DOCUMENTS_WITH_VOICES)
            ));
        }
    }

    /// Each document's people as the people model sees them before attribution:
    /// names, gender and its evidence, and why each other name is the same person;
    /// then the names set aside as no one's, with the reason.
    fn document_people(&mut self, documents: &[DocumentSummary]) {
        if documents
            .iter()
            .all(|document| document.characters.is_empty())
        {
            return;
        }
        self.heading(3, "The people of each document");
        self.paragraph("Who the text names, found before any quotation is attributed: each person with the other names the text uses for them and why they are the same person (never a shared word alone), their gender and what it rests on, how often they are named and how many quotations they speak. Names the text shows to be places, groups or bare titles never speak. The `characters` table has every one.");
        for (id, document) in documents.iter().enumerate().take(MAX_DOCUMENTS_WITH_VOICES) {
            if document.characters.is_empty() {
                continue;
            }
            if documents.len() > 1 {
                self.heading(4, &format!("{id}. {}", escape(&document.title)));
            }
            let mut table = Table::new(&[
                "person",
                "gender",
                "mentions>",
                "quotations>",
                "also called, and why",
            ]);
            let people = document.characters.iter().filter(|c| c.is_person);
            for character in people {
                let gender = match character.gender_from {
                    "" => character.gender.name().to_string(),
                    from => format!("{} ({from})", character.gender.name()),
                };
                table.row(vec![
                    escape(&character.name),
                    gender,
                    thousands(character.mentions),
                    thousands(character.quotations),
                    escape(&character.merges.join("; ")),
                ]);
            }
            if !table.rows.is_empty() {
                self.table(table);
            }
            let set_aside: Vec<String> = document
                .characters
                .iter()
                .filter_map(|c| {
                    let why = c.not_a_person.as_deref()?;
                    Some(format!("{}: {}", escape(&c.name), escape(why)))
                })
                .collect();
            if !set_aside.is_empty() {
                self.paragraph("Names set aside as no one's:");
                self.list(set_aside);
            }
        }
    }

    /// Warnings about documents, and the documents that could not be read.
    fn problems(&mut self, documents: &[DocumentSummary], failures: &[String]) {
        let warnings: Vec<String> = documents
            .iter()
            .flat_map(|document| {
                document.warnings.iter().map(move |warning| {
                    format!(
                        "{}: {}",
                        code(&document.path.display().to_string()),
                        escape(warning)
                    )
                })
            })
            .collect();
        if !warnings.is_empty() {
            self.heading(2, "Warnings");
            self.list(warnings);
        }
        if !failures.is_empty() {
            self.heading(2, "Documents that could not be analysed");
            self.list(failures.iter().map(|failure| escape(failure)).collect());
        }
    }
}

/// A voice's name for a table: the author in italics.
fn voice_name(name: &str) -> String {
    if name == AUTHOR {
        "*the author*".to_string()
    } else {
        escape(name)
    }
}

fn value(row: &VoiceStats, name: &str, decimals: usize) -> String {
    row.get(name)
        .map_or("–".to_string(), |value| format!("{value:.decimals$}"))
}

fn with_interval(row: &VoiceStats, name: &str, decimals: usize) -> String {
    match row.interval(name) {
        Some((lo, hi)) => format!(
            "{} [{lo:.decimals$}, {hi:.decimals$}]",
            value(row, name, decimals)
        ),
        None => value(row, name, decimals),
    }
}

fn percent(part: usize, whole: usize) -> String {
    format!("{:.1}%", 100.0 * part as f64 / whole.max(1) as f64)
}

fn plural_s(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

/// `12345` as `12,345`.
fn thousands(number: usize) -> String {
    let digits = number.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_get_thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(3813), "3,813");
        assert_eq!(thousands(1234567), "1,234,567");
    }
}
