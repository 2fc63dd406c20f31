#!/usr/bin/env python3
"""Generates the French lexicon table (written form -> lemmas) from Debian's
hunspell-fr-comprehensive (the Dicollecte dictionary, MPL-2.0).

    apt-get install hunspell hunspell-tools hunspell-fr-comprehensive
    python3 data/lexicon/generate.py          # writes data/lexicon/lexicon.tsv.gz
    cargo run --release --example build_lexicon   # writes forms.fst, folded.fst, lists.txt

Every form the affix rules make (`unmunch`) is analysed by hunspell itself (`hunspell -m`),
which gives each reading's lemma (`st:`); `fixes.tsv` (ours) mends the dictionary's gaps, and the verbs of `rare-verbs.txt` lose
their readings of forms shared with other words.
Lines of the output: form <TAB> 1 if the form is a headword (a lemma of its own) else 0
<TAB> lemmas separated by spaces. Forms and lemmas are lower case, NFC, `œ`/`æ` expanded,
apostrophes as `'`; forms with a space or a hyphen are left out (the analyzer splits them).
"""
import gzip, os, re, subprocess, sys, unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
DIC = "/usr/share/hunspell/fr.dic"
AFF = "/usr/share/hunspell/fr.aff"
ELIDED = re.compile(r"^(?:[ldjmntsc]|qu|jusqu|lorsqu|puisqu|quoiqu)'", re.I)


def norm(w):
    w = unicodedata.normalize("NFC", w).lower()
    w = w.replace("’", "'").replace("œ", "oe").replace("æ", "ae")
    return w


def main():
    for f in (DIC, AFF):
        if not os.path.exists(f):
            sys.exit(f"generate.py: {f} not found: apt-get install hunspell hunspell-tools hunspell-fr-comprehensive")
    cands = {}
    raw = subprocess.run(["unmunch", DIC, AFF], capture_output=True).stdout.decode("utf-8", "replace")
    words = raw.splitlines()
    for line in open(DIC, encoding="utf-8").read().splitlines()[1:]:
        words.append(line.split("/")[0].split("\t")[0].split(" ")[0])
    for w in words:
        w = ELIDED.sub("", w.split("/")[0]).rstrip("0")
        if w and " " not in w and "-" not in w and "." not in w:
            cands[w] = True
    cands = sorted(cands)
    out = subprocess.run(["hunspell", "-d", "fr_FR", "-m"], input="\n".join(cands) + "\n",
                         capture_output=True, text=True).stdout
    table = {}  # form -> set of lemmas
    common = set()  # forms read as a common noun or adjective (not a name)
    readings = [re.match(r"^(\S+)\s+st:(\S+)(.*)", line) for line in out.splitlines()]
    readings = [m for m in readings if m]
    for m in readings:
        form, lemma = norm(m.group(1)), norm(m.group(2))
        if any(c.isdigit() for c in form) or "-" in lemma:
            continue
        table.setdefault(form, set()).add(lemma)
        if re.search(r"po:(nom|adj)\b", m.group(3)) and m.group(2)[:1].islower():
            common.add(form)
    # Our fixes: form <TAB> lemmas (replacing the dictionary's), '#' comments.
    for line in open(os.path.join(HERE, "fixes.tsv"), encoding="utf-8"):
        line = line.split("#")[0].rstrip("\n")
        if not line.strip():
            continue
        form, lemmas = line.split("\t")[:2]
        table[norm(form)] = {norm(l) for l in lemmas.split()}
    # Verbs a news corpus never uses on their own (`rare-verbs.txt`, made by rare_verbs.py):
    # their readings of forms shared with other words are dropped (`monde` is not `monder`).
    rare = {l.strip() for l in open(os.path.join(HERE, "rare-verbs.txt"), encoding="utf-8")
            if l.strip() and not l.startswith("#")}
    for form, lemmas in table.items():
        if len(lemmas) > 1 and lemmas - rare:
            lemmas -= rare
    # Spellings of the 1990 rectifications, which drop the circumflex of i and u (`ile`,
    # `chaine`, `maitre`, `gout`, `paraitre`), are lemmas of their own in the dictionary:
    # they are the same words as the classical spellings (`Ile-de-France` is `Île-de-France`).
    # Not where the circumflex tells two words apart, which the rectifications keep.
    lemmas_all = set()
    for lemmas in table.values():
        lemmas_all |= lemmas
    plain = lambda w: w.replace("î", "i").replace("û", "u")
    classical = {plain(l): l for l in lemmas_all if ("î" in l or "û" in l)}
    kept_apart = {"sur", "surs", "mur", "murs", "du", "jeune", "jeunes", "cru", "crus", "crue", "crues", "fut", "futs"}
    reform = {l: classical[l] for l in lemmas_all
              if l in classical and classical[l] != l and l not in kept_apart}
    for form, lemmas in table.items():
        if lemmas & reform.keys():
            table[form] = {reform.get(l, l) for l in lemmas}
    print(f"{len(reform)} spellings of the 1990 rectifications joined to the classical: "
          f"{' '.join(sorted(reform)[:40])} ...", file=sys.stderr)
    heads = set()
    for lemmas in table.values():
        heads |= lemmas
    # Plurals the affix rules leave out: a form that is a common noun or adjective plus -s or
    # -x, and neither a headword nor a noun or adjective itself, is also a form of that word
    # (`mètres` was only a form of the verb `métrer`). Listed on stderr for review.
    added = []
    for form, lemmas in table.items():
        if form in heads or form in common or form[-1:] not in ("s", "x"):
            continue
        head = form[:-1]
        if head in heads and head in common and head not in lemmas:
            lemmas.add(head)
            added.append(form)
    print(f"{len(added)} plurals added to their singular: {' '.join(sorted(added)[:60])} ...", file=sys.stderr)
    with gzip.open(os.path.join(HERE, "lexicon.tsv.gz"), "wt", encoding="utf-8", compresslevel=9) as f:
        for form in sorted(table, key=lambda s: s.encode("utf-8")):
            f.write(f"{form}\t{1 if form in heads else 0}\t{' '.join(sorted(table[form]))}\n")
    print(f"{len(table)} forms, {len(heads)} lemmas", file=sys.stderr)


if __name__ == "__main__":
    main()
