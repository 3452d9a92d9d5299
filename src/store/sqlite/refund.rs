//! Refunds in SQLite (migration 15): payment details, what is owed, refunds and batches.

use rusqlite::{Connection, OptionalExtension, params};

use super::rows::date;
use super::{Result, SqliteStore, SqliteWriter, StoreError, ts};
use crate::domain::Money;
use crate::domain::ids::{Bic, Iban, SwedishAccount};
use crate::domain::reconcile::PaymentRef;
use crate::domain::refund::{Payee, RefundSource, RefundState};
use crate::store::refund::{
    BatchRecord, OwedRecord, OwedView, RefundRecord, RefundStore, RefundWriter,
};

fn corrupt(what: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(what.to_string())
}

fn payment_details(c: &Connection, customer_no: i64) -> Result<Option<Payee>> {
    let row = c
        .prepare_cached(
            "SELECT kind, clearing, account, iban, bic, giro FROM customer_payment_details \
             WHERE customer_no = ?1",
        )?
        .query_row([customer_no], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<String>>(5)?,
            ))
        })
        .optional()?;
    let Some((kind, clearing, account, iban, bic, giro)) = row else {
        return Ok(None);
    };
    let bad = || corrupt(format!("betalningsuppgifter kund {customer_no}"));
    let payee = match kind.as_str() {
        "account" => Payee::Account(SwedishAccount {
            clearing: clearing.ok_or_else(bad)?,
            account: account.ok_or_else(bad)?,
        }),
        "iban" => Payee::Iban {
            iban: Iban::parse(&iban.ok_or_else(bad)?).map_err(|_| bad())?,
            bic: bic.map(|b| Bic::parse(&b)).transpose().map_err(|_| bad())?,
        },
        "bankgiro" => Payee::Bankgiro {
            number: giro.ok_or_else(bad)?,
        },
        "plusgiro" => Payee::Plusgiro {
            number: giro.ok_or_else(bad)?,
        },
        _ => return Err(bad()),
    };
    Ok(Some(payee))
}

/// The refunds of a source, oldest first.
fn refunds_of(c: &Connection, source: RefundSource, source_id: i64) -> Result<Vec<RefundRecord>> {
    refunds_where(
        c,
        "WHERE source = ?1 AND source_id = ?2 ORDER BY id",
        &[&source.code(), &source_id],
    )
}

/// [`owed`] with each source's refunds and, while money is still owed, the payee.
fn owed_views(c: &Connection) -> Result<Vec<OwedView>> {
    owed(c)?
        .into_iter()
        .map(|owed| {
            let refunds = refunds_of(c, owed.source, owed.source_id)?;
            let payee = if owed.owed > owed.refunded {
                payment_details(c, owed.customer_no)?
            } else {
                None
            };
            Ok(OwedView {
                owed,
                refunds,
                payee,
            })
        })
        .collect()
}

