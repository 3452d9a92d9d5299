//! The A4 PDF printout, laid out from the same [`Sheet`] as the text.

use printpdf::{
    DateTime, Line, LinePoint, Mm, Op, PdfDocument, PdfFontHandle, PdfPage, PdfParseErrorSeverity,
    PdfSaveOptions, Point, Pt, TextItem,
};

use super::PrintError;
use super::font::{Face, grey, text_width, win_ansi};
use super::sheet::{Col, Sheet, wrap_by};
use crate::domain::Lang;
use crate::domain::invoice::Invoice;
use crate::t;

/// A4 in points.
pub(super) const PAGE_W: f32 = 595.28;
pub(super) const PAGE_H: f32 = 841.89;
/// 15 mm margins.
pub(super) const LEFT: f32 = 42.52;
pub(super) const RIGHT: f32 = PAGE_W - 42.52;
pub(super) const TOP: f32 = PAGE_H - 42.52;
/// Nothing but the footer below this line.
pub(super) const BOTTOM: f32 = 80.0;
pub(super) const BODY: f32 = 9.0;
pub(super) const LEAD: f32 = 11.5;
pub(super) const GAP: f32 = 6.0;

/// The pages being drawn, and where the next line goes.
pub(super) struct Canvas {
    pub(super) pages: Vec<Vec<Op>>,
    pub(super) y: f32,
    /// Said at the top of every page (a demo database's printout).
    mark: Option<String>,
}

impl Canvas {
    /// One empty page, the cursor at the top, and `mark` (already WinAnsi) on every page.
    pub(super) fn new(mark: Option<String>) -> Canvas {
        Canvas {
            pages: vec![Vec::new()],
            y: TOP,
            mark,
        }
    }

