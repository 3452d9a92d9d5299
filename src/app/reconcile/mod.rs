//! Reconciliation of incoming payments (issue 14): a bank file imported, its payments matched
//! to our FAKTURA invoices and booked; the work list; a payment matched by hand or moved to
//! OBS; a prepayment matched when its invoice is booked.
//!
//! Every change is ONE store transaction with an audit event:
//!
//! - **import**: the file is read strictly first (a bad file changes nothing, the error names
//!   the line); then, in one transaction, the file (by the hash of its content: the same file
//!   again writes nothing), each payment not seen before (by its entry key: the same entry in
//!   another file is skipped), its decision (domain::reconcile), its voucher (bank 1930 against
//!   1510, 3740, 2420, 2999), its receipts against invoices (`invoice_receipts`, source
//!   `bankgiro` / `camt054`) and one audit event for the file;
//! - **match by hand** and **move to OBS**: the payment's held money moved by a voucher, its
//!   new standing, a booking row, an audit event;
//! - **booking a FAKTURA invoice** ([`apply_waiting_prepayments`], called by
//!   `app::ledger::book_in` inside the booking's transaction): prepayments naming the order are
//!   moved from 2420 to 1510.

mod work;

pub use work::{
    apply_waiting_prepayments, close_payout_waiting_on_obs, list, match_in, match_payment,
    obs_payment,
};

use serde::Serialize;
use siphasher::sip128::{Hasher128, SipHasher13};

use super::config::Books;
use super::error::{AppError, Result};
use crate::bankfiles::{self, Account as BankAccount, Deposit, Format, IncomingPayment};
use crate::domain::Money;
use crate::domain::ledger::{Account, Voucher};
use crate::domain::reconcile::{
    self, Clue, Decision, Found, Lookup, OpenInvoice, Payer, Payment, PaymentRef,
    ReconcileAccounts, RefKind, State,
};
use crate::msg;
use crate::store::prelude::*;
use crate::store::{
    BankFileRecord, IncomingPaymentRecord, InvoiceReceipt, PaymentBooking, PaymentStanding, Store,
    StoreError, Writer,
};

/// How many open invoices asking the same amount are read for "amount and payer".
const AMOUNT_CANDIDATES: usize = 20;

/// One payment of an imported file and what was done with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportedPayment {
    pub id: i64,
    pub amount: Money,
    pub state: State,
    pub decision: Decision,
    pub voucher_no: Option<i64>,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportOutcome {
    /// `bgmax` or `camt054`.
    pub format: String,
    pub file_id: String,
    /// A BgMax test file (its money is not real; booked all the same, so say so).
    pub test: bool,
    /// The same file (same content) was imported before: nothing was written.
    pub already_imported: bool,
    pub payments: Vec<ImportedPayment>,
    /// Entries another file brought already: skipped.
    pub known_entries: usize,
}

impl ImportOutcome {
    pub fn count(&self, state: State) -> usize {
        self.payments.iter().filter(|p| p.state == state).count()
    }
}

/// A payment matched by hand, moved to OBS, or a prepayment applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reconciled {
    pub payment: IncomingPaymentRecord,
    pub voucher_no: Option<i64>,
    pub invoices: Vec<i64>,
}

/// The store asked by the matcher, inside the transaction.
struct WriterLookup<'a, W: Writer>(&'a W);

impl<W: Writer> Lookup for WriterLookup<'_, W> {
    type Error = StoreError;

    fn find(&mut self, clue: &Clue) -> std::result::Result<Found, StoreError> {
        let w = self.0;
        let order = |nr: Option<i64>| -> std::result::Result<Found, StoreError> {
            match nr {
                Some(nr) => w.find_order(nr),
                None => Ok(Found::Nothing),
            }
        };
        match clue {
            Clue::Ocr { invoice_no: no, .. } | Clue::InvoiceNo { no, .. } => Ok(w
                .find_open_amount(*no)?
                .map_or(Found::Nothing, Found::Invoice)),
            Clue::OrderNo { nr, .. } => w.find_order(*nr),
            Clue::OrderReference { text, .. } => order(w.order_of_reference(text)?),
            Clue::ProviderId { text } => match w.order_of_provider_id(text)? {
                Some(nr) => w.find_order(nr),
                // Not a payment's id: perhaps a provider payout's reference on the statement.
                None => Ok(w
                    .payout_by_reference(text)?
                    .map_or(Found::Nothing, Found::Payout)),
            },
        }
    }

    fn asking(&mut self, amount: Money) -> std::result::Result<Vec<OpenInvoice>, StoreError> {
        self.0.invoices_asking(amount, AMOUNT_CANDIDATES)
    }
}

