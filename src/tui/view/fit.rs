//! Fitting the order list's columns into the terminal's width.
//!
//! Headers are never cut and values never lose characters. When the columns do not fit, they
//! are made narrower step by step — short headers ("Betald" for "Betalning mottagen", the long
//! name stays in F6 and help), then compact values (times as `ÅÅMMDD hh:mm`, then dates alone),
//! then the free-text columns (Kundnamn, Fordon) give way down to a minimum — and only when even
//! that is too wide are columns scrolled with ←/→ (the first column stays). Spare width goes to
//! the free-text columns, up to what their values need.

/// How wide one column can be drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnNeed {
    /// Header width: the full header and the short one.
    pub header: u16,
    pub short_header: u16,
    /// Widest value on the rows shown, in full and compact form (`compact` ≤ `full`); `dates`
    /// is the compact form without the time (time columns only, else the same as `compact`).
    pub full: u16,
    pub compact: u16,
    pub dates: u16,
    /// A free-text column (Kundnamn, Fordon): it gives way to `min` and takes spare width.
    pub free_text: bool,
    /// A time column whose time of day matters (Tidpunkt för mottagen betalning): it keeps its
    /// time at the last step.
    pub keeps_time: bool,
}

/// How values and headers are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Form {
    /// Full headers, full values.
    Full,
    /// Short headers, full values.
    ShortHeaders,
    /// Short headers, compact values.
    Compact,
    /// Short headers, compact values, dates without time (except `keeps_time` columns).
    Dates,
}

/// The fitted layout: which columns are shown (indexes into the input) and their widths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fitted {
    pub form: Form,
    pub shown: Vec<(usize, u16)>,
    /// Columns scrolled away on the left (after the first) and not reached on the right.
    pub hidden_left: usize,
    pub hidden_right: usize,
}

/// The narrowest a free-text column becomes before columns are scrolled.
pub const FREE_TEXT_MIN: u16 = 10;

fn width_in(n: &ColumnNeed, form: Form, squeeze: bool) -> u16 {
    let header = if form == Form::Full {
        n.header
    } else {
        n.short_header
    };
    let value = match form {
        Form::Full | Form::ShortHeaders => n.full,
        Form::Compact => n.compact,
        Form::Dates if n.keeps_time => n.compact,
        Form::Dates => n.dates,
    };
    let value = if n.free_text && squeeze {
        value.min(FREE_TEXT_MIN)
    } else {
        value
    };
    header.max(value)
}

fn total(widths: &[u16]) -> u32 {
    widths.iter().map(|w| u32::from(*w)).sum::<u32>() + widths.len().saturating_sub(1) as u32
}

/// Fit `needs` into `width` cells with `spacing` 1 between columns; `scroll` is how many
/// columns after the first are scrolled away (used only when they cannot all be shown).
pub fn fit(needs: &[ColumnNeed], width: u16, scroll: usize) -> Fitted {
    let width32 = u32::from(width);
    for form in [Form::Full, Form::ShortHeaders, Form::Compact, Form::Dates] {
        for squeeze in [false, true] {
            let widths: Vec<u16> = needs.iter().map(|n| width_in(n, form, squeeze)).collect();
            if total(&widths) <= width32 {
                let mut shown: Vec<(usize, u16)> = widths.into_iter().enumerate().collect();
                give_spare(needs, form, &mut shown, width32);
                return Fitted {
                    form,
                    shown,
                    hidden_left: 0,
                    hidden_right: 0,
                };
            }
        }
    }
    // Scroll: the first column stays, then as many as fit from `scroll` on.
    let form = Form::Dates;
    let widths: Vec<u16> = needs.iter().map(|n| width_in(n, form, true)).collect();
    let last_start = last_scroll(&widths, width32);
    let start = 1 + scroll.min(last_start.saturating_sub(1));
    let mut shown = Vec::new();
    let mut used = 0u32;
    if let Some(w) = widths.first() {
        shown.push((0, *w));
        used = u32::from(*w);
    }
    let mut next = start;
    while next < widths.len() {
        let need = u32::from(widths[next]) + 1;
        if used + need > width32 {
            break;
        }
        used += need;
        shown.push((next, widths[next]));
        next += 1;
    }
    give_spare(needs, form, &mut shown, width32);
    Fitted {
        form,
        shown,
        hidden_left: start - 1,
        hidden_right: widths.len().saturating_sub(next),
    }
}