/// Money received on a FAKTURA invoice beyond what it asks once credited, and each bank
/// payment's credit left on 2420; with what sent and booked refunds took.
fn owed(c: &Connection) -> Result<Vec<OwedRecord>> {
    let refunded = |source: &str| {
        format!(
            "COALESCE((SELECT sum(f.amount_ore) FROM refunds f WHERE f.source = '{source}' \
             AND f.state IN ('sent', 'booked') AND f.source_id = "
        )
    };
    let mut out = Vec::new();
    let sql = format!(
        "SELECT i.invoice_no, o.nr, cu.customer_no, cu.name, \
         COALESCE((SELECT sum(r.amount_ore) FROM invoice_receipts r \
                   WHERE r.invoice_no = i.invoice_no), 0) - {asks} AS owed, \
         (SELECT max(k.date) FROM invoices k WHERE k.original_no = i.invoice_no \
          AND k.kind = 'kredit'), \
         (SELECT group_concat(k.invoice_no) FROM invoices k WHERE k.original_no = i.invoice_no \
          AND k.kind = 'kredit'), \
         {refunded} i.invoice_no), 0) \
         FROM invoices i JOIN orders o ON o.id = i.order_id \
         JOIN customers cu ON cu.id = o.customer_id \
         WHERE i.kind = 'faktura' AND i.method = 'FAKTURA' \
         AND EXISTS (SELECT 1 FROM invoices k WHERE k.original_no = i.invoice_no \
                     AND k.kind = 'kredit') \
         AND owed > 0 ORDER BY i.invoice_no",
        asks = super::settlement::invoice_asks!(),
        refunded = refunded("invoice"),
    );
    let mut st = c.prepare_cached(&sql)?;
    let rows = st.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, i64>(4)?,
            r.get::<_, Option<String>>(5)?,
            r.get::<_, Option<String>>(6)?,
            r.get::<_, i64>(7)?,
        ))
    })?;
    for row in rows {
        let (invoice_no, nr, customer_no, name, owed, since, notes, refunded) = row?;
        let since = since.ok_or_else(|| corrupt(format!("kreditfaktura till {invoice_no}")))?;
        out.push(OwedRecord {
            source: RefundSource::Invoice,
            source_id: invoice_no,
            customer_no,
            customer_name: name,
            reference: nr.to_string(),
            credit_notes: notes
                .unwrap_or_default()
                .split(',')
                .filter_map(|n| n.parse().ok())
                .collect(),
            owed: Money::from_ore(owed),
            refunded: Money::from_ore(refunded),
            since: date(&since)?,
        });
    }
    let sql = format!(
        "SELECT p.id, p.credit_ore, p.booked_on, p.references_json, p.bank_id, \
         cu.customer_no, cu.name, {refunded} p.id), 0) \
         FROM incoming_payments p \
         JOIN customers cu ON cu.id = (SELECT o.customer_id FROM invoice_receipts r \
              JOIN invoices i ON i.invoice_no = r.invoice_no \
              JOIN orders o ON o.id = i.order_id WHERE r.payment = p.id ORDER BY r.id LIMIT 1) \
         WHERE p.credit_ore > 0 ORDER BY p.id",
        refunded = refunded("payment"),
    );
    let mut st = c.prepare_cached(&sql)?;
    let rows = st.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, i64>(5)?,
            r.get::<_, String>(6)?,
            r.get::<_, i64>(7)?,
        ))
    })?;
    for row in rows {
        let (id, credit, booked_on, refs, bank_id, customer_no, name, refunded) = row?;
        let refs: Vec<PaymentRef> = serde_json::from_str(&refs).map_err(corrupt)?;
        out.push(OwedRecord {
            source: RefundSource::Payment,
            source_id: id,
            customer_no,
            customer_name: name,
            reference: refs.first().map(|r| r.text.clone()).unwrap_or(bank_id),
            credit_notes: Vec::new(),
            owed: Money::from_ore(credit),
            refunded: Money::from_ore(refunded),
            since: date(&booked_on)?,
        });
    }
    Ok(out)
}

const REFUND_COLS: &str = "id, source, source_id, customer_no, amount_ore, pay_on, reference, \
    state, reason, batch, end_to_end_id, payee_json, voucher_no, payment";

