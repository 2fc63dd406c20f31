#!/usr/bin/env python3
"""Inflected-form coverage of `search count --forms`, judged by a lexicon table.

What it measures. The N most frequent content words of a corpus (default N = 2,000) are the
queries, each typed as its written form (`mesures`, `gouvernement`). For each query q the
oracle, the lexicon table (`form<TAB>headword_flag<TAB>lemmas`, generated from the Dicollecte
hunspell dictionary, not by the engine), gives its lemma set L(q): {q} if q is a headword,
else q's lemmas. q's *own forms* are the corpus forms whose lexicon lemmas meet L(q): those are
the forms a search for q should count. Each system runs every query once with
`count --forms --format json --queries-file` (one process per system), and we report:

- forms found: |own ∩ counted| / |own|, micro-averaged over all (query, form) pairs and
  weighted by the forms' corpus occurrences; queries that miss at least one own form;
- foreign forms: counted forms the lexicon knows but whose lemmas do not meet L(q) (forms of
  other words), as (query, form) pairs, their occurrences (as counted by the engine) and the
  queries with at least one; counted forms the lexicon does not know (unaccented spellings,
  names, typos) are counted apart as "unknown to the lexicon", neither right nor foreign;
- 10 example misses and 10 example foreign forms per system (one per query, most frequent
  first).

Caveat: the table is independent of the engine's code, not of a lexicon build's data: a build
whose analyzer is compiled from this same table (`examples/build_lexicon.rs`) is graded
against its own data, so its score shows consistency with the table, not correctness.

Corpus tokens: `[^\\W\\d_]+(?:'[^\\W\\d_]+)*` over the article text (not the title,
which `count` does not count: `=armera`, only in a title, counts 0), lower case, NFC, œ→oe,
æ→ae, ’→', soft hyphens dropped (as the engine does), leading elided articles (l' d' qu'
jusqu'…) stripped. Content words: not in STOP below, at least 3 letters, known to the
lexicon. Forms listed by the engine get the same normalisation before they are looked up.

Run (from the repository root; Python 3.11, standard library only):

    python3 eval/forms_coverage.py ../shared/corpora/orangesum/articles.jsonl \\
        data/lexicon/lexicon.tsv.gz before=/tmp/search-before:/tmp/idx-before \\
        after=/tmp/search-after:/tmp/idx-after [--limit 2000]
"""
import argparse, collections, gzip, json, os, re, subprocess, sys, tempfile, time, unicodedata

TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
ELIDED = re.compile(r"^(?:[ldjmntsc]|qu|jusqu|lorsqu|puisqu|quoiqu)'")
STOP = set("""
le la les un une des du au aux l d
je tu il elle on nous vous ils elles me te se moi toi lui leur leurs eux soi y en
ce ceci cela ça celui celle ceux celles ci qui que quoi dont où lequel laquelle lesquels
lesquelles duquel auquel auxquels mon ma mes ton ta tes son sa ses notre nos votre vos cet
cette ces quel quelle quels quelles tout tous toute toutes chaque aucun aucune autre autres
même mêmes plusieurs certains certaines rien quelque quelques tel telle tels telles
à de dans par pour sur sous avec sans chez entre vers contre depuis pendant avant après selon
malgré parmi durant hors jusque dès envers via lors outre face
et ou mais donc or ni car si comme quand lorsque puisque parce afin tandis alors ainsi
être suis es est sommes êtes sont était étaient étais étions été sera seront serait seraient
soit soient fut furent avoir ai as a avons avez ont avait avaient avais eu aura auront aurait
auraient ait aient eût étant ayant eue eus eues eut eurent avions aviez aurai auras aurons
aurez aurais aurions auriez aies ayons ayez serai seras serons serez serais serions seriez
sois soyons soyez fus fût fûmes étiez
ne pas plus moins très aussi bien encore déjà toujours jamais trop peu beaucoup ici là non
oui tant puis enfin surtout notamment seulement également désormais ensuite environ près
souvent parfois vraiment assez comment pourquoi combien autant aujourd'hui hier demain
cependant pourtant toutefois néanmoins plutôt presque quasiment tard tôt voici voilà
""".split())


def norm(w):
    w = unicodedata.normalize("NFC", w).lower().replace("\u00ad", "")  # soft hyphen: ignored
    return w.replace("’", "'").replace("œ", "oe").replace("æ", "ae")


def corpus_freqs(path):
    freq = collections.Counter()
    with open(path, encoding="utf-8") as f:
        for line in f:
            art = json.loads(line)
            text = norm(art.get("text") or "")  # titles: `count` does not count them
            for tok in TOKEN.findall(text):
                while ELIDED.match(tok) and ELIDED.sub("", tok):
                    tok = ELIDED.sub("", tok)
                freq[tok] += 1
    return freq


def load_lexicon(path):
    lex = {}  # form -> (is_headword, frozenset of lemmas)
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            form, head, lemmas = line.rstrip("\n").split("\t")
            lex[form] = (head == "1", frozenset(lemmas.split()))
    return lex


