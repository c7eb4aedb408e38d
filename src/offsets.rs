//! Offset maps: for every byte of a derived text, where it came from in its source.
//!
//! Each stage that changes text (decoding, cleaning) produces a [`MappedText`]: the new
//! text plus an [`OffsetMap`] back to the text it was made from. The map is a list of
//! pieces. A *copied* piece is a verbatim run of the source, so any position inside it
//! maps exactly; a *replaced* piece (a decoded Windows-1252 byte, the space that
//! stands for a line break) maps as a whole to the source range it replaced. Text that
//! was deleted (a running head, the space inside `fi ve`) has no piece: the source
//! range is simply skipped, so a token spanning it covers it.
//!
//! Offsets are half-open byte ranges, as everywhere in `voices`.

use std::borrow::Cow;
use std::ops::Range;

/// A piece of a map, in 16 bytes (offsets in 32 bits: ingest refuses files of 4
/// GiB or more): a book's map has about a piece per line, a million in 30 MB.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Piece {
    /// Where the piece starts in the derived text.
    at: u32,
    /// The source range it stands for.
    source_start: u32,
    source_end: u32,
    /// True when the piece's text is a verbatim copy of its source.
    copied: bool,
}

impl Piece {
    fn new(at: usize, source: Range<usize>, copied: bool) -> Self {
        Piece {
            at: narrow(at),
            source_start: narrow(source.start),
            source_end: narrow(source.end),
            copied,
        }
    }

    fn at(&self) -> usize {
        self.at as usize
    }

    fn source(&self) -> Range<usize> {
        self.source_start as usize..self.source_end as usize
    }
}

/// Maps positions of a derived text back to positions of its source.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OffsetMap {
    pieces: Vec<Piece>,
    len: usize,
}

impl OffsetMap {
    /// The map of a text that is an unchanged copy of `source_start..source_start + len`.
    pub fn shifted(len: usize, source_start: usize) -> Self {
        let mut builder = MapBuilder::default();
        builder.copied(len, source_start..source_start + len);
        builder.finish()
    }

    /// Index of the last piece that starts at or before `pos` (`strict`: before).
    fn find(&self, pos: usize, strict: bool) -> Option<usize> {
        let index = self
            .pieces
            .partition_point(|piece| piece.at() < pos || (!strict && piece.at() == pos));
        index.checked_sub(1)
    }

    /// The source position where text starting at `pos` starts, given the last piece
    /// starting at or before `pos`.
    fn start_in(&self, piece: Option<usize>, pos: usize) -> usize {
        if pos >= self.len {
            return self.pieces.last().map_or(0, |piece| piece.source().end);
        }
        match piece.map(|index| &self.pieces[index]) {
            Some(piece) if piece.copied => piece.source().start + (pos - piece.at()),
            Some(piece) => piece.source().start,
            None => 0,
        }
    }

    /// The source position where text ending at `pos` ends, given the last piece
    /// starting before `pos`.
    fn end_in(&self, piece: Option<usize>, pos: usize) -> usize {
        match piece.map(|index| &self.pieces[index]) {
            Some(piece) if piece.copied => piece.source().start + (pos - piece.at()),
            Some(piece) => piece.source().end,
            None => self.pieces.first().map_or(0, |piece| piece.source().start),
        }
    }

    /// True when `range` lies inside the copied piece `piece`.
    fn verbatim_in(&self, piece: Option<usize>, range: Range<usize>) -> bool {
        if range.is_empty() {
            return true;
        }
        let Some(index) = piece else {
            return false;
        };
        let piece = &self.pieces[index];
        piece.copied && range.end <= piece.at() + piece.source().len()
    }

    /// The source position where text starting at `pos` starts.
    pub fn start(&self, pos: usize) -> usize {
        self.start_in(self.find(pos, false), pos)
    }

    /// The source position where text ending at `pos` ends.
    pub fn end(&self, pos: usize) -> usize {
        self.end_in(self.find(pos, true), pos)
    }

    /// The source range that the derived range `range` stands for.
    pub fn source_range(&self, range: Range<usize>) -> Range<usize> {
        if range.is_empty() {
            let at = self.start(range.start);
            return at..at;
        }
        self.start(range.start)..self.end(range.end)
    }

    /// True when `range` is a verbatim copy of its source (it lies inside one copied
    /// piece): nothing in it was repaired, decoded differently or removed.
    pub fn is_verbatim(&self, range: Range<usize>) -> bool {
        self.verbatim_in(self.find(range.start, false), range)
    }