fn refunds_where(
    c: &Connection,
    tail: &str,
    args: &[&dyn rusqlite::ToSql],
) -> Result<Vec<RefundRecord>> {
    let mut st = c.prepare_cached(&format!("SELECT {REFUND_COLS} FROM refunds {tail}"))?;
    let rows = st.query_map(args, |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, i64>(3)?,
            r.get::<_, i64>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
            r.get::<_, String>(7)?,
            r.get::<_, Option<String>>(8)?,
            r.get::<_, Option<i64>>(9)?,
            r.get::<_, Option<String>>(10)?,
            r.get::<_, Option<String>>(11)?,
            r.get::<_, Option<i64>>(12)?,
            r.get::<_, Option<i64>>(13)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (
            id,
            source,
            source_id,
            customer_no,
            amount,
            pay_on,
            reference,
            state,
            reason,
            batch,
            e2e,
            payee,
            voucher_no,
            payment,
        ) = row?;
        out.push(RefundRecord {
            id,
            source: RefundSource::parse(&source).ok_or_else(|| corrupt(&source))?,
            source_id,
            customer_no,
            amount: Money::from_ore(amount),
            pay_on: date(&pay_on)?,
            reference,
            state: RefundState::parse(&state).ok_or_else(|| corrupt(&state))?,
            reason,
            batch,
            end_to_end_id: e2e,
            payee: payee
                .map(|p| serde_json::from_str(&p).map_err(corrupt))
                .transpose()?,
            voucher_no,
            payment,
        });
    }
    Ok(out)
}

fn batch_where(
    c: &Connection,
    tail: &str,
    arg: &dyn rusqlite::ToSql,
) -> Result<Option<BatchRecord>> {
    let row = c
        .prepare_cached(&format!(
            "SELECT id, msg_id, pay_on, count, total_ore, xml FROM refund_batches {tail}"
        ))?
        .query_row([arg], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, String>(5)?,
            ))
        })
        .optional()?;
    row.map(|(id, msg_id, pay_on, count, total, xml)| {
        Ok(BatchRecord {
            id,
            msg_id,
            pay_on: date(&pay_on)?,
            count,
            total: Money::from_ore(total),
            xml,
        })
    })
    .transpose()
}

impl RefundStore for SqliteStore {
    fn payment_details(&self, customer_no: i64) -> Result<Option<Payee>> {
        self.read(|c| payment_details(c, customer_no))
    }

    fn owed_views(&self) -> Result<Vec<OwedView>> {
        self.read(owed_views)
    }

    fn refunds(&self, limit: usize) -> Result<Vec<RefundRecord>> {
        self.read(|c| refunds_where(c, "ORDER BY id DESC LIMIT ?1", &[&(limit as i64)]))
    }

    fn refund_batch(&self, id: i64) -> Result<Option<BatchRecord>> {
        self.read(|c| batch_where(c, "WHERE id = ?1", &id))
    }
}

