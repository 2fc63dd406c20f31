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
const MAGIC: &[u8; 8] = b"SDUPTAB2";

/// Bytes of a group's entry: key, offset of its first member, member count.
const ENTRY: usize = 16;

/// A passage listed in the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DupMember {
    /// The passage's build ordinal (the `order` field).
    pub order: u64,
    /// Its article's id.
    pub doc_id: String,
}

/// The passages of every duplicate key held by two passages or more, in build order.
///
/// Kept as the bytes of its file and searched in place, so that opening an index costs no
/// more than reading the file: the magic, the number of groups, each group's entry (key,
/// offset of its first member, member count; keys ascending), then the members (ordinal, id
/// length, id), little-endian.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DupTable {
    bytes: Vec<u8>,
    groups: usize,
}

impl Default for DupTable {
    fn default() -> Self {
        DupTable::build(&[])
    }
}

impl DupTable {
    /// A table of `groups`, by ascending key.
    fn build(groups: &[(u64, Vec<DupMember>)]) -> DupTable {
        let mut entries = Vec::with_capacity(groups.len() * ENTRY);
        let mut members = Vec::new();
        for (key, group) in groups {
            entries.extend_from_slice(&key.to_le_bytes());
            entries.extend_from_slice(&(members.len() as u32).to_le_bytes());
            entries.extend_from_slice(&(group.len() as u32).to_le_bytes());
            for m in group {
                members.extend_from_slice(&m.order.to_le_bytes());
                members.extend_from_slice(&(m.doc_id.len() as u32).to_le_bytes());
                members.extend_from_slice(m.doc_id.as_bytes());
            }
        }
        let mut bytes = Vec::with_capacity(16 + entries.len() + members.len());
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&(groups.len() as u64).to_le_bytes());
        bytes.extend_from_slice(&entries);
        bytes.extend_from_slice(&members);
        DupTable {
            bytes,
            groups: groups.len(),
        }
    }

    /// The passages with duplicate key `key`, in build order (none for a key held once).
    pub fn members(&self, key: u64) -> Vec<DupMember> {
        let entry = |i: usize| -> (u64, usize, usize) {
            let at = 16 + i * ENTRY;
            let e = &self.bytes[at..at + ENTRY];
            (
                u64::from_le_bytes(e[..8].try_into().expect("8 bytes")),
                u32::from_le_bytes(e[8..12].try_into().expect("4 bytes")) as usize,
                u32::from_le_bytes(e[12..].try_into().expect("4 bytes")) as usize,
            )
        };
        let (mut lo, mut hi) = (0, self.groups);
        while lo < hi {
            let mid = (lo + hi) / 2;
            let (k, offset, count) = entry(mid);
            if k == key {
                let mut r = Bytes(&self.bytes[self.members_start() + offset..]);
                return (0..count).map_while(|_| r.member()).collect();
            }
            if k < key {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        Vec::new()
    }

    fn members_start(&self) -> usize {
        16 + self.groups * ENTRY
    }

    /// Number of keys held by two passages or more.
    pub fn len(&self) -> usize {
        self.groups
    }

    /// True when no passage text is held twice.
    pub fn is_empty(&self) -> bool {
        self.groups == 0
    }

    /// The table's bytes, as written to its file.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The table in `bytes` (a file written from [`DupTable::as_bytes`]), checked whole;
    /// `None` when the bytes are not one.
    pub fn from_bytes(bytes: Vec<u8>) -> Option<DupTable> {
        let mut r = Bytes(bytes.strip_prefix(MAGIC)?);
        let groups = usize::try_from(r.u64()?).ok()?;
        let entries = r.take(groups.checked_mul(ENTRY)?)?;
        let members = r.0;
        let (mut next, mut last_key) = (0usize, None);
        let mut m = Bytes(members);
        for e in entries.chunks_exact(ENTRY) {
            let key = u64::from_le_bytes(e[..8].try_into().ok()?);
            let offset = u32::from_le_bytes(e[8..12].try_into().ok()?) as usize;
            let count = u32::from_le_bytes(e[12..].try_into().ok()?) as usize;
            if offset != next || last_key.is_some_and(|k| k >= key) {
                return None;
            }
            for _ in 0..count {
                m.member()?;
            }
            next = members.len() - m.0.len();
            last_key = Some(key);
        }
        m.0.is_empty().then_some(DupTable { bytes, groups })
    }

    /// The file name of this table: derived from its content, so that an unchanged table
    /// keeps its file.
    pub fn file_name(&self) -> String {
        format!("dups-{:016x}.bin", xxh3_64(&self.bytes))
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
        let mut groups = Vec::new();
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
                groups.push((key, members));
            }
            !passages.is_empty()
        });
        groups.sort_unstable_by_key(|g| g.0);
        DupTable::build(&groups)
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

    fn member(&mut self) -> Option<DupMember> {
        let order = self.u64()?;
        let len = self.u32()? as usize;
        let doc_id = std::str::from_utf8(self.take(len)?).ok()?.to_string();
        Some(DupMember { order, doc_id })
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
        let bytes = table.as_bytes().to_vec();
        assert_eq!(DupTable::from_bytes(bytes.clone()).as_ref(), Some(&table));
        assert_eq!(
            DupTable::from_bytes(bytes[..bytes.len() - 1].to_vec()),
            None
        );
        assert_eq!(DupTable::from_bytes(b"not a table".to_vec()), None);
        let empty = DupTable::default();
        assert_eq!(DupTable::from_bytes(empty.as_bytes().to_vec()), Some(empty));
        assert_eq!(table.members(u64::MAX).len(), 2);
        assert_eq!(table.members(3), []);
        let name = table.file_name();
        assert!(is_table_file(&name), "{name}");
        assert!(!is_table_file("dups-12.bin"));
    }
}