def run_engine(binary, index, queries):
    """{query number: {normalised form: occurrences}} from one batch run."""
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", encoding="utf-8", delete=False) as f:
        f.writelines(f"q{i}\t{q}\n" for i, q in enumerate(queries))
    try:
        cmd = [binary, "count", "--index", index, "--forms", "--format", "json", "--queries-file", f.name]
        proc = subprocess.run(cmd, capture_output=True, text=True)
    finally:
        os.unlink(f.name)
    if proc.returncode not in (0, 1):
        print(f"warning: {binary} exited {proc.returncode}: {proc.stderr.strip()[:500]}", file=sys.stderr)
    out = {}
    for line in proc.stdout.splitlines():
        rec = json.loads(line)
        if "forms" in rec and str(rec.get("name", "")).startswith("q"):
            forms = collections.Counter()
            for item in rec["forms"]:
                forms[norm(item["form"])] += item["occurrences"]
            out[int(rec["name"][1:])] = forms
    return out


def evaluate(queries, lemmas_of, own, freq, lex, counted):
    s = collections.Counter()
    misses, foreign = [], []
    for i, q in enumerate(queries):
        got = counted.get(i, {})
        exp = own[q]
        hit = exp & got.keys()
        s["expected"] += len(exp)
        s["found"] += len(hit)
        s["expected_occ"] += sum(freq[f] for f in exp)
        s["found_occ"] += sum(freq[f] for f in hit)
        if exp - hit:
            s["q_missing"] += 1
            misses += [(freq[f], q, f) for f in exp - hit]
        s["no_result"] += not got
        q_foreign = False
        for f, n in got.items():
            if f in exp:
                continue
            if f not in lex:
                s["unknown"] += 1
                s["unknown_occ"] += n
            elif not (lex[f][1] & lemmas_of[q]):
                s["foreign"] += 1
                s["foreign_occ"] += n
                q_foreign = True
                foreign.append((n, q, f))
            else:  # a form of q absent from our tokenisation of the corpus
                s["extra_own"] += 1
        s["q_foreign"] += q_foreign
    return s, examples(misses), examples(foreign)


def examples(items, k=10):
    """The k most frequent items, one per query."""
    seen, out = set(), []
    for n, q, f in sorted(items, key=lambda t: (-t[0], t[1], t[2])):
        if q not in seen:
            seen.add(q)
            out.append((n, q, f))
        if len(out) == k:
            break
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus")
    ap.add_argument("lexicon")
    ap.add_argument("systems", nargs="+", metavar="NAME=BIN:INDEX")
    ap.add_argument("--limit", type=int, default=2000)
    args = ap.parse_args()
    t0 = time.time()
    lex = load_lexicon(args.lexicon)
    freq = corpus_freqs(args.corpus)
    print(f"corpus: {sum(freq.values()):,} tokens, {len(freq):,} forms; lexicon: {len(lex):,} forms "
          f"({time.time() - t0:.1f}s)", file=sys.stderr)
    queries = [w for w, _ in freq.most_common()
               if w not in STOP and len(w) >= 3 and w in lex][:args.limit]
    lemmas_of = {q: frozenset([q]) if lex[q][0] else lex[q][1] for q in queries}
    by_lemma = collections.defaultdict(set)  # lemma -> corpus forms
    for f in freq:
        for lem in lex.get(f, (0, ()))[1]:
            by_lemma[lem].add(f)
    own = {q: set().union(*(by_lemma[lem] for lem in lemmas_of[q])) for q in queries}
    rows, notes = [], []
    for spec in args.systems:
        name, _, rest = spec.partition("=")
        binary, _, index = rest.partition(":")
        t1 = time.time()
        counted = run_engine(binary, index, queries)
        secs = time.time() - t1
        s, miss, forn = evaluate(queries, lemmas_of, own, freq, lex, counted)
        rows.append((name, s, secs))
        notes.append(f"\n**{name}**: misses (query → own form not counted, corpus occurrences)\n")
        notes += [f"- `{q}` → `{f}` ({n:,}; lemmas {' '.join(sorted(lex[f][1]))})" for n, q, f in miss]
        notes.append(f"\n**{name}**: foreign forms (query → counted form of another word, occurrences)\n")
        notes += [f"- `{q}` → `{f}` ({n:,}; lemmas {' '.join(sorted(lex[f][1]))}; "
                  f"query lemmas {' '.join(sorted(lemmas_of[q]))})" for n, q, f in forn]
    pct = lambda a, b: f"{100 * a / b:.1f}%" if b else "n/a"
    nq = len(queries)
    print(f"{nq:,} query words (most frequent content words), "
          f"{sum(len(own[q]) for q in queries):,} expected (query, own form) pairs\n")
    print("| system | forms found (pairs) | forms found (occurrences) | queries missing ≥1 own form "
          "| foreign pairs | foreign occurrences | queries with ≥1 foreign form "
          "| unknown to the lexicon: pairs (occ.) | queries with no result | seconds |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, s, secs in rows:
        print(f"| {name} | {pct(s['found'], s['expected'])} ({s['found']:,}/{s['expected']:,}) "
              f"| {pct(s['found_occ'], s['expected_occ'])} | {s['q_missing']:,} ({pct(s['q_missing'], nq)}) "
              f"| {s['foreign']:,} | {s['foreign_occ']:,} | {s['q_foreign']:,} ({pct(s['q_foreign'], nq)}) "
              f"| {s['unknown']:,} ({s['unknown_occ']:,}) | {s['no_result']:,} | {secs:.1f} |")
    print("\n".join(notes))
    print(f"\ntotal time {time.time() - t0:.1f}s", file=sys.stderr)


if __name__ == "__main__":
    main()
