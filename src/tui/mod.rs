//! The counter screen: order screen, Ctrl+S / Ctrl+L, Funktion menu, F5 order list with column
//! chooser, help. One module owns the terminal (raw mode, alternate screen, mouse) and restores
//! it on every exit, panic included.
//!
//! One way through: key → keymap → action → `Model::update` → effects for the worker → events
//! back → `render(&Model)`. Rendering has no side effects; nothing here touches SQLite or HTTP.
//!
//! One event source: terminal input (read on a thread of its own), the worker's results,
//! provider callbacks and the spinner's timer all arrive on one channel, so the loop wakes the
//! moment any of them happens. It draws only after something arrived: an idle screen writes
//! nothing to the terminal.

mod input;
pub mod keymap;
pub mod model;
mod quiet;
pub mod view;
pub mod worker;

use std::io;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{
    DisableMouseCapture, EnableMouseCapture, Event as TermEvent, KeyEventKind,
};
use ratatui::crossterm::execute;

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
    terminal: Terminal<quiet::Quiet<CrosstermBackend<io::Stdout>>>,
}

impl TerminalGuard {
    fn new() -> io::Result<TerminalGuard> {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
        // ratatui's set-up (raw mode, the alternate screen), drawing through the quiet backend.
        drop(ratatui::try_init()?);
        let terminal = Terminal::new(quiet::Quiet::new(CrosstermBackend::new(io::stdout())))?;
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
    let sandbox_url = rt.block_on(workshop.connect_payments())?;
    let sandbox = sandbox_url.is_some();
    let provider = rt.block_on(workshop.provider_name()).unwrap_or_default();
    let training = workshop.training();
    let demo = workshop
        .installation()
        .is_ok_and(|i| i.kind == crate::domain::DbKind::Demo);
    let (wake_tx, events) = mpsc::channel();
    let input_tx = wake_tx.clone();
    let events_tx = Events(wake_tx);
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
            disputes_every: Duration::from_secs(5 * 60),
        },
        events_tx,
    );
    let mut model = Model::new(ctx.lang, ctx.keymap, sandbox, ctx.columns);
    model.provider = provider;
    model.sandbox_address = sandbox_url.map(|u| {
        let u = u.trim_end_matches('/');
        u.split_once("://").map_or(u, |(_, rest)| rest).to_string()
    });
    model.demo = demo;
    model.training = training;
    let result = {
        let mut guard = TerminalGuard::new().map_err(io_error)?;
        input::spawn(input_tx);
        event_loop(&mut guard.terminal, &mut model, &worker, &events)
    };
    if let Some(server) = listener {
        rt.block_on(server.shutdown());
    }
    rt.shutdown_timeout(Duration::from_secs(1));
    result
}

/// What wakes the counter screen. Everything arrives on one channel.
pub enum Wake {
    /// A key, a mouse event or a resize from the terminal.
    Terminal(TermEvent),
    /// The terminal can no longer be read.
    InputFailed(io::Error),
    /// A result from the worker or a callback.
    Worker(model::Event),
}

/// The worker's side of the channel: it sends model events, the loop receives them as [`Wake`].
#[derive(Clone)]
pub struct Events(mpsc::Sender<Wake>);

impl Events {
    pub fn send(&self, ev: model::Event) -> Result<(), mpsc::SendError<Wake>> {
        self.0.send(Wake::Worker(ev))
    }
}

/// How often the spinner turns while a job runs (the only timer; none while idle).
const SPINNER_EVERY: Duration = Duration::from_millis(250);

fn dispatch(worker: &Worker, effects: Vec<Effect>) {
    for e in effects {
        worker.send(e);
    }
}

fn event_loop<B: ratatui::backend::Backend>(
    terminal: &mut Terminal<B>,
    model: &mut Model,
    worker: &Worker,
    events: &mpsc::Receiver<Wake>,
) -> Result<(), AppError> {
    // Effects wait until the frame that answers their key is out: see below.
    let mut pending = model.start();
    let mut next_tick = Instant::now() + SPINNER_EVERY;
    loop {
        terminal
            .draw(|f| view::render(model, f))
            .map_err(io_error)?;
        // Only now is the worker given its work (the next rows read ahead, a search). Sent
        // before the frame, the worker woke and took the CPU from the frame on a busy
        // machine: one PgDn in six (the one that asked for the next rows) was drawn 4–11 ms
        // late, after the worker's query (docs/BENCHMARKS.md, issue 11).
        dispatch(worker, std::mem::take(&mut pending));
        if model.quit {
            return Ok(());
        }
        // Sleep until something arrives; while a job runs, also until the spinner's next turn.
        let first = if model.busy.is_some() {
            let now = Instant::now();
            if now >= next_tick {
                next_tick = now + SPINNER_EVERY;
                model.tick();
                continue;
            }
            match events.recv_timeout(next_tick - now) {
                Ok(w) => w,
                Err(mpsc::RecvTimeoutError::Timeout) => continue,
                Err(mpsc::RecvTimeoutError::Disconnected) => return Ok(()),
            }
        } else {
            match events.recv() {
                Ok(w) => w,
                Err(_) => return Ok(()),
            }
        };
        // Take everything that is already waiting (a pasted text, a burst of results) before
        // the next frame: one frame answers them all.
        handle(model, first, &mut pending)?;
        while !model.quit {
            match events.try_recv() {
                Ok(w) => handle(model, w, &mut pending)?,
                Err(_) => break,
            }
        }
    }
}

/// One thing that arrived, given to the model; its effects are added to `pending`, for the
/// worker once the next frame is drawn.
fn handle(model: &mut Model, wake: Wake, pending: &mut Vec<Effect>) -> Result<(), AppError> {
    let fx = match wake {
        Wake::Terminal(TermEvent::Key(k)) if k.kind != KeyEventKind::Release => model.on_key(k),
        Wake::Terminal(TermEvent::Mouse(m)) => {
            model.on_mouse(m, view::LIST_HEADER_ROW, view::LIST_FIRST_ROW)
        }
        Wake::Terminal(_) => Vec::new(),
        Wake::InputFailed(e) => return Err(io_error(e)),
        Wake::Worker(ev) => model.on_event(ev),
    };
    pending.extend(fx);
    Ok(())
}
