//! The bundled font cut down to the characters of one page, to embed in it.
//!
//! DejaVu Sans is 760 KB, most of it outlines of the 6,000 glyphs a page does not
//! use. The subset keeps the font's glyph numbering (so `cmap`, `hmtx` and the rest
//! stay valid as they are) and empties the outline of every glyph the page's
//! characters do not need, the parts of composite glyphs kept. It drops the tables a
//! browser can do without (kerning and other layout tables, bitmaps, glyph names):
//! the seed's reading view embeds 75 KB instead of 760.

use std::collections::BTreeSet;

/// The font embedded in every page.
pub static FONT: &[u8] = include_bytes!("../../data/fonts/DejaVuSans.ttf");

/// The tables the subset keeps: what a TrueType font needs to be drawn, with its
/// hinting programs. The rest (GPOS, GSUB, GDEF, kern, MATH, FFTM...) is dropped.
const KEPT_TABLES: [&[u8; 4]; 13] = [
    b"OS/2", b"cmap", b"cvt ", b"fpgm", b"gasp", b"glyf", b"head", b"hhea", b"hmtx", b"loca",
    b"maxp", b"name", b"prep",
];

/// Characters a browser may draw in the page's font that are not in its text: the
/// markers of a `<details>` element, folded and open.
const DRAWN_BY_THE_BROWSER: [char; 4] = ['▸', '▾', '►', '▼'];

/// Composite glyph flags (OpenType `glyf` table).
const ARG_1_AND_2_ARE_WORDS: u16 = 0x0001;
const WE_HAVE_A_SCALE: u16 = 0x0008;
const MORE_COMPONENTS: u16 = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE: u16 = 0x0040;
const WE_HAVE_A_TWO_BY_TWO: u16 = 0x0080;

/// `font` with only the glyphs of the characters of `text` (and the missing-glyph
/// box). A font this code cannot read is returned whole, so a page always has its
/// font.
pub fn subset(font: &[u8], text: &str) -> Vec<u8> {
    subset_checked(font, text).unwrap_or_else(|| font.to_vec())
}

/// The characters `text` uses, each once. A reading view is a whole book: collecting
/// its characters into a set sorted them all, a twentieth of a report's time, where
/// a flag per ASCII character leaves the set only the few others.
fn distinct_characters(text: &str) -> BTreeSet<char> {
    let mut ascii = [false; 128];
    let mut others = BTreeSet::new();
    for c in text.chars() {
        match c.is_ascii() {
            true => ascii[c as usize] = true,
            false => {
                others.insert(c);
            }
        }
    }
    let used_ascii = (0u8..128).filter(|&byte| ascii[usize::from(byte)]);
    others.extend(used_ascii.map(char::from));
    others
}

