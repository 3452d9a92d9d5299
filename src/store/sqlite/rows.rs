//! Reading domain types out of rows.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, Row};

use super::{Result, StoreError, parse_ts};
use crate::domain::ids::{Mobile, NationalId, Regnr, VatNo};
use crate::domain::{
    Address, Article, Customer, LineKind, Money, Order, OrderLine, PaymentMethod, Percent,
    Quantity, Status, VatRate, Vehicle,
};
use crate::store::{AuditEvent, OrderDetails};

fn corrupt(what: &str, value: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what} {value}"))
}

/// A day as stored (`YYYY-MM-DD`); anything else is a corrupt row.
pub(super) fn date(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| StoreError::Corrupt(format!("datum {s:?}")))
}

pub(super) fn opt_ts(s: Option<String>) -> Result<Option<DateTime<Utc>>> {
    s.as_deref().map(parse_ts).transpose()
}

pub(super) fn status(s: &str) -> Result<Status> {
    Status::parse(s).ok_or_else(|| corrupt("status", s))
}

pub(super) fn payment_method(s: Option<String>) -> Result<Option<PaymentMethod>> {
    s.map(|m| PaymentMethod::parse(&m).ok_or_else(|| corrupt("betalsätt", m)))
        .transpose()
}

fn vat(p: i64) -> Result<VatRate> {
    u32::try_from(p)
        .ok()
        .and_then(VatRate::from_percent)
        .ok_or_else(|| corrupt("momssats", p))
}

fn kind(s: &str) -> Result<LineKind> {
    LineKind::parse(s).ok_or_else(|| corrupt("radtyp", s))
}

/// Columns: id, customer_no, name, national_id, mobile, email, street, postal_code, city,
/// vat_no, reverse_charge.
pub(super) const CUSTOMER_COLS: &str = "c.id, c.customer_no, c.name, c.national_id, c.mobile, c.email, c.street, c.postal_code, c.city, c.vat_no, c.reverse_charge";

/// How many columns [`CUSTOMER_COLS`] has.
const CUSTOMER_COL_COUNT: usize = 11;

pub(super) fn customer_from_row(r: &Row<'_>, at: usize) -> Result<Customer> {
    let national_id: Option<String> = r.get(at + 3)?;
    // Stored identifiers are canonical 12-digit forms; no century guess is needed to read them.
    let today = Utc::now().date_naive();
    let national_id = national_id
        .map(|s| NationalId::parse(&s, today).map_err(|_| corrupt("personnummer", s)))
        .transpose()?;
    let mobile: Option<String> = r.get(at + 4)?;
    let mobile = mobile
        .map(|s| Mobile::parse(&s).map_err(|_| corrupt("mobilnummer", s)))
        .transpose()?;
    let vat_no: Option<String> = r.get(at + 9)?;
    let vat_no = vat_no
        .map(|s| VatNo::parse(&s).map_err(|_| corrupt("momsregistreringsnummer", s)))
        .transpose()?;
    Ok(Customer {
        customer_no: r.get(at + 1)?,
        name: r.get(at + 2)?,
        national_id,
        mobile,
        email: r.get(at + 5)?,
        address: Address {
            street: r.get(at + 6)?,
            postal_code: r.get(at + 7)?,
            city: r.get(at + 8)?,
        },
        vat_no,
        reverse_charge: r.get(at + 10)?,
    })
}

/// Columns: regnr, make, model, year, mileage.
pub(super) const VEHICLE_COLS: &str = "v.regnr, v.make, v.model, v.year, v.mileage";

pub(super) fn vehicle_from_row(r: &Row<'_>, at: usize) -> Result<Option<Vehicle>> {
    let regnr: Option<String> = r.get(at)?;
    let Some(regnr) = regnr else {
        return Ok(None);
    };
    Ok(Some(Vehicle {
        regnr: Regnr::parse(&regnr).map_err(|_| corrupt("regnr", &regnr))?,
        make: r.get(at + 1)?,
        model: r.get(at + 2)?,
        year: r.get(at + 3)?,
        mileage: r.get(at + 4)?,
    }))
}

/// Columns: id, nr, status, payment_method, payment_received, payment_received_at, invoice_no,
/// booked_at, created_at, updated_at, version, completed_at.
pub(super) const ORDER_COLS: &str = "o.id, o.nr, o.status, o.payment_method, o.payment_received, \
     o.payment_received_at, o.invoice_no, o.booked_at, o.created_at, o.updated_at, o.version, \
     o.completed_at";

/// How many columns [`ORDER_COLS`] has.
const ORDER_COL_COUNT: usize = 12;

