//! The plans agree with each other and with the count.

use super::*;
use crate::app::demo::{DemoSpec, generate};
use crate::domain::search::Filter;
use crate::domain::{Column, Sort, Status};
use crate::store::sqlite::SqliteStore;
use chrono::NaiveDate;

/// A store with `orders` demo orders (the folder must outlive it).
fn demo_store(orders: usize, seed: u64) -> (tempfile::TempDir, SqliteStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("t.db")).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    generate(
        &store,
        "test",
        DemoSpec {
            orders,
            seed,
            today,
        },
    )
    .unwrap();
    (dir, store)
}

/// Every plan must return exactly the same page for every filter, sort, quick filter and
/// page: the selective plan (the reference), the walks over in-memory sets, the
/// customers-first walk (sets from SQL or from memory), the walk with a LIKE per row.
#[test]
fn selective_and_broad_plans_agree() {
    let (_dir, store) = demo_store(1500, 3);
    let conn = store.writer.lock().unwrap();
    let index = SearchIndex::refresh(&conn, None).unwrap();
    // Customers that share a name (companies, common names): their orders interleave by
    // number in a name sort.
    let shared: i64 = conn
        .query_row(
            "SELECT count(*) FROM (SELECT name FROM customers GROUP BY name HAVING count(*) > 1)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        shared > 3,
        "the demo should have customers that share a name"
    );
    let selective = Limits {
        selective: i64::MAX - 1,
        ..LIMITS
    };
    let broad = Limits {
        selective: -1,
        ..LIMITS
    };
    // Sets only for filters that match no customer or vehicle: else a LIKE per row.
    let like = Limits {
        walk_set: 0,
        ..broad
    };
    // The customers-first walk gives up on the first extra order.
    let no_extra = Limits {
        extra_orders: 0,
        ..broad
    };
    // Runs of customers that share a sort value are always walked by number.
    let by_number = Limits {
        by_number_min: 1,
        by_number_rows: usize::MAX,
        ..broad
    };
    let plans = [
        ("selective in memory", selective, Some(&index)),
        ("broad", broad, None),
        ("broad in memory", broad, Some(&index)),
        ("like", like, None),
        ("like in memory", like, Some(&index)),
        ("no extra", no_extra, None),
        ("by number", by_number, None),
    ];
    let filters = [
        "a",
        "sson",
        "öberg",
        "ö",
        "berg",
        "AB",
        "070",
        "+4673",
        "1012",
        "10",
        "zz-nothing",
        "1",
        "x",
    ];
    let sorts = [
        "nr:desc",
        "nr",
        "total:desc",
        "customer_name",
        "customer_name:desc",
        "customer_no",
        "customer_no:desc",
        "mobile",
        "mobile:desc",
        "regnr:desc",
        "payment_received_at:desc",
        "status",
    ];
    let quick = [
        (None, None),
        (Some(Status::Booked), Some(true)),
        (None, Some(false)),
        (Some(Status::Open), None),
    ];
    let mut non_empty = 0;
    let mut customers_first = 0;
    let mut after_checked = 0;
    for f in filters {
        for s in sorts {
            for (status, paid) in quick {
                for (offset, limit) in [(0, 30), (140, 60)] {
                    let q = ListQuery {
                        filter: Filter::new(f),
                        status,
                        paid,
                        sort: Sort::parse(s).unwrap(),
                        limit,
                        offset,
                        after_nr: None,
                    };
                    let reference = list_orders_planned(&conn, &q, selective, None).unwrap();
                    for (name, limits, idx) in plans {
                        let rows = list_orders_planned(&conn, &q, limits, idx).unwrap();
                        assert_eq!(
                            rows, reference,
                            "{name}: filter {f:?} sort {s} {status:?} {paid:?} offset {offset}"
                        );
                    }
                    // In number order, the rows after the last one of the page before are the
                    // offset's rows, whatever the plan.
                    if q.sort.column == Column::Nr && offset > 0 {
                        let before = ListQuery {
                            limit: offset,
                            offset: 0,
                            ..q.clone()
                        };
                        let before = list_orders_planned(&conn, &before, selective, None).unwrap();
                        if let Some(edge) = before.get(offset - 1) {
                            let next = ListQuery {
                                offset: 0,
                                after_nr: Some(edge.nr),
                                ..q.clone()
                            };
                            for (name, limits, idx) in plans {
                                let rows = list_orders_planned(&conn, &next, limits, idx).unwrap();
                                assert_eq!(
                                    rows, reference,
                                    "{name}: after {} filter {f:?} sort {s} {status:?} {paid:?}",
                                    edge.nr
                                );
                            }
                            after_checked += 1;
                        }
                    }
                    if customer_walk::sorts_on_customer_column(q.sort.column) {
                        let p = plan(&conn, &q, broad, Some(&index), Some(offset + limit));
                        customers_first += p.unwrap().joined.starts_with("rarray") as usize;
                    }
                    if !reference.is_empty() {
                        non_empty += 1;
                    }
                    // Every row really matches the filter.
                    let needle = Filter::new(f).unwrap().text;
                    for r in &reference {
                        let hay = format!(
                            "{} {} {} {} 0{}",
                            r.customer_no,
                            r.customer_name.to_lowercase(),
                            r.regnr.as_deref().unwrap_or("").to_lowercase(),
                            r.mobile.as_deref().unwrap_or(""),
                            r.mobile
                                .as_deref()
                                .and_then(|m| m.strip_prefix("+46"))
                                .unwrap_or("-"),
                        );
                        assert!(
                            hay.contains(&needle) || r.nr.to_string().starts_with(&needle),
                            "{needle} not in {hay} / {}",
                            r.nr
                        );
                    }
                }
            }
        }
    }
    assert!(
        non_empty > 300,
        "the filters should find something: {non_empty}"
    );
    assert!(
        after_checked > 20,
        "pages after a number were compared: {after_checked}"
    );
    // Every filter (the demo's matches are moderate) with every customer sort and quick
    // filter and page.
    let customer_sorts = sorts
        .iter()
        .filter(|s| customer_walk::sorts_on_customer_column(Sort::parse(s).unwrap().column))
        .count();
    assert_eq!(customer_sorts, 6);
    assert_eq!(
        customers_first,
        filters.len() * customer_sorts * quick.len() * 2
    );
}

