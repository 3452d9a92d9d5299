//! The cash register's use cases (SFL 39 kap., SKVFS 2014:9): a counter sale or return is
//! registered with the control unit in the same transaction that books it, receipts print once
//! as original and once as a copy, X and Z day reports, training mode and the electronic
//! journal. What is registered and why: `domain::register`'s module doc.
//!
//! # Invariants (kept here; tests/register.rs proves them, also with two processes)
//!
//! * **Only with a control code.** A receipt is written only after the control unit answered
//!   with its control code, inside the booking's transaction: when the unit does not answer, the
//!   transaction rolls back and nothing is written — no invoice, no voucher, no receipt number.
//! * **Unbroken series.** Receipt numbers are max + 1 of the register's receipts, read inside
//!   the serialised write transaction; receipts are never removed (the schema refuses it).
//! * **One original, one copy.** The schema keeps one print of each kind per receipt; a second
//!   is refused before anything is written.
//! * **Z reports are final.** A Z report is numbered in its own series per register, stored
//!   with the journal position it ends at, never changed, and one per register and day.
//! * **Training stays out of the books.** A training sale is computed exactly as the booking
//!   would be, in a transaction that is then rolled back; only the training receipt is kept.

use chrono::{DateTime, Local, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::config::Books;
use super::error::{AppError, Result};
use super::ledger::{self, Booked};
use crate::control_unit::{ControlUnit, ControlUnitError, Registration, RegistrationKind};
use crate::domain::invoice::Invoice;
use crate::domain::register::{
    Receipt, ReceiptKind, RegisterReport, Registered, ReportInputs, ReportKind,
};
use crate::domain::{Money, PaymentMethod};
use crate::msg;
use crate::store::prelude::*;
use crate::store::{Store, StoreError, Writer};

/// `[register]` in config.toml: the cash register at this counter.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RegisterConfig {
    /// Kassabeteckning, as notified to Skatteverket (default "KASSA-1").
    pub id: Option<String>,
    /// The control unit's address; `VERKSTAD_CONTROL_UNIT_URL` overrides it. Without either,
    /// the simulated unit of the built-in sandbox is used (clearly marked; not for real sales).
    pub control_unit_url: Option<String>,
    /// Växelkassa: the change float in the drawer, e.g. "500,00" (default 0).
    pub change_float: Option<String>,
    /// Övningsläge: receipts say ÖVNING and nothing reaches the books (default false;
    /// `verkstad --training` turns it on for one run).
    pub training: Option<bool>,
    /// Register MOBIL sales paid at the counter (default true, see `domain::register`).
    pub mobile: Option<bool>,
    /// The point of sale's address, when it is not the company's.
    pub address: Option<String>,
}

/// The register's settings, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterSettings {
    pub id: String,
    pub control_unit_url: Option<String>,
    pub change_float: Money,
    pub training: bool,
    pub mobile: bool,
    pub address: Option<String>,
}

impl RegisterConfig {
    pub fn settings(&self) -> Result<RegisterSettings> {
        let id = self.id.as_deref().map(str::trim).unwrap_or("KASSA-1");
        if id.is_empty() || id.chars().count() > 32 {
            return Err(AppError::Invalid(msg!("register-bad-id", id = id)));
        }
        let change_float = match self.change_float.as_deref() {
            None => Money::ZERO,
            Some(s) => Money::parse_non_negative(s).map_err(|e| {
                AppError::within(super::error::Part::Name("[register] change_float"), e)
            })?,
        };
        Ok(RegisterSettings {
            id: id.to_string(),
            control_unit_url: self.control_unit_url.clone(),
            change_float,
            training: self.training.unwrap_or(false),
            mobile: self.mobile.unwrap_or(true),
            address: self.address.clone().filter(|a| !a.trim().is_empty()),
        })
    }
}

impl RegisterSettings {
    /// Is a sale with this payment method registered in the cash register?
    pub fn registers(&self, method: PaymentMethod) -> bool {
        match method {
            PaymentMethod::Kontant | PaymentMethod::Kort => true,
            PaymentMethod::Mobil => self.mobile,
            // Invoices, our own or Klarna's, are not sales paid at the counter.
            PaymentMethod::Faktura | PaymentMethod::Klarna => false,
        }
    }
}