/// An order's own columns (lines, customer number and plate are filled by the caller).
pub(super) fn order_from_row(r: &Row<'_>, at: usize) -> Result<(i64, Order)> {
    let id: i64 = r.get(at)?;
    let order = Order {
        nr: r.get(at + 1)?,
        customer_no: 0,
        regnr: None,
        status: status(&r.get::<_, String>(at + 2)?)?,
        lines: Vec::new(),
        payment_method: payment_method(r.get(at + 3)?)?,
        payment_received: r.get(at + 4)?,
        payment_received_at: opt_ts(r.get(at + 5)?)?,
        invoice_no: r.get(at + 6)?,
        booked_at: opt_ts(r.get(at + 7)?)?,
        completed_at: opt_ts(r.get(at + 11)?)?,
        created_at: parse_ts(&r.get::<_, String>(at + 8)?)?,
        updated_at: parse_ts(&r.get::<_, String>(at + 9)?)?,
        version: r.get(at + 10)?,
    };
    Ok((id, order))
}

pub(super) fn order_lines(conn: &Connection, order_id: i64) -> Result<Vec<OrderLine>> {
    let mut stmt = conn.prepare_cached(
        "SELECT kind, article_no, description, quantity_centi, unit, unit_price_ore, \
         discount_centi, vat_rate FROM order_lines WHERE order_id = ?1 ORDER BY pos",
    )?;
    let mut rows = stmt.query([order_id])?;
    let mut lines = Vec::new();
    while let Some(r) = rows.next()? {
        lines.push(OrderLine {
            kind: kind(&r.get::<_, String>(0)?)?,
            article_no: r.get(1)?,
            description: r.get(2)?,
            quantity: Quantity::from_hundredths(r.get(3)?),
            unit: r.get(4)?,
            unit_price: Money::from_ore(r.get(5)?),
            discount: Percent::from_hundredths(r.get(6)?),
            vat: vat(r.get(7)?)?,
        });
    }
    Ok(lines)
}

pub(super) fn load_order_details(conn: &Connection, nr: i64) -> Result<Option<OrderDetails>> {
    let sql = format!(
        "SELECT {ORDER_COLS}, {CUSTOMER_COLS}, {VEHICLE_COLS} FROM orders o \
         JOIN customers c ON c.id = o.customer_id LEFT JOIN vehicles v ON v.id = o.vehicle_id \
         WHERE o.nr = ?1"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query([nr])?;
    let Some(r) = rows.next()? else {
        return Ok(None);
    };
    let (id, mut order) = order_from_row(r, 0)?;
    let customer = customer_from_row(r, ORDER_COL_COUNT)?;
    let vehicle = vehicle_from_row(r, ORDER_COL_COUNT + CUSTOMER_COL_COUNT)?;
    order.customer_no = customer.customer_no;
    order.regnr = vehicle.as_ref().map(|v| v.regnr.clone());
    order.lines = order_lines(conn, id)?;
    let totals = order.totals();
    Ok(Some(OrderDetails {
        order,
        customer,
        vehicle,
        totals,
    }))
}

pub(super) fn customer(conn: &Connection, customer_no: i64) -> Result<Option<Customer>> {
    let sql = format!("SELECT {CUSTOMER_COLS} FROM customers c WHERE c.customer_no = ?1");
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query([customer_no])?;
    rows.next()?.map(|r| customer_from_row(r, 0)).transpose()
}

pub(super) fn find_customers(
    conn: &Connection,
    pattern: &str,
    limit: usize,
) -> Result<Vec<Customer>> {
    let sql = format!(
        "SELECT {CUSTOMER_COLS} FROM customers c WHERE c.search LIKE ?1 ESCAPE '\\' \
         ORDER BY c.customer_no LIMIT ?2"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(rusqlite::params![pattern, limit as i64])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(customer_from_row(r, 0)?);
    }
    Ok(out)
}

pub(super) fn article(conn: &Connection, number: &str) -> Result<Option<Article>> {
    let row = conn
        .query_row(
            "SELECT number, description, unit, price_ore, vat_rate, kind FROM articles \
             WHERE number = ?1 COLLATE NOCASE",
            [number.trim()],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, String>(5)?,
                ))
            },
        )
        .optional()?;
    row.map(|(number, description, unit, price, rate, k)| {
        Ok(Article {
            number,
            description,
            unit,
            price: Money::from_ore(price),
            vat: vat(rate)?,
            kind: kind(&k)?,
        })
    })
    .transpose()
}

pub(super) fn audit_events(conn: &Connection, entity: &str, key: &str) -> Result<Vec<AuditEvent>> {
    let mut stmt = conn.prepare(
        "SELECT at, actor, entity, entity_key, action, before_json, after_json FROM audit_events \
         WHERE entity = ?1 AND entity_key = ?2 ORDER BY id",
    )?;
    let mut rows = stmt.query([entity, key])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let json = |s: Option<String>| -> Result<Option<serde_json::Value>> {
            s.map(|s| serde_json::from_str(&s).map_err(|_| corrupt("granskningshändelse", &s)))
                .transpose()
        };
        out.push(AuditEvent {
            at: parse_ts(&r.get::<_, String>(0)?)?,
            actor: r.get(1)?,
            entity: r.get(2)?,
            entity_key: r.get(3)?,
            action: r.get(4)?,
            before: json(r.get(5)?)?,
            after: json(r.get(6)?)?,
        });
    }
    Ok(out)
}
