//! Builds the lexicon tables the binary ships (`data/lexicon/forms.fst`, `folded.fst`,
//! `lists.txt`) from `data/lexicon/lexicon.tsv.gz`, which `data/lexicon/generate.py` makes
//! from the Dicollecte dictionary. Run from the repository root:
//!
//!     cargo run --release --example build_lexicon
//!
//! `forms.fst` maps a written form (lower case, accents kept) to the offset of its lemma list
//! in `lists.txt`, shifted left by one, with the low bit set when the form is a headword.
//! `folded.fst` maps a folded (accentless) spelling to two offsets: the headwords among the
//! forms that fold to it (high 32 bits; `u32::MAX` when none) and the union of their lemmas
//! (low 32 bits). A list is its lemmas separated by spaces, ending with a newline.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{BufRead, BufReader};

use search::analysis::fold_into;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::path::Path::new("data/lexicon");
    let file = std::fs::File::open(dir.join("lexicon.tsv.gz"))?;
    let reader = BufReader::new(flate2::read::GzDecoder::new(file));
    let mut lists = String::new();
    let mut offsets: HashMap<String, u64> = HashMap::new();
    let mut list = |items: &BTreeSet<String>| -> u64 {
        let text = items.iter().cloned().collect::<Vec<_>>().join(" ");
        *offsets.entry(text.clone()).or_insert_with(|| {
            let at = lists.len() as u64;
            lists.push_str(&text);
            lists.push('\n');
            at
        })
    };
    let mut forms = tantivy_fst::MapBuilder::memory();
    // folded spelling -> (headwords, lemmas)
    let mut folded: BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)> = BTreeMap::new();
    let mut n = 0;
    for line in reader.lines() {
        let line = line?;
        let mut cols = line.split('\t');
        let (Some(form), Some(head), Some(lemmas)) = (cols.next(), cols.next(), cols.next()) else {
            return Err(format!("bad line {line:?}").into());
        };
        let lemmas: BTreeSet<String> = lemmas.split(' ').map(str::to_string).collect();
        let head = head == "1";
        let at = list(&lemmas);
        forms.insert(form, at << 1 | u64::from(head))?;
        let mut key = String::new();
        fold_into(form, &mut key);
        let entry = folded.entry(key).or_default();
        if head {
            entry.0.insert(form.to_string());
        }
        entry.1.extend(lemmas);
        n += 1;
    }
    let mut folded_map = tantivy_fst::MapBuilder::memory();
    for (key, (heads, lemmas)) in &folded {
        let h = if heads.is_empty() {
            u64::from(u32::MAX)
        } else {
            list(heads)
        };
        folded_map.insert(key, h << 32 | list(lemmas))?;
    }
    std::fs::write(dir.join("forms.fst"), forms.into_inner()?)?;
    std::fs::write(dir.join("folded.fst"), folded_map.into_inner()?)?;
    std::fs::write(dir.join("lists.txt"), &lists)?;
    eprintln!(
        "{n} forms, {} folded spellings, {} bytes of lists",
        folded.len(),
        lists.len()
    );
    Ok(())
}
