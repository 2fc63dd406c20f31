//! The README's examples on the sample corpus, run through the real binary: every line the
//! README shows under a `$ search …` command is printed by that command, in that order (a
//! block may leave lines out, with `…`). The examples that need other files (an index built
//! elsewhere, a queries file, a report) are not run here.

mod common;

use common::{root, run, sample_corpus};

/// The commands of the README run here: those on `corpus/` with the default index.
fn runnable(command: &str) -> bool {
    !["|", "--index", "queries", "report", "~/", "#", ">"]
        .iter()
        .any(|s| command.contains(s))
}

/// `$ search` commands of the README's code blocks, each with the lines shown under it.
fn examples(readme: &str) -> Vec<(usize, String, Vec<String>)> {
    let mut out = Vec::new();
    let mut in_block = false;
    let mut current: Option<(usize, String, Vec<String>)> = None;
    for (n, line) in readme.lines().enumerate() {
        if line.starts_with("```") {
            in_block = !in_block;
            out.extend(current.take());
            continue;
        }
        if !in_block {
            continue;
        }
        if let Some(command) = line.strip_prefix("$ ") {
            out.extend(current.take());
            current = Some((n + 1, command.to_string(), Vec::new()));
        } else if let Some((_, _, shown)) = &mut current {
            shown.push(line.to_string());
        }
    }
    out
}

/// Splits a shell command line into words (double and single quotes).
fn words(command: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quote = None;
    let mut started = false;
    for c in command.chars() {
        match (quote, c) {
            (None, '"' | '\'') => {
                quote = Some(c);
                started = true;
            }
            (Some(q), c) if c == q => quote = None,
            (None, ' ') => {
                if started {
                    out.push(std::mem::take(&mut word));
                    started = false;
                }
            }
            _ => {
                word.push(c);
                started = true;
            }
        }
    }
    if started {
        out.push(word);
    }
    out
}

#[test]
fn the_readme_examples_print_what_the_readme_shows() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let dir = sample_corpus();
    let here = std::fs::canonicalize(dir.path())
        .unwrap()
        .display()
        .to_string();
    let mut ran = 0;
    let mut failures = Vec::new();
    for (line, command, shown) in examples(&readme) {
        if !command.starts_with("search ") || !runnable(&command) {
            continue;
        }
        // Examples of another index (a stale one, the duplicates of two outlets) are shown
        // with their own output; they are not the sample corpus's.
        if shown
            .iter()
            .any(|l| l.starts_with("search: ") || l.contains("le-matin"))
        {
            continue;
        }
        let args = words(&command);
        let args: Vec<&str> = args[1..].iter().map(String::as_str).collect();
        let out = run(dir.path(), &args);
        // Paths are printed absolute: the README's examples run in /home/me/news.
        let printed = String::from_utf8_lossy(&out.stdout).replace(&here, "/home/me/news");
        let printed: Vec<&str> = printed.lines().map(str::trim_end).collect();
        ran += 1;
        // Each line shown, in order, among the lines printed (`…` stands for lines left out).
        let mut at = 0;
        // What changes from one build to the next (its time, its size on disk) is not compared.
        let volatile = |l: &str| l.starts_with("built  ") || l.starts_with("size on disk");
        for want in shown
            .iter()
            .map(|l| l.trim_end())
            .filter(|l| !l.is_empty() && *l != "…" && !volatile(l))
        {
            match printed[at..].iter().position(|p| *p == want) {
                Some(i) => at += i + 1,
                None => {
                    failures.push(format!(
                        "README line {line}: `{command}` does not print (in this order):\n  {want}\nit prints:\n{}",
                        printed.join("\n")
                    ));
                    break;
                }
            }
        }
    }
    assert!(ran >= 8, "only {ran} README examples found to run");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