/// Walking the orders by number gives the first orders of a set of customers, with the quick
/// filters, or nothing when it reaches its row limit first.
#[test]
fn walking_by_number_finds_the_first_orders_or_gives_up() {
    let (_dir, store) = demo_store(600, 7);
    let conn = store.writer.lock().unwrap();
    let customers: Vec<i64> = conn
        .prepare("SELECT id FROM customers WHERE id % 3 = 0")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    for (status, paid) in [
        (None, None),
        (Some(Status::Booked), None),
        (None, Some(false)),
    ] {
        let base = customer_walk::Base {
            status: status.map(|s| s.code()),
            paid,
        };
        let mut all: Vec<(i64, i64)> = conn
            .prepare(
                "SELECT nr, id FROM orders WHERE customer_id % 3 = 0 \
                 AND (?1 IS NULL OR status = ?1) AND (?2 IS NULL OR payment_received = ?2)",
            )
            .unwrap()
            .query_map(rusqlite::params![base.status, paid], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        all.sort_unstable();
        assert!(all.len() > 20, "{status:?} {paid:?}: {}", all.len());
        for descending in [false, true] {
            let want: Vec<(i64, i64)> = if descending {
                all.iter().rev().take(12).copied().collect()
            } else {
                all[..12].to_vec()
            };
            let found =
                customer_walk::by_number(&conn, &customers, &base, descending, 12, usize::MAX)
                    .unwrap();
            assert_eq!(found, Some(want), "{status:?} {paid:?} {descending}");
            // More than there are: all of them.
            let found = customer_walk::by_number(
                &conn,
                &customers,
                &base,
                descending,
                all.len() + 5,
                usize::MAX,
            )
            .unwrap()
            .unwrap();
            assert_eq!(found.len(), all.len());
            // Too few rows walked.
            let found =
                customer_walk::by_number(&conn, &customers, &base, descending, 12, 10).unwrap();
            assert_eq!(found, None);
        }
    }
}

/// The count is the number of rows the list would show without a page limit, for every
/// plan; with too small a budget it says "at least" and never more than the truth.
#[test]
fn the_count_is_what_the_list_shows_or_at_least_so_many() {
    let (_dir, store) = demo_store(800, 5);
    let mut conn = store.writer.lock().unwrap();
    let index = SearchIndex::refresh(&conn, None).unwrap();
    let mut checked = 0;
    for f in ["", "a", "sson", "070", "1012", "zz-nothing"] {
        for (status, paid) in [
            (None, None),
            (Some(Status::Booked), None),
            (None, Some(false)),
        ] {
            let q = ListQuery {
                filter: Filter::new(f),
                status,
                paid,
                sort: Sort::parse("customer_name").unwrap(),
                limit: 100_000,
                offset: 0,
                after_nr: None,
            };
            let all = list_orders(&conn, &q, Some(&index)).unwrap().len() as u64;
            for idx in [None, Some(&index)] {
                let c = count_orders(&conn, &q, idx).unwrap();
                assert_eq!(
                    c,
                    ListCount {
                        n: all,
                        exact: true
                    },
                    "filter {f:?} {status:?} {paid:?}"
                );
            }
            if all > 50 {
                conn.progress_handler(100, Some(|| true)).unwrap();
                let c = count_orders(&conn, &q, Some(&index));
                conn.progress_handler(100, None::<fn() -> bool>).unwrap();
                let c = c.unwrap();
                assert!(!c.exact && c.n < all, "interrupted count {c:?} of {all}");
                checked += 1;
            }
        }
    }
    assert!(checked > 5, "too few interrupted counts checked: {checked}");
}