    /// The derived position of the source position `source`: where the text that
    /// stands for it starts, or for source text that was deleted, where the text
    /// after it starts. (The pieces of a cleaned text keep the source's order.)
    pub fn derived_start(&self, source: usize) -> usize {
        let index = self
            .pieces
            .partition_point(|piece| piece.source().end <= source);
        match self.pieces.get(index) {
            Some(piece) if piece.copied && piece.source().start <= source => {
                piece.at() + (source - piece.source().start)
            }
            Some(piece) => piece.at(),
            None => self.len,
        }
    }

    /// A reader for ranges given in increasing order, in amortised constant time.
    pub fn locator(&self) -> Locator<'_> {
        Locator {
            map: self,
            index: 0,
        }
    }
}

/// Looks up ranges of an [`OffsetMap`] in increasing order (tokens in text order)
/// by walking forward instead of searching; a range behind the walk falls back to a
/// binary search, so the answers are always those of the map's own methods.
pub struct Locator<'a> {
    map: &'a OffsetMap,
    index: usize,
}

impl Locator<'_> {
    fn find(&mut self, pos: usize, strict: bool) -> Option<usize> {
        let pieces = &self.map.pieces;
        let before = |piece: &Piece| piece.at() < pos || (!strict && piece.at() == pos);
        if pieces.get(self.index).is_none_or(|piece| !before(piece)) {
            let found = self.map.find(pos, strict);
            self.index = found.unwrap_or(0);
            return found;
        }
        while pieces.get(self.index + 1).is_some_and(before) {
            self.index += 1;
        }
        Some(self.index)
    }

    /// Same as [`OffsetMap::source_range`].
    pub fn source_range(&mut self, range: Range<usize>) -> Range<usize> {
        let start_piece = self.find(range.start, false);
        let start = self.map.start_in(start_piece, range.start);
        if range.is_empty() {
            return start..start;
        }
        let end_piece = self.find(range.end, true);
        start..self.map.end_in(end_piece, range.end)
    }

    /// Same as [`OffsetMap::is_verbatim`].
    pub fn is_verbatim(&mut self, range: Range<usize>) -> bool {
        let piece = self.find(range.start, false);
        self.map.verbatim_in(piece, range)
    }
}

/// Builds an [`OffsetMap`] piece by piece, merging adjacent copies.
#[derive(Debug, Default)]
pub struct MapBuilder {
    pieces: Vec<Piece>,
    len: usize,
}

impl MapBuilder {
    /// `len` bytes copied verbatim from `source` (whose length must be `len`).
    pub fn copied(&mut self, len: usize, source: Range<usize>) {
        debug_assert_eq!(len, source.len());
        if len == 0 {
            return;
        }
        if let Some(last) = self.pieces.last_mut()
            && last.copied
            && last.source().end == source.start
        {
            last.source_end = narrow(source.end);
            self.len += len;
            return;
        }
        self.pieces.push(Piece::new(self.len, source, true));
        self.len += len;
    }

    /// `len` bytes of new text standing for the source range `source`.
    pub fn replaced(&mut self, len: usize, source: Range<usize>) {
        if len == 0 {
            return;
        }
        self.pieces.push(Piece::new(self.len, source, false));
        self.len += len;
    }

    pub fn finish(mut self) -> OffsetMap {
        // A book's map has a piece per line end or so, a million in 30 MB: what
        // the vector grew by is given back rather than kept to the end of the run.
        self.pieces.shrink_to_fit();
        OffsetMap {
            pieces: self.pieces,
            len: self.len,
        }
    }
}

/// A text together with the map back to its source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MappedText {
    pub text: String,
    pub map: OffsetMap,
}

/// One change to a text: replace `range` with `replacement` (empty to delete).
/// `label` names what was repaired, for the cleaning report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub replacement: Cow<'static, str>,
    pub label: &'static str,
}

impl Edit {
    pub fn delete(range: Range<usize>, label: &'static str) -> Self {
        Edit {
            range,
            replacement: Cow::Borrowed(""),
            label,
        }
    }

    pub fn replace(
        range: Range<usize>,
        replacement: impl Into<Cow<'static, str>>,
        label: &'static str,
    ) -> Self {
        Edit {
            range,
            replacement: replacement.into(),
            label,
        }
    }
}

