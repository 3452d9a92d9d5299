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
use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ratatui::crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event as TermEvent, KeyEventKind,
};
use ratatui::crossterm::execute;
use ratatui::{DefaultTerminal, Terminal};

use crate::app::pay::{PaySettings, Payments};
use crate::app::{AppError, provider};
use crate::domain::{Column, Lang};
use crate::store::Database;
use crate::store::Store;
use keymap::Keymap;
use model::{Effect, Model};
use worker::{Worker, WorkerContext};

/// What the counter screen needs to start.
pub struct TuiContext {
    pub lang: Lang,
    pub store: Database,
    pub db: PathBuf,
    pub config: crate::app::config::Config,
    pub config_path: Option<PathBuf>,
    pub keymap: Keymap,
    pub columns: Vec<Column>,
    pub actor: String,
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
    AppError::Io {
        sv: format!("Terminalfel: {e}"),
        en: format!("Terminal error: {e}"),
    }
}

/// Run the counter screen until the user quits.
pub fn run(ctx: TuiContext) -> Result<(), AppError> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(io_error)?;
    let setup = rt.block_on(provider::connect(
        &ctx.config,
        ctx.config_path.as_deref(),
        &ctx.db,
    ))?;
    let sandbox = setup.provider.sandbox_customer().is_some();
    let capture = !setup.provider.automatic_capture();
    let books = ctx.config.books()?;
    let demo = ctx
        .store
        .installation()
        .is_ok_and(|i| i.kind == crate::domain::DbKind::Demo);
    let store = Arc::new(Mutex::new(ctx.store));
    let callback_port = ctx.config.payments.callback_port;
    let settings = PaySettings {
        ttl_minutes: ctx
            .config
            .payments
            .link_ttl_minutes
            .unwrap_or(PaySettings::default().ttl_minutes),
        callback_url: callback_port.map(|p| format!("http://127.0.0.1:{p}")),
        ..PaySettings::default()
    };
    let payments = Arc::new(Payments::new(
        Arc::new(crate::store::Database::open(&ctx.db)?),
        Arc::clone(&setup.provider),
        &ctx.actor,
        settings,
    ));
    let (events_tx, events) = mpsc::channel();
    // Provider callbacks (hints): the named order is checked and the screen updated live.
    let listener = match callback_port {
        Some(port) => {
            let payments = Arc::clone(&payments);
            let events_tx = events_tx.clone();
            rt.block_on(async move {
                let socket = tokio::net::TcpListener::bind(("127.0.0.1", port))
                    .await
                    .ok()?;
                let (server, mut ids) = crate::payments::callbacks::listen(socket).await.ok()?;
                tokio::spawn(async move {
                    while let Some(id) = ids.recv().await {
                        if let Ok(Some(c)) = payments.on_callback(&id).await {
                            let _ = events_tx.send(model::Event::Changed(c.order.nr));
                        }
                    }
                });
                Some(server)
            })
        }
        None => None,
    };
    let worker = worker::spawn(
        rt.handle(),
        WorkerContext {
            store,
            payments,
            lang: ctx.lang,
            config_path: ctx.config_path,
            sync_every: Duration::from_secs(30),
            books,
            capture,
            print_dir: crate::app::print_dir(&ctx.db),
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