/// The register at work: its settings and its control unit.
pub struct Counter<'a> {
    pub settings: &'a RegisterSettings,
    /// None when the caller knows nothing will be registered (a FAKTURA booking).
    pub unit: Option<&'a dyn ControlUnit>,
}

impl Counter<'_> {
    fn unit(&self) -> Result<&dyn ControlUnit> {
        self.unit
            .ok_or_else(|| AppError::Invalid(msg!("register-no-control-unit")))
    }
}

impl From<ControlUnitError> for AppError {
    fn from(e: ControlUnitError) -> AppError {
        AppError::ControlUnit(e)
    }
}

fn local(at: DateTime<Utc>) -> chrono::NaiveDateTime {
    at.with_timezone(&Local).naive_local()
}

/// Take the next receipt number, register the receipt with the control unit and store it.
fn register(
    w: &mut impl Writer,
    counter: &Counter<'_>,
    inv: &Invoice,
    kind: ReceiptKind,
    training: bool,
    original: Option<i64>,
    at: DateTime<Utc>,
) -> Result<Receipt> {
    let s = counter.settings;
    let no = w.next_receipt_no(&s.id)?;
    let at = local(at);
    let registration = Registration {
        orgnr: inv.seller.orgnr.clone(),
        register_id: s.id.clone(),
        receipt_no: no,
        at,
        kind: match (training, kind) {
            (true, _) => RegistrationKind::Training,
            (false, ReceiptKind::ProForma) => RegistrationKind::ProForma,
            _ => RegistrationKind::Normal,
        },
        is_return: kind == ReceiptKind::Return,
        total: inv.to_pay,
        vat: inv.per_rate.iter().map(|r| (r.rate, r.vat)).collect(),
    };
    let code = counter.unit()?.register(&registration)?;
    let point_of_sale = s.address.clone().unwrap_or_else(|| {
        let c = &inv.seller;
        format!("{}, {} {}", c.street, c.postal_code, c.city)
    });
    let receipt = Receipt::of_invoice(
        inv,
        original,
        Registered {
            register_id: s.id.clone(),
            no,
            kind,
            training,
            at,
            point_of_sale,
            unit_serial: code.unit_serial,
            control_code: code.code,
        },
    );
    w.insert_receipt(&receipt)?;
    Ok(receipt)
}

/// "Bokför", with the sale registered when it is paid at the counter: one transaction.
pub fn book(
    store: &impl Store,
    actor: &str,
    books: &Books,
    nr: i64,
    method: Option<PaymentMethod>,
    capture: bool,
    counter: &Counter<'_>,
) -> Result<(Booked, Option<Receipt>)> {
    store.write(actor, |w| {
        let now = w.now();
        let booked = ledger::book_in(w, books, nr, method, capture, now)?;
        let inv = &booked.invoice.invoice;
        let receipt = if counter.settings.registers(inv.method) {
            Some(register(
                w,
                counter,
                inv,
                ReceiptKind::Sale,
                false,
                None,
                now,
            )?)
        } else {
            None
        };
        Ok((booked, receipt))
    })
}

/// A planned booking carried out of a transaction that is rolled back.
enum Dry {
    Planned(Box<Booked>),
    Failed(AppError),
}

impl From<StoreError> for Dry {
    fn from(e: StoreError) -> Dry {
        Dry::Failed(e.into())
    }
}

impl From<AppError> for Dry {
    fn from(e: AppError) -> Dry {
        Dry::Failed(e)
    }
}

/// The sale exactly as "Bokför" would make it, computed in a transaction that is rolled back:
/// nothing of it is kept.
fn planned_sale(
    store: &impl Store,
    actor: &str,
    books: &Books,
    nr: i64,
    method: Option<PaymentMethod>,
) -> Result<Booked> {
    let planned = store.write(actor, |w| -> std::result::Result<(), Dry> {
        let now = w.now();
        let booked = ledger::book_in(w, books, nr, method, false, now)?;
        Err(Dry::Planned(Box::new(booked)))
    });
    match planned {
        Err(Dry::Planned(b)) => Ok(*b),
        Err(Dry::Failed(e)) => Err(e),
        Ok(()) => unreachable!("the planning transaction always rolls back"),
    }
}

