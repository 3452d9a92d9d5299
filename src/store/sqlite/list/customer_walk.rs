//! The customers-first walk: the first orders of a broad text filter sorted on a customer column
//! (customer number, name, mobile), without sorting every matching order.
//!
//! The matching orders are those of the matching customers (the set C), plus the "extra" orders
//! that match through their vehicle or their number while their customer does not. Only these
//! candidate customers are sorted, in memory, by their sort value; they are then walked in that
//! order, reading each one's orders through `orders(customer_id)`, until the page is full. The
//! cost grows with the number of candidate customers and the page, not with where their names
//! come in the alphabet.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use rusqlite::types::{Value, ValueRef};
use rusqlite::{Connection, ToSql};

use super::{Limits, Result};
use crate::domain::{Column, Sort};

/// What the orders must also be (the quick filters), tested on each order row.
pub(super) struct Base {
    pub status: Option<&'static str>,
    pub paid: Option<bool>,
}

impl Base {
    /// ` AND …` for the quick filters, their parameters numbered from `first`, and the values.
    /// `on_row`: tested on each row (the unary `+` keeps SQLite on the index the query names:
    /// customer, vehicle or number), else their indexes may be used.
    fn sql(&self, first: usize, on_row: bool) -> (String, Vec<Value>) {
        let plus = if on_row { "+" } else { "" };
        let mut sql = String::new();
        let mut values = Vec::new();
        if let Some(s) = self.status {
            values.push(Value::from(s.to_string()));
            sql.push_str(&format!(
                " AND {plus}o.status = ?{}",
                first + values.len() - 1
            ));
        }
        if let Some(p) = self.paid {
            values.push(Value::from(p));
            let n = first + values.len() - 1;
            sql.push_str(&format!(" AND {plus}o.payment_received = ?{n}"));
        }
        (sql, values)
    }
}

/// The filter's matches: customer ids, vehicle ids and order number ranges.
pub(super) struct Matches<'a> {
    pub customers: &'a HashSet<i64>,
    pub vehicles: &'a HashSet<i64>,
    pub ranges: &'a [(i64, i64)],
}

/// The first `need` orders (nr, id) of `customers`, in number order (`descending` or not), found
/// by walking all orders in that order; `None` when `max_rows` orders were walked first.
pub(super) fn by_number(
    conn: &Connection,
    customers: &[i64],
    base: &Base,
    descending: bool,
    need: usize,
    max_rows: usize,
) -> Result<Option<Vec<(i64, i64)>>> {
    let set: HashSet<i64> = customers.iter().copied().collect();
    let (cond, values) = base.sql(1, false);
    let params: Vec<&dyn ToSql> = values.iter().map(|v| v as &dyn ToSql).collect();
    let dir = if descending { "DESC" } else { "ASC" };
    let sql =
        format!("SELECT o.customer_id, o.nr, o.id FROM orders o WHERE 1{cond} ORDER BY o.nr {dir}");
    let mut out = Vec::new();
    let mut seen = 0usize;
    let all = each_order(conn, &sql, &params, |customer, nr, id| {
        seen += 1;
        if set.contains(&customer) {
            out.push((nr, id));
        }
        out.len() < need && seen < max_rows
    })?;
    Ok((all || out.len() >= need).then_some(out))
}

/// A sort value as SQLite orders it: NULL first, then numbers, then text in byte order (BINARY).
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Null,
    Int(i64),
    Text(Vec<u8>),
}

fn key_column(c: Column) -> Option<&'static str> {
    match c {
        Column::CustomerNo => Some("customer_no"),
        Column::CustomerName => Some("name"),
        Column::Mobile => Some("mobile"),
        _ => None,
    }
}

/// Sorts that the walk answers: a column of the customer alone.
pub(super) fn sorts_on_customer_column(c: Column) -> bool {
    key_column(c).is_some()
}

