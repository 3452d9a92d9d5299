//! The F5 order list: its state, the query it asks for, keys, mouse and the column chooser.

use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

use super::{Effect, Model, Overlay, Screen};
use crate::app::{ListCount, ListQuery};
use crate::domain::OrderSummary;
use crate::domain::search::Filter;
use crate::domain::{Column, Sort, Status};
use crate::t;
use crate::tui::keymap::Action;

/// The F5 list.
#[derive(Debug, Clone, PartialEq)]
pub struct ListState {
    pub filter: String,
    pub status: Option<Status>,
    pub paid: Option<bool>,
    pub sort: Sort,
    pub columns: Vec<Column>,
    pub rows: Vec<OrderSummary>,
    pub selected: usize,
    /// Rows asked for: grows by [`LIST_LIMIT`] when the selection nears the end.
    pub limit: usize,
    pub generation: u64,
    pub loading: bool,
    /// Rows per page, from the last render.
    pub page: usize,
    /// The first row on screen (the view keeps the selection visible).
    pub top: usize,
    /// The newest count and the query it counted (shown while it is the current query's).
    pub count: Option<(ListQuery, ListCount)>,
    /// The rows are the last ones of the list (End): asked for in the reverse order and turned.
    pub from_end: bool,
    /// Columns scrolled away to the left with ← / → (when they do not all fit).
    pub col_scroll: usize,
    /// The rows on their way are more of the same list (to add), not a new list.
    pub appending: bool,
    /// Rows moved past the loaded ones (↓ or PgDn faster than the next rows came): the rest
    /// of the move, made when they arrive, so that no key is lost.
    pub pending_move: isize,
    /// Counts every change of `rows` (the view keeps per-column widths until it changes).
    pub rows_version: u64,
    /// When the last change only added rows (scrolling on): its version and where the added
    /// rows are, so that the view measures only those.
    pub grown: Option<(u64, std::ops::Range<usize>)>,
    /// The widest value of each shown column over the loaded rows (full, compact, dates form),
    /// with the rows' version and the columns they were measured for: measured once per change
    /// of the rows, not per key.
    pub value_widths: Option<ValueWidths>,
}

impl ListState {
    /// The query of what is shown, as far as counting goes (the sort and the page aside).
    pub fn count_key(&self) -> ListQuery {
        ListQuery {
            filter: Filter::new(&self.filter),
            status: self.status,
            paid: self.paid,
            ..ListQuery::default()
        }
        .count_key()
    }

    /// The count of the current query, if it has arrived.
    pub fn current_count(&self) -> Option<ListCount> {
        self.count
            .as_ref()
            .filter(|(q, _)| *q == self.count_key())
            .map(|(_, c)| *c)
    }
}

/// Per-column value widths (full, compact, dates) with the rows' version, the columns, and how
/// many rows from the first they cover.
pub type ValueWidths = (u64, Vec<Column>, Vec<(u16, u16, u16)>, usize);

/// How many rows the list asks for at first; scrolling near the end asks for this many more.
pub const LIST_LIMIT: usize = 80;

/// How many pages ahead of the selection the list keeps loaded rows.
const PREFETCH_PAGES: usize = 3;

impl Model {
    pub(super) fn reload_list(&mut self) -> Effect {
        self.list.appending = false;
        self.list_query(0, self.list.limit, true)
    }

    /// The next rows of the list (after the last loaded one, or before the first when the rows
    /// are the list's last): only those are asked for, and added when they come.
    fn more_rows(&mut self) -> Effect {
        self.list.appending = true;
        // Twice the prefetch distance at a time (at least a first page's worth): one request
        // keeps ahead of PgDn held down, where 80 rows at a time fell behind.
        let chunk = LIST_LIMIT.max(2 * PREFETCH_PAGES * self.list.page.max(10));
        self.list.limit += chunk;
        let mut effect = self.list_query(self.list.rows.len(), chunk, false);
        // In number order the next rows are those after the far edge's number: found by the
        // index, where an offset would step over every row loaded so far (a read-ahead deep in
        // a million orders took 20–30 ms at row 2 500 and grew with every page).
        if self.list.sort.column == Column::Nr
            && let Effect::LoadList { query, .. } = &mut effect
        {
            let edge = if self.list.from_end {
                self.list.rows.first()
            } else {
                self.list.rows.last()
            };
            if let Some(edge) = edge {
                query.after_nr = Some(edge.nr);
                query.offset = 0;
            }
        }
        effect
    }