impl RefundWriter for SqliteWriter<'_> {
    fn set_payment_details(&mut self, customer_no: i64, payee: Option<&Payee>) -> Result<()> {
        let c = self.conn();
        c.execute(
            "DELETE FROM customer_payment_details WHERE customer_no = ?1",
            [customer_no],
        )?;
        let Some(p) = payee else {
            return Ok(());
        };
        let (clearing, account, iban, bic, giro) = match p {
            Payee::Account(a) => (
                Some(a.clearing.clone()),
                Some(a.account.clone()),
                None,
                None,
                None,
            ),
            Payee::Iban { iban, bic } => (
                None,
                None,
                Some(iban.electronic().to_owned()),
                bic.as_ref().map(|b| b.as_str().to_owned()),
                None,
            ),
            Payee::Bankgiro { number } | Payee::Plusgiro { number } => {
                (None, None, None, None, Some(number.clone()))
            }
        };
        c.execute(
            "INSERT INTO customer_payment_details (customer_no, kind, clearing, account, iban, \
             bic, giro, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                customer_no,
                p.kind(),
                clearing,
                account,
                iban,
                bic,
                giro,
                ts(crate::store::CoreWriter::now(self))
            ],
        )?;
        Ok(())
    }

    fn payment_details_in(&self, customer_no: i64) -> Result<Option<Payee>> {
        payment_details(self.conn(), customer_no)
    }

    fn owed_views_in(&self) -> Result<Vec<OwedView>> {
        owed_views(self.conn())
    }

    fn refunds_of(&self, source: RefundSource, source_id: i64) -> Result<Vec<RefundRecord>> {
        refunds_of(self.conn(), source, source_id)
    }

    fn refund_by_end_to_end(&self, end_to_end_id: &str) -> Result<Option<RefundRecord>> {
        Ok(refunds_where(self.conn(), "WHERE end_to_end_id = ?1", &[&end_to_end_id])?.pop())
    }

    fn refunds_of_batch(&self, batch: i64) -> Result<Vec<RefundRecord>> {
        refunds_where(self.conn(), "WHERE batch = ?1 ORDER BY id", &[&batch])
    }

    fn batch_by_msg_id(&self, msg_id: &str) -> Result<Option<BatchRecord>> {
        batch_where(self.conn(), "WHERE msg_id = ?1", &msg_id)
    }

    fn put_proposal(&mut self, r: &RefundRecord) -> Result<i64> {
        self.delete_proposal(r.source, r.source_id)?;
        self.conn().execute(
            "INSERT INTO refunds (source, source_id, customer_no, amount_ore, pay_on, reference, \
             state, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'proposed', ?7)",
            params![
                r.source.code(),
                r.source_id,
                r.customer_no,
                r.amount.ore(),
                r.pay_on.to_string(),
                r.reference,
                ts(crate::store::CoreWriter::now(self))
            ],
        )?;
        Ok(self.conn().last_insert_rowid())
    }

    fn insert_batch(&mut self, b: &BatchRecord) -> Result<i64> {
        self.conn().execute(
            "INSERT INTO refund_batches (id, msg_id, pay_on, created_at, count, total_ore, xml) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                b.id,
                b.msg_id,
                b.pay_on.to_string(),
                ts(crate::store::CoreWriter::now(self)),
                b.count,
                b.total.ore(),
                b.xml
            ],
        )?;
        Ok(b.id)
    }

    fn next_batch_id(&self) -> Result<i64> {
        Ok(self.conn().query_row(
            "SELECT COALESCE(max(id), 0) + 1 FROM refund_batches",
            [],
            |r| r.get(0),
        )?)
    }

    fn insert_sent(&mut self, r: &RefundRecord) -> Result<i64> {
        let payee = r
            .payee
            .as_ref()
            .map(serde_json::to_string)
            .transpose()
            .map_err(corrupt)?;
        self.conn().execute(
            "INSERT INTO refunds (id, source, source_id, customer_no, amount_ore, pay_on, \
             reference, state, batch, end_to_end_id, payee_json, created_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'sent', ?8, ?9, ?10, ?11)",
            params![
                r.id,
                r.source.code(),
                r.source_id,
                r.customer_no,
                r.amount.ore(),
                r.pay_on.to_string(),
                r.reference,
                r.batch,
                r.end_to_end_id,
                payee,
                ts(crate::store::CoreWriter::now(self))
            ],
        )?;
        Ok(r.id)
    }

    fn next_refund_id(&self) -> Result<i64> {
        Ok(self
            .conn()
            .query_row("SELECT COALESCE(max(id), 0) + 1 FROM refunds", [], |r| {
                r.get(0)
            })?)
    }

    fn delete_proposal(&mut self, source: RefundSource, source_id: i64) -> Result<()> {
        self.conn().execute(
            "DELETE FROM refunds WHERE source = ?1 AND source_id = ?2 AND state = 'proposed'",
            params![source.code(), source_id],
        )?;
        Ok(())
    }

    fn set_refund_rejected(&mut self, id: i64, reason: &str) -> Result<()> {
        self.conn().execute(
            "UPDATE refunds SET state = 'rejected', reason = ?2 WHERE id = ?1 AND state = 'sent'",
            params![id, reason],
        )?;
        Ok(())
    }

    fn set_refund_booked(&mut self, id: i64, voucher_no: i64, payment: i64) -> Result<()> {
        self.conn().execute(
            "UPDATE refunds SET state = 'booked', voucher_no = ?2, payment = ?3 \
             WHERE id = ?1 AND state = 'sent'",
            params![id, voucher_no, payment],
        )?;
        Ok(())
    }
}