    /// The page's mark above everything else, if there is one.
    pub(super) fn draw_mark(&mut self) {
        if let Some(mark) = self.mark.clone() {
            self.text(LEFT, TOP + 14.0, Face::Bold, 12.0, &mark);
        }
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Text with its baseline starting at (x, y).
    pub(super) fn text(&mut self, x: f32, y: f32, face: Face, size: f32, s: &str) {
        if s.is_empty() {
            return;
        }
        let ops = self.ops();
        ops.push(Op::StartTextSection);
        ops.push(Op::SetFont {
            font: PdfFontHandle::Builtin(face.builtin()),
            size: Pt(size),
        });
        ops.push(Op::SetTextCursor {
            pos: Point { x: Pt(x), y: Pt(y) },
        });
        ops.push(Op::ShowText {
            items: vec![TextItem::Text(s.to_string())],
        });
        ops.push(Op::EndTextSection);
    }

    /// Text ending at `x`.
    pub(super) fn text_right(&mut self, x: f32, y: f32, face: Face, size: f32, s: &str) {
        let w = text_width(s, face, size);
        self.text(x - w, y, face, size, s);
    }

    /// Grey text (labels).
    pub(super) fn label(&mut self, x: f32, y: f32, size: f32, s: &str) {
        self.ops().push(Op::SetFillColor { col: grey(0.35) });
        self.text(x, y, Face::Regular, size, s);
        self.ops().push(Op::SetFillColor { col: grey(0.0) });
    }

    pub(super) fn path(&mut self, points: &[(f32, f32)], closed: bool, thickness: f32) {
        let line = Line {
            points: points
                .iter()
                .map(|&(x, y)| LinePoint {
                    p: Point { x: Pt(x), y: Pt(y) },
                    bezier: false,
                })
                .collect(),
            is_closed: closed,
        };
        let ops = self.ops();
        ops.push(Op::SetOutlineColor { col: grey(0.55) });
        ops.push(Op::SetOutlineThickness { pt: Pt(thickness) });
        ops.push(Op::DrawLine { line });
    }

    pub(super) fn rule(&mut self, x1: f32, x2: f32, y: f32) {
        self.path(&[(x1, y), (x2, y)], false, 0.6);
    }
}

/// Where each column of the line table sits: left edge and width.
pub(super) struct Layout {
    x: Vec<f32>,
    w: Vec<f32>,
}

impl Layout {
    fn of(cols: &[Col]) -> Layout {
        let fixed = |c: Col| -> f32 {
            match c {
                Col::ArticleNo => 62.0,
                Col::Description => 0.0,
                Col::Quantity => 36.0,
                Col::Unit => 30.0,
                Col::UnitPrice => 58.0,
                Col::Discount => 38.0,
                Col::Vat => 30.0,
                Col::Amount => 64.0,
                Col::UnitPriceGross => 72.0,
                Col::AmountGross => 72.0,
            }
        };
        let total: f32 =
            cols.iter().map(|c| fixed(*c)).sum::<f32>() + GAP * (cols.len() - 1) as f32;
        let desc = (RIGHT - LEFT - total).max(60.0);
        let mut x = Vec::with_capacity(cols.len());
        let mut w = Vec::with_capacity(cols.len());
        let mut at = LEFT;
        for c in cols {
            let cw = if *c == Col::Description {
                desc
            } else {
                fixed(*c)
            };
            x.push(at);
            w.push(cw);
            at += cw + GAP;
        }
        Layout { x, w }
    }
}

pub(super) fn draw_table_head(cv: &mut Canvas, sheet: &Sheet, layout: &Layout, lang: Lang) {
    let y = cv.y;
    for (i, c) in sheet.cols.iter().enumerate() {
        let h = c.heading(lang);
        if c.right() {
            cv.text_right(layout.x[i] + layout.w[i], y, Face::Bold, 8.0, &win_ansi(&h));
        } else {
            cv.text(layout.x[i], y, Face::Bold, 8.0, &win_ansi(&h));
        }
    }
    cv.rule(LEFT, RIGHT, y - 4.0);
    cv.y = y - 4.0 - LEAD;
}

/// A new page: a short heading naming the document, then the cursor below it.
pub(super) fn continue_on_new_page(cv: &mut Canvas, sheet: &Sheet) {
    cv.pages.push(Vec::new());
    cv.draw_mark();
    let y = TOP - 10.0;
    cv.text(LEFT, y, Face::Bold, 11.0, &win_ansi(&sheet.seller_name));
    cv.text_right(RIGHT, y, Face::Bold, 11.0, &win_ansi(&sheet.page_title));
    cv.y = y - 28.0;
}

pub(super) fn draw_footer(cv: &mut Canvas, sheet: &Sheet, page: usize, pages: usize, lang: Lang) {
    let top = 62.0;
    cv.rule(LEFT, RIGHT, top);
    let size = 7.5;
    let columns: [Vec<String>; 3] = [
        std::iter::once(sheet.seller_name.clone())
            .chain(sheet.seller_address.iter().cloned())
            .collect(),
        sheet.seller_contact.clone(),
        sheet.seller_ids.clone(),
    ];
    let xs = [LEFT, LEFT + 175.0, LEFT + 340.0, RIGHT];
    for (i, col) in columns.iter().enumerate() {
        let (x, width) = (xs[i], xs[i + 1] - xs[i] - 8.0);
        let mut y = top - 11.0;
        for line in col {
            let measure = |s: &str| text_width(s, Face::Regular, size);
            for part in wrap_by(&win_ansi(line), width, &measure) {
                cv.text(x, y, Face::Regular, size, &part);
                y -= 9.0;
            }
        }
    }
    let page_text = t!(lang, "print-page", page = page, pages = pages);
    cv.label(
        RIGHT - text_width(&page_text, Face::Regular, size),
        16.0,
        size,
        &page_text,
    );
}

/// The invoice as A4 PDF bytes.
pub fn render_pdf(inv: &Invoice, lang: Lang) -> Result<Vec<u8>, PrintError> {
    render_pdf_marked(inv, lang, None)
}

pub(super) fn render_pdf_marked(
    inv: &Invoice,
    lang: Lang,
    mark: Option<&str>,
) -> Result<Vec<u8>, PrintError> {
    render_sheet_pdf(&Sheet::of(inv, lang), lang, mark)
}

/// A laid-out document as A4 PDF bytes, with `mark` (already in the user's language) at the
/// top of every page.
pub(super) fn render_sheet_pdf(
    sheet: &Sheet,
    lang: Lang,
    mark: Option<&str>,
) -> Result<Vec<u8>, PrintError> {
    let mut cv = Canvas::new(mark.map(win_ansi));
    cv.draw_mark();

    // Seller (left) and title with number and date (right).
    let y0 = TOP - 14.0;
    let name_lines = wrap_by(&win_ansi(&sheet.seller_name), 300.0, &|s| {
        text_width(s, Face::Bold, 14.0)
    });
    let mut y = y0;
    for l in &name_lines {
        cv.text(LEFT, y, Face::Bold, 14.0, l);
        y -= 16.0;
    }
    y -= 1.0;
    for l in sheet.seller_address.iter().chain(&sheet.seller_contact) {
        cv.text(LEFT, y, Face::Regular, BODY, &win_ansi(l));
        y -= LEAD;
    }
    let left_end = y;
    cv.text_right(RIGHT, y0, Face::Bold, 16.0, &win_ansi(&sheet.title));
    let mut ry = y0 - 22.0;
    let label_x = RIGHT - 175.0;
    for (label, value) in &sheet.head {
        cv.label(label_x, ry, BODY, &win_ansi(label));
        cv.text_right(RIGHT, ry, Face::Bold, BODY, &win_ansi(value));
        ry -= LEAD;
    }
    y = left_end.min(ry) - 22.0;

    // References (left) and the buyer in the envelope window (right).
    let buyer_x = 320.0;
    let mut by = y;
    cv.label(buyer_x, by, 8.0, &win_ansi(&sheet.buyer_heading));
    by -= LEAD + 1.0;
    for (i, b) in sheet.buyer.iter().enumerate() {
        let face = if i == 0 { Face::Bold } else { Face::Regular };
        let size = if i == 0 { 10.5 } else { 10.0 };
        for l in wrap_by(&win_ansi(b), RIGHT - buyer_x, &|s| {
            text_width(s, face, size)
        }) {
            cv.text(buyer_x, by, face, size, &l);
            by -= 13.0;
        }
    }
    let mut ly = y - LEAD - 1.0;
    for (label, value) in &sheet.refs {
        cv.label(LEFT, ly, BODY, &win_ansi(label));
        cv.text(LEFT + 80.0, ly, Face::Regular, BODY, &win_ansi(value));
        ly -= LEAD;
    }
    y = ly.min(by) - 12.0;
    for (i, c) in sheet.credit.iter().enumerate() {
        let face = if i == 0 { Face::Bold } else { Face::Regular };
        for l in wrap_by(&win_ansi(c), RIGHT - LEFT, &|s| text_width(s, face, 10.0)) {
            cv.text(LEFT, y, face, 10.0, &l);
            y -= 13.0;
        }
    }
    cv.y = y - 10.0;

    // Lines, then the utlägg in their own section.
    let layout = Layout::of(&sheet.cols);
    draw_table_head(&mut cv, sheet, &layout, lang);
    draw_rows(&mut cv, sheet, &layout, lang, &sheet.rows);
    if !sheet.outlay_rows.is_empty() {
        if cv.y - 2.0 * LEAD < BOTTOM {
            continue_on_new_page(&mut cv, sheet);
            draw_table_head(&mut cv, sheet, &layout, lang);
        }
        cv.y -= 4.0;
        let heading = win_ansi(&sheet.outlay_heading);
        cv.text(LEFT, cv.y, Face::Bold, BODY, &heading);
        cv.y -= LEAD + 2.0;
        draw_rows(&mut cv, sheet, &layout, lang, &sheet.outlay_rows);
    }
    cv.rule(LEFT, RIGHT, cv.y + LEAD - 4.0);
    cv.y -= 6.0;
    draw_sums_and_payment(&mut cv, sheet);

    // Footer on every page, now that the number of pages is known.
    let pages = cv.pages.len();
    let bodies = std::mem::take(&mut cv.pages);
    let mut finished = Vec::with_capacity(pages);
    for (i, ops) in bodies.into_iter().enumerate() {
        cv.pages = vec![ops];
        draw_footer(&mut cv, sheet, i + 1, pages, lang);
        let ops = cv.pages.pop().unwrap_or_default();
        finished.push(PdfPage::new(
            Mm::from(Pt(PAGE_W)),
            Mm::from(Pt(PAGE_H)),
            ops,
        ));
    }

    let stamp = sheet
        .date
        .and_hms_opt(0, 0, 0)
        .map(|d| d.and_utc().timestamp());
    save(finished, &sheet.page_title, &sheet.seller_name, stamp)
}

/// Rows of the line table, a new page (with the table's head) when the next row does not fit.
fn draw_rows(cv: &mut Canvas, sheet: &Sheet, layout: &Layout, lang: Lang, rows: &[Vec<String>]) {
    for row in rows {
        let cells: Vec<Vec<String>> = row
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let s = win_ansi(s);
                if sheet.cols[i].right() {
                    vec![s]
                } else {
                    wrap_by(&s, layout.w[i], &|t| text_width(t, Face::Regular, BODY))
                }
            })
            .collect();
        let height = cells.iter().map(Vec::len).max().unwrap_or(1);
        if cv.y - (height as f32 - 1.0) * LEAD < BOTTOM {
            continue_on_new_page(cv, sheet);
            draw_table_head(cv, sheet, layout, lang);
        }
        for k in 0..height {
            let y = cv.y - k as f32 * LEAD;
            for (i, cell) in cells.iter().enumerate() {
                let Some(s) = cell.get(k) else { continue };
                if sheet.cols[i].right() {
                    cv.text_right(layout.x[i] + layout.w[i], y, Face::Regular, BODY, s);
                } else {
                    cv.text(layout.x[i], y, Face::Regular, BODY, s);
                }
            }
        }
        cv.y -= height as f32 * LEAD + 2.0;
    }
}

