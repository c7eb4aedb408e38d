//! The report: the seed's Markdown against the example committed in
//! `reports/seed/`, and `report.html` opened in a real browser (Debian's chromium).

use std::path::{Path, PathBuf};
use std::process::Command;

/// `voices report` on the bundled corpus, run as the README says, into `out`.
fn seed_report(out: &Path) {
    let args = [Path::new("report"), Path::new("-o"), out];
    crate::common::assert_success(&crate::common::voices(
        args,
        Path::new(env!("CARGO_MANIFEST_DIR")),
    ));
}

/// The seed's `report.md` is the example in `reports/seed/` (the snapshot): any
/// change to the report shows in review. `UPDATE_SNAPSHOTS=1` accepts a deliberate
/// change and copies the new charts' PNGs beside it.
#[test]
fn the_seed_report_matches_the_committed_example() {
    let out = tempfile::tempdir().unwrap();
    seed_report(out.path());
    let markdown = std::fs::read_to_string(out.path().join("report.md")).unwrap();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("reports/seed");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        let charts = example.join("charts");
        let _ = std::fs::remove_dir_all(&charts);
        std::fs::create_dir_all(&charts).unwrap();
        for entry in std::fs::read_dir(out.path().join("charts")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|extension| extension == "png") {
                std::fs::copy(&path, charts.join(path.file_name().unwrap())).unwrap();
            }
        }
        std::fs::write(example.join("report.md"), &markdown).unwrap();
        let reading = example.join("reading");
        let _ = std::fs::remove_dir_all(&reading);
        std::fs::create_dir_all(&reading).unwrap();
        for entry in std::fs::read_dir(out.path().join("reading")).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, reading.join(path.file_name().unwrap())).unwrap();
        }
    }
    // What a reader checks first: every speaker with the rule and evidence that
    // named them, the statistics with intervals, the methods.
    for expected in [
        "| *the author* | – | 2,832 |",
        "| inline | Boris Pasternak | “There was such inhuman",
        "## Statistics per voice",
        "114.5 [98.2, 130.8]",
        "## Methods",
        "(charts/distances.png)",
    ] {
        assert!(markdown.contains(expected), "the report lacks {expected}");
    }
    // Pasternak's letter: its speaker, rule and evidence, and a calibrated confidence
    // that says a named speech tag is almost always right.
    let pasternak = markdown
        .lines()
        .find(|line| line.contains("| After a similar trip, Boris Pasternak wrote to a friend, |"))
        .expect("Pasternak's quotation is listed with its evidence");
    assert!(pasternak.contains("| Boris Pasternak |") && pasternak.contains("| `speech_tag` |"));
    let confidence: f64 = pasternak
        .split(" | ")
        .nth(5)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(confidence >= 0.9, "{pasternak}");
    let committed = std::fs::read_to_string(example.join("report.md")).unwrap();
    assert!(
        markdown == committed,
        "the seed's report.md differs from reports/seed/report.md; if on purpose, run with UPDATE_SNAPSHOTS=1"
    );
    for line in committed.lines().filter(|line| line.starts_with("![")) {
        let link = &line[line.find("](").unwrap() + 2..line.len() - 1];
        assert!(
            example.join(link).is_file(),
            "reports/seed/{link} is missing"
        );
    }
    // The reading view the report links to is committed beside it, as it is made.
    let page = reading_page(&markdown);
    let made = std::fs::read_to_string(out.path().join(&page)).unwrap();
    let kept = std::fs::read_to_string(example.join(&page))
        .unwrap_or_else(|_| panic!("reports/seed/{page} is missing"));
    assert!(
        made == kept,
        "the seed's reading view differs from reports/seed/{page}; if on purpose, run with UPDATE_SNAPSHOTS=1"
    );
}

/// The reading view a report links to, relative to the report.
fn reading_page(markdown: &str) -> String {
    let at = markdown
        .find("](reading/")
        .expect("the report links to a reading view")
        + 2;
    let end = at + markdown[at..].find(')').unwrap();
    markdown[at..end].to_string()
}