    fn list_query(&mut self, offset: usize, limit: usize, count: bool) -> Effect {
        self.list.generation += 1;
        self.list.loading = true;
        let mut sort = self.list.sort;
        if self.list.from_end {
            // The exact reverse order (every sort ends with the order number), turned back
            // when the rows arrive.
            sort.descending = !sort.descending;
        }
        Effect::LoadList {
            query: ListQuery {
                filter: Filter::new(&self.list.filter),
                status: self.list.status,
                paid: self.list.paid,
                sort,
                limit,
                offset,
                after_nr: None,
            },
            generation: self.list.generation,
            count,
        }
    }

    /// Rows of the newest query arrived: the selection stays on the order it was on (when more
    /// rows came, or the list was reloaded), else within the rows.
    pub(super) fn list_loaded(&mut self, mut rows: Vec<OrderSummary>) -> Vec<Effect> {
        self.list.rows_version += 1;
        if self.list.from_end {
            rows.reverse();
        }
        self.list.loading = false;
        if std::mem::take(&mut self.list.appending) {
            // More of the same list: added at its far end (an order that moved in between is
            // not shown twice).
            let seen: std::collections::HashSet<i64> =
                self.list.rows.iter().map(|r| r.nr).collect();
            rows.retain(|r| !seen.contains(&r.nr));
            let added = rows.len();
            if self.list.from_end {
                self.list.selected += added;
                self.list.top += added;
                rows.append(&mut self.list.rows);
                self.list.rows = rows;
                self.list.grown = Some((self.list.rows_version, 0..added));
            } else {
                let start = self.list.rows.len();
                self.list.rows.append(&mut rows);
                self.list.grown = Some((self.list.rows_version, start..start + added));
            }
            // A move that went past the rows goes on into the new ones.
            if self.list.pending_move != 0 {
                return self.move_selection(0);
            }
            return Vec::new();
        }
        self.list.pending_move = 0;
        self.list.grown = None;
        let before = self.list.rows.get(self.list.selected).map(|r| r.nr);
        let last = rows.len().saturating_sub(1);
        self.list.selected = if self.list.selected == usize::MAX {
            last
        } else {
            before
                .and_then(|nr| rows.iter().position(|r| r.nr == nr))
                .unwrap_or(self.list.selected)
                .min(last)
        };
        self.list.rows = rows;
        Vec::new()
    }

    /// Start the list over from its first row (a new filter, sort or quick filter).
    pub(super) fn list_from_start(&mut self) -> Effect {
        self.list.selected = 0;
        self.list.limit = LIST_LIMIT;
        self.list.from_end = false;
        self.reload_list()
    }

    /// A mouse event: click selects a row, double use of Enter opens; right-click on the header
    /// row opens "Visa kolumn..." as in ProMeister.
    pub fn on_mouse(&mut self, ev: MouseEvent, header_row: u16, first_row: u16) -> Vec<Effect> {
        if self.screen != Screen::List || self.overlay != Overlay::None {
            return Vec::new();
        }
        match ev.kind {
            MouseEventKind::Down(MouseButton::Right) if ev.row == header_row => {
                self.act(Action::ChooseColumns)
            }
            MouseEventKind::Down(MouseButton::Left) if ev.row >= first_row => {
                let i = usize::from(ev.row - first_row);
                if i < self.list.rows.len() {
                    self.list.selected = i;
                }
                Vec::new()
            }
            MouseEventKind::ScrollDown => self.move_selection(1),
            MouseEventKind::ScrollUp => self.move_selection(-1),
            _ => Vec::new(),
        }
    }

