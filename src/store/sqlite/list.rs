//! The order list query: text filter, quick filters, sort and a page, fast at a million orders.
//!
//! The text filter matches customers and vehicles (small tables, scanned) and order numbers (by
//! index). Two plans, chosen by how many customers and vehicles match:
//! - *selective*: few matches. The matching orders are collected through the customer, vehicle
//!   and number indexes, then sorted: cost grows with the number of matches, not of orders.
//! - *broad*: many matches. Orders are walked in the sort column's index order and the first page
//!   that matches is returned: cost grows with page size / share of matching orders.

use std::collections::HashSet;
use std::rc::Rc;

use rusqlite::types::Value;
use rusqlite::{Connection, ToSql};

use super::Result;
use super::parse_ts;
use super::rows::{opt_ts, payment_method, status};
use super::search_index::SearchIndex;
use crate::domain::{Column, Money};
use crate::store::{ListCount, ListQuery};

pub use crate::domain::OrderSummary;

/// Up to this many matching customers plus vehicles, the selective plan is used.
const SELECTIVE_LIMIT: i64 = 2000;

/// Above this many matching customers (or vehicles), matches are so dense that walking the
/// orders with a LIKE per row finds a page sooner than building the sets.
const WALK_SET_LIMIT: usize = 30_000;

/// The matching customer and vehicle ids as sets, unless there are very many.
fn moderate_matches(index: &SearchIndex, text: &str) -> Option<(HashSet<i64>, HashSet<i64>)> {
    let customers = index.customers(text, WALK_SET_LIMIT + 1);
    let vehicles = index.vehicles(text, WALK_SET_LIMIT + 1);
    (customers.len() <= WALK_SET_LIMIT && vehicles.len() <= WALK_SET_LIMIT).then(|| {
        (
            customers.into_iter().collect(),
            vehicles.into_iter().collect(),
        )
    })
}

/// Sorts that the orders table answers alone (no customer or vehicle column).
fn sorts_on_order_column(c: Column) -> bool {
    !matches!(
        c,
        Column::CustomerNo
            | Column::CustomerName
            | Column::Regnr
            | Column::MakeModel
            | Column::Mobile
    )
}

fn sort_expr(c: Column) -> &'static str {
    match c {
        Column::Nr => "o.nr",
        Column::CustomerNo => "c.customer_no",
        Column::CustomerName => "c.name",
        Column::Regnr => "v.regnr",
        Column::MakeModel => "v.make || ' ' || v.model",
        Column::Status => "o.status",
        Column::Total => "o.total_ore",
        Column::PaymentMethod => "o.payment_method",
        Column::PaymentReceived => "o.payment_received",
        Column::PaymentReceivedAt => "o.payment_received_at",
        Column::CreatedAt => "o.created_at",
        Column::UpdatedAt => "o.updated_at",
        Column::Mobile => "c.mobile",
        Column::InvoiceNo => "o.invoice_no",
        Column::BookedAt => "o.booked_at",
    }
}

const SELECT: &str = "SELECT o.nr, c.customer_no, c.name, v.regnr, v.make, v.model, o.status, \
    o.total_ore, o.payment_method, o.payment_received, o.payment_received_at, o.created_at, \
    o.updated_at, c.mobile, o.invoice_no, o.booked_at, \
    (o.status = 'MOBILBET' AND EXISTS (SELECT 1 FROM payment_attempts pa \
     WHERE pa.order_id = o.id AND pa.state = 'sending'))";

pub(super) fn list_orders(
    conn: &Connection,
    q: &ListQuery,
    index: Option<&SearchIndex>,
) -> Result<Vec<OrderSummary>> {
    list_orders_planned(conn, q, SELECTIVE_LIMIT, index)
}

/// The parts of the list query a plan decides: what to join, the conditions, the sort and the
/// parameters they name.
struct Plan {
    joined: String,
    where_clause: String,
    order_by: String,
    params: Vec<Box<dyn ToSql>>,
}

