//! The TSV files `voices` bundles from its own evaluation (the calibration of
//! confidence, the turn ranker's weights): `#` comment lines saying where they come
//! from, a header line, then rows of tab-separated fields.

/// The rows after the header, each with its line number (from 1) and its fields.
pub fn rows(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.starts_with('#') && !line.trim().is_empty())
        .skip(1)
        .map(|(number, line)| (number + 1, line.split('\t').collect()))
}

/// The start of such a file: `comment` as `#` lines, then the header of `columns`.
pub fn head(comment: &str, columns: &[&str]) -> String {
    let mut tsv: String = comment.lines().map(|line| format!("# {line}\n")).collect();
    tsv += &columns.join("\t");
    tsv.push('\n');
    tsv
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_skip_comments_blank_lines_and_the_header() {
        let text = head("written by a test\nsecond line", &["a", "b"]) + "\n1\t2\n# late\n3\t4\n";
        let found: Vec<(usize, Vec<&str>)> = rows(&text).collect();
        assert_eq!(found, vec![(5, vec!["1", "2"]), (7, vec!["3", "4"])]);
    }
}