/// Debian's chromium, or the one `VOICES_CHROMIUM` names.
fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("VOICES_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .map(PathBuf::from)
        .find(|path| path.is_file())
}

/// Chromium headless, as the machine notes advise: no sandbox (CI runs as root), no
/// GPU, no background connections (the network is closed), a fresh profile.
fn headless(browser: &Path, profile: &Path) -> Command {
    let mut command = Command::new(browser);
    command.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--virtual-time-budget=10000",
    ]);
    command.arg(format!("--user-data-dir={}", profile.display()));
    command
}

/// Debian's chromium, or None with a message saying the test is skipped (in CI,
/// where `.ci/run` installs it, a missing chromium fails the test instead).
fn chromium_or_skip() -> Option<PathBuf> {
    let browser = chromium();
    if browser.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium is missing in CI (.ci/run installs it)"
        );
        eprintln!("skipped: no chromium (apt-get install chromium, or set VOICES_CHROMIUM)");
    }
    browser
}

/// Opens `html` with `script` first in its head (written to `probed`) in headless
/// chromium, and returns the JSON the script wrote into `<pre id="probe">`.
fn run_probe(browser: &Path, probed: &Path, html: &str, script: &str) -> serde_json::Value {
    std::fs::write(
        probed,
        html.replacen("<head>", &format!("<head>\n{script}"), 1),
    )
    .unwrap();
    let profile = tempfile::tempdir().unwrap();
    let output = headless(browser, profile.path())
        .arg("--dump-dom")
        .arg(format!("file://{}", probed.display()))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&output.stdout);
    let start = dom.find("<pre id=\"probe\">").unwrap_or_else(|| {
        panic!(
            "the probe never ran: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    }) + "<pre id=\"probe\">".len();
    let end = start + dom[start..].find("</pre>").unwrap();
    let json = dom[start..end]
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    serde_json::from_str(&json).unwrap()
}

/// A screenshot of `page` in a window of `size` (`W,H`), saved to `screenshot`: its
/// PNG bytes.
fn take_screenshot(browser: &Path, page: &Path, size: &str, screenshot: &Path) -> Vec<u8> {
    let profile = tempfile::tempdir().unwrap();
    let output = headless(browser, profile.path())
        .arg(format!("--screenshot={}", screenshot.display()))
        .arg(format!("--window-size={size}"))
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    let png = std::fs::read(screenshot).unwrap_or_else(|error| {
        panic!(
            "no screenshot ({error}): {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    png
}

/// Runs in the page: records every error, then, once the fonts are loaded, checks
/// each chart (an SVG drawn at a real size, with its text laid out in the bundled
/// font) and writes what it found into the page as JSON.
const PROBE: &str = r#"<script>
window.__errors = [];
window.addEventListener("error", e => window.__errors.push(String(e.message || (e.target && (e.target.src || e.target.href)) || "error")), true);
const consoleError = console.error;
console.error = (...args) => { window.__errors.push(args.join(" ")); consoleError(...args); };
window.addEventListener("load", () => document.fonts.ready.then(() => {
  const charts = [...document.querySelectorAll("figure.chart")].map(figure => {
    const svg = figure.querySelector("svg");
    const box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
    const texts = svg ? [...svg.querySelectorAll("text")] : [];
    return {
      id: figure.id,
      width: box.width,
      height: box.height,
      shapes: svg ? svg.querySelectorAll("rect, line, polyline, circle, path").length : 0,
      texts: texts.length,
      laidOut: texts.filter(t => t.getComputedTextLength() > 0).length,
    };
  });
  const probe = document.createElement("pre");
  probe.id = "probe";
  probe.textContent = JSON.stringify({
    charts,
    errors: window.__errors,
    font: document.fonts.check('12px "Voices Sans"'),
    tables: document.querySelectorAll("table").length,
    sections: [...document.querySelectorAll("h2")].map(h => h.textContent),
  });
  document.body.appendChild(probe);
}));
</script>"#;

/// `report.html` opened in headless chromium: every chart renders at a real size
/// with its text laid out in the bundled font, no error is raised, and the
/// screenshot is a page with content.
#[test]
fn report_html_renders_every_chart_in_a_real_browser() {
    let Some(browser) = chromium_or_skip() else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    seed_report(out.path());
    let html = std::fs::read_to_string(out.path().join("report.html")).unwrap();
    let figures = html.matches("<figure class=\"chart\"").count();
    assert_eq!(figures, 9, "every chart of the seed is in the page");

    let probe = run_probe(&browser, &out.path().join("probed.html"), &html, PROBE);
    assert_eq!(probe["errors"], serde_json::json!([]), "errors in the page");
    assert_eq!(probe["font"], true, "the embedded font did not load");
    let charts = probe["charts"].as_array().unwrap();
    assert_eq!(charts.len(), figures);
    for chart in charts {
        let number = |key: &str| chart[key].as_f64().unwrap();
        assert!(
            number("width") > 300.0 && number("height") > 100.0,
            "{chart}"
        );
        assert!(number("shapes") > 5.0, "nothing drawn: {chart}");
        assert!(number("texts") > 3.0, "no labels: {chart}");
        assert_eq!(
            number("laidOut"),
            number("texts"),
            "text not laid out: {chart}"
        );
    }
    let sections: Vec<&str> = probe["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h.as_str().unwrap())
        .collect();
    for section in [
        "Voices",
        "Charts",
        "Quotations",
        "Statistics per voice",
        "Comparison",
        "Methods",
    ] {
        assert!(sections.contains(&section), "no {section} in {sections:?}");
    }

    // The screenshot of the page as a reader opens it: a PNG of the window's size,
    // far larger than a blank page compresses to.
    let screenshot = out.path().join("report.png");
    let png = take_screenshot(
        &browser,
        &out.path().join("report.html"),
        "1280,4000",
        &screenshot,
    );
    let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
    assert_eq!((width, height), (1280, 4000));
    assert!(
        png.len() > 150_000,
        "the screenshot is almost blank ({} bytes)",
        png.len()
    );
}

/// Whatever the text says, the report shows it as text: markup in a title, a
/// quotation or a speaker's name is escaped in the HTML and the Markdown, and a
/// pipe cannot break a table.
#[test]
fn markup_in_the_text_is_shown_not_obeyed() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(
        corpus.join("a.txt"),
        "The clerk wrote a long letter about the <b>archive</b> and its keepers.\n\n\
         “Open the <script>vault</script> | now,” said Smith, and the clerk obeyed him.\n",
    )
    .unwrap();
    let metadata = dir.path().join("metadata.csv");
    std::fs::write(
        &metadata,
        "path,title\na.txt,\"<script>alert(1)</script> | *Files* & [notes]\"\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let args = [
        Path::new("report"),
        Path::new("--metadata"),
        &metadata,
        Path::new("-o"),
        &out,
        &corpus,
    ];
    crate::common::assert_success(&crate::common::voices(args, dir.path()));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(!html.contains("<script"), "a script tag reached the HTML");
    assert!(!html.contains("<b>archive"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; | *Files* &amp; [notes]"));
    assert!(html.contains("Open the &lt;script&gt;vault&lt;/script&gt; | now,"));
    let markdown = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(markdown.contains("\\<script>alert(1)\\</script> \\| \\*Files\\* & \\[notes\\]"));
    // Every row of the quotations table has as many cells as its header.
    let quotations = &markdown[markdown.find("## Quotations").unwrap()..];
    let table: Vec<&str> = quotations
        .lines()
        .skip_while(|line| !line.starts_with('|'))
        .take_while(|line| line.starts_with('|'))
        .collect();
    let cells = |line: &str| line.replace("\\|", "").matches('|').count();
    assert!(table.len() >= 3, "{quotations}");
    assert!(
        table.iter().all(|line| cells(line) == cells(table[0])),
        "{table:#?}"
    );
}

/// Runs in the reading view: once the fonts are loaded, reads every quotation and
/// mention as the reader sees it (its colour, its hover text), then hides Josef
/// Stalin's voice from the legend and reads his quotations and another voice's
/// again, and writes what it found into the page as JSON.
const READING_PROBE: &str = r#"<script>
window.__errors = [];
window.addEventListener("error", e => window.__errors.push(String(e.message || "error")), true);
window.addEventListener("load", () => document.fonts.ready.then(() => {
  const seen = el => ({id: el.id, title: el.title, colour: getComputedStyle(el).borderBottomColor,
    size: getComputedStyle(el).fontSize, before: getComputedStyle(el, "::before").content,
    classes: el.className, decoration: getComputedStyle(el).textDecorationStyle});
  const quotes = [...document.querySelectorAll(".q[id]")].map(seen);
  const mentions = [...document.querySelectorAll(".m[id]")].map(seen);
  const first = document.querySelector(".q[id]");
  first.focus();
  const focused = {id: document.activeElement.id, shown: getComputedStyle(first, "::after").content};
  const fixes = () => [...document.querySelectorAll(".fix")].filter(f => f.getClientRects().length > 0).length;
  const repairsBefore = fixes();
  document.getElementById("show-repairs").click();
  const repairs = [document.querySelectorAll(".fix").length, repairsBefore, fixes()];
  const entry = [...document.querySelectorAll(".legend li")]
    .find(li => li.querySelector("label").textContent.trim() === "Josef Stalin");
  const box = entry.querySelector("input");
  const voice = entry.className;
  box.click();
  const hidden = [...document.querySelectorAll(".q." + voice)].map(seen);
  const kept = [...document.querySelectorAll(".q:not(." + voice + ")")].map(seen);
  const probe = document.createElement("pre");
  probe.id = "probe";
  probe.textContent = JSON.stringify({quotes, mentions, hidden, kept, focused, repairs, errors: window.__errors,
    font: document.fonts.check('12px "Voices Sans"'), checked: box.checked});
  document.body.appendChild(probe);
}));
</script>"#;

/// The colour of each speaker in the legend of a voice map (SVG), as `rgb(r, g, b)`.
fn voice_map_colours(svg: &str) -> Vec<(String, String)> {
    let mut colours = Vec::new();
    let mut fill = None;
    for line in svg.lines() {
        if line.starts_with("<rect x=\"778\"") {
            let at = line.find("fill=\"#").unwrap() + 7;
            let hex = &line[at..at + 6];
            let channel = |index: usize| u8::from_str_radix(&hex[index..index + 2], 16).unwrap();
            fill = Some(format!(
                "rgb({}, {}, {})",
                channel(0),
                channel(2),
                channel(4)
            ));
        } else if !line.starts_with('<')
            && let Some(colour) = fill.take()
        {
            colours.push((line.trim().to_string(), colour));
        }
    }
    colours
}

/// The seed's reading view in headless chromium: each of its 22 quotations of speech
/// in its speaker's colour on the voice map, with its speaker in the hover text;
/// the 32 mentions marked as mentions; hiding a voice in the legend hides its
/// quotations and no other's; and a screenshot that is not blank.
#[test]
fn the_reading_view_shows_each_voice_in_a_real_browser() {
    let Some(browser) = chromium_or_skip() else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    seed_report(out.path());
    let markdown = std::fs::read_to_string(out.path().join("report.md")).unwrap();
    let page = out.path().join(reading_page(&markdown));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("href=\"../report.html\""));

    // What the tables say: the seed's quotations, their kinds and speakers.
    let quotes = voices::tables::read_parquet(&out.path().join("data/quotes.parquet")).unwrap();
    let text_column = |name: &str| quotes.column(name).unwrap().str().unwrap().clone();
    let (kinds, speakers) = (text_column("kind"), text_column("speaker"));
    let ids = quotes.column("quote_id").unwrap().u32().unwrap().clone();
    let mut speech = Vec::new();
    let mut mention_ids = Vec::new();
    for row in 0..quotes.height() {
        let id = format!("q{}", ids.get(row).unwrap());
        match kinds.get(row).unwrap() {
            "mention" => mention_ids.push(id),
            _ => speech.push((id, speakers.get(row).unwrap().to_string())),
        }
    }
    assert_eq!((speech.len(), mention_ids.len()), (22, 32));
    let map = std::fs::read_to_string(out.path().join("charts/voice-map-0.svg")).unwrap();
    let legend = voice_map_colours(&map);
    let other = legend
        .iter()
        .find(|(name, _)| name == "other speakers")
        .map(|(_, colour)| colour.clone())
        .expect("the voice map has other speakers");
    let colour_of = |speaker: &str| {
        legend
            .iter()
            .find(|(name, _)| {
                name == speaker
                    || (name.ends_with('…') && speaker.starts_with(name.trim_end_matches('…')))
            })
            .map_or(other.clone(), |(_, colour)| colour.clone())
    };

    let probe = run_probe(
        &browser,
        &page.with_file_name("probed.html"),
        &html,
        READING_PROBE,
    );
    assert_eq!(probe["errors"], serde_json::json!([]), "errors in the page");
    assert_eq!(probe["font"], true, "the embedded font did not load");

    let shown = probe["quotes"].as_array().unwrap();
    assert_eq!(shown.len(), 22, "every quotation of speech is marked");
    for (id, speaker) in &speech {
        let element = shown
            .iter()
            .find(|element| element["id"] == id.as_str())
            .unwrap_or_else(|| panic!("no element for quotation {id} ({speaker})"));
        let title = element["title"].as_str().unwrap();
        assert!(title.starts_with(&format!("{speaker} · ")), "{id}: {title}");
        assert_eq!(
            element["colour"].as_str().unwrap(),
            colour_of(speaker),
            "{id} ({speaker}) is not in its colour on the voice map"
        );
    }
    let mentions = probe["mentions"].as_array().unwrap();
    let marked: Vec<&str> = mentions.iter().map(|m| m["id"].as_str().unwrap()).collect();
    assert_eq!(marked, mention_ids, "every mention is marked as a mention");
    for mention in mentions {
        assert_eq!(mention["decoration"], "dotted", "{mention}");
        assert!(mention["title"].as_str().unwrap().starts_with("mention · "));
    }

    // Focused from the keyboard, a quotation shows its hover text.
    let focused = &probe["focused"];
    let first = &shown[0];
    assert_eq!(focused["id"], first["id"]);
    let tip = focused["shown"].as_str().unwrap();
    assert!(
        tip.contains(first["title"].as_str().unwrap().lines().next().unwrap()),
        "{tip}"
    );

    // The cleaner's repairs (running heads, ligatures, hyphens) are marked, and
    // shown only when asked for.
    let documents =
        voices::tables::read_parquet(&out.path().join("data/documents.parquet")).unwrap();
    let repairs: u64 = [
        "running_heads_removed",
        "page_numbers_removed",
        "ligatures_repaired",
        "hyphens_joined",
        "hyphens_kept",
    ]
    .iter()
    .map(|name| {
        documents
            .column(name)
            .unwrap()
            .u64()
            .unwrap()
            .get(0)
            .unwrap()
    })
    .sum();
    assert!(repairs > 50);
    assert_eq!(probe["repairs"], serde_json::json!([repairs, 0, repairs]));

    // Josef Stalin hidden: his quotations shrink to […], the others stay.
    assert_eq!(probe["checked"], false);
    let hidden = probe["hidden"].as_array().unwrap();
    let stalin = speech.iter().filter(|(_, s)| s == "Josef Stalin").count();
    assert!(stalin >= 4 && hidden.len() >= stalin, "{hidden:?}");
    for element in hidden {
        assert_eq!(element["size"], "0px", "{element}");
        assert_eq!(element["before"], "\"[…]\"", "{element}");
    }
    for element in probe["kept"].as_array().unwrap() {
        assert_ne!(element["size"], "0px", "{element}");
    }

    // The screenshot a reader sees first: the legend and the opening pages.
    let screenshot = out.path().join("reading.png");
    let png = take_screenshot(&browser, &page, "1000,1400", &screenshot);
    assert!(
        png.len() > 100_000,
        "the screenshot is almost blank ({} bytes)",
        png.len()
    );
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("reports/seed/reading-view.png");
        std::fs::copy(&screenshot, example).unwrap();
    }
}