/// A pro forma receipt ("EJ KVITTO"): what the sale would be, registered with the control unit
/// as pro forma and numbered in the series; the order and the books stay as they were.
pub fn pro_forma(
    store: &impl Store,
    actor: &str,
    books: &Books,
    nr: i64,
    method: Option<PaymentMethod>,
    counter: &Counter<'_>,
) -> Result<Receipt> {
    let booked = planned_sale(store, actor, books, nr, method)?;
    let inv = &booked.invoice.invoice;
    store.write(actor, |w| {
        let now = w.now();
        let r = register(w, counter, inv, ReceiptKind::ProForma, false, None, now)?;
        w.insert_receipt_print(&r, false, None)?;
        Ok(r)
    })
}

/// Övningsläge: the sale exactly as "Bokför" would make it — computed in a transaction that is
/// then rolled back, so no invoice, voucher or order change is kept — registered as a training
/// receipt. The order stays as it was.
pub fn training_sale(
    store: &impl Store,
    actor: &str,
    books: &Books,
    nr: i64,
    method: Option<PaymentMethod>,
    counter: &Counter<'_>,
) -> Result<Receipt> {
    let booked = planned_sale(store, actor, books, nr, method)?;
    let inv = &booked.invoice.invoice;
    if !counter.settings.registers(inv.method) {
        return Err(AppError::Invalid(msg!(
            "register-training-not-registered",
            method = inv.method.code()
        )));
    }
    store.write(actor, |w| {
        let now = w.now();
        register(w, counter, inv, ReceiptKind::Sale, true, None, now)
    })
}

/// "Kreditera" a booked order: the credit invoice and, when the sale had a receipt, the return
/// receipt (returkvitto) registered in the same transaction.
pub fn credit(
    store: &impl Store,
    actor: &str,
    books: &Books,
    nr: i64,
    lines: Option<&[usize]>,
    counter: &Counter<'_>,
) -> Result<(Booked, Option<Receipt>)> {
    store.write(actor, |w| {
        let now = w.now();
        let credited = ledger::credit_in(w, books, nr, lines, now)?;
        let inv = &credited.invoice.invoice;
        let original_no = inv.original.map(|o| o.0);
        let sale = w
            .receipts_of_order(nr)?
            .into_iter()
            .find(|r| r.kind == ReceiptKind::Sale && !r.training && r.invoice_no == original_no);
        let receipt = match sale {
            Some(sale) => Some(register(
                w,
                counter,
                inv,
                ReceiptKind::Return,
                false,
                Some(sale.no),
                now,
            )?),
            None => None,
        };
        Ok((credited, receipt))
    })
}

/// Print a receipt: the original once, then one copy (registered with the control unit as a
/// copy). Anything more is refused before anything is written.
pub fn print_receipt(
    store: &impl Store,
    actor: &str,
    receipt: &Receipt,
    copy: bool,
    counter: &Counter<'_>,
) -> Result<()> {
    store.write(actor, |w| {
        let (original, copied) = w.receipt_printed(&receipt.register_id, receipt.no)?;
        if !copy {
            if original {
                return Err(AppError::Invalid(msg!(
                    "receipt-already-printed",
                    no = receipt.no,
                    nr = receipt.order_nr
                )));
            }
            w.insert_receipt_print(receipt, false, None)?;
            return Ok(());
        }
        if !original {
            return Err(AppError::Invalid(msg!(
                "receipt-original-first",
                no = receipt.no,
                nr = receipt.order_nr
            )));
        }
        if copied {
            return Err(AppError::Invalid(msg!(
                "receipt-copy-already-printed",
                no = receipt.no
            )));
        }
        let registration = Registration {
            orgnr: receipt.seller.orgnr.clone(),
            register_id: receipt.register_id.clone(),
            receipt_no: receipt.no,
            at: local(w.now()),
            kind: RegistrationKind::Copy,
            is_return: receipt.kind == ReceiptKind::Return,
            total: receipt.to_pay,
            vat: receipt.vat_per_rate(),
        };
        let code = counter.unit()?.register(&registration)?;
        w.insert_receipt_print(receipt, true, Some(&code.code))?;
        Ok(())
    })
}

