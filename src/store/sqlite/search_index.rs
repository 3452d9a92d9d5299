//! An in-memory copy of the customers' and vehicles' folded search texts, for the counter
//! screen's filter-as-you-type: finding a text inside 125 000 names and 208 000 plates takes a
//! few milliseconds with `memchr::memmem` instead of two `LIKE '%…%'` scans of about 35 ms.
//!
//! Customers and vehicles are never deleted, but they are added and edited: the copy is current
//! as long as the highest ids and the count of edited search texts (`search_generation`, kept by
//! triggers, schema 12) are unchanged. Every list query checks them (three O(1) lookups) and
//! reloads when another terminal or this one has added or edited a customer or a vehicle.

use std::sync::Mutex;

use memchr::memmem;
use rusqlite::Connection;

use super::Result;

/// The texts of one table, joined by '\n' (never part of a search text or a filter).
struct Texts {
    ids: Vec<i64>,
    text: String,
    starts: Vec<usize>,
    /// What recent searches found, so that the same text (the next page, the count, an erased
    /// letter) is not searched again and a longer text searches only the rows of a shorter one
    /// it contains. Dropped with the texts when they are loaded again.
    memo: Mutex<Memo>,
}

/// Recent searches of one table, newest first.
#[derive(Default)]
struct Memo {
    found: Vec<Found>,
}

/// The rows (positions in `Texts::ids`) whose text contains `needle`, in order: all of them
/// when `resume` is None, else those before byte `resume` of the joined text (the search
/// stopped at a cap and goes on from there when more are asked for).
struct Found {
    needle: String,
    rows: Vec<u32>,
    resume: Option<usize>,
}

/// How many searches each table remembers, and how many rows in all.
const MEMO_SEARCHES: usize = 32;
const MEMO_ROWS: usize = 1_000_000;

impl Texts {
    fn load(conn: &Connection, table: &str) -> Result<Texts> {
        let mut stmt = conn.prepare(&format!("SELECT id, search FROM {table} ORDER BY id"))?;
        let mut rows = stmt.query([])?;
        let mut t = Texts {
            ids: Vec::new(),
            text: String::new(),
            starts: Vec::new(),
            memo: Mutex::default(),
        };
        while let Some(r) = rows.next()? {
            t.ids.push(r.get(0)?);
            t.starts.push(t.text.len());
            t.text.push_str(r.get_ref(1)?.as_str().unwrap_or(""));
            t.text.push('\n');
        }
        Ok(t)
    }

    /// Ids of rows whose text contains `needle`, at most `cap`, in row order.
    fn find(&self, needle: &str, cap: usize) -> Vec<i64> {
        let mut memo = self.memo.lock().unwrap_or_else(|e| e.into_inner());
        let i = match memo.found.iter().position(|f| f.needle == needle) {
            Some(i) => i,
            None => {
                // A remembered complete search for a text this one contains: only its rows
                // can match.
                let within = memo
                    .found
                    .iter()
                    .filter(|f| f.resume.is_none() && needle.contains(f.needle.as_str()))
                    .max_by_key(|f| f.needle.len());
                let found = match within {
                    Some(f) => Found {
                        needle: needle.to_string(),
                        rows: self.narrow(&f.rows, needle),
                        resume: None,
                    },
                    None => Found {
                        needle: needle.to_string(),
                        rows: Vec::new(),
                        resume: Some(0),
                    },
                };
                memo.found.insert(0, found);
                0
            }
        };
        let mut found = memo.found.remove(i);
        if found.rows.len() < cap
            && let Some(from) = found.resume
        {
            found.resume = self.scan(needle, from, cap, &mut found.rows);
        }
        let ids = found
            .rows
            .iter()
            .take(cap)
            .map(|&r| self.ids[r as usize])
            .collect();
        memo.found.insert(0, found);
        memo.trim();
        ids
    }

    /// How many rows from `after` on start at or before byte `pos`. Galloping from `after`:
    /// a broad needle matches within a row or two of the last match, where a binary search
    /// over every row left took most of a one-letter search's time (docs/BENCHMARKS.md).
    fn rows_before(&self, after: usize, pos: usize) -> usize {
        let starts = &self.starts[after..];
        let mut end = 1;
        while end < starts.len() && starts[end] <= pos {
            end *= 2;
        }
        let lo = end / 2;
        let hi = end.min(starts.len());
        lo + starts[lo..hi].partition_point(|&s| s <= pos)
    }

    /// Search the joined text from byte `from` until `rows` holds `cap` rows; the byte to go on
    /// from, or None at the end of the text.
    fn scan(
        &self,
        needle: &str,
        mut from: usize,
        cap: usize,
        rows: &mut Vec<u32>,
    ) -> Option<usize> {
        let hay = self.text.as_bytes();
        let finder = memmem::Finder::new(needle.as_bytes());
        while rows.len() < cap {
            let pos = from + finder.find(&hay[from..])?;
            // Rows are found in order: look for this one after the last.
            let after = rows.last().map_or(0, |&r| r as usize + 1);
            let row = after + self.rows_before(after, pos) - 1;
            rows.push(row as u32);
            // The rest of this row cannot add it again.
            from = self.starts.get(row + 1).copied().unwrap_or(hay.len());
        }
        Some(from)
    }