/// VAT per rate and totals, the notes on VAT, the payment box and the payment terms.
fn draw_sums_and_payment(cv: &mut Canvas, sheet: &Sheet) {
    let notes: Vec<String> = sheet
        .vat_notes
        .iter()
        .flat_map(|n| {
            wrap_by(&win_ansi(n), RIGHT - LEFT, &|s| {
                text_width(s, Face::Regular, BODY)
            })
        })
        .collect();
    let terms: Vec<String> = sheet
        .terms
        .iter()
        .flat_map(|n| {
            wrap_by(&win_ansi(n), RIGHT - LEFT, &|s| {
                text_width(s, Face::Regular, BODY)
            })
        })
        .collect();
    let sums_h = (sheet.vat_rows.len() + sheet.totals.len() + 2) as f32 * (LEAD + 1.0)
        + 8.0
        + notes.len() as f32 * LEAD;
    let pay_h = 58.0 + terms.len() as f32 * LEAD;
    if cv.y - sums_h < BOTTOM {
        continue_on_new_page(cv, sheet);
    }
    let amount_x = RIGHT;
    let base_x = RIGHT - 90.0;
    let label_x = RIGHT - 250.0;
    cv.label(
        base_x - text_width(&win_ansi(&sheet.sum_heading.0), Face::Regular, 8.0),
        cv.y,
        8.0,
        &win_ansi(&sheet.sum_heading.0),
    );
    cv.label(
        amount_x - text_width(&sheet.sum_heading.1, Face::Regular, 8.0),
        cv.y,
        8.0,
        &sheet.sum_heading.1,
    );
    cv.y -= LEAD + 1.0;
    for r in &sheet.vat_rows {
        cv.text(label_x, cv.y, Face::Regular, BODY, &win_ansi(&r.label));
        cv.text_right(base_x, cv.y, Face::Regular, BODY, &win_ansi(&r.base));
        cv.text_right(amount_x, cv.y, Face::Regular, BODY, &win_ansi(&r.amount));
        cv.y -= LEAD + 1.0;
    }
    cv.rule(label_x, RIGHT, cv.y + LEAD - 3.0);
    cv.y -= 3.0;
    for r in &sheet.totals {
        let (face, size) = if r.strong {
            (Face::Bold, 10.5)
        } else {
            (Face::Regular, BODY)
        };
        cv.text(label_x, cv.y, face, size, &win_ansi(&r.label));
        cv.text_right(amount_x, cv.y, face, size, &win_ansi(&r.amount));
        cv.y -= LEAD + 2.0;
    }
    if !notes.is_empty() {
        cv.y -= 4.0;
        for n in &notes {
            cv.text(LEFT, cv.y, Face::Regular, BODY, n);
            cv.y -= LEAD;
        }
    }
    cv.y -= 14.0;

    // Payment: a box of label over value.
    if cv.y - pay_h < BOTTOM {
        continue_on_new_page(cv, sheet);
    }
    let top = cv.y;
    cv.text(
        LEFT,
        top,
        Face::Bold,
        BODY,
        &win_ansi(&sheet.payment_heading),
    );
    let box_top = top - 6.0;
    let box_bottom = box_top - 40.0;
    cv.path(
        &[
            (LEFT, box_top),
            (RIGHT, box_top),
            (RIGHT, box_bottom),
            (LEFT, box_bottom),
        ],
        true,
        0.8,
    );
    let n = sheet.payment.len().max(1) as f32;
    let cell_w = (RIGHT - LEFT) / n;
    for (i, (label, value)) in sheet.payment.iter().enumerate() {
        let x = LEFT + 8.0 + i as f32 * cell_w;
        cv.label(x, box_top - 13.0, 7.5, &win_ansi(label));
        let value = win_ansi(value);
        let size = if text_width(&value, Face::Bold, 11.0) <= cell_w - 12.0 {
            11.0
        } else {
            BODY
        };
        cv.text(x, box_top - 29.0, Face::Bold, size, &value);
    }
    cv.y = box_bottom - 14.0;
    for t in &terms {
        cv.text(LEFT, cv.y, Face::Regular, BODY, t);
        cv.y -= LEAD;
    }
}

