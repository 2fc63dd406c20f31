//! An error as the one line a user reads: `search: ` then the message and its causes.

/// `search: {e}: {cause}: …`, a cause left out when the message already says it, made safe
/// for a terminal. The CLI prints it on stderr; the server answers it as a 400 or 500.
pub fn error_line(e: &dyn std::error::Error) -> String {
    let mut line = format!("search: {e}");
    let mut source = e.source();
    while let Some(s) = source {
        let s_text = s.to_string();
        if !line.contains(&s_text) {
            line.push_str(": ");
            line.push_str(&s_text);
        }
        source = s.source();
    }
    super::terminal(&line).into_owned()
}
