#!/usr/bin/env python3
"""Writes fuzz/seeds/<target>/: small hand-written inputs taken from the repository's corpus/
and from the fixtures written by tests/ (ingest_formats.rs, query_language.rs). Run from fuzz/."""
import gzip, os, re, pathlib

here = pathlib.Path(__file__).resolve().parent
repo = here.parent
seeds = here / "seeds"

def put(target, name, data):
    d = seeds / target
    d.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    (d / name).write_bytes(data)

samples = sorted((repo / "corpus").glob("*.txt"))
jsonl = [
    '{"id": "l1", "title": "Ligne", "date": "2023-09-20", "text": "Le mot zanzibar est ici."}',
    '{"guid": "y8", "headline": "Autre", "published_at": "1er octobre 2023", "body": "Le mot ornithorynque encore.", "source": "AFP", "url": "https://x.fr/a"}',
    '{"text":"un"}\nnot json\n{"text":"deux","date":"x"}\n',
    '{"id": 3, "text": ["a", "b"], "date": 20230920, "title": null}\n\n{"text": "\\u00e9t\\u00e9 \\ud83d\\ude00"}\n',
]
json = [
    '[{"id": "j1", "text": "Le mot yokohama est ici."}, {"id": "j2", "title": "Deux", "date": "20/09/2023", "text": "Et xylophone ici."}]',
    '{"id": "e1", "text": "Le mot quetzal est ici."}',
    '{"articles": [{"text": "a"}], "x": [[[1]]]}',
]
csv = [
    'id,title,date,text\nc1,Colonne,20 septembre 2023,"Le mot wapiti, avec virgule"\n',
    'guid,headline,published_at,body\nx7,Le titre,2023-09-20T08:00:00Z,Le mot ornithorynque ici.\n',
    'id,text\n1,"non fermé\n2,b,extra,cols\n',
]
tsv = ['id\ttitle\ttext\nt1\tTab\tLe mot vortex ici.\n']
html = [
    '<html><head><title>Page</title><meta property="og:title" content="Page HTML">\n'
    '<meta property="article:published_time" content="2023-09-20T13:00:00+04:00"></head>\n'
    '<body><nav><p>menu ukulele</p></nav><article><p>Le mot toucan est ici.</p></article>\n'
    '<script>var s = "ukulele";</script></body></html>',
    '<p>Le mot pangolin est ici.</p>',
    '<div><div><table><tr><td>a<br>b</td></tr></table><ul><li>x</li></ul><pre>  code  </pre></div></div>',
]
text = [
    'Le mot sarabande est ici.',
    '# Titre\n\nLe mot rutabaga est ici.',
    "L'\xe9t\xe9 dernier, la r\xe9gion a \xe9t\xe9 d\xe9vast\xe9e.".encode('latin-1'),
    b'\xff\xfed\x00\xe9\x00\n\x00\n\x00x\x00',
    b'\xfe\xff\x00d\x00\xe9',
    b'\xef\xbb\xbfd\xc3\xa9j\xc3\xa0\r\n\r\nsuite',
    ("l'été à Montréal, déjà " * 3).encode() + b'\xff',
] + [p.read_bytes() for p in samples]

for i, s in enumerate(jsonl): put("read_jsonl", f"seed{i}", s)
for i, s in enumerate(json): put("read_json", f"seed{i}", s)
for i, s in enumerate(csv): put("read_csv", f"csv{i}", b"\x00" + s.encode())
for i, s in enumerate(tsv): put("read_csv", f"tsv{i}", b"\x01" + s.encode())
for i, s in enumerate(html): put("read_html", f"seed{i}", s)
for i, s in enumerate(text):
    put("read_text", f"seed{i}", s)
    put("decode", f"seed{i}", s)
# gzip: the first byte chooses txt, jsonl, json, csv, tsv, html.
kinds = [text[:3], jsonl[:2], json[:2], csv[:1], tsv, html[:2]]
for k, group in enumerate(kinds):
    for i, s in enumerate(group):
        raw = s.encode() if isinstance(s, str) else s
        put("read_gz", f"kind{k}_{i}", bytes([k]) + gzip.compress(raw, mtime=0))
put("read_gz", "multi", bytes([0]) + gzip.compress(b"un ", mtime=0) + gzip.compress(b"deux", mtime=0))

# Queries: the examples of `search query --help`, and the string literals of the query tests.
queries = set()
for f in ["tests/query_language.rs", "tests/proptest_query.rs", "src/cli/query.rs", "README.md"]:
    src = (repo / f).read_text()
    for m in re.finditer(r'(?:search|query|count|kwic|parse)\(\s*(?:&[a-z_]+,\s*)?"((?:[^"\\]|\\.)*)"', src):
        queries.add(m.group(1).replace('\\"', '"'))
queries |= {
    "cessez-le-feu", "l'enclave", '"cessez le feu"', '« cessez le feu »', '"cessez feu"~3',
    "Stepanakert -Russie", "(Stepanakert OR Khankendi) AND bombardement*", "négoci*",
    "Karabakh~", "=Stepanakert", "source:AFP date:2019..2020 title:Karabakh",
    "ma*", "ma* OR m*", "NOT (a OR (b AND -c))", "+retraites macron?", "qui a conclu le cessez-le-feu ?",
    "date:2019-11-10..2020", "source:\"Le Monde\"", "mabaction~2", '"ma* tion"', "aujourd'hui c'est-à-dire",
}
for i, q in enumerate(sorted(queries)):
    for flags in (0, 0xFF):
        put("query", f"q{i}_{flags}", bytes([flags]) + q.encode())

# The limits: too many terms, too deep, too long a phrase, too long a query, many prefixes.
limits = {
    "terms": " ".join(f"mot{i}" for i in range(520)),
    "nesting": "(" * 40 + "a" + ")" * 40,
    "not_nesting": "NOT (" * 40 + "a" + ")" * 40,
    "phrase": '"' + " ".join(f"m{i}" for i in range(70)) + '"',
    "long": "a" * 10_050,
    "prefixes": " OR ".join(f"ma{c}*" for c in "abcdeéiou") + " " + " ".join(f"ma{c}~2" for c in "abcde"),
}
for name, q in limits.items():
    for flags in (0, 0xFF):
        put("query", f"limit_{name}_{flags}", bytes([flags]) + q.encode())