fn subset_checked(font: &[u8], text: &str) -> Option<Vec<u8>> {
    let face = ttf_parser::Face::parse(font, 0).ok()?;
    let tables = Tables::read(font)?;
    let head = tables.get(b"head")?;
    let long_offsets = read_u16(head, 50)? == 1;
    let glyph_count = usize::from(face.number_of_glyphs());
    let loca = tables.get(b"loca")?;
    let glyf = tables.get(b"glyf")?;
    let glyph_range = |glyph: usize| -> Option<std::ops::Range<usize>> {
        let offset = |index: usize| match long_offsets {
            true => read_u32(loca, index * 4).map(|offset| offset as usize),
            false => read_u16(loca, index * 2).map(|offset| usize::from(offset) * 2),
        };
        let (start, end) = (offset(glyph)?, offset(glyph + 1)?);
        (start <= end && end <= glyf.len()).then_some(start..end)
    };

    // The glyphs of the text, then the components of the composite ones. Every other
    // character stays mapped to a now empty glyph, so the browser draws nothing for
    // it rather than fall back to another font: the disclosure triangles a browser
    // may draw for `<details>` with the page's font are kept too.
    let mut kept: BTreeSet<usize> = BTreeSet::from([0]);
    let mut characters = distinct_characters(text);
    characters.extend(DRAWN_BY_THE_BROWSER);
    kept.extend(
        characters
            .iter()
            .filter_map(|&c| face.glyph_index(c))
            .map(|glyph| usize::from(glyph.0)),
    );
    let mut pending: Vec<usize> = kept.iter().copied().collect();
    while let Some(glyph) = pending.pop() {
        for component in components(&glyf[glyph_range(glyph)?]) {
            if component < glyph_count && kept.insert(component) {
                pending.push(component);
            }
        }
    }

    // The kept outlines, each padded to 4 bytes; `loca` in its short form (offsets
    // halved, in 16 bits) when they fit, as they do for a page's few hundred glyphs.
    let mut new_glyf = Vec::new();
    let mut offsets = Vec::with_capacity(glyph_count + 1);
    for glyph in 0..glyph_count {
        offsets.push(new_glyf.len());
        if kept.contains(&glyph) {
            new_glyf.extend_from_slice(&glyf[glyph_range(glyph)?]);
            new_glyf.resize(new_glyf.len().next_multiple_of(4), 0);
        }
    }
    offsets.push(new_glyf.len());
    let short = new_glyf.len() / 2 <= usize::from(u16::MAX);
    let mut new_loca = Vec::with_capacity(offsets.len() * 4);
    for offset in offsets {
        match short {
            true => new_loca.extend_from_slice(&((offset / 2) as u16).to_be_bytes()),
            false => new_loca.extend_from_slice(&(offset as u32).to_be_bytes()),
        }
    }
    let mut new_head = head.to_vec();
    new_head[50..52].copy_from_slice(&u16::from(!short).to_be_bytes());
    // checkSumAdjustment is computed over the whole font, below.
    new_head[8..12].copy_from_slice(&[0; 4]);

    let mut out_tables: Vec<([u8; 4], Vec<u8>)> = Vec::new();
    for (tag, data) in &tables.entries {
        if !KEPT_TABLES.contains(&tag) {
            continue;
        }
        let data = match tag {
            b"glyf" => std::mem::take(&mut new_glyf),
            b"loca" => std::mem::take(&mut new_loca),
            b"head" => new_head.clone(),
            _ => font.get(data.clone())?.to_vec(),
        };
        out_tables.push((*tag, data));
    }
    // A `post` table of format 3: no glyph names (62 KB in DejaVu Sans).
    let post = tables.get(b"post")?;
    let mut new_post = post.get(..32)?.to_vec();
    new_post[0..4].copy_from_slice(&0x0003_0000u32.to_be_bytes());
    out_tables.push((*b"post", new_post));
    out_tables.sort_by_key(|(tag, _)| *tag);
    Some(write_font(&out_tables))
}

/// The glyphs a composite glyph's outline is made of (none for a simple glyph).
fn components(glyph: &[u8]) -> Vec<usize> {
    let mut found = Vec::new();
    let Some(contours) = read_u16(glyph, 0) else {
        return found;
    };
    if (contours as i16) >= 0 {
        return found;
    }
    let mut at = 10;
    loop {
        let (Some(flags), Some(component)) = (read_u16(glyph, at), read_u16(glyph, at + 2)) else {
            return found;
        };
        found.push(usize::from(component));
        at += 4;
        at += if flags & ARG_1_AND_2_ARE_WORDS != 0 {
            4
        } else {
            2
        };
        at += if flags & WE_HAVE_A_SCALE != 0 {
            2
        } else if flags & WE_HAVE_AN_X_AND_Y_SCALE != 0 {
            4
        } else if flags & WE_HAVE_A_TWO_BY_TWO != 0 {
            8
        } else {
            0
        };
        if flags & MORE_COMPONENTS == 0 {
            return found;
        }
    }
}

/// A font's table directory.
struct Tables<'a> {
    font: &'a [u8],
    entries: Vec<([u8; 4], std::ops::Range<usize>)>,
}

