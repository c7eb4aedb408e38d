#!/usr/bin/env bash
# How fast a reading view opens: `voices report` on one text, then its reading view
# opened three times in headless chromium. Prints the text's and the page's sizes,
# and per run the milliseconds to the first paint, to the load event, to the page
# ready (fonts loaded, laid out) and to hide the voice with most words (a click in
# the legend), with the quotations and voices on the page.
#
#   benches/reading_view.sh [FILE]
#
# FILE defaults to Night and Day (945 KB, the largest novel of
# ../shared/corpora/pdnc_dev), else the bundled seed. Needs chromium
# (VOICES_CHROMIUM names another). Builds the release binary first.
set -euo pipefail
cd "$(dirname "$0")/.."

corpora=${VOICES_CORPORA:-../shared/corpora}
file=${1:-$corpora/pdnc_dev/NightAndDay/novel_text.txt}
[ -f "$file" ] || file=data/corpus/inside-the-stalin-archives-introduction.txt
browser=${VOICES_CHROMIUM:-$(command -v chromium || true)}
if [ -z "$browser" ]; then
    echo "skipped: no chromium (apt-get install chromium, or set VOICES_CHROMIUM)" >&2
    exit 0
fi
cargo build --release --quiet

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
target/release/voices report "$file" -o "$work/report" --resamples 0 2>/dev/null
page=$(ls "$work"/report/reading/*.html)
echo "text: $file, $(stat -c %s "$file") bytes; reading view: $(stat -c %s "$page") bytes"

probe='<script>
window.addEventListener("load", () => document.fonts.ready.then(() => requestAnimationFrame(() => setTimeout(() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const paint = performance.getEntriesByType("paint").find(p => p.name === "first-contentful-paint");
  const ready = performance.now();
  const started = performance.now();
  document.getElementById("show-s0").click();
  document.body.offsetHeight;
  const hide = performance.now() - started;
  const pre = document.createElement("pre");
  pre.id = "probe";
  pre.textContent = `first paint ${paint.startTime.toFixed(0)} ms, load ${nav.loadEventEnd.toFixed(0)} ms, ready ${ready.toFixed(0)} ms, hiding a voice ${hide.toFixed(0)} ms (${document.querySelectorAll(".q[id]").length} quotations, ${document.querySelectorAll(".legend li").length} voices)`;
  document.body.appendChild(pre);
}, 0))));
</script>'
probed="$work/report/reading/probed.html"
python3 - "$page" "$probed" "$probe" <<'EOF'
import sys
page, probed, probe = sys.argv[1:]
text = open(page, encoding="utf-8").read()
open(probed, "w", encoding="utf-8").write(text.replace("<head>", "<head>" + probe, 1))
EOF
for run in 1 2 3; do
    rm -rf "$work/profile"
    "$browser" --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
        --user-data-dir="$work/profile" --dump-dom "file://$probed" 2>/dev/null |
        grep -o '<pre id="probe">[^<]*' | sed "s/<pre id=\"probe\">/run $run: /"
done