/// The hash a file is known by: SipHash-1-3 (128 bits, fixed keys) of its bytes and their
/// length. Not a defence against forgery, a name for "the same content".
pub fn content_hash(bytes: &[u8]) -> String {
    let mut h = SipHasher13::new_with_keys(0x7665_726b_7374_6164, 0x6261_6e6b_6669_6c65);
    std::hash::Hasher::write(&mut h, bytes);
    std::hash::Hasher::write_u64(&mut h, bytes.len() as u64);
    format!("{:032x}", h.finish128().as_u128())
}

fn source_of(format: Format) -> &'static str {
    match format {
        Format::BgMax => "bankgiro",
        Format::Camt054V02 | Format::Camt054V08 => "camt054",
    }
}

fn account_text(a: &BankAccount) -> String {
    match a {
        BankAccount::Bankgiro(s) => format!("BG {s}"),
        BankAccount::Iban(s) => s.clone(),
        BankAccount::Other(s) => s.clone(),
    }
}

fn ref_kind(k: bankfiles::ReferenceKind) -> RefKind {
    use bankfiles::ReferenceKind as K;
    match k {
        K::Ocr => RefKind::Ocr,
        K::CreditorReference => RefKind::CreditorReference,
        K::Structured => RefKind::Structured,
        K::DocumentNumber => RefKind::DocumentNumber,
        K::FreeText => RefKind::FreeText,
        K::Incorrect => RefKind::Incorrect,
    }
}

/// The neutral payment of a bank file's entry.
pub fn payment_of(p: &IncomingPayment) -> Payment {
    Payment {
        amount: p.amount,
        references: p
            .references
            .iter()
            .map(|r| PaymentRef {
                kind: ref_kind(r.kind),
                text: r.text.clone(),
                amount: r.amount,
            })
            .collect(),
        payer: Payer {
            name: p.counterparty.name.clone(),
            org_no: p.counterparty.org_no.clone(),
            account: p.counterparty.account.clone(),
        },
    }
}

/// The key that names an entry the same in any file.
fn entry_key(source: &str, d: &Deposit, p: &IncomingPayment) -> String {
    format!(
        "{source}|{}|{}|{}|{}",
        account_text(&d.account),
        d.date,
        p.bank_id,
        p.amount.ore()
    )
}

fn standing(d: &Decision, mut earlier: Vec<reconcile::Reason>) -> PaymentStanding {
    earlier.extend(d.reasons.iter().cloned());
    PaymentStanding {
        state: d.state,
        reasons: earlier,
        suggested_invoice: d.suggested_invoice,
        waiting_order: d.waiting_order,
        held: d.held,
        credit: d.credit,
    }
}

