//! A [`Slip`] (receipt, day report) as an A4 PDF, drawn on the same canvas as the invoice.
//!
//! The marks (KOPIA, ÖVNING, EJ KVITTO) are set in [`MARK_SIZE`] bold, framed, at the top of
//! every page and again below the total; amounts are [`BODY`] and the total [`TOTAL_SIZE`].
//! SKVFS 2014:9 asks for the mark at least twice the size of the amount text: the constant
//! assertion below keeps it so, and `tests/print.rs` reads the sizes back from the PDF.

use printpdf::{Mm, PdfPage, Pt};

use super::PrintError;
use super::font::{Face, text_width, win_ansi};
use super::pdf::{BODY, Canvas, LEAD, LEFT, PAGE_H, PAGE_W, RIGHT, TOP, save};
use super::sheet::wrap_by;
use super::slip::{Block, Row, Slip, Table, join_by};
use crate::domain::Lang;
use crate::t;

/// The size of the marks.
pub(super) const MARK_SIZE: f32 = 24.0;
/// The size of the total (the strong rows); every other amount is [`BODY`].
pub(super) const TOTAL_SIZE: f32 = 10.5;
const _: () = assert!(MARK_SIZE >= 2.0 * TOTAL_SIZE && MARK_SIZE >= 2.0 * BODY);

/// Nothing but the page number below this line.
const BOTTOM: f32 = 50.0;
/// Points between two columns of a table.
const COL_GAP: f32 = 14.0;
/// The widest a left-aligned column other than the wide one gets (then it wraps).
const NARROW_MAX: f32 = 90.0;

fn measure(face: Face, size: f32) -> impl Fn(&str) -> f32 {
    move |s: &str| text_width(s, face, size)
}

struct Drawer<'a> {
    cv: Canvas,
    slip: &'a Slip,
}

impl Drawer<'_> {
    /// Room for `height` points below the cursor, else a new page.
    fn room(&mut self, height: f32) {
        if self.cv.y - height < BOTTOM {
            self.new_page();
        }
    }

    /// A new page: the demo mark, the document's name, the marks.
    fn new_page(&mut self) {
        self.cv.pages.push(Vec::new());
        self.cv.draw_mark();
        let y = TOP - 10.0;
        let name = win_ansi(&self.slip.name);
        self.cv.text(LEFT, y, Face::Bold, 11.0, &name);
        self.cv.y = y - 24.0;
        self.marks();
    }

    /// The marks, framed, one to a line, centred.
    fn marks(&mut self) {
        if self.slip.marks.is_empty() {
            return;
        }
        let line = MARK_SIZE + 6.0;
        let height = self.slip.marks.len() as f32 * line + 4.0;
        self.room(height + LEAD);
        let top = self.cv.y + BODY;
        let mut base = top - 6.0 - 0.75 * MARK_SIZE;
        for m in &self.slip.marks {
            let m = win_ansi(m);
            let w = text_width(&m, Face::Bold, MARK_SIZE);
            self.cv
                .text((PAGE_W - w) / 2.0, base, Face::Bold, MARK_SIZE, &m);
            base -= line;
        }
        let bottom = top - height;
        self.cv.path(
            &[(LEFT, top), (RIGHT, top), (RIGHT, bottom), (LEFT, bottom)],
            true,
            2.0,
        );
        self.cv.y = bottom - 10.0 - BODY;
    }

    fn head(&mut self, name: &str, title: &str, lines: &[String]) {
        self.room(60.0);
        let y0 = self.cv.y - 6.0;
        let title = win_ansi(title);
        let title_w = text_width(&title, Face::Bold, 16.0);
        self.cv.text_right(RIGHT, y0, Face::Bold, 16.0, &title);
        let name_w = (RIGHT - LEFT - title_w - 24.0).max(120.0);
        let mut y = y0;
        for l in wrap_by(&win_ansi(name), name_w, &measure(Face::Bold, 14.0)) {
            self.cv.text(LEFT, y, Face::Bold, 14.0, &l);
            y -= 16.0;
        }
        y -= 1.0;
        for line in lines {
            for l in wrap_by(&win_ansi(line), RIGHT - LEFT, &measure(Face::Regular, BODY)) {
                self.cv.text(LEFT, y, Face::Regular, BODY, &l);
                y -= LEAD;
            }
        }
        self.cv.rule(LEFT, RIGHT, y + LEAD - 4.0);
        self.cv.y = y - 8.0;
    }

    fn lines(&mut self, lines: Vec<String>, face: Face) {
        for l in lines {
            self.room(LEAD);
            self.cv.text(LEFT, self.cv.y, face, BODY, &l);
            self.cv.y -= LEAD;
        }
    }

    fn table(&mut self, t: &Table) {
        let n = t.right.len();
        let style = |row: &Row| match row {
            Row::Head(_) => (Face::Bold, BODY),
            Row::Strong(_) => (Face::Bold, TOTAL_SIZE),
            _ => (Face::Regular, BODY),
        };
        let mut widths = vec![0.0f32; n];
        for row in &t.rows {
            let Some(cells) = row.cells() else { continue };
            let (face, size) = style(row);
            for (i, c) in cells.iter().enumerate().take(n) {
                widths[i] = widths[i].max(text_width(&win_ansi(c), face, size));
            }
        }
        for (i, w) in widths.iter_mut().enumerate() {
            if i != t.wide && !t.right[i] {
                *w = w.min(NARROW_MAX);
            }
        }
        let others: f32 = widths
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != t.wide)
            .map(|(_, w)| w)
            .sum::<f32>()
            + COL_GAP * n.saturating_sub(1) as f32;
        let room = (RIGHT - LEFT - others).max(60.0);
        widths[t.wide] = if t.fill {
            room
        } else {
            widths[t.wide].min(room)
        };
        let total = widths.iter().sum::<f32>() + COL_GAP * n.saturating_sub(1) as f32;
        let x0 = if t.fill { LEFT } else { RIGHT - total };
        let mut xs = Vec::with_capacity(n);
        let mut at = x0;
        for w in &widths {
            xs.push(at);
            at += w + COL_GAP;
        }

        for row in &t.rows {
            let Some(cells) = row.cells() else {
                match row {
                    Row::Rule => {
                        self.cv.rule(x0, x0 + total, self.cv.y + LEAD - 3.0);
                        self.cv.y -= 3.0;
                    }
                    _ => self.cv.y -= 0.7 * LEAD,
                }
                continue;
            };
            let (face, size) = style(row);
            let lead = if size > BODY { LEAD + 2.0 } else { LEAD };
            let wrapped: Vec<Vec<String>> = (0..n)
                .map(|i| {
                    let cell = win_ansi(cells.get(i).map(String::as_str).unwrap_or(""));
                    if t.right[i] {
                        vec![cell]
                    } else {
                        wrap_by(&cell, widths[i], &measure(face, size))
                    }
                })
                .collect();
            let height = wrapped.iter().map(Vec::len).max().unwrap_or(1);
            self.room(height as f32 * lead);
            let top = self.cv.y;
            for k in 0..height {
                let y = top - k as f32 * lead;
                for i in 0..n {
                    let Some(s) = wrapped[i].get(k) else { continue };
                    if t.right[i] {
                        self.cv.text_right(xs[i] + widths[i], y, face, size, s);
                    } else {
                        self.cv.text(xs[i], y, face, size, s);
                    }
                }
            }
            self.cv.y -= height as f32 * lead + 1.0;
        }
    }
}