/// The receipt an order's document is printed as: the one that documents `invoice_no` (or the
/// order's latest booked document), or in training mode the order's latest training receipt.
pub fn receipt_for(
    store: &impl Store,
    nr: i64,
    invoice_no: Option<i64>,
    training: bool,
) -> Result<Option<Receipt>> {
    let receipts = store.receipts_of_order(nr)?;
    if training {
        return Ok(receipts.into_iter().rev().find(|r| r.training));
    }
    let no = match invoice_no {
        Some(no) => no,
        None => match ledger::document(store, nr, None) {
            Ok(doc) => doc.invoice.no,
            Err(_) => return Ok(None),
        },
    };
    Ok(receipts
        .into_iter()
        .find(|r| !r.training && r.invoice_no == Some(no)))
}

/// X-dagrapport: everything since the last Z, taken now; resets nothing.
pub fn x_report(
    store: &impl Store,
    books: &Books,
    settings: &RegisterSettings,
    now: DateTime<Utc>,
) -> Result<RegisterReport> {
    let period = store.register_period(&settings.id)?;
    let (receipts, copies, _) = period.until(DateTime::<Utc>::MAX_UTC);
    Ok(RegisterReport::of(
        ReportKind::X,
        None,
        local(now).date(),
        local(now),
        &settings.id,
        &books.company,
        &receipts,
        ReportInputs {
            previous: period.last_z.map(|z| z.2).unwrap_or_default(),
            copies,
            change_float: settings.change_float,
            unfinished: period.unfinished,
        },
    ))
}

/// Z-dagrapport for `date`: closes the period with everything registered up to the end of that
/// day, numbered and stored for good. Refused for a day that already has one, a day before the
/// last Z report, and a day that has not begun.
pub fn z_report(
    store: &impl Store,
    actor: &str,
    books: &Books,
    settings: &RegisterSettings,
    date: NaiveDate,
) -> Result<RegisterReport> {
    store.write(actor, |w| {
        let now = w.now();
        if date > local(now).date() {
            return Err(AppError::Invalid(msg!(
                "register-z-future",
                date = date.to_string()
            )));
        }
        let period = w.register_period(&settings.id)?;
        if let Some((no, last, _)) = period.last_z
            && date <= last
        {
            return Err(AppError::Invalid(if date == last {
                msg!("register-z-taken", date = date.to_string(), no = no)
            } else {
                msg!(
                    "register-z-before-last",
                    date = date.to_string(),
                    last = last.to_string()
                )
            }));
        }
        let end = date
            .succ_opt()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .and_then(|n| n.and_local_timezone(Local).earliest())
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or(DateTime::<Utc>::MAX_UTC);
        let (receipts, copies, last_seq) = period.until(end);
        let no = period.last_z.map_or(1, |z| z.0 + 1);
        let z = RegisterReport::of(
            ReportKind::Z,
            Some(no),
            date,
            local(now),
            &settings.id,
            &books.company,
            &receipts,
            ReportInputs {
                previous: period.last_z.map(|z| z.2).unwrap_or_default(),
                copies,
                change_float: settings.change_float,
                unfinished: period.unfinished,
            },
        );
        w.insert_z_report(&z, last_seq)?;
        Ok(z)
    })
}

/// The electronic journal of local days `from..=to`, for Skatteverket: one JSON object per line.
pub fn journal_export(store: &impl Store, from: NaiveDate, to: NaiveDate) -> Result<JournalFile> {
    let start = |d: NaiveDate| {
        d.and_hms_opt(0, 0, 0)
            .and_then(|n| n.and_local_timezone(Local).earliest())
            .map(|t| t.with_timezone(&Utc))
    };
    let begin = start(from).unwrap_or(DateTime::<Utc>::MIN_UTC);
    let end = to
        .succ_opt()
        .and_then(start)
        .unwrap_or(DateTime::<Utc>::MAX_UTC);
    let entries = store.journal(begin, end)?;
    let mut bytes = Vec::new();
    for e in &entries {
        serde_json::to_writer(&mut bytes, e)
            .map_err(|e| AppError::Io(msg!("io-internal-error", error = e.to_string())))?;
        bytes.push(b'\n');
    }
    Ok(JournalFile {
        entries: entries.len(),
        bytes,
    })
}

/// The exported journal: JSON Lines, one [`JournalEntry`] per line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JournalFile {
    pub entries: usize,
    #[serde(skip)]
    pub bytes: Vec<u8>,
}
