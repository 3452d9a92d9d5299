//! Colours in one place.

use ratatui::style::{Color, Modifier, Style};

pub fn title() -> Style {
    Style::new()
        .fg(Color::Black)
        .bg(Color::Cyan)
        .add_modifier(Modifier::BOLD)
}
pub fn sandbox() -> Style {
    Style::new()
        .fg(Color::Black)
        .bg(Color::Yellow)
        .add_modifier(Modifier::BOLD)
}
pub fn demo() -> Style {
    Style::new()
        .fg(Color::White)
        .bg(Color::Magenta)
        .add_modifier(Modifier::BOLD)
}
pub fn header() -> Style {
    Style::new()
        .fg(Color::Black)
        .bg(Color::Gray)
        .add_modifier(Modifier::BOLD)
}
pub fn selected() -> Style {
    Style::new().fg(Color::Black).bg(Color::LightCyan)
}
pub fn locked() -> Style {
    Style::new().fg(Color::DarkGray)
}
pub fn error() -> Style {
    Style::new().fg(Color::White).bg(Color::Red)
}
pub fn info() -> Style {
    Style::new().fg(Color::Black).bg(Color::Green)
}
pub fn disabled() -> Style {
    Style::new().fg(Color::DarkGray)
}
pub fn key() -> Style {
    Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
}
/// Something to act on soon: a dispute due within days, a dispute rate near the elevated fee.
pub fn warning() -> Style {
    Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
}
