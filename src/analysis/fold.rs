//! Accent folding: `Azerbaïdjan` matches `azerbaidjan`, `Élysée` matches `elysee`.

use unicode_normalization::char::decompose_canonical;

/// Appends `src` to `dst` with accents removed; `src` is expected in lower case.
/// Returns whether anything changed. Allocation-free apart from `dst` growing.
pub fn fold_into(src: &str, dst: &mut String) -> bool {
    if src.is_ascii() {
        dst.push_str(src);
        return false;
    }
    let mut changed = false;
    for c in src.chars() {
        if c.is_ascii() {
            dst.push(c);
            continue;
        }
        match c {
            'ø' => dst.push('o'),
            'ł' => dst.push('l'),
            'đ' => dst.push('d'),
            'ß' => dst.push_str("ss"),
            'œ' => dst.push_str("oe"),
            'æ' => dst.push_str("ae"),
            _ => {
                let before = dst.len();
                decompose_canonical(c, |d| {
                    if !super::chars::is_combining(d) {
                        dst.push(d)
                    }
                });
                if dst.len() - before == c.len_utf8() && dst[before..].starts_with(c) {
                    continue;
                }
            }
        }
        changed = true;
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::fold_into;

    #[test]
    fn table() {
        for (src, want) in [
            ("azerbaïdjan", "azerbaidjan"),
            ("élysée", "elysee"),
            ("côté", "cote"),
            ("garçon", "garcon"),
            ("straße", "strasse"),
            ("łódź", "lodz"),
            ("paris", "paris"),
            ("日本", "日本"),
        ] {
            let mut out = String::new();
            let changed = fold_into(src, &mut out);
            assert_eq!(out, want);
            assert_eq!(changed, src != want, "{src}");
        }
    }
}