/// The largest useful start index (≥ 1) for scrolling: from it on, the rest fits after the first.
fn last_scroll(widths: &[u16], width: u32) -> usize {
    let Some(first) = widths.first() else {
        return 1;
    };
    let mut used = u32::from(*first);
    let mut start = widths.len();
    while start > 1 {
        let need = u32::from(widths[start - 1]) + 1;
        if used + need > width {
            break;
        }
        used += need;
        start -= 1;
    }
    start.max(1)
}

/// Spare cells go to the free-text columns, up to the width their values need.
fn give_spare(needs: &[ColumnNeed], form: Form, shown: &mut [(usize, u16)], width: u32) {
    let widths: Vec<u16> = shown.iter().map(|(_, w)| *w).collect();
    let mut spare = width.saturating_sub(total(&widths));
    for (i, w) in shown.iter_mut() {
        let n = &needs[*i];
        if !n.free_text || spare == 0 {
            continue;
        }
        let want = width_in(n, form, false);
        let give = u32::from(want.saturating_sub(*w)).min(spare);
        *w += give as u16;
        spare -= give;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn need(header: u16, short: u16, full: u16, compact: u16) -> ColumnNeed {
        ColumnNeed {
            header,
            short_header: short,
            full,
            compact,
            dates: compact,
            free_text: false,
            keeps_time: false,
        }
    }

    fn name(full: u16) -> ColumnNeed {
        ColumnNeed {
            free_text: true,
            ..need(8, 8, full, full)
        }
    }

    fn time(header: u16, short: u16, keeps: bool) -> ColumnNeed {
        ColumnNeed {
            dates: 6,
            keeps_time: keeps,
            ..need(header, short, 16, 12)
        }
    }

    /// Nr, Kundnr, Kundnamn, Regnr, Status, Belopp, Skapad, Betalning mottagen, Tidpunkt för
    /// mottagen betalning: the seed's columns at 80 cells.
    fn seed_columns() -> Vec<ColumnNeed> {
        vec![
            need(2, 2, 6, 6),
            need(6, 6, 6, 6),
            name(24),
            need(5, 5, 6, 6),
            need(6, 6, 8, 8),
            need(17, 6, 9, 9),
            time(6, 6, false),
            need(18, 6, 1, 1),
            time(31, 9, true),
        ]
    }

    fn check_no_cut(needs: &[ColumnNeed], f: &Fitted) {
        for (i, w) in &f.shown {
            let n = &needs[*i];
            let header = if f.form == Form::Full {
                n.header
            } else {
                n.short_header
            };
            assert!(*w >= header, "header of column {i} cut: {w} < {header}");
            assert!(*w >= width_in(n, f.form, true), "values of column {i} cut");
        }
    }

    #[test]
    fn the_seed_columns_fit_in_80_cells_with_both_payment_columns() {
        let needs = seed_columns();
        let f = fit(&needs, 80, 0);
        assert_eq!(f.shown.len(), 9, "{f:?}");
        assert_eq!((f.hidden_left, f.hidden_right), (0, 0));
        check_no_cut(&needs, &f);
        assert!(total(&f.shown.iter().map(|s| s.1).collect::<Vec<_>>()) <= 80);
    }

    #[test]
    fn at_200_cells_full_headers_and_the_spare_width_goes_to_the_name() {
        let needs = seed_columns();
        let f = fit(&needs, 200, 0);
        assert_eq!(f.form, Form::Full);
        check_no_cut(&needs, &f);
        assert_eq!(f.shown[2].1, 24, "the name gets what it needs");
    }

    #[test]
    fn too_many_columns_scroll_and_the_first_stays() {
        let mut needs = seed_columns();
        needs.extend(seed_columns().into_iter().skip(1));
        let f = fit(&needs, 80, 0);
        assert!(f.hidden_right > 0 && f.hidden_left == 0, "{f:?}");
        let g = fit(&needs, 80, 5);
        assert_eq!(g.shown[0].0, 0, "the first column stays");
        assert_eq!(g.hidden_left, 5);
        assert_eq!(g.shown[1].0, 6);
        check_no_cut(&needs, &g);
        // Scrolling past the end stops where the last column is shown.
        let h = fit(&needs, 80, 999);
        assert_eq!(h.hidden_right, 0);
        assert_eq!(h.shown.last().unwrap().0, needs.len() - 1);
    }
}
