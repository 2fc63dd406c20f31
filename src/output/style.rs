//! The styles of text output on a terminal, as `anstyle` values: one per kind of thing shown,
//! so that a match, a title, a source and secondary details look different.
//!
//! Printers write a style only when told to colour (the CLI decides, with `anstream`'s rules:
//! `NO_COLOR`, `CLICOLOR_FORCE`, `CLICOLOR`, `TERM=dumb`, a terminal or not); without colour
//! they write exactly the plain text. Corpus text between styles still goes through
//! [`terminal`](super::terminal): the only escape sequences in coloured output are these.

use anstyle::{AnsiColor, Color, Style};

/// A match of the query: bold red.
pub const MATCH: Style = Style::new()
    .bold()
    .fg_color(Some(Color::Ansi(AnsiColor::Red)));
/// A title, a table's header row, a total: bold.
pub const TITLE: Style = Style::new().bold();
/// A batch's query header (`## [0] …`, `== …`): bold magenta.
pub const HEADER: Style = Style::new()
    .bold()
    .fg_color(Some(Color::Ansi(AnsiColor::Magenta)));
/// A source (outlet, agency): cyan.
pub const SOURCE: Style = Style::new().fg_color(Some(Color::Ansi(AnsiColor::Cyan)));
/// A date: green.
pub const DATE: Style = Style::new().fg_color(Some(Color::Ansi(AnsiColor::Green)));
/// Secondary details (ids, places, scores, hints): dimmed.
pub const DIM: Style = Style::new().dimmed();

/// `text` in `style` when `color` is on, else `text` as it is.
pub(crate) fn paint(color: bool, style: Style, text: &str) -> String {
    if color {
        format!("{}{text}{}", style.render(), style.render_reset())
    } else {
        text.to_string()
    }
}

/// The opening and closing sequences of `style`, or two empty strings without colour.
pub(crate) fn codes(color: bool, style: Style) -> (String, String) {
    if color {
        (style.render().to_string(), style.render_reset().to_string())
    } else {
        (String::new(), String::new())
    }
}