/// The finished pages as PDF bytes, with the document's title, its author (the seller) and its
/// date (seconds since 1970, read as local time) in the metadata.
pub(super) fn save(
    pages: Vec<PdfPage>,
    title: &str,
    author: &str,
    stamp: Option<i64>,
) -> Result<Vec<u8>, PrintError> {
    let mut doc = PdfDocument::new(&win_ansi(title));
    if let Some(stamp) = stamp.and_then(|t| DateTime::from_unix_timestamp(t).ok()) {
        doc.metadata.info.creation_date = stamp;
        doc.metadata.info.modification_date = stamp;
        doc.metadata.info.metadata_date = stamp;
    }
    doc.metadata.info.author = win_ansi(author);
    doc.metadata.info.creator = "Verkstad".into();
    doc.metadata.info.producer = "Verkstad".into();
    let mut warnings = Vec::new();
    let bytes = doc
        .with_pages(pages)
        .save(&PdfSaveOptions::default(), &mut warnings);
    if let Some(w) = warnings
        .iter()
        .find(|w| w.severity == PdfParseErrorSeverity::Error)
    {
        return Err(PrintError::Pdf(w.msg.clone()));
    }
    if !bytes.starts_with(b"%PDF-") {
        return Err(PrintError::Empty);
    }
    Ok(bytes)
}
