//! Big block letters for the text printout's marks (KOPIA, ÖVNING, EJ KVITTO): each letter is
//! five lines tall and five columns wide, so the mark is five times the height of the amounts
//! (SKVFS 2014:9: at least twice the size of the amount text). The banner is framed by rules,
//! the top one carrying the words in plain letters (for a search, a screen reader or a
//! printer without the banner).

use super::sheet::chars;
use super::text::wrap;

/// Lines of one letter.
const HEIGHT: usize = 5;

/// The letters of the banner, each five rows of five columns ('#' is ink).
fn glyph(c: char) -> Option<[&'static str; HEIGHT]> {
    Some(match c {
        'A' => [" ### ", "#   #", "#####", "#   #", "#   #"],
        'B' => ["#### ", "#   #", "#### ", "#   #", "#### "],
        'C' => [" ####", "#    ", "#    ", "#    ", " ####"],
        'D' => ["#### ", "#   #", "#   #", "#   #", "#### "],
        'E' => ["#####", "#    ", "#### ", "#    ", "#####"],
        'F' => ["#####", "#    ", "#### ", "#    ", "#    "],
        'G' => [" ####", "#    ", "#  ##", "#   #", " ####"],
        'H' => ["#   #", "#   #", "#####", "#   #", "#   #"],
        'I' => ["#####", "  #  ", "  #  ", "  #  ", "#####"],
        'J' => ["#####", "   # ", "   # ", "#  # ", " ##  "],
        'K' => ["#   #", "#  # ", "###  ", "#  # ", "#   #"],
        'L' => ["#    ", "#    ", "#    ", "#    ", "#####"],
        'M' => ["#   #", "## ##", "# # #", "#   #", "#   #"],
        'N' => ["#   #", "##  #", "# # #", "#  ##", "#   #"],
        'O' => [" ### ", "#   #", "#   #", "#   #", " ### "],
        'P' => ["#### ", "#   #", "#### ", "#    ", "#    "],
        'Q' => [" ### ", "#   #", "# # #", "#  # ", " ## #"],
        'R' => ["#### ", "#   #", "#### ", "#  # ", "#   #"],
        'S' => [" ####", "#    ", " ### ", "    #", "#### "],
        'T' => ["#####", "  #  ", "  #  ", "  #  ", "  #  "],
        'U' => ["#   #", "#   #", "#   #", "#   #", " ### "],
        'V' => ["#   #", "#   #", "#   #", " # # ", "  #  "],
        'W' => ["#   #", "#   #", "# # #", "## ##", "#   #"],
        'X' => ["#   #", " # # ", "  #  ", " # # ", "#   #"],
        'Y' => ["#   #", " # # ", "  #  ", "  #  ", "  #  "],
        'Z' => ["#####", "   # ", "  #  ", " #   ", "#####"],
        'Å' => ["  #  ", " ### ", "#   #", "#####", "#   #"],
        'Ä' => ["#   #", " ### ", "#   #", "#####", "#   #"],
        'Ö' => ["#   #", " ### ", "#   #", "#   #", " ### "],
        '-' => ["     ", "     ", "#####", "     ", "     "],
        ' ' => ["  ", "  ", "  ", "  ", "  "],
        _ => return None,
    })
}

/// The word (or words) in block letters, one space between letters; `None` when a letter has
/// no glyph.
fn letters(word: &str) -> Option<Vec<String>> {
    let glyphs: Vec<[&str; HEIGHT]> = word
        .chars()
        .flat_map(char::to_uppercase)
        .map(glyph)
        .collect::<Option<_>>()?;
    Some(
        (0..HEIGHT)
            .map(|row| glyphs.iter().map(|g| g[row]).collect::<Vec<_>>().join(" "))
            .collect(),
    )
}

fn centred(s: &str, width: usize) -> String {
    let pad = width.saturating_sub(chars(s)) / 2;
    format!("{}{s}", " ".repeat(pad))
}

/// The marks as a framed banner at most `width` columns wide: block letters, words wrapped
/// onto more banner lines when they do not fit. A word that has a letter without a glyph, or
/// is too wide even alone, is written letter-spaced instead ("K O P I A").
pub(super) fn banner(marks: &[String], width: usize) -> Vec<String> {
    let plain = marks.join(" · ");
    let label = format!(" {plain} ");
    let mut out = Vec::new();
    if chars(&label) + 4 <= width {
        let left = (width - chars(&label)) / 2;
        let right = width - left - chars(&label);
        out.push(format!("{}{label}{}", "=".repeat(left), "=".repeat(right)));
    } else {
        out.push("=".repeat(width));
        out.extend(wrap(&plain, width));
    }
    let words: Vec<String> = marks
        .iter()
        .flat_map(|m| m.split_whitespace())
        .map(str::to_string)
        .collect();
    let fits = |s: &str| letters(s).is_some_and(|l| l.iter().all(|r| chars(r) <= width));
    let mut line = String::new();
    let mut banners: Vec<String> = Vec::new();
    for word in words {
        let candidate = if line.is_empty() {
            word.clone()
        } else {
            format!("{line} {word}")
        };
        if fits(&candidate) {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            banners.push(std::mem::take(&mut line));
        }
        line = word;
    }
    if !line.is_empty() {
        banners.push(line);
    }
    for b in banners {
        out.push(String::new());
        match letters(&b).filter(|l| l.iter().all(|r| chars(r) <= width)) {
            Some(rows) => {
                let w = rows.iter().map(|r| chars(r)).max().unwrap_or(0);
                let pad = " ".repeat(width.saturating_sub(w) / 2);
                out.extend(rows.iter().map(|r| format!("{pad}{r}")));
            }
            None => {
                let spaced: Vec<String> = b.chars().map(String::from).collect();
                for l in wrap(&spaced.join(" "), width) {
                    out.push(centred(&l, width));
                }
            }
        }
    }
    out.push(String::new());
    out.push("=".repeat(width));
    out
}