/// Run one query and hand each row's (customer id, nr, order id) to `each`; `each` returns false
/// to stop early.
fn each_order(
    conn: &Connection,
    sql: &str,
    params: &[&dyn ToSql],
    mut each: impl FnMut(i64, i64, i64) -> bool,
) -> Result<bool> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query(params)?;
    while let Some(r) = rows.next()? {
        if !each(r.get(0)?, r.get(1)?, r.get(2)?) {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The ids of the first `wanted` orders matching `m` and `base` in the order
/// `ORDER BY <column> <dir>, o.nr <dir>`, or `None` when the walk does not pay: more than
/// `limits.extra_orders` orders match through a vehicle or number but not through their
/// customer.
pub(super) fn first_orders(
    conn: &Connection,
    sort: Sort,
    base: &Base,
    m: &Matches,
    wanted: usize,
    limits: Limits,
) -> Result<Option<Vec<i64>>> {
    let Some(key_col) = key_column(sort.column) else {
        return Ok(None);
    };
    let descending = sort.descending;

    // The extra orders, (nr, id) by customer.
    let mut extra: HashMap<i64, Vec<(i64, i64)>> = HashMap::new();
    let mut n_extra = 0usize;
    let mut collect = |customer: i64, nr: i64, id: i64| {
        if m.customers.contains(&customer) {
            return true;
        }
        extra.entry(customer).or_default().push((nr, id));
        n_extra += 1;
        n_extra <= limits.extra_orders
    };
    if !m.vehicles.is_empty() {
        let (cond, values) = base.sql(2, true);
        let ids = Rc::new(
            m.vehicles
                .iter()
                .map(|&v| Value::from(v))
                .collect::<Vec<_>>(),
        );
        let mut params: Vec<&dyn ToSql> = vec![&ids];
        params.extend(values.iter().map(|v| v as &dyn ToSql));
        let sql = format!(
            "SELECT o.customer_id, o.nr, o.id FROM orders o \
             WHERE o.vehicle_id IN rarray(?1){cond}"
        );
        if !each_order(conn, &sql, &params, &mut collect)? {
            return Ok(None);
        }
    }
    for &(lo, hi) in m.ranges {
        let (cond, values) = base.sql(3, true);
        let mut params: Vec<&dyn ToSql> = vec![&lo, &hi];
        params.extend(values.iter().map(|v| v as &dyn ToSql));
        let sql = format!(
            "SELECT o.customer_id, o.nr, o.id FROM orders o WHERE o.nr BETWEEN ?1 AND ?2{cond}"
        );
        if !each_order(conn, &sql, &params, &mut collect)? {
            return Ok(None);
        }
    }

    // The candidate customers with their sort values, in sort order (ties by id, which does
    // not matter: equal values are walked together). Read in id order: the table's order.
    let mut candidates: Vec<i64> = m.customers.iter().chain(extra.keys()).copied().collect();
    candidates.sort_unstable();
    let candidates: Vec<Value> = candidates.into_iter().map(Value::from).collect();
    let mut keyed: Vec<(Key, i64)> = Vec::with_capacity(candidates.len());
    {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT id, {key_col} FROM customers WHERE id IN rarray(?1)"
        ))?;
        let mut rows = stmt.query([Rc::new(candidates)])?;
        while let Some(r) = rows.next()? {
            let key = match r.get_ref(1)? {
                ValueRef::Null => Key::Null,
                ValueRef::Integer(i) => Key::Int(i),
                ValueRef::Text(t) => Key::Text(t.to_vec()),
                // Not in these columns (STRICT INTEGER or TEXT); SQLite would order them in
                // its own way, so leave it to SQLite.
                ValueRef::Real(_) | ValueRef::Blob(_) => return Ok(None),
            };
            keyed.push((key, r.get(0)?));
        }
    }
    keyed.sort_unstable();
    if descending {
        keyed.reverse();
    }

    // Walk runs of equal sort values: their orders interleave by number.
    let (cond, base_params) = base.sql(2, true);
    let own_sql =
        format!("SELECT o.customer_id, o.nr, o.id FROM orders o WHERE o.customer_id = ?1{cond}");
    let mut page: Vec<i64> = Vec::with_capacity(wanted.min(10_000));
    let mut run: Vec<(i64, i64)> = Vec::new();
    let mut start = 0;
    let mut all_customers = None;
    while start < keyed.len() && page.len() < wanted {
        let end = start
            + keyed[start..]
                .iter()
                .take_while(|(k, _)| *k == keyed[start].0)
                .count();
        let need = wanted - page.len();
        run.clear();
        let mut own = Vec::new();
        for (_, customer) in &keyed[start..end] {
            if m.customers.contains(customer) {
                own.push(*customer);
            } else if let Some(orders) = extra.get(customer) {
                run.extend_from_slice(orders);
            }
        }
        // Many customers with one value (those without a mobile number): walking the orders in
        // number order finds the first ones sooner than reading every customer's orders, when
        // they are a large enough share (the walk is bounded; each query costs a few pages).
        let mut walked = None;
        if own.len() >= limits.by_number_min {
            let all: usize = match all_customers {
                Some(n) => n,
                None => {
                    let n: i64 =
                        conn.query_row("SELECT coalesce(max(id), 0) FROM customers", [], |r| {
                            r.get(0)
                        })?;
                    *all_customers.insert(usize::try_from(n).unwrap_or(0))
                }
            };
            let expected = need.saturating_mul(all) / own.len();
            if expected < own.len().saturating_mul(limits.by_number_rows) {
                let max_rows = expected.saturating_mul(4).saturating_add(10_000);
                walked = by_number(conn, &own, base, descending, need, max_rows)?;
            }
        }
        match walked {
            Some(orders) => run.extend(orders),
            None => {
                for customer in &own {
                    let mut params: Vec<&dyn ToSql> = vec![customer];
                    params.extend(base_params.iter().map(|v| v as &dyn ToSql));
                    each_order(conn, &own_sql, &params, |_, nr, id| {
                        run.push((nr, id));
                        true
                    })?;
                }
            }
        }
        // An order may be extra through both its vehicle and its number.
        run.sort_unstable();
        run.dedup();
        if descending {
            run.reverse();
        }
        page.extend(run.iter().map(|&(_, id)| id));
        start = end;
    }
    page.truncate(wanted);
    Ok(Some(page))
}
