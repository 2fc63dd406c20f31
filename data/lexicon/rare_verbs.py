#!/usr/bin/env python3
"""Lists the verbs of the lexicon that a news corpus never uses on their own, for
`rare-verbs.txt`: verbs none of whose unambiguous forms (forms of that verb only) occurs 3
times in the corpus, while their forms shared with other words (`monde` of `monder`,
`crise` of `criser`, `politique` of `politiquer`) occur 50 times or more. `generate.py` drops
their readings from the shared forms: a count of `monde` is not a count of `monder`, and the
index does not hold a posting per `monde` for it (1% of the postings of OrangeSum).

    echo > data/lexicon/rare-verbs.txt && python3 data/lexicon/generate.py   # the lexicon without the list
    python3 data/lexicon/rare_verbs.py ../shared/corpora/orangesum/articles.jsonl > /tmp/rare-verbs.txt
    mv /tmp/rare-verbs.txt data/lexicon/ && python3 data/lexicon/generate.py
"""
import collections, gzip, json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
lex = {}
for line in gzip.open(os.path.join(HERE, "lexicon.tsv.gz"), "rt", encoding="utf-8"):
    form, _, lemmas = line.rstrip("\n").split("\t")
    lex[form] = lemmas.split(" ")
counts = collections.Counter()
for line in open(sys.argv[1], encoding="utf-8"):
    a = json.loads(line)
    text = ((a.get("title") or "") + " " + (a.get("text") or "")).lower()
    text = text.replace("’", "'").replace("œ", "oe").replace("æ", "ae")
    for w in re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", text):
        counts[re.sub(r"^(?:[ldjmntsc]|qu|jusqu|lorsqu|puisqu|quoiqu)'", "", w)] += 1
forms_of = collections.defaultdict(list)
for form, lemmas in lex.items():
    for lemma in lemmas:
        forms_of[lemma].append(form)
print("# Verbs a news corpus never uses on their own (made by rare_verbs.py; see generate.py).")
for verb in sorted(forms_of):
    forms = forms_of[verb]
    if not re.search(r"(er|ir|re)$", verb) or len(forms) < 20:
        continue
    alone = sum(counts[f] for f in forms if lex[f] == [verb])
    shared = sum(counts[f] for f in forms if len(lex[f]) > 1)
    if alone < 3 and shared >= 50:
        print(verb)