/// Choose the plan for `q`. `wanted` is how many matching rows the caller reads (the in-memory
/// walk stops there; `None` when counting, which does not walk); `index` gives the in-memory
/// search texts.
fn plan(
    conn: &Connection,
    q: &ListQuery,
    selective_limit: i64,
    index: Option<&SearchIndex>,
    wanted: Option<usize>,
) -> Result<Plan> {
    let mut params: Vec<Box<dyn ToSql>> = Vec::new();
    let mut conds: Vec<String> = Vec::new();
    if let Some(s) = q.status {
        params.push(Box::new(s.code()));
        conds.push(format!("o.status = ?{}", params.len()));
    }
    if let Some(p) = q.paid {
        params.push(Box::new(p));
        conds.push(format!("o.payment_received = ?{}", params.len()));
    }

    let mut from = "orders o".to_string();
    let base_params = params.len();
    let base_conds = conds.clone();
    if let Some(f) = &q.filter {
        let pattern = f.like_pattern();
        let max_nr: i64 =
            conn.query_row("SELECT coalesce(max(nr), 0) FROM orders", [], |r| r.get(0))?;
        let ranges = f.number_ranges(max_nr);
        // The few customers and vehicles that match, up to one more than the selective limit.
        let cap = selective_limit.saturating_add(1);
        let ids = |sql: &str| -> Result<Vec<i64>> {
            let mut stmt = conn.prepare_cached(sql)?;
            let rows = stmt.query_map(rusqlite::params![pattern, cap], |r| r.get(0))?;
            Ok(rows.collect::<rusqlite::Result<Vec<i64>>>()?)
        };
        let capn = usize::try_from(cap).unwrap_or(usize::MAX);
        let customers = match index {
            Some(i) => i.customers(&f.text, capn),
            None => ids("SELECT id FROM customers WHERE search LIKE ?1 ESCAPE '\\' LIMIT ?2")?,
        };
        let mut matched = customers.len() as i64;
        let vehicles = if matched > selective_limit {
            Vec::new()
        } else if let Some(i) = index {
            i.vehicles(&f.text, capn)
        } else {
            ids("SELECT id FROM vehicles WHERE search LIKE ?1 ESCAPE '\\' LIMIT ?2")?
        };
        matched += vehicles.len() as i64;
        for (lo, hi) in &ranges {
            if matched > selective_limit {
                break;
            }
            matched += conn.query_row(
                "SELECT count(*) FROM (SELECT 1 FROM orders WHERE nr BETWEEN ?1 AND ?2 LIMIT ?3)",
                rusqlite::params![lo, hi, cap],
                |r| r.get::<_, i64>(0),
            )?;
        }
        let number_ranges = ranges.clone();
        let mut nr_terms = Vec::new();
        for (lo, hi) in ranges {
            params.push(Box::new(lo));
            params.push(Box::new(hi));
            nr_terms.push((params.len() - 1, params.len()));
        }
        if matched <= selective_limit {
            // Collect the few matching order ids through the indexes; CROSS JOIN keeps that
            // set as the outer loop.
            let as_array =
                |v: Vec<i64>| Rc::new(v.into_iter().map(Value::from).collect::<Vec<_>>());
            params.push(Box::new(as_array(customers)));
            let pc = params.len();
            params.push(Box::new(as_array(vehicles)));
            let pv = params.len();
            let mut parts = vec![
                format!("SELECT id FROM orders WHERE customer_id IN rarray(?{pc})"),
                format!("SELECT id FROM orders WHERE vehicle_id IN rarray(?{pv})"),
            ];
            for (lo, hi) in &nr_terms {
                parts.push(format!(
                    "SELECT id FROM orders WHERE nr BETWEEN ?{lo} AND ?{hi}"
                ));
            }
            from = format!(
                "({}) AS m CROSS JOIN orders o ON o.id = m.id",
                parts.join(" UNION ")
            );
        } else if let Some(wanted) = wanted.filter(|_| sorts_on_order_column(q.sort.column))
            && let Some((customers, vehicles)) = index.and_then(|i| moderate_matches(i, &f.text))
        {
            // Walk orders in sort order and test each against the in-memory matches: no join,
            // no LIKE per row. The page's ids then go through the ordinary query.
            let dir = if q.sort.descending { "DESC" } else { "ASC" };
            let walk = format!(
                "SELECT o.id, o.customer_id, o.vehicle_id, o.nr FROM orders o {} ORDER BY {} {dir}, o.nr {dir}",
                if base_conds.is_empty() {
                    String::new()
                } else {
                    format!("WHERE {}", base_conds.join(" AND "))
                },
                sort_expr(q.sort.column),
            );
            let mut stmt = conn.prepare_cached(&walk)?;
            let refs: Vec<&dyn ToSql> = params[..base_params].iter().map(|b| b.as_ref()).collect();
            let mut rows = stmt.query(refs.as_slice())?;
            let mut page: Vec<Value> = Vec::with_capacity(wanted.min(10_000));
            while page.len() < wanted {
                let Some(r) = rows.next()? else { break };
                let (id, customer, vehicle, nr): (i64, i64, Option<i64>, i64) =
                    (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
                if customers.contains(&customer)
                    || vehicle.is_some_and(|v| vehicles.contains(&v))
                    || number_ranges
                        .iter()
                        .any(|(lo, hi)| (*lo..=*hi).contains(&nr))
                {
                    page.push(Value::from(id));
                }
            }
            params.push(Box::new(Rc::new(page)));
            from = format!(
                "rarray(?{}) AS m CROSS JOIN orders o ON o.id = m.value",
                params.len()
            );
        } else {
            // Walk orders in sort order; the unary + keeps SQLite from using other indexes.
            params.push(Box::new(pattern));
            let p = params.len();
            let mut terms = vec![
                format!("c.search LIKE ?{p} ESCAPE '\\'"),
                format!("coalesce(v.search, '') LIKE ?{p} ESCAPE '\\'"),
            ];
            for (lo, hi) in &nr_terms {
                terms.push(format!("+o.nr BETWEEN ?{lo} AND ?{hi}"));
            }
            conds.push(format!("({})", terms.join(" OR ")));
        }
    }

    let dir = if q.sort.descending { "DESC" } else { "ASC" };
    let order_by = if q.sort.column == Column::Nr {
        format!("o.nr {dir}")
    } else {
        format!("{} {dir}, o.nr {dir}", sort_expr(q.sort.column))
    };
    let where_clause = if conds.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conds.join(" AND "))
    };
    let joined = format!("{from} JOIN customers c ON c.id = o.customer_id");
    Ok(Plan {
        joined,
        where_clause,
        order_by,
        params,
    })
}

