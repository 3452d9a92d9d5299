//! The built-in Helvetica of the PDF: character widths for measuring text, and the WinAnsi
//! encoding in which å ä ö and "–" print and extract as text without an embedded font.

use printpdf::{BuiltinFont, Color, Greyscale};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Face {
    Regular,
    Bold,
}

impl Face {
    pub(super) fn builtin(self) -> BuiltinFont {
        match self {
            Face::Regular => BuiltinFont::Helvetica,
            Face::Bold => BuiltinFont::HelveticaBold,
        }
    }
}

/// Helvetica advance widths (thousandths of an em) of the printable ASCII characters 32–126,
/// from Adobe's font metrics; every PDF reader lays out the standard font with these.
pub(super) const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // ' '../
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, // 0..9
    278, 278, 584, 584, 584, 556, 1015, // :..@
    667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667,
    611, 722, 667, 944, 667, 667, 611, // A..Z
    278, 278, 278, 469, 556, 333, // [..`
    556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500,
    278, 556, 500, 722, 500, 500, 500, // a..z
    334, 260, 334, 584, // {..~
];

/// Helvetica-Bold, as [`HELVETICA`].
pub(super) const HELVETICA_BOLD: [u16; 95] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, // ' '../
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, // 0..9
    333, 333, 584, 584, 584, 611, 975, // :..@
    722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667,
    611, 722, 667, 944, 667, 667, 611, // A..Z
    333, 278, 333, 584, 556, 333, // [..`
    556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556,
    333, 611, 556, 778, 556, 556, 500, // a..z
    389, 280, 389, 584, // {..~
];

/// The ASCII letter an accented Latin-1 (or WinAnsi) letter is as wide as in Helvetica.
pub(super) fn base_letter(c: char) -> Option<char> {
    Some(match c {
        'À'..='Å' => 'A',
        'Ç' => 'C',
        'È'..='Ë' => 'E',
        'Ì'..='Ï' => 'I',
        'Ð' => 'D',
        'Ñ' => 'N',
        'Ò'..='Ö' | 'Ø' => 'O',
        'Ù'..='Ü' => 'U',
        'Ý' | 'Ÿ' => 'Y',
        'Þ' => 'P',
        'à'..='å' => 'a',
        'ç' => 'c',
        'è'..='ë' => 'e',
        'ì'..='ï' => 'i',
        'ñ' => 'n',
        'ò'..='ö' => 'o',
        'ù'..='ü' => 'u',
        'ý' | 'ÿ' => 'y',
        'Š' => 'S',
        'š' => 's',
        'Ž' => 'Z',
        'ž' => 'z',
        _ => return None,
    })
}

/// Advance width of one WinAnsi character in thousandths of an em.
pub(super) fn char_width(c: char, face: Face) -> u16 {
    let (table, bold) = match face {
        Face::Regular => (&HELVETICA, false),
        Face::Bold => (&HELVETICA_BOLD, true),
    };
    let ascii = |c: char| table[c as usize - 32];
    match c {
        ' '..='~' => ascii(c),
        '\u{A0}' => 278,
        'Æ' => 1000,
        'æ' => 889,
        'ø' | 'ß' => 611,
        'ð' | 'þ' if bold => 611,
        'ð' | 'þ' => 556,
        '×' | '÷' | '±' | '¬' => 584,
        '–' | '€' | '§' | '«' | '»' | '£' | '¥' | '¢' => 556,
        '—' | '…' | '‰' => 1000,
        '°' => 400,
        '•' => 350,
        '·' => 278,
        '‘' | '’' | '‚' if bold => 278,
        '‘' | '’' | '‚' => 222,
        '“' | '”' | '„' if bold => 500,
        '“' | '”' | '„' => 333,
        '©' | '®' => 737,
        '¼' | '½' | '¾' => 834,
        c => base_letter(c).map_or(556, ascii),
    }
}

/// Text width in points.
pub(super) fn text_width(s: &str, face: Face, size: f32) -> f32 {
    s.chars()
        .map(|c| f32::from(char_width(c, face)))
        .sum::<f32>()
        * size
        / 1000.0
}

/// True for the characters the standard fonts' WinAnsi encoding has.
pub(super) fn is_win_ansi(c: char) -> bool {
    matches!(c, ' '..='~' | '\u{A0}'..='ÿ') || "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ".contains(c)
}

/// The text as WinAnsi can show it: letters outside it lose their accents (Ł → L, ş → s),
/// dashes become "-", anything else "?".
pub(super) fn win_ansi(s: &str) -> String {
    s.chars()
        .map(|c| {
            if is_win_ansi(c) {
                return c;
            }
            match c {
                'Ą' | 'Ă' | 'Ā' => 'A',
                'ą' | 'ă' | 'ā' => 'a',
                'Ć' | 'Č' => 'C',
                'ć' | 'č' => 'c',
                'Ď' | 'Đ' => 'D',
                'ď' | 'đ' => 'd',
                'Ę' | 'Ě' | 'Ē' | 'Ė' => 'E',
                'ę' | 'ě' | 'ē' | 'ė' => 'e',
                'Ğ' | 'Ģ' => 'G',
                'ğ' | 'ģ' => 'g',
                'İ' | 'Ī' | 'Į' => 'I',
                'ı' | 'ī' | 'į' => 'i',
                'Ķ' => 'K',
                'ķ' => 'k',
                'Ł' | 'Ľ' | 'Ĺ' | 'Ļ' => 'L',
                'ł' | 'ľ' | 'ĺ' | 'ļ' => 'l',
                'Ń' | 'Ň' | 'Ņ' => 'N',
                'ń' | 'ň' | 'ņ' => 'n',
                'Ő' => 'O',
                'ő' => 'o',
                'Ř' | 'Ŕ' => 'R',
                'ř' | 'ŕ' => 'r',
                'Ś' | 'Ş' | 'Ș' => 'S',
                'ś' | 'ş' | 'ș' => 's',
                'Ť' | 'Ţ' | 'Ț' => 'T',
                'ť' | 'ţ' | 'ț' => 't',
                'Ů' | 'Ű' | 'Ū' | 'Ų' => 'U',
                'ů' | 'ű' | 'ū' | 'ų' => 'u',
                'Ź' | 'Ż' => 'Z',
                'ź' | 'ż' => 'z',
                '\u{2010}'..='\u{2012}' | '\u{2212}' => '-',
                '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\t' | '\n' | '\r' => ' ',
                _ => '?',
            }
        })
        .collect()
}

pub(super) fn grey(level: f32) -> Color {
    Color::Greyscale(Greyscale {
        percent: level,
        icc_profile: None,
    })
}
