//! The order list query: text filter, quick filters, sort and a page, fast at a million orders.
//!
//! The text filter matches customers and vehicles (small tables, scanned) and order numbers (by
//! index). The plan is chosen by how many customers and vehicles match and by the sort:
//! - *selective*: few matches (up to 2 000). The matching orders are collected through the
//!   customer, vehicle and number indexes, then sorted: cost grows with the number of matches,
//!   not of orders.
//! - *broad*: many matches. Orders are walked in the sort column's index order and the first
//!   page that matches is returned: cost grows with page size / share of matching orders. With
//!   the in-memory search texts and up to 30 000 matching customers and vehicles, each order is
//!   tested against id sets instead of being joined to its customer and vehicle.
//! - *customers first* ([`customer_walk`]): many matches, up to 30 000 matching customers and
//!   vehicles, sorted on a customer column (number, name, mobile). No order index is in that
//!   order, so the walk above would sort every matching order; instead only the candidate
//!   customers are sorted (in memory), and their orders are read customer by customer until the
//!   page is full: cost grows with the number of matching customers, wherever they come in the
//!   alphabet.
//!
//! The two walks only find the page's order ids; the ordinary query then reads and sorts those
//! rows, so every plan returns SQLite's own order.

mod customer_walk;

use std::collections::HashSet;
use std::rc::Rc;

use rusqlite::types::Value;
use rusqlite::{Connection, ToSql};

use super::Result;
use super::parse_ts;
use super::rows::{opt_ts, payment_method, status};
use super::search_index::SearchIndex;
use super::settlement::invoice_asks;
use crate::domain::{Column, Money};
use crate::store::{ListCount, ListQuery};

pub use crate::domain::OrderSummary;

/// The thresholds that choose a plan (tests set them to force each plan).
#[derive(Clone, Copy, Debug)]
struct Limits {
    /// Up to this many matching customers plus vehicles (and numbered orders), the selective
    /// plan is used.
    selective: i64,
    /// Above this many matching customers (or vehicles), matches are so dense that walking the
    /// orders with a LIKE per row finds a page sooner than building the sets.
    walk_set: usize,
    /// Above this many orders that match through their vehicle or number but not through their
    /// customer, the customers-first walk gives up.
    extra_orders: usize,
    /// From this many customers with one sort value, the customers-first walk may walk the
    /// orders by number instead of reading each customer's orders,
    by_number_min: usize,
    /// when it expects to walk fewer than this many orders per customer: about as many as are
    /// read in the table's order in the time of one query for a customer's orders (a few pages
    /// read at random).
    by_number_rows: usize,
}

const LIMITS: Limits = Limits {
    selective: 2000,
    walk_set: 30_000,
    extra_orders: 50_000,
    by_number_min: 64,
    by_number_rows: 32,
};

