//! Counting every match of a query: articles, passages and occurrences, per bucket, with the
//! bucket's number of articles so that a rate can be computed; and the surface forms matched.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

pub use crate::engine::FormCount;

use super::articles::{bucket_key, ArticleInfo, BucketKey, By};
use super::session::Audit;
use crate::engine::{FormTally, Scope};
use crate::error::Result;
use crate::search::Filters;

/// How to count.
#[derive(Debug, Clone, Default)]
pub struct CountOptions {
    /// Group by source, year, month, day or article; `None` gives only the totals.
    pub by: Option<By>,
    /// Also list the surface forms that matched, with their counts.
    pub forms: bool,
    /// Words without operator are optional (as `search query --any`).
    pub any: bool,
    /// Which articles may match.
    pub filters: Filters,
    /// Where the query's boolean logic applies: each passage or each whole article.
    pub scope: Scope,
}

/// Numbers for the whole index or one bucket.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Articles with at least one matching passage.
    pub articles: u64,
    /// Matching passages.
    pub passages: u64,
    /// Occurrences: the spans the highlighter marks in the matching passages (a phrase or a
    /// compound is one occurrence).
    pub occurrences: u64,
    /// Articles in the bucket (matching or not) that the filters admit: the denominator of a
    /// rate.
    pub total_articles: u64,
}

/// One bucket of a count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BucketCount {
    /// The source, `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or doc_id; `None` for articles without a
    /// source or a date.
    pub bucket: Option<String>,
    #[serde(flatten)]
    pub tally: Tally,
    /// With [`CountOptions::forms`]: the bucket's forms, most frequent first (they add up to
    /// [`Counts::forms`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forms: Option<Vec<FormCount>>,
}

/// The counts of one query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counts {
    /// The query text.
    pub query: String,
    /// The grouping asked for.
    pub by: Option<By>,
    /// Where the query's boolean logic applied.
    pub scope: Scope,
    /// Over everything the filters admit.
    pub total: Tally,
    /// Per bucket, in order: keys ascending (dates chronologically), the missing key last;
    /// articles in index order. Every bucket holding an admitted article is listed, even with
    /// no match, and with [`By::Year`] and [`By::Month`] every period between the first and
    /// the last; [`By::Article`] lists matching articles only.
    pub buckets: Vec<BucketCount>,
    /// With [`CountOptions::forms`]: most frequent first, then alphabetical.
    pub forms: Option<Vec<FormCount>>,
}

impl Audit<'_> {
    /// Counts every match of `query`.
    pub fn count(&self, query: &str, options: &CountOptions) -> Result<Counts> {
        let plan = self.plan(query, options.any, options.scope, &options.filters)?;
        let located = self.every(&plan)?;
        let table = self.articles()?;
        let admitted = self.admitted(&options.filters)?;
        let mut total = Tally {
            total_articles: admitted.as_ref().map_or(table.len(), |a| a.len() as u64),
            ..Tally::default()
        };
        let mut rows: BTreeMap<BucketKey, Tally> = BTreeMap::new();
        if let Some(by) = options.by.filter(|b| *b != By::Article) {
            for (key, n) in table.totals(by, admitted.as_deref().map(Vec::as_slice)) {
                rows.entry(key).or_default().total_articles = n;
            }
            for label in missing_periods(by, &rows) {
                rows.entry((false, 0, Some(label))).or_default();
            }
        }
        let mut seen: HashSet<u64> = HashSet::new();
        let mut forms = FormTally::default();
        let mut bucket_forms: BTreeMap<BucketKey, FormTally> = BTreeMap::new();
        let unknown = ArticleInfo {
            date: None,
            source: None,
        };
        plan.each_match(self.index, &self.searcher, &located, |m| {
            let p = &m.passage;
            let first = seen.insert(p.article);
            let occurrences = m.spans.len() as u64;
            let add = |t: &mut Tally| {
                t.articles += u64::from(first);
                t.passages += 1;
                t.occurrences += occurrences;
            };
            add(&mut total);
            if let Some(by) = options.by {
                let info = table.get(p.article).unwrap_or(&unknown);
                let key = bucket_key(by, p.article, info, Some(&p.doc_id));
                if options.forms {
                    bucket_forms
                        .entry(key.clone())
                        .or_default()
                        .add(&p.text, &m.spans);
                }
                let row = rows.entry(key).or_default();
                if by == By::Article {
                    row.total_articles = 1;
                }
                add(row);
            }
            if options.forms {
                forms.add(&p.text, &m.spans);
            }
        })?;
        let buckets = rows
            .into_iter()
            .map(|(key, tally)| {
                let forms = options.forms.then(|| {
                    bucket_forms
                        .remove(&key)
                        .map(FormTally::into_sorted)
                        .unwrap_or_default()
                });
                BucketCount {
                    bucket: key.2,
                    tally,
                    forms,
                }
            })
            .collect();
        let forms = options.forms.then(|| forms.into_sorted());
        Ok(Counts {
            query: query.to_string(),
            by: options.by,
            scope: options.scope,
            total,
            buckets,
            forms,
        })
    }
}

/// The years or months between the first and the last of `rows` that no article falls in:
/// listed with 0 so that a series plots as is (`--by year|month`).
fn missing_periods(by: By, rows: &BTreeMap<BucketKey, Tally>) -> Vec<String> {
    let labels: Vec<&str> = rows
        .keys()
        .filter_map(|(missing, _, label)| (!missing).then_some(label.as_deref()).flatten())
        .collect();
    // Months as a count from year 0 (`2020-07` is 2020 * 12 + 6), years as themselves.
    let index = |l: &str| -> Option<i64> {
        let year: i64 = l.get(..4)?.parse().ok()?;
        match by {
            By::Year => Some(year),
            By::Month => Some(year * 12 + l.get(5..7)?.parse::<i64>().ok()? - 1),
            _ => None,
        }
    };
    let (Some(first), Some(last)) = (
        labels.first().and_then(|l| index(l)),
        labels.last().and_then(|l| index(l)),
    ) else {
        return Vec::new();
    };
    let present: HashSet<i64> = labels.iter().filter_map(|l| index(l)).collect();
    (first..=last)
        .filter(|i| !present.contains(i))
        .map(|i| match by {
            By::Year => format!("{i:04}"),
            _ => format!("{:04}-{:02}", i.div_euclid(12), i.rem_euclid(12) + 1),
        })
        .collect()
}
