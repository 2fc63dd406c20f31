//! The duplicate table: for each passage text found in several articles (same duplicate
//! key), the passages holding it, by build ordinal, with their articles' ids.
//!
//! Only keys held by two passages or more are listed — a few thousand on OrangeSum's 283,000
//! passages — so the table is a small file beside the index instead of an indexed term per
//! passage. The writer writes it before each commit, under a name derived from its content
//! that the commit payload records ([`super::IndexMeta::dup_table`]), so a commit and its
//! table always go together; a reader reads the file the commit names.

use std::collections::{HashMap, HashSet};

use xxhash_rust::xxh3::xxh3_64;

/// The first bytes of a table file, with its format version.
const MAGIC: &[u8; 8] = b"SDUPTAB1";

/// A passage listed in the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DupMember {
    /// The passage's build ordinal (the `order` field).
    pub order: u64,
    /// Its article's id.
    pub doc_id: String,
}

/// The passages of every duplicate key held by two passages or more, in build order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DupTable {
    groups: HashMap<u64, Vec<DupMember>>,
}

impl DupTable {
    /// The passages with duplicate key `key`, in build order (empty for a key held once).
    pub fn members(&self, key: u64) -> &[DupMember] {
        self.groups.get(&key).map_or(&[], Vec::as_slice)
    }

    /// Number of keys held by two passages or more.
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    /// True when no passage text is held twice.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// The table as bytes: the magic, the number of groups, then each group's key, member
    /// count and members (ordinal, id length, id), little-endian, keys in ascending order.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut keys: Vec<&u64> = self.groups.keys().collect();
        keys.sort_unstable();
        let mut out = Vec::with_capacity(16 + self.groups.len() * 64);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(keys.len() as u64).to_le_bytes());
        for key in keys {
            let members = &self.groups[key];
            out.extend_from_slice(&key.to_le_bytes());
            out.extend_from_slice(&(members.len() as u32).to_le_bytes());
            for m in members {
                out.extend_from_slice(&m.order.to_le_bytes());
                out.extend_from_slice(&(m.doc_id.len() as u32).to_le_bytes());
                out.extend_from_slice(m.doc_id.as_bytes());
            }
        }
        out
    }

    /// Reads a table written by [`DupTable::to_bytes`]; `None` when the bytes are not one.
    pub fn from_bytes(bytes: &[u8]) -> Option<DupTable> {
        let mut r = Bytes(bytes.strip_prefix(MAGIC)?);
        let count = r.u64()?;
        let mut groups = HashMap::with_capacity(count.min(1 << 20) as usize);
        for _ in 0..count {
            let key = r.u64()?;
            let n = r.u32()?;
            let mut members = Vec::with_capacity(n.min(1 << 16) as usize);
            for _ in 0..n {
                let order = r.u64()?;
                let len = r.u32()? as usize;
                let doc_id = std::str::from_utf8(r.take(len)?).ok()?.to_string();
                members.push(DupMember { order, doc_id });
            }
            groups.insert(key, members);
        }
        r.0.is_empty().then_some(DupTable { groups })
    }

    /// The file name of this table: derived from its content, so that an unchanged table
    /// keeps its file.
    pub fn file_name(bytes: &[u8]) -> String {
        format!("dups-{:016x}.bin", xxh3_64(bytes))
    }
}

/// True for the name of a duplicate table file (or of one being written, `.bin.tmp`).
pub fn is_table_file(name: &str) -> bool {
    let name = name.strip_suffix(".tmp").unwrap_or(name);
    name.strip_prefix("dups-")
        .and_then(|rest| rest.strip_suffix(".bin"))
        .is_some_and(|hex| hex.len() == 16 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The writer's view of every passage's duplicate key, kept up to date as articles are added
/// and removed, from which each commit's [`DupTable`] is made.
#[derive(Debug, Default)]
pub struct DupTracker {
    /// Every key, with the passages holding it: (passage ordinal, article ordinal). Passages
    /// of removed articles are dropped when a table is made.
    keys: HashMap<u64, Vec<(u64, u64)>>,
}

impl DupTracker {
    /// Records that passage `order` of article `article` has key `key`.
    pub fn add(&mut self, key: u64, order: u64, article: u64) {
        self.keys.entry(key).or_default().push((order, article));
    }

    /// The table of the live articles, `ids` giving each live article's id by ordinal;
    /// forgets the passages of the other articles.
    pub fn table(&mut self, ids: &HashMap<u64, &str>) -> DupTable {
        let live: HashSet<u64> = ids.keys().copied().collect();
        let mut groups = HashMap::new();
        self.keys.retain(|&key, passages| {
            passages.retain(|(_, article)| live.contains(article));
            if passages.len() >= 2 {
                passages.sort_unstable();
                let members = passages
                    .iter()
                    .map(|(order, article)| DupMember {
                        order: *order,
                        doc_id: ids[article].to_string(),
                    })
                    .collect();
                groups.insert(key, members);
            }
            !passages.is_empty()
        });
        DupTable { groups }
    }
}

/// A little-endian reader over a byte slice.
struct Bytes<'a>(&'a [u8]);

impl<'a> Bytes<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_keys_held_twice_by_live_articles_are_listed() {
        let mut t = DupTracker::default();
        t.add(7, 10, 1);
        t.add(7, 3, 0);
        t.add(7, 20, 2);
        t.add(9, 11, 1);
        t.add(5, 12, 1);
        t.add(5, 21, 2);
        let ids: HashMap<u64, &str> = [(0, "a"), (1, "b"), (2, "c")].into_iter().collect();
        let table = t.table(&ids);
        let orders = |k| table.members(k).iter().map(|m| m.order).collect::<Vec<_>>();
        assert_eq!(orders(7), [3, 10, 20]);
        assert_eq!(table.members(7)[0].doc_id, "a");
        assert_eq!(orders(9), [] as [u64; 0]);
        assert_eq!(table.len(), 2);

        // Article 2 removed: key 5 is held once now, key 7 twice.
        let ids: HashMap<u64, &str> = [(0, "a"), (1, "b")].into_iter().collect();
        let table = t.table(&ids);
        assert_eq!(table.members(5), []);
        let orders: Vec<u64> = table.members(7).iter().map(|m| m.order).collect();
        assert_eq!(orders, [3, 10]);
        assert_eq!(table.len(), 1);
    }

    #[test]
    fn bytes_round_trip() {
        let mut t = DupTracker::default();
        t.add(u64::MAX, 1, 0);
        t.add(u64::MAX, 2, 1);
        let ids: HashMap<u64, &str> = [(0, "dépêche-1"), (1, "")].into_iter().collect();
        let table = t.table(&ids);
        let bytes = table.to_bytes();
        assert_eq!(DupTable::from_bytes(&bytes), Some(table));
        assert_eq!(DupTable::from_bytes(&bytes[..bytes.len() - 1]), None);
        assert_eq!(DupTable::from_bytes(b"not a table"), None);
        let name = DupTable::file_name(&bytes);
        assert!(is_table_file(&name), "{name}");
        assert!(!is_table_file("dups-12.bin"));
    }
}