impl<'a> Tables<'a> {
    fn read(font: &'a [u8]) -> Option<Self> {
        let count = usize::from(read_u16(font, 4)?);
        let mut entries = Vec::with_capacity(count);
        for index in 0..count {
            let record = 12 + 16 * index;
            let tag: [u8; 4] = font.get(record..record + 4)?.try_into().ok()?;
            let offset = read_u32(font, record + 8)? as usize;
            let length = read_u32(font, record + 12)? as usize;
            font.get(offset..offset.checked_add(length)?)?;
            entries.push((tag, offset..offset + length));
        }
        Some(Tables { font, entries })
    }

    fn get(&self, tag: &[u8; 4]) -> Option<&'a [u8]> {
        let (_, range) = self.entries.iter().find(|(found, _)| found == tag)?;
        self.font.get(range.clone())
    }
}

/// A TrueType font of `tables` (sorted by tag), with its checksums.
fn write_font(tables: &[([u8; 4], Vec<u8>)]) -> Vec<u8> {
    let count = tables.len() as u16;
    let power = 1u16 << (15 - count.leading_zeros().min(15));
    let search_range = power * 16;
    let mut out = Vec::new();
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    out.extend_from_slice(&count.to_be_bytes());
    out.extend_from_slice(&search_range.to_be_bytes());
    out.extend_from_slice(&(power.trailing_zeros() as u16).to_be_bytes());
    out.extend_from_slice(&(count * 16 - search_range).to_be_bytes());
    let mut offset = 12 + 16 * tables.len();
    for (tag, data) in tables {
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        offset += data.len().next_multiple_of(4);
    }
    let mut head_at = None;
    for (tag, data) in tables {
        if tag == b"head" {
            head_at = Some(out.len());
        }
        out.extend_from_slice(data);
        out.resize(out.len().next_multiple_of(4), 0);
    }
    if let Some(head) = head_at {
        let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[head + 8..head + 12].copy_from_slice(&adjustment.to_be_bytes());
    }
    out
}

/// The OpenType checksum: the sum of the big-endian 32-bit words, zero-padded.
fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, chunk| {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

fn read_u16(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn read_u32(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has_outline(font: &[u8], c: char) -> bool {
        let face = ttf_parser::Face::parse(font, 0).unwrap();
        let glyph = face.glyph_index(c).unwrap();
        face.glyph_bounding_box(glyph).is_some()
    }

    #[test]
    fn the_subset_draws_the_pages_characters_and_no_others() {
        let text = "Сталин said “Ǻ” — fi";
        let subset = subset(FONT, text);
        assert!(subset.len() < FONT.len() / 5, "{} bytes", subset.len());
        for c in text.chars().filter(|c| !c.is_whitespace()) {
            assert!(has_outline(&subset, c), "{c} lost its outline");
        }
        // Ǻ is a composite glyph (A, ring, acute): its parts come along.
        for c in ['Q', 'ж', '€'] {
            assert!(has_outline(FONT, c));
            assert!(!has_outline(&subset, c), "{c} should be left out");
        }
    }

    #[test]
    fn the_subset_checksums_are_those_of_a_valid_font() {
        let subset = subset(FONT, "abc");
        // The whole font sums to the magic number once checkSumAdjustment is in.
        assert_eq!(checksum(&subset), 0xB1B0_AFBA);
        let tables = Tables::read(&subset).unwrap();
        for (index, (tag, range)) in tables.entries.iter().enumerate() {
            let stored = read_u32(&subset, 12 + 16 * index + 4).unwrap();
            let data = &subset[range.clone()];
            let expected = if tag == b"head" {
                let mut head = data.to_vec();
                head[8..12].copy_from_slice(&[0; 4]);
                checksum(&head)
            } else {
                checksum(data)
            };
            assert_eq!(stored, expected, "{}", String::from_utf8_lossy(tag));
        }
    }
}