/// The voucher of a decision (money taken from `from`), dated `date`. None when every row is
/// zero (a payment of 0,00). `named` holds the accounts whose names were stored in this
/// transaction already (a file's payments use the same few accounts: their names are stored
/// once per file, not once per voucher).
#[allow(clippy::too_many_arguments)] // the voucher's parts, each named at the call
fn book_voucher(
    w: &mut impl Writer,
    books: &Books,
    named: &mut Vec<Account>,
    from: Account,
    amount: Money,
    d: &Decision,
    date: chrono::NaiveDate,
    text: String,
) -> Result<Option<i64>> {
    let acc = ReconcileAccounts::of(&books.accounts);
    let rows = reconcile::postings(from, amount, d, &acc).ok_or_else(|| {
        AppError::Invalid(msg!("reconcile-internal", amount = amount.to_string()))
    })?;
    if rows.is_empty() {
        return Ok(None);
    }
    let voucher = Voucher {
        series: "A".into(),
        number: w.next_number("voucher")?,
        date,
        text,
        rows,
    };
    // Invariant: every voucher balances (postings() gives no rows for a decision that would
    // not, and the check here stands guard).
    if !voucher.is_balanced() {
        return Err(crate::domain::ledger::LedgerError::Unbalanced(voucher.sum()).into());
    }
    // Invariant: every account of the voucher has its name in `accounts` (for the SIE export)
    // in this transaction: stored now, or earlier in this transaction by another voucher.
    let unnamed: Vec<Account> = voucher
        .rows
        .iter()
        .map(|p| p.account)
        .filter(|a| !named.contains(a))
        .collect();
    if !unnamed.is_empty() {
        w.put_accounts(&books.chart, unnamed.iter().copied())?;
        named.extend(unnamed);
    }
    w.insert_voucher(&voucher)?;
    Ok(Some(voucher.number))
}

/// The receipts of a decision's allocations: what the payment paid on each invoice.
fn record_receipts(
    w: &mut impl Writer,
    payment: &IncomingPaymentRecord,
    d: &Decision,
    voucher_no: Option<i64>,
) -> Result<()> {
    let Some(voucher_no) = voucher_no else {
        return Ok(());
    };
    for a in &d.allocations {
        w.insert_payment_receipt(
            payment.id,
            &InvoiceReceipt {
                invoice_no: a.invoice_no,
                amount: a.amount,
                source: payment.source.clone(),
                source_reference: format!("{}/{}", payment.id, a.invoice_no),
                voucher_no,
                received_on: payment.booked_on,
            },
        )?;
    }
    Ok(())
}

fn voucher_text(d: &Decision, bank_id: &str) -> String {
    let invoices: Vec<String> = d
        .allocations
        .iter()
        .map(|a| a.invoice_no.to_string())
        .collect();
    match d.state {
        State::Matched => format!("Inbetalning {bank_id} faktura {}", invoices.join(", ")),
        State::Prepayment => format!(
            "Inbetalning {bank_id} förskott order {}",
            d.waiting_order.unwrap_or_default()
        ),
        State::Suggested | State::Obs => format!("Inbetalning {bank_id} OBS"),
    }
}

/// The audit event of an imported file.
#[derive(Serialize)]
struct AuditedFile<'a> {
    format: &'a str,
    file_name: Option<&'a str>,
    payments: usize,
    known_entries: usize,
    matched: usize,
    suggested: usize,
    obs: usize,
    prepayment: usize,
    total: Money,
}

/// `reconcile import FILE`: read the file (strictly; a bad file writes nothing), then store and
/// book its new payments in one transaction.
pub fn import_file(
    store: &impl Store,
    actor: &str,
    books: &Books,
    bytes: &[u8],
    file_name: Option<&str>,
) -> Result<ImportOutcome> {
    let file = bankfiles::parse(bytes).map_err(AppError::BankFile)?;
    let hash = content_hash(bytes);
    let source = source_of(file.format);
    let format = if source == "bankgiro" {
        "bgmax"
    } else {
        "camt054"
    };
    store.write(actor, |w| {
        // A file of many payments reads invoices all over their indexes: a larger page cache
        // for this transaction, set back afterwards (also when the import fails).
        let before = w.set_page_cache(IMPORT_PAGE_CACHE)?;
        let done = import_in(w, books, &file, &hash, source, format, file_name);
        w.set_page_cache(before)?;
        done
    })
}

/// The page cache of an import's transaction (SQLite `cache_size`: negative KiB), 256 MiB.
const IMPORT_PAGE_CACHE: i64 = -262_144;