    pub(super) fn move_selection(&mut self, delta: isize) -> Vec<Effect> {
        let n = self.list.rows.len();
        let delta = delta + std::mem::take(&mut self.list.pending_move);
        if n > 0 {
            let target = self.list.selected as isize + delta;
            let next = target.clamp(0, n as isize - 1);
            self.list.selected = next as usize;
            // Past the edge where more rows come (asked for, or a full page that has more):
            // the rest waits for them.
            let past = if self.list.from_end {
                target < 0
            } else {
                target > n as isize - 1
            };
            if past && (self.list.appending || n == self.list.limit) {
                self.list.pending_move = target - next;
            }
        }
        // Within three pages of the loaded rows' far edge (the end, or the start when they are
        // the last rows of the list): ask for more, so that the next rows are in memory before
        // PgDn reaches them and a key never waits for the database.
        let ahead = PREFETCH_PAGES * self.list.page.max(10);
        let near_edge = if self.list.from_end {
            self.list.selected < ahead
        } else {
            self.list.selected + ahead >= n
        };
        if n == self.list.limit && !self.list.loading && near_edge {
            return vec![self.more_rows()];
        }
        Vec::new()
    }

    pub(super) fn list_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let page = self.list.page.max(1) as isize;
        match key.code {
            KeyCode::Up => self.move_selection(-1),
            KeyCode::Down => self.move_selection(1),
            KeyCode::PageUp => self.move_selection(-page),
            KeyCode::PageDown => self.move_selection(page),
            KeyCode::Home if self.list.from_end => vec![self.list_from_start()],
            KeyCode::Home => self.move_selection(-(self.list.rows.len() as isize)),
            // The last order of the whole list in one press: unless every row is loaded, the
            // last rows are asked for (in the reverse order) and the selection goes to the end.
            KeyCode::End if self.list.rows.len() < self.list.limit || self.list.from_end => {
                self.move_selection(self.list.rows.len() as isize)
            }
            KeyCode::End => {
                self.list.from_end = true;
                self.list.limit = LIST_LIMIT;
                self.list.selected = usize::MAX;
                vec![self.reload_list()]
            }
            KeyCode::Left => {
                self.list.col_scroll = self.list.col_scroll.saturating_sub(1);
                Vec::new()
            }
            KeyCode::Right => {
                self.list.col_scroll += 1;
                Vec::new()
            }
            KeyCode::Enter => match self.list.rows.get(self.list.selected) {
                Some(row) => {
                    let nr = row.nr;
                    self.screen = Screen::Order;
                    self.opening = Some(nr);
                    vec![Effect::LoadOrder(nr)]
                }
                None => Vec::new(),
            },
            KeyCode::Esc => {
                if !self.list.filter.is_empty() {
                    self.list.filter.clear();
                    return vec![self.list_from_start()];
                }
                if self.order.is_some() {
                    self.screen = Screen::Order;
                }
                Vec::new()
            }
            KeyCode::Backspace => {
                if self.list.filter.pop().is_some() {
                    return vec![self.list_from_start()];
                }
                Vec::new()
            }
            KeyCode::Char(c)
                if !key
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
            {
                if self.list.filter.chars().count() < 40 {
                    self.list.filter.push(c);
                    return vec![self.list_from_start()];
                }
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    pub(super) fn columns_key(
        &mut self,
        key: KeyEvent,
        selected: usize,
        mut ticked: Vec<bool>,
    ) -> Vec<Effect> {
        let n = ticked.len();
        match key.code {
            KeyCode::Esc => self.overlay = Overlay::None,
            KeyCode::Up => {
                self.overlay = Overlay::Columns {
                    selected: selected.checked_sub(1).unwrap_or(n - 1),
                    ticked,
                }
            }
            KeyCode::Down => {
                self.overlay = Overlay::Columns {
                    selected: (selected + 1) % n,
                    ticked,
                }
            }
            KeyCode::Char(' ') => {
                ticked[selected] = !ticked[selected];
                self.overlay = Overlay::Columns { selected, ticked };
            }
            KeyCode::Enter => {
                let cols: Vec<Column> = Column::ALL
                    .iter()
                    .zip(&ticked)
                    .filter(|(_, t)| **t)
                    .map(|(c, _)| *c)
                    .collect();
                if cols.is_empty() {
                    self.error(t!(self.lang, "screen-columns-choose-one"));
                    self.overlay = Overlay::Columns { selected, ticked };
                    return Vec::new();
                }
                self.overlay = Overlay::None;
                if !cols.contains(&self.list.sort.column) {
                    self.list.sort = Sort::default();
                }
                self.list.columns = cols.clone();
                return vec![Effect::SaveColumns(cols), self.reload_list()];
            }
            _ => self.overlay = Overlay::Columns { selected, ticked },
        }
        Vec::new()
    }
}