/// The slip as A4 PDF bytes.
pub(super) fn render(slip: &Slip, lang: Lang) -> Result<Vec<u8>, PrintError> {
    let mut d = Drawer {
        cv: Canvas::new(slip.demo.as_deref().map(win_ansi)),
        slip,
    };
    d.cv.draw_mark();
    d.cv.y = TOP - 8.0;
    d.marks();
    for block in &slip.blocks {
        match block {
            Block::Head { name, title, lines } => d.head(name, title, lines),
            Block::Items(items) => {
                let items: Vec<String> = items.iter().map(|i| win_ansi(i)).collect();
                let lines = join_by(&items, " · ", RIGHT - LEFT, &measure(Face::Regular, BODY));
                d.lines(lines, Face::Regular);
            }
            Block::Note(s) => {
                let lines = wrap_by(&win_ansi(s), RIGHT - LEFT, &measure(Face::Bold, BODY));
                d.lines(lines, Face::Bold);
            }
            Block::Table(t) => d.table(t),
            Block::Marks => {
                d.cv.y -= 6.0;
                d.marks();
            }
            Block::Gap => d.cv.y -= 0.8 * LEAD,
        }
    }

    let pages = d.cv.pages.len();
    let bodies = std::mem::take(&mut d.cv.pages);
    let mut finished = Vec::with_capacity(pages);
    for (i, ops) in bodies.into_iter().enumerate() {
        d.cv.pages = vec![ops];
        let page = t!(lang, "print-page", page = i + 1, pages = pages);
        let w = text_width(&page, Face::Regular, 7.5);
        d.cv.label(RIGHT - w, 24.0, 7.5, &page);
        let ops = d.cv.pages.pop().unwrap_or_default();
        finished.push(PdfPage::new(
            Mm::from(Pt(PAGE_W)),
            Mm::from(Pt(PAGE_H)),
            ops,
        ));
    }
    let stamp = slip.at.and_utc().timestamp();
    save(finished, &slip.name, &slip.author, Some(stamp))
}