/// The matching customer and vehicle ids as sets, unless there are more than `limit`.
fn moderate_matches(
    index: &SearchIndex,
    text: &str,
    limit: usize,
) -> Option<(HashSet<i64>, HashSet<i64>)> {
    let customers = index.customers(text, limit.saturating_add(1));
    if customers.len() > limit {
        // Too many already: the vehicles need not be searched.
        return None;
    }
    let vehicles = index.vehicles(text, limit.saturating_add(1));
    (vehicles.len() <= limit).then(|| {
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
        Column::PayProvider => NEWEST_PROVIDER,
        Column::PayState => NEWEST_STATE,
        // Not sortable (`Column::sortable`): `plan` sorts such a query by number.
        Column::InvoicePaid | Column::InvoicePaidAt => "o.nr",
    }
}

const SELECT: &str = concat!(
    "SELECT o.nr, c.customer_no, c.name, v.regnr, v.make, v.model, o.status, \
    o.total_ore, o.payment_method, o.payment_received, o.payment_received_at, o.created_at, \
    o.updated_at, c.mobile, o.invoice_no, o.booked_at, \
    (o.status = 'MOBILBET' AND EXISTS (SELECT 1 FROM payment_attempts pa \
     WHERE pa.order_id = o.id AND pa.state = 'sending')), \
    (SELECT pa.provider || coalesce(' ' || pa.provider_store, '') FROM payment_attempts pa \
     WHERE pa.order_id = o.id ORDER BY pa.attempt DESC LIMIT 1), \
    (SELECT pa.payment_state FROM payment_attempts pa \
     WHERE pa.order_id = o.id ORDER BY pa.attempt DESC LIMIT 1), \
    (CASE WHEN o.invoice_no IS NOT NULL AND o.payment_method IN ('FAKTURA', 'KLARNA') \
     THEN (SELECT r.received_on FROM invoice_receipts r \
       JOIN invoices i ON i.invoice_no = r.invoice_no \
       WHERE r.invoice_no = o.invoice_no AND ",
    invoice_asks!(),
    " > 0 \
       AND (SELECT sum(r2.amount_ore) FROM invoice_receipts r2 \
            WHERE r2.invoice_no = r.invoice_no AND (r2.received_on < r.received_on \
            OR (r2.received_on = r.received_on AND r2.id <= r.id))) >= ",
    invoice_asks!(),
    " ORDER BY r.received_on, r.id LIMIT 1) END)"
);

// The last column above is the day an invoice paid by receipts (FAKTURA, KLARNA) was paid:
// the first receipt (in the order received) at which the receipts reach what it asks (its
// credit invoices taken off: `invoice_asks!`), as
// `SettlementStore::invoice_paid` reads it. It is read per row shown, through the receipts'
// (invoice_no) index: a handful of rows each. Sorting on it would read every order's
// receipts, so the column is not sortable (`Column::sortable`).

/// The provider (and store) of an order's newest payment attempt; read per row shown (the
/// attempts' (order_id, attempt) index), so sorting on it reads every matching order's.
const NEWEST_PROVIDER: &str = "(SELECT pa.provider || coalesce(' ' || pa.provider_store, '') \
    FROM payment_attempts pa WHERE pa.order_id = o.id ORDER BY pa.attempt DESC LIMIT 1)";

/// The payment state of an order's newest payment attempt.
const NEWEST_STATE: &str = "(SELECT pa.payment_state FROM payment_attempts pa \
    WHERE pa.order_id = o.id ORDER BY pa.attempt DESC LIMIT 1)";

pub(super) fn list_orders(
    conn: &Connection,
    q: &ListQuery,
    index: Option<&SearchIndex>,
) -> Result<Vec<OrderSummary>> {
    list_orders_planned(conn, q, LIMITS, index)
}

/// The parts of the list query a plan decides: what to join, the conditions, the sort and the
/// parameters they name.
struct Plan {
    joined: String,
    where_clause: String,
    order_by: String,
    params: Vec<Box<dyn ToSql>>,
}

/// Choose the plan for `q`. `wanted` is how many matching rows the caller reads (the walks stop
/// there; `None` when counting, which does not walk); `index` gives the in-memory search texts.
fn plan(
    conn: &Connection,
    q: &ListQuery,
    limits: Limits,
    index: Option<&SearchIndex>,
    wanted: Option<usize>,
) -> Result<Plan> {
    // A column that cannot be sorted on (read per row shown) sorts by number instead.
    let by_number;
    let q = if q.sort.column.sortable() {
        q
    } else {
        by_number = ListQuery {
            sort: crate::domain::Sort {
                column: Column::Nr,
                descending: q.sort.descending,
            },
            ..q.clone()
        };
        &by_number
    };
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
    // The next rows after the last one loaded, by the number index (every plan keeps this
    // condition: the walks start there, the collected sets are cut by it).
    if let Some(after) = q.after_nr.filter(|_| q.sort.column == Column::Nr) {
        params.push(Box::new(after));
        let op = if q.sort.descending { "<" } else { ">" };
        conds.push(format!("o.nr {op} ?{}", params.len()));
    }

    let mut from = "orders o".to_string();
    let base_params = params.len();
    let base_conds = conds.clone();
    if let Some(f) = &q.filter {
        let pattern = f.like_pattern();
        let max_nr: i64 =
            conn.query_row("SELECT coalesce(max(nr), 0) FROM orders", [], |r| r.get(0))?;
        let ranges = f.number_ranges(max_nr);
        let selective_limit = limits.selective;
        // The few customers and vehicles that match, up to one more than the selective limit;
        // without the in-memory texts, when the customers-first walk may follow, the customers
        // up to one more than its limit (one scan for both).
        let cap = selective_limit.saturating_add(1);
        let customers_first =
            wanted.is_some() && customer_walk::sorts_on_customer_column(q.sort.column);
        let walk_cap = i64::try_from(limits.walk_set.saturating_add(1)).unwrap_or(i64::MAX);
        let ids = |sql: &str, cap: i64| -> Result<Vec<i64>> {
            let mut stmt = conn.prepare_cached(sql)?;
            let rows = stmt.query_map(rusqlite::params![pattern, cap], |r| r.get(0))?;
            Ok(rows.collect::<rusqlite::Result<Vec<i64>>>()?)
        };
        const CUSTOMERS: &str =
            "SELECT id FROM customers WHERE search LIKE ?1 ESCAPE '\\' LIMIT ?2";
        const VEHICLES: &str = "SELECT id FROM vehicles WHERE search LIKE ?1 ESCAPE '\\' LIMIT ?2";
        let capn = usize::try_from(cap).unwrap_or(usize::MAX);
        let customers_cap = if customers_first {
            cap.max(walk_cap)
        } else {
            cap
        };
        let customers = match index {
            Some(i) => i.customers(&f.text, capn),
            None => ids(CUSTOMERS, customers_cap)?,
        };
        let mut matched = customers.len() as i64;
        // The vehicles, and whether that is all of them.
        let (vehicles, all_vehicles) = if matched > selective_limit {
            (Vec::new(), false)
        } else if let Some(i) = index {
            let v = i.vehicles(&f.text, capn);
            let all = v.len() < capn;
            (v, all)
        } else {
            let v = ids(VEHICLES, cap)?;
            let all = (v.len() as i64) < cap;
            (v, all)
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
            && let Some((customers, vehicles)) =
                index.and_then(|i| moderate_matches(i, &f.text, limits.walk_set))
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
        } else if let Some(wanted) = wanted.filter(|_| customers_first)
            && let Some((customers, vehicles)) = match index {
                Some(i) => moderate_matches(i, &f.text, limits.walk_set),
                None if customers.len() <= limits.walk_set => {
                    let vehicles = if all_vehicles {
                        vehicles
                    } else {
                        ids(VEHICLES, walk_cap)?
                    };
                    (vehicles.len() <= limits.walk_set).then(|| {
                        (
                            customers.into_iter().collect(),
                            vehicles.into_iter().collect(),
                        )
                    })
                }
                None => None,
            }
            && let Some(page) = customer_walk::first_orders(
                conn,
                q.sort,
                &customer_walk::Base {
                    status: q.status.map(|s| s.code()),
                    paid: q.paid,
                },
                &customer_walk::Matches {
                    customers: &customers,
                    vehicles: &vehicles,
                    ranges: &number_ranges,
                },
                wanted,
                limits,
            )?
        {
            // Customers first: the page's ids, found by the walk, go through the ordinary query.
            let page: Vec<Value> = page.into_iter().map(Value::from).collect();
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

/// [`list_orders`] with the plans' thresholds as a parameter, so that tests can force each plan.
fn list_orders_planned(
    conn: &Connection,
    q: &ListQuery,
    limits: Limits,
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
        limits,
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
            pay_provider: r.get(17)?,
            pay_state: r
                .get::<_, Option<String>>(18)?
                .as_deref()
                .and_then(crate::domain::payment::PaymentState::from_code),
            invoice_paid: None,
            invoice_paid_at: None,
        });
        let row = out.last_mut().expect("just pushed");
        if row.invoice_no.is_some()
            && let Some(method) = row.payment_method
        {
            let receipts_paid_on = r
                .get::<_, Option<String>>(19)?
                .map(|d| {
                    chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d")
                        .map_err(|_| crate::store::StoreError::Corrupt(format!("datum {d:?}")))
                })
                .transpose()?;
            let state = crate::domain::columns::invoice_paid(
                method,
                row.payment_received_at,
                receipts_paid_on,
            );
            row.invoice_paid = Some(state.paid);
            row.invoice_paid_at = state.paid_on;
        }
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
    } = plan(conn, q, LIMITS, index, None)?;
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
mod tests;