    /// Of `rows`, those whose text contains `needle`.
    fn narrow(&self, rows: &[u32], needle: &str) -> Vec<u32> {
        let finder = memmem::Finder::new(needle.as_bytes());
        rows.iter()
            .copied()
            .filter(|&r| {
                let r = r as usize;
                let end = self.starts.get(r + 1).copied().unwrap_or(self.text.len());
                finder
                    .find(&self.text.as_bytes()[self.starts[r]..end])
                    .is_some()
            })
            .collect()
    }
}

impl Memo {
    /// Forget the oldest searches beyond the limits.
    fn trim(&mut self) {
        let mut rows = 0;
        let keep = self
            .found
            .iter()
            .take(MEMO_SEARCHES)
            .take_while(|f| {
                rows += f.rows.len();
                rows <= MEMO_ROWS
            })
            .count()
            .max(1);
        self.found.truncate(keep);
    }
}

pub(super) struct SearchIndex {
    key: (i64, i64, i64),
    customers: Texts,
    vehicles: Texts,
}

fn key(conn: &Connection) -> Result<(i64, i64, i64)> {
    Ok(conn.query_row(
        "SELECT (SELECT coalesce(max(id), 0) FROM customers), \
         (SELECT coalesce(max(id), 0) FROM vehicles), \
         (SELECT n FROM search_generation WHERE id = 1)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?)
}

impl SearchIndex {
    /// The index for the database as it is now: `current` if still valid, else loaded again.
    pub(super) fn refresh(conn: &Connection, current: Option<SearchIndex>) -> Result<SearchIndex> {
        let now = key(conn)?;
        if let Some(index) = current.filter(|i| i.key == now) {
            return Ok(index);
        }
        Ok(SearchIndex {
            key: now,
            customers: Texts::load(conn, "customers")?,
            vehicles: Texts::load(conn, "vehicles")?,
        })
    }

    pub(super) fn customers(&self, needle: &str, cap: usize) -> Vec<i64> {
        self.customers.find(needle, cap)
    }

    pub(super) fn vehicles(&self, needle: &str, cap: usize) -> Vec<i64> {
        self.vehicles.find(needle, cap)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn texts(rows: &[&str]) -> Texts {
        let mut t = Texts {
            ids: Vec::new(),
            text: String::new(),
            starts: Vec::new(),
            memo: Mutex::default(),
        };
        for (i, r) in rows.iter().enumerate() {
            t.ids.push(10 * (i as i64 + 1));
            t.starts.push(t.text.len());
            t.text.push_str(r);
            t.text.push('\n');
        }
        t
    }

    #[test]
    fn finds_each_row_once_and_respects_the_cap() {
        let t = texts(&["anna andersson", "per", "annika"]);
        assert_eq!(t.find("an", 10), vec![10, 30]);
        assert_eq!(t.find("an", 1), vec![10]);
        assert_eq!(t.find("per", 10), vec![20]);
        assert!(t.find("zz", 10).is_empty());
        // "r" + "a" only meet across the row break of "per" and "annika": no match.
        assert!(t.find("ra", 10).is_empty());
        // A capped search goes on where it stopped; a longer text narrows a complete one.
        assert_eq!(t.find("a", 1), vec![10]);
        assert_eq!(t.find("a", 10), vec![10, 30]);
        assert_eq!(t.find("ann", 10), vec![10, 30]);
        assert_eq!(t.find("anni", 10), vec![30]);
    }

    proptest! {
        /// The galloping count of rows starting at or before a byte is the plain count.
        #[test]
        fn rows_before_counts_as_a_plain_scan_does(
            rows in proptest::collection::vec("[ab]{0,5}", 1..60),
            after_pick in 0usize..60,
            pos_pick in 0usize..400,
        ) {
            let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
            let t = texts(&refs);
            let after = after_pick % t.starts.len();
            let pos = t.starts[after] + pos_pick % (t.text.len() - t.starts[after]);
            let plain = t.starts[after..].iter().filter(|&&s| s <= pos).count();
            prop_assert_eq!(t.rows_before(after, pos), plain);
        }

        /// Whatever was searched before (and so remembered, capped or not), a search finds
        /// exactly the rows a plain scan of each row finds, in order, up to the cap.
        #[test]
        fn remembered_searches_find_what_a_plain_scan_finds(
            rows in proptest::collection::vec("[abn ]{0,8}", 0..40),
            searches in proptest::collection::vec(("[abn]{1,3}", 0usize..12), 1..25),
        ) {
            let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
            let t = texts(&refs);
            for (needle, cap) in &searches {
                let plain: Vec<i64> = rows
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| r.contains(needle.as_str()))
                    .map(|(i, _)| 10 * (i as i64 + 1))
                    .take(*cap)
                    .collect();
                prop_assert_eq!(t.find(needle, *cap), plain, "{} cap {}", needle, cap);
            }
        }
    }
}
