//! The counter screen: order screen, Ctrl+S / Ctrl+L, Funktion menu, F5 order list with column
//! chooser, help. One module owns the terminal (raw mode, alternate screen, mouse) and restores
//! it on every exit, panic included.
//!
//! One way through: key → keymap → action → `Model::update` → effects for the worker → events
//! back → `render(&Model)`. Rendering has no side effects; nothing here touches SQLite or HTTP.

pub mod keymap;
pub mod model;
pub mod view;
pub mod worker;

use std::io;
use std::sync::mpsc;
use std::time::Duration;

use ratatui::crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event as TermEvent, KeyEventKind,
};
use ratatui::crossterm::execute;
use ratatui::{DefaultTerminal, Terminal};

use crate::app::{AppError, Workshop};
use crate::domain::{Column, Lang};
use keymap::Keymap;
use model::{Effect, Model};
use worker::{Worker, WorkerContext};

/// What the counter screen needs to start: the workshop (every use case goes through it) and
/// how the screen looks.
pub struct TuiContext {
    pub workshop: Workshop,
    pub lang: Lang,
    pub keymap: Keymap,
    pub columns: Vec<Column>,
}

/// The terminal, restored when dropped (also on a panic, through the hook below).
struct TerminalGuard {
    terminal: DefaultTerminal,
}

impl TerminalGuard {
    fn new() -> io::Result<TerminalGuard> {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
        let terminal = ratatui::try_init()?;
        let _ = execute!(io::stdout(), EnableMouseCapture);
        Ok(TerminalGuard { terminal })
    }
}

fn restore() {
    let _ = execute!(io::stdout(), DisableMouseCapture);
    ratatui::restore();
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

fn io_error(e: io::Error) -> AppError {
    AppError::Io(crate::msg!("io-terminal-failed", error = e.to_string()))
}

/// Run the counter screen until the user quits.
pub fn run(ctx: TuiContext) -> Result<(), AppError> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(io_error)?;
    let workshop = ctx.workshop;
    // The provider is connected before the screen opens (a sandbox is started if need be).
    let sandbox = rt.block_on(workshop.connect_payments())?.is_some();
    let demo = workshop
        .installation()
        .is_ok_and(|i| i.kind == crate::domain::DbKind::Demo);
    let (events_tx, events) = mpsc::channel();
    // Provider callbacks (hints): the named order is checked and the screen updated live.
    let listener = match rt.block_on(workshop.listen_callbacks()) {
        Ok(Some((server, mut changed))) => {
            let events_tx = events_tx.clone();
            rt.spawn(async move {
                while let Some(nr) = changed.recv().await {
                    let _ = events_tx.send(model::Event::Changed(nr));
                }
            });
            Some(server)
        }
        Ok(None) => None,
        Err(e) => {
            tracing::warn!(error = %e.message(Lang::En), "callbacks not heard; Ctrl+L and the sync still check");
            None
        }
    };
    let worker = worker::spawn(
        rt.handle(),
        WorkerContext {
            workshop,
            lang: ctx.lang,
            sync_every: Duration::from_secs(30),
        },
        events_tx,
    );
    let mut model = Model::new(ctx.lang, ctx.keymap, sandbox, ctx.columns);
    model.demo = demo;
    let result = {
        let mut guard = TerminalGuard::new().map_err(io_error)?;
        event_loop(&mut guard.terminal, &mut model, &worker, &events)
    };
    if let Some(server) = listener {
        rt.block_on(server.shutdown());
    }
    rt.shutdown_timeout(Duration::from_secs(1));
    result
}

fn dispatch(worker: &Worker, effects: Vec<Effect>) {
    for e in effects {
        worker.send(e);
    }
}

fn event_loop<B: ratatui::backend::Backend>(
    terminal: &mut Terminal<B>,
    model: &mut Model,
    worker: &Worker,
    events: &mpsc::Receiver<model::Event>,
) -> Result<(), AppError> {
    dispatch(worker, model.start());
    loop {
        terminal
            .draw(|f| view::render(model, f))
            .map_err(io_error)?;
        if model.quit {
            return Ok(());
        }
        if event::poll(Duration::from_millis(100)).map_err(io_error)? {
            match event::read().map_err(io_error)? {
                TermEvent::Key(k) if k.kind != KeyEventKind::Release => {
                    let fx = model.on_key(k);
                    dispatch(worker, fx);
                }
                TermEvent::Mouse(m) => {
                    let fx = model.on_mouse(m, view::LIST_HEADER_ROW, view::LIST_FIRST_ROW);
                    dispatch(worker, fx);
                }
                _ => {}
            }
        } else {
            model.tick();
        }
        while let Ok(ev) = events.try_recv() {
            let fx = model.on_event(ev);
            dispatch(worker, fx);
        }
    }
}