/// [`list_orders`] with the plan threshold as a parameter, so that tests can force either plan.
fn list_orders_planned(
    conn: &Connection,
    q: &ListQuery,
    selective_limit: i64,
    index: Option<&SearchIndex>,
) -> Result<Vec<OrderSummary>> {
    let Plan {
        joined,
        where_clause,
        order_by,
        mut params,
    } = plan(
        conn,
        q,
        selective_limit,
        index,
        Some(q.offset.saturating_add(q.limit)),
    )?;
    params.push(Box::new(q.limit as i64));
    let lim = params.len();
    params.push(Box::new(q.offset as i64));
    let off = params.len();
    let sql = format!(
        "{SELECT} FROM {joined} \
         LEFT JOIN vehicles v ON v.id = o.vehicle_id {where_clause} ORDER BY {order_by} \
         LIMIT ?{lim} OFFSET ?{off}"
    );
    tracing::debug!(%sql, "order list");
    let mut stmt = conn.prepare_cached(&sql)?;
    let refs: Vec<&dyn ToSql> = params.iter().map(|b| b.as_ref()).collect();
    let mut rows = stmt.query(refs.as_slice())?;
    let mut out = Vec::with_capacity(q.limit.min(1000));
    while let Some(r) = rows.next()? {
        out.push(OrderSummary {
            nr: r.get(0)?,
            customer_no: r.get(1)?,
            customer_name: r.get(2)?,
            regnr: r.get(3)?,
            make: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
            model: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
            status: status(&r.get::<_, String>(6)?)?,
            total: Money::from_ore(r.get(7)?),
            payment_method: payment_method(r.get(8)?)?,
            payment_received: r.get(9)?,
            payment_received_at: opt_ts(r.get(10)?)?,
            created_at: parse_ts(&r.get::<_, String>(11)?)?,
            updated_at: parse_ts(&r.get::<_, String>(12)?)?,
            mobile: r.get(13)?,
            invoice_no: r.get(14)?,
            booked_at: opt_ts(r.get(15)?)?,
            sending: r.get(16)?,
        });
    }
    Ok(out)
}