impl MappedText {
    /// A text that is its own source.
    pub fn identity(text: String) -> Self {
        let map = OffsetMap::shifted(text.len(), 0);
        MappedText { text, map }
    }

    /// Applies non-overlapping `edits` (sorted by position) and returns the new text,
    /// whose map points straight to the original source (maps compose here, so a
    /// chain of cleaning rules still ends with one map).
    pub fn apply(&self, edits: &[Edit]) -> MappedText {
        let mut text = String::with_capacity(self.text.len());
        let mut builder = MapBuilder::default();
        let mut cursor = 0;
        for edit in edits {
            debug_assert!(edit.range.start >= cursor, "edits overlap or are unsorted");
            self.copy_range(cursor..edit.range.start, &mut text, &mut builder);
            text.push_str(&edit.replacement);
            builder.replaced(
                edit.replacement.len(),
                self.map.source_range(edit.range.clone()),
            );
            cursor = edit.range.end;
        }
        self.copy_range(cursor..self.text.len(), &mut text, &mut builder);
        MappedText {
            text,
            map: builder.finish(),
        }
    }

    /// Copies `range` of this text, carrying its pieces over.
    fn copy_range(&self, range: Range<usize>, text: &mut String, builder: &mut MapBuilder) {
        if range.is_empty() {
            return;
        }
        text.push_str(&self.text[range.clone()]);
        let pieces = &self.map.pieces;
        let first = pieces
            .partition_point(|piece| piece.at() <= range.start)
            .saturating_sub(1);
        for (index, piece) in pieces.iter().enumerate().skip(first) {
            if piece.at() >= range.end {
                break;
            }
            let piece_end = pieces.get(index + 1).map_or(self.map.len, |next| next.at());
            let start = piece.at().max(range.start);
            let end = piece_end.min(range.end);
            if start >= end {
                continue;
            }
            if piece.copied {
                let source_start = piece.source().start + (start - piece.at());
                builder.copied(end - start, source_start..source_start + (end - start));
            } else {
                builder.replaced(end - start, piece.source());
            }
        }
    }
}

/// Offsets and ids are stored as u32: files are at most 4 GiB (ingest refuses
/// larger), so no offset, and no count of things in a file, exceeds it.
pub fn narrow(value: usize) -> u32 {
    u32::try_from(value).expect("files are under 4 GiB, so offsets and ids fit in u32")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deletion_inside_a_word_keeps_the_word_covering_its_source() {
        let source = MappedText::identity("the fi ve men".to_string());
        let repaired = source.apply(&[Edit::delete(6..7, "ligature")]);
        assert_eq!(repaired.text, "the five men");
        let five = 4..8;
        assert_eq!(&repaired.text[five.clone()], "five");
        assert_eq!(repaired.map.source_range(five.clone()), 4..9);
        assert!(!repaired.map.is_verbatim(five));
        assert!(repaired.map.is_verbatim(9..12));
        assert_eq!(repaired.map.source_range(9..12), 10..13);
    }

    #[test]
    fn locator_agrees_with_the_map_in_and_out_of_order() {
        let source = MappedText::identity("ab fi ve\ncd-\nef gh".to_string());
        let edited = source.apply(&[
            Edit::delete(5..6, "ligature"),
            Edit::replace(8..9, " ", "join"),
            Edit::delete(11..13, "hyphen"),
        ]);
        let len = edited.text.len();
        let mut ranges = Vec::new();
        for start in 0..=len {
            for end in start..=len {
                ranges.push(start..end);
            }
        }
        let mut locator = edited.map.locator();
        for range in ranges.iter().chain(ranges.iter().rev()) {
            assert_eq!(
                locator.source_range(range.clone()),
                edited.map.source_range(range.clone())
            );
            assert_eq!(
                locator.is_verbatim(range.clone()),
                edited.map.is_verbatim(range.clone())
            );
        }
    }

    #[test]
    fn maps_compose_across_two_rounds_of_edits() {
        let source = MappedText::identity("a\nb-\nc d".to_string());
        let first = source.apply(&[Edit::delete(3..5, "hyphen")]);
        assert_eq!(first.text, "a\nbc d");
        let second = first.apply(&[Edit::replace(1..2, " ", "join")]);
        assert_eq!(second.text, "a bc d");
        assert_eq!(second.map.source_range(2..4), 2..6);
        assert_eq!(second.map.source_range(5..6), 7..8);
        assert_eq!(second.map.source_range(1..2), 1..2);
    }
}
