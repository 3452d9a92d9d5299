//! The F5 order list: its state, the query it asks for, keys, mouse and the column chooser.

use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

use super::{Effect, Model, Overlay, Screen};
use crate::app::ListQuery;
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
}

/// How many rows the list asks for at first; scrolling near the end asks for this many more.
pub const LIST_LIMIT: usize = 80;

impl Model {
    pub(super) fn reload_list(&mut self) -> Effect {
        self.list.generation += 1;
        self.list.loading = true;
        Effect::LoadList {
            query: ListQuery {
                filter: Filter::new(&self.list.filter),
                status: self.list.status,
                paid: self.list.paid,
                sort: self.list.sort,
                limit: self.list.limit,
                offset: 0,
            },
            generation: self.list.generation,
        }
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
        if n > 0 {
            let next = (self.list.selected as isize + delta).clamp(0, n as isize - 1);
            self.list.selected = next as usize;
        }
        // Near the end of a full page: ask for the next rows too.
        if n == self.list.limit
            && !self.list.loading
            && self.list.selected + self.list.page.max(10) >= n
        {
            self.list.limit += LIST_LIMIT;
            return vec![self.reload_list()];
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
            KeyCode::Home => self.move_selection(-(self.list.rows.len() as isize)),
            KeyCode::End => self.move_selection(self.list.rows.len() as isize),
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
                    self.list.selected = 0;
                    self.list.limit = LIST_LIMIT;
                    return vec![self.reload_list()];
                }
                if self.order.is_some() {
                    self.screen = Screen::Order;
                }
                Vec::new()
            }
            KeyCode::Backspace => {
                if self.list.filter.pop().is_some() {
                    self.list.selected = 0;
                    self.list.limit = LIST_LIMIT;
                    return vec![self.reload_list()];
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
                    self.list.selected = 0;
                    self.list.limit = LIST_LIMIT;
                    return vec![self.reload_list()];
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
