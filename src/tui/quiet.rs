//! A terminal backend that writes nothing when a frame changes nothing.
//!
//! ratatui draws a frame as the difference from the last one, but even an empty difference
//! writes a colour reset and hides the cursor again. The counter screen redraws when a result
//! arrives that may change what is shown — a prefetched page below the screen, a count that came
//! out the same — and those empty frames reached the terminal as 25 bytes a few milliseconds
//! after the real one, so a terminal (and keylat.py) saw two frames per key. This wrapper drops
//! an empty draw and repeats of the cursor's state, and passes everything else through.

use std::io;

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};

/// Forwards to `B`, leaving out writes that would not change the terminal.
pub struct Quiet<B> {
    inner: B,
    /// The cursor as last set through this backend; None when not known (at the start, after
    /// a clear).
    visible: Option<bool>,
    at: Option<Position>,
}

impl<B> Quiet<B> {
    pub fn new(inner: B) -> Quiet<B> {
        Quiet {
            inner,
            visible: None,
            at: None,
        }
    }
}

impl<B: Backend> Backend for Quiet<B> {
    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let mut content = content.peekable();
        if content.peek().is_none() {
            return Ok(());
        }
        // Drawing moves the terminal's cursor.
        self.at = None;
        self.inner.draw(content)
    }

    fn append_lines(&mut self, n: u16) -> io::Result<()> {
        self.at = None;
        self.inner.append_lines(n)
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        if self.visible == Some(false) {
            return Ok(());
        }
        self.visible = Some(false);
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        if self.visible == Some(true) {
            return Ok(());
        }
        self.visible = Some(true);
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let position = position.into();
        if self.at == Some(position) {
            return Ok(());
        }
        self.at = Some(position);
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.at = None;
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.at = None;
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        self.inner.size()
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::CrosstermBackend;
    use ratatui::widgets::Paragraph;

    /// A writer whose bytes the test can read while the terminal owns it.
    #[derive(Clone, Default)]
    struct Shared(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

    impl io::Write for Shared {
        fn write(&mut self, b: &[u8]) -> io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    /// What each frame writes to the terminal.
    fn frames(texts: &[&str]) -> Vec<Vec<u8>> {
        let out = Shared::default();
        let mut terminal = Terminal::with_options(
            Quiet::new(CrosstermBackend::new(out.clone())),
            ratatui::TerminalOptions {
                viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, 20, 2)),
            },
        )
        .unwrap();
        let mut frames = Vec::new();
        for t in texts {
            let before = out.0.borrow().len();
            terminal
                .draw(|f| f.render_widget(Paragraph::new(*t), f.area()))
                .unwrap();
            frames.push(out.0.borrow()[before..].to_vec());
        }
        frames
    }

    #[test]
    fn a_frame_that_changes_nothing_writes_nothing() {
        let f = frames(&["Söker…", "Söker…", "Klart", "Klart"]);
        assert!(!f[0].is_empty());
        assert!(f[1].is_empty(), "an unchanged frame wrote {:?}", f[1]);
        let changed = String::from_utf8_lossy(&f[2]);
        assert!(changed.contains("Klart"), "{changed}");
        assert!(f[3].is_empty(), "an unchanged frame wrote {:?}", f[3]);
    }
}
