#!/usr/bin/env python3
"""Share of hits shorter than 8 words on the 71 bench queries (issue 15).

usage: eval/short_hits.py SEARCH_BIN INDEX"""
import json,subprocess,sys
bin_,idx=sys.argv[1:3]
qs=[l.strip() for f in ("../shared/peers/news-queries.txt","bench/queries.txt") for l in open(f) if l.strip() and not l.startswith("#")]
tot=short=0; bad=0
for q in qs:
    p=subprocess.run([bin_,"query",q,"--index",idx,"--limit","10","--format","json"],capture_output=True,text=True)
    hits=[r for r in (json.loads(l) for l in p.stdout.splitlines() if l.startswith("{")) if r.get("type")=="hit"]
    n=sum(1 for h in hits if len(h["text"].split())<8)
    tot+=len(hits); short+=n; bad+= n>=5
print(len(qs),"queries",tot,"hits",short,"short (<8 words) %.1f%%"%(100*short/max(tot,1)),bad,"queries with >=5 short")