/// How much work counting may do before it settles for "at least": SQLite virtual-machine
/// steps (deterministic for a given database, unlike a clock). The store interrupts the count's
/// statement when they are spent.
pub(super) const COUNT_BUDGET_STEPS: u64 = 20_000_000;

/// How many orders match `q` (its sort, limit and offset aside): exact, or at least `n` when the
/// statement was interrupted (the caller's step budget) before it had seen them all.
pub(super) fn count_orders(
    conn: &Connection,
    q: &ListQuery,
    index: Option<&SearchIndex>,
) -> Result<ListCount> {
    let Plan {
        joined,
        where_clause,
        params,
        ..
    } = plan(conn, q, SELECTIVE_LIMIT, index, None)?;
    let sql = if q.filter.is_none() {
        // Without a text filter the orders table answers alone (its smallest index).
        format!("SELECT 1 FROM orders o {where_clause}")
    } else {
        format!("SELECT 1 FROM {joined} LEFT JOIN vehicles v ON v.id = o.vehicle_id {where_clause}")
    };
    let mut n = 0u64;
    let mut stmt = conn.prepare_cached(&sql)?;
    let refs: Vec<&dyn ToSql> = params.iter().map(|b| b.as_ref()).collect();
    let mut rows = stmt.query(refs.as_slice())?;
    loop {
        match rows.next() {
            Ok(Some(_)) => n += 1,
            Ok(None) => return Ok(ListCount { n, exact: true }),
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::OperationInterrupted =>
            {
                return Ok(ListCount { n, exact: false });
            }
            Err(e) => return Err(e.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::demo::{DemoSpec, generate};
    use crate::domain::search::Filter;
    use crate::domain::{Sort, Status};
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

    /// Both plans must return exactly the same page for every filter and sort.
    #[test]
    fn selective_and_broad_plans_agree() {
        let (_dir, store) = demo_store(1500, 3);
        let index = SearchIndex::refresh(&store.writer.lock().unwrap(), None).unwrap();
        let filters = [
            "a",
            "sson",
            "öberg",
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
            "customer_no:desc",
            "mobile",
            "regnr:desc",
            "payment_received_at:desc",
            "status",
        ];
        let mut non_empty = 0;
        for f in filters {
            for s in sorts {
                for (status, paid) in [(None, None), (Some(Status::Booked), Some(true))] {
                    let q = ListQuery {
                        filter: Filter::new(f),
                        status,
                        paid,
                        sort: Sort::parse(s).unwrap(),
                        limit: 40,
                        offset: 5,
                    };
                    let broad =
                        list_orders_planned(&store.writer.lock().unwrap(), &q, -1, None).unwrap();
                    let selective =
                        list_orders_planned(&store.writer.lock().unwrap(), &q, i64::MAX - 1, None)
                            .unwrap();
                    assert_eq!(broad, selective, "filter {f:?} sort {s}");
                    let in_memory = list_orders_planned(
                        &store.writer.lock().unwrap(),
                        &q,
                        i64::MAX - 1,
                        Some(&index),
                    )
                    .unwrap();
                    assert_eq!(
                        in_memory, selective,
                        "in-memory search, filter {f:?} sort {s}"
                    );
                    if !broad.is_empty() {
                        non_empty += 1;
                    }
                    // Every row really matches the filter.
                    let needle = Filter::new(f).unwrap().text;
                    for r in &broad {
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
        assert!(
            non_empty > 40,
            "the filters should find something: {non_empty}"
        );
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
}
