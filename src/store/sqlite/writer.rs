//! Writing: one transaction, with the audit events of the change inside it.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;

use super::rows::{self, CUSTOMER_COLS};
use super::{Result, StoreError, ts};
use crate::domain::customer::FIRST_CUSTOMER_NO;
use crate::domain::ids::{Mobile, NationalId, Regnr, VatNo};
use crate::domain::search::{customer_search_text, vehicle_search_text};
use crate::domain::{Article, Customer, Order, OrderLine, Vehicle};
use crate::store::CoreWriter;
use crate::store::NewCustomer;

fn to_json(v: Option<&impl Serialize>) -> Result<Option<String>> {
    v.map(|v| serde_json::to_string(v).map_err(|e| StoreError::Corrupt(e.to_string())))
        .transpose()
}

/// A change in progress on the write connection. Dropped without `commit`, everything is
/// rolled back.
pub struct SqliteWriter<'a> {
    tx: Transaction<'a>,
    actor: String,
    now: DateTime<Utc>,
    bulk: bool,
}

impl<'a> SqliteWriter<'a> {
    pub(super) fn new(tx: Transaction<'a>, actor: &str) -> SqliteWriter<'a> {
        SqliteWriter {
            tx,
            actor: actor.to_string(),
            now: Utc::now(),
            bulk: false,
        }
    }

    pub(super) fn commit(self) -> Result<()> {
        self.tx.commit().map_err(StoreError::from_sqlite)
    }

    pub(super) fn conn(&self) -> &rusqlite::Connection {
        &self.tx
    }

    fn customer_id(&self, customer_no: i64) -> Result<i64> {
        self.tx
            .prepare_cached("SELECT id FROM customers WHERE customer_no = ?1")?
            .query_row([customer_no], |r| r.get(0))
            .optional()?
            .ok_or(StoreError::CustomerNotFound(customer_no))
    }

    fn vehicle_id(&self, regnr: &Regnr) -> Result<Option<i64>> {
        Ok(self
            .tx
            .prepare_cached("SELECT id FROM vehicles WHERE regnr = ?1")?
            .query_row([regnr.as_str()], |r| r.get(0))
            .optional()?)
    }

    fn insert_lines(&self, order_id: i64, lines: &[OrderLine]) -> Result<()> {
        let mut stmt = self.tx.prepare_cached(
            "INSERT INTO order_lines (order_id, pos, kind, article_no, description, quantity_centi, \
             unit, unit_price_ore, discount_centi, vat_rate) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?;
        for (pos, l) in lines.iter().enumerate() {
            stmt.execute(params![
                order_id,
                pos as i64 + 1,
                l.kind.code(),
                l.article_no,
                l.description,
                l.quantity.hundredths(),
                l.unit,
                l.unit_price.ore(),
                l.discount.hundredths(),
                l.vat.percent(),
            ])?;
        }
        Ok(())
    }
}

impl CoreWriter for SqliteWriter<'_> {
    /// Who makes this change (the audit trail's actor).
    fn actor(&self) -> &str {
        &self.actor
    }

    /// Generated history (bulk mode only): what is written next is dated `at`. Returns the
    /// time it replaces, to be set back.
    fn backdate(&mut self, at: DateTime<Utc>) -> DateTime<Utc> {
        if !self.bulk {
            return self.now;
        }
        std::mem::replace(&mut self.now, at)
    }

    /// True in bulk mode (generated demo data).
    fn is_bulk(&self) -> bool {
        self.bulk
    }

    /// The time of this change (one clock reading for the whole transaction).
    fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// Who this database is (read inside the transaction).
    fn installation(&self) -> Result<crate::domain::Installation> {
        super::installation(&self.tx)
    }

    /// Make an empty database a demo or a real one. Refused (by the schema) once it holds
    /// orders or vouchers.
    fn set_kind(&mut self, kind: crate::domain::DbKind) -> Result<()> {
        let before = self.installation()?;
        if before.kind == kind {
            return Ok(());
        }
        self.tx.execute(
            "UPDATE installation SET kind = ?1 WHERE id = 1",
            [kind.code()],
        )?;
        self.audit(
            "installation",
            &before.id,
            "set_kind",
            Some(&before.kind),
            Some(&kind),
        )?;
        Ok(())
    }

    /// Bulk mode for generated demo data: rows get no audit event each; the caller writes one
    /// summary event for the whole batch.
    /// A large page cache keeps the indexes in memory while a million orders go in.
    fn set_bulk(&mut self) -> Result<()> {
        self.bulk = true;
        self.tx.pragma_update(None, "cache_size", -1_048_576)?;
        Ok(())
    }

    /// Append an audit event: who (the writer's actor), when (now), what, before → after.
    fn audit(
        &self,
        entity: &str,
        key: &str,
        action: &str,
        before: Option<&impl Serialize>,
        after: Option<&impl Serialize>,
    ) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO audit_events (at, actor, entity, entity_key, action, before_json, after_json) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![ts(self.now), self.actor, entity, key, action, to_json(before)?, to_json(after)?])?;
        Ok(())
    }

    /// True when the audit trail holds an event `action` on `entity` `key` (read inside the
    /// transaction).
    fn audit_exists(&self, entity: &str, key: &str, action: &str) -> Result<bool> {
        Ok(self.tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM audit_events WHERE entity = ?1 AND entity_key = ?2 AND action = ?3)",
            params![entity, key, action],
            |r| r.get(0),
        )?)
    }

    fn audit_count(&self, entity: &str, key: &str, action: &str) -> Result<i64> {
        Ok(self.tx.query_row(
            "SELECT count(*) FROM audit_events WHERE entity = ?1 AND entity_key = ?2 AND action = ?3",
            params![entity, key, action],
            |r| r.get(0),
        )?)
    }

    /// Take the next number of a series ('order', 'customer'). Inside the transaction, so a
    /// rolled-back change gives its number back: the series has no gaps.
    fn next_number(&self, series: &str) -> Result<i64> {
        Ok(self.tx.prepare_cached(
            "UPDATE number_series SET next_value = next_value + 1 WHERE name = ?1 RETURNING next_value - 1",
        )?
        .query_row([series], |r| r.get(0))?)
    }

    fn customer(&self, customer_no: i64) -> Result<Option<Customer>> {
        rows::customer(&self.tx, customer_no)
    }

    /// A customer with exactly this name and mobile number, if there is one.
    fn find_customer(&self, name: &str, mobile: Option<&Mobile>) -> Result<Option<Customer>> {
        let sql = format!(
            "SELECT {CUSTOMER_COLS} FROM customers c WHERE c.name = ?1 AND c.mobile IS ?2 LIMIT 1"
        );
        let mut stmt = self.tx.prepare_cached(&sql)?;
        let mut rows = stmt.query(params![name, mobile.map(Mobile::as_str)])?;
        rows.next()?
            .map(|r| rows::customer_from_row(r, 0))
            .transpose()
    }

    /// Create a customer with the next customer number.
    fn create_customer(&mut self, new: NewCustomer) -> Result<Customer> {
        let customer = Customer {
            customer_no: self.next_number("customer")?,
            name: new.name,
            national_id: new.national_id,
            mobile: new.mobile,
            email: new.email,
            address: new.address,
            vat_no: None,
            reverse_charge: false,
        };
        debug_assert!(customer.customer_no >= FIRST_CUSTOMER_NO);
        self.tx
            .prepare_cached(
                "INSERT INTO customers (customer_no, name, national_id, mobile, email, street, \
                 postal_code, city, created_at, search) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                customer.customer_no,
                customer.name,
                customer.national_id.as_ref().map(NationalId::canonical),
                customer.mobile.as_ref().map(Mobile::as_str),
                customer.email,
                customer.address.street,
                customer.address.postal_code,
                customer.address.city,
                ts(self.now),
                customer_search_text(&customer),
            ])?;
        if !self.bulk {
            self.audit(
                "customer",
                &customer.customer_no.to_string(),
                "create",
                None::<&()>,
                Some(&customer),
            )?;
        }
        Ok(customer)
    }

    /// Change a customer's name, identifiers and address (its number never changes), with an
    /// audit event before → after.
    fn update_customer(&mut self, customer: &Customer) -> Result<Customer> {
        let before = self
            .customer(customer.customer_no)?
            .ok_or(StoreError::CustomerNotFound(customer.customer_no))?;
        self.tx
            .prepare_cached(
                "UPDATE customers SET name = ?2, national_id = ?3, mobile = ?4, email = ?5, \
                 street = ?6, postal_code = ?7, city = ?8, search = ?9, vat_no = ?10, \
                 reverse_charge = ?11 WHERE customer_no = ?1",
            )?
            .execute(params![
                customer.customer_no,
                customer.name,
                customer.national_id.as_ref().map(NationalId::canonical),
                customer.mobile.as_ref().map(Mobile::as_str),
                customer.email,
                customer.address.street,
                customer.address.postal_code,
                customer.address.city,
                customer_search_text(customer),
                customer.vat_no.as_ref().map(VatNo::as_str),
                customer.reverse_charge,
            ])?;
        self.audit(
            "customer",
            &customer.customer_no.to_string(),
            "update",
            Some(&before),
            Some(customer),
        )?;
        Ok(customer.clone())
    }

    /// The vehicle with this plate, added (owned by `customer_no`) if it is not known yet.
    /// Returns true if it was added.
    fn ensure_vehicle(&mut self, vehicle: &Vehicle, customer_no: i64) -> Result<bool> {
        if self.vehicle_id(&vehicle.regnr)?.is_some() {
            return Ok(false);
        }
        let owner = self.customer_id(customer_no)?;
        self.tx
            .prepare_cached(
                "INSERT INTO vehicles (regnr, make, model, year, mileage, customer_id, search) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                vehicle.regnr.as_str(),
                vehicle.make,
                vehicle.model,
                vehicle.year,
                vehicle.mileage,
                owner,
                vehicle_search_text(vehicle),
            ])?;
        if !self.bulk {
            self.audit(
                "vehicle",
                vehicle.regnr.as_str(),
                "create",
                None::<&()>,
                Some(vehicle),
            )?;
        }
        Ok(true)
    }

    /// Add or replace an article of the register.
    fn put_article(&mut self, article: &Article) -> Result<()> {
        let before = rows::article(&self.tx, &article.number)?;
        self.tx
            .prepare_cached(
                "INSERT INTO articles (number, description, unit, price_ore, vat_rate, kind) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (number) DO UPDATE SET \
                 description = excluded.description, unit = excluded.unit, \
                 price_ore = excluded.price_ore, vat_rate = excluded.vat_rate, kind = excluded.kind",
            )?
            .execute(params![
                article.number,
                article.description,
                article.unit,
                article.price.ore(),
                article.vat.percent(),
                article.kind.code(),
            ])?;
        if !self.bulk {
            self.audit(
                "article",
                &article.number,
                "put",
                before.as_ref(),
                Some(article),
            )?;
        }
        Ok(())
    }

    /// Store a new order. Its number is taken from the series here (whatever `order.nr` held),
    /// and `created_at`/`updated_at` are kept as given (demo data and imports set them).
    fn create_order(&mut self, mut order: Order) -> Result<Order> {
        order.nr = self.next_number("order")?;
        order.version = 1;
        let customer_id = self.customer_id(order.customer_no)?;
        let vehicle_id = match &order.regnr {
            Some(r) => Some(
                self.vehicle_id(r)?
                    .ok_or_else(|| StoreError::Corrupt(format!("fordon {r} saknas")))?,
            ),
            None => None,
        };
        self.tx
            .prepare_cached(
                "INSERT INTO orders (nr, customer_id, vehicle_id, status, payment_method, \
                 payment_received, payment_received_at, invoice_no, booked_at, total_ore, \
                 created_at, updated_at, completed_at, version) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 1)",
            )?
            .execute(params![
                order.nr,
                customer_id,
                vehicle_id,
                order.status.code(),
                order.payment_method.map(|m| m.code()),
                order.payment_received,
                order.payment_received_at.map(ts),
                order.invoice_no,
                order.booked_at.map(ts),
                order.totals().total.ore(),
                ts(order.created_at),
                ts(order.updated_at),
                order.completed_at.map(ts),
            ])?;
        let id = self.tx.last_insert_rowid();
        self.insert_lines(id, &order.lines)?;
        if !self.bulk {
            self.audit(
                "order",
                &order.nr.to_string(),
                "create",
                None::<&()>,
                Some(&order),
            )?;
        }
        Ok(order)
    }

    /// The order as stored now, inside this transaction.
    fn order(&self, nr: i64) -> Result<Order> {
        Ok(rows::load_order_details(&self.tx, nr)?
            .ok_or(StoreError::OrderNotFound(nr))?
            .order)
    }

    /// Save a changed order. `order.version` must be the version it was read at: if someone else
    /// saved in between, this fails with [`StoreError::Conflict`] and nothing is written.
    /// `action` names the change in the audit trail ("update", "status", "payment" …).
    /// Returns the order as saved, with its new version and update time.
    fn save_order(&mut self, order: &Order, action: &str) -> Result<Order> {
        let before = self.order(order.nr)?;
        if before.version != order.version {
            return Err(StoreError::Conflict { nr: order.nr });
        }
        let mut after = order.clone();
        after.version = order.version + 1;
        after.updated_at = self.now;
        let id: i64 = self
            .tx
            .prepare_cached("SELECT id FROM orders WHERE nr = ?1")?
            .query_row([order.nr], |r| r.get(0))?;
        let vehicle_id = match &after.regnr {
            Some(r) => self.vehicle_id(r)?,
            None => None,
        };
        let changed = self
            .tx
            .prepare_cached(
                "UPDATE orders SET customer_id = ?2, vehicle_id = ?3, status = ?4, payment_method = ?5, \
                 payment_received = ?6, payment_received_at = ?7, invoice_no = ?8, booked_at = ?9, \
                 total_ore = ?10, updated_at = ?11, completed_at = ?13, version = version + 1 \
                 WHERE id = ?1 AND version = ?12",
            )?
            .execute(params![
                id,
                self.customer_id(after.customer_no)?,
                vehicle_id,
                after.status.code(),
                after.payment_method.map(|m| m.code()),
                after.payment_received,
                after.payment_received_at.map(ts),
                after.invoice_no,
                after.booked_at.map(ts),
                after.totals().total.ore(),
                ts(after.updated_at),
                order.version,
                after.completed_at.map(ts),
            ])?;
        if changed != 1 {
            return Err(StoreError::Conflict { nr: order.nr });
        }
        if before.lines != after.lines {
            self.tx
                .prepare_cached("DELETE FROM order_lines WHERE order_id = ?1")?
                .execute([id])?;
            self.insert_lines(id, &after.lines)?;
        }
        self.audit(
            "order",
            &order.nr.to_string(),
            action,
            Some(&before),
            Some(&after),
        )?;
        Ok(after)
    }
}