/// The import's transaction (see [`import_file`]).
fn import_in(
    w: &mut impl Writer,
    books: &Books,
    file: &bankfiles::IncomingFile,
    hash: &str,
    source: &'static str,
    format: &'static str,
    file_name: Option<&str>,
) -> Result<ImportOutcome> {
    let mut outcome = ImportOutcome {
        format: format.into(),
        file_id: file.file_id.clone(),
        test: file.test,
        already_imported: false,
        payments: Vec::new(),
        known_entries: 0,
    };
    if w.bank_file_by_hash(hash)?.is_some() {
        outcome.already_imported = true;
        return Ok(outcome);
    }
    // Which entries are new: not stored from another file, not twice in this one.
    let mut seen = std::collections::HashSet::new();
    let mut new = Vec::new();
    for (d, p) in file.payments() {
        let key = entry_key(source, d, p);
        if w.payment_entry_known(&key)? || !seen.insert(key.clone()) {
            outcome.known_entries += 1;
        } else {
            new.push((d, p, key));
        }
    }
    let file_no = w.insert_bank_file(&BankFileRecord {
        content_hash: hash.to_string(),
        file_id: file.file_id.clone(),
        format: format.into(),
        file_name: file_name.map(str::to_string),
        test: file.test,
        payments: new.len() as i64,
        known: outcome.known_entries as i64,
        total: new.iter().map(|(_, p, _)| p.amount).sum(),
    })?;
    let acc = ReconcileAccounts::of(&books.accounts);
    let now = w.now();
    let mut named = Vec::new();
    for (d, p, key) in new {
        let payment = payment_of(p);
        // Issue 15: a debit that is a refund we sent is booked as that refund (1510 / 2420
        // against 1930); any other entry is decided as before.
        let refund = super::refunds::confirm_debit(w, books, p, d.date)?;
        let (decision, voucher_no) = match &refund {
            Some(c) => (c.decision.clone(), Some(c.voucher_no)),
            None => {
                let decision =
                    reconcile::reconcile(&payment, books.tolerance, &mut WriterLookup(&*w))?;
                let voucher_no = book_voucher(
                    w,
                    books,
                    &mut named,
                    acc.bank,
                    p.amount,
                    &decision,
                    d.date,
                    voucher_text(&decision, &p.bank_id),
                )?;
                (decision, voucher_no)
            }
        };
        let mut record = IncomingPaymentRecord {
            id: 0,
            file: file_no,
            source: source.into(),
            entry_key: key,
            account: account_text(&d.account),
            bank_id: p.bank_id.clone(),
            booked_on: d.date,
            amount: p.amount,
            payer: payment.payer.clone(),
            references: payment.references.clone(),
            voucher_no,
            imported_at: now,
            standing: standing(&decision, Vec::new()),
            invoices: Vec::new(),
        };
        let id = w.insert_incoming_payment(&record)?;
        record.id = id;
        if let Some(c) = &refund {
            super::refunds::mark_booked(w, c, id)?;
        }
        record_receipts(w, &record, &decision, voucher_no)?;
        if let Some(payout) = decision.payout {
            // The payout's net is on the bank by its own voucher: this credit closes it (once:
            // the schema refuses a second payment for a payout).
            w.close_payout(payout, id)?;
        }
        w.insert_payment_booking(&PaymentBooking {
            payment: id,
            action: "import",
            state: decision.state,
            voucher_no,
            reasons: decision.reasons.clone(),
        })?;
        outcome.payments.push(ImportedPayment {
            id,
            amount: p.amount,
            state: decision.state,
            decision,
            voucher_no,
        });
    }
    w.audit(
        "bank_file",
        &file.file_id,
        "imported",
        None::<&()>,
        Some(&AuditedFile {
            format,
            file_name,
            payments: outcome.payments.len(),
            known_entries: outcome.known_entries,
            matched: outcome.count(State::Matched),
            suggested: outcome.count(State::Suggested),
            obs: outcome.count(State::Obs),
            prepayment: outcome.count(State::Prepayment),
            total: outcome.payments.iter().map(|p| p.amount).sum(),
        }),
    )?;
    Ok(outcome)
}
