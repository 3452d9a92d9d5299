//! The reconciliation use cases of [`Workshop`] (issue 14): import a bank file, the work list,
//! match by hand (or accept a suggestion), move to OBS. A screen shows [`Workshop::incoming_payments`]
//! (unmatched and suggested first, each row with its reasons), accepts a suggestion with
//! [`Workshop::accept_suggestion`], matches by hand with [`Workshop::match_payment`] to an
//! invoice chosen from [`Workshop::open_invoice`], and moves to OBS with
//! [`Workshop::obs_payment`].

use std::path::Path;

use super::Workshop;
use crate::app::error::{AppError, Result};
use crate::app::reconcile::{self, ImportOutcome, Reconciled};
use crate::domain::reconcile::OpenInvoice;
use crate::msg;
use crate::store::{IncomingPaymentRecord, ReconcileStore};

impl Workshop {
    /// `reconcile import FILE`: read the file, store and book its new payments.
    pub fn import_bank_file(&self, path: &Path) -> Result<ImportOutcome> {
        let bytes = std::fs::read(path).map_err(|e| {
            AppError::Invalid(msg!(
                "cli-read-failed",
                path = path.display().to_string(),
                error = e.to_string()
            ))
        })?;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        self.import_bank_bytes(&bytes, name.as_deref())
    }

    /// A bank file's bytes imported (the screen or a test that has them already).
    pub fn import_bank_bytes(
        &self,
        bytes: &[u8],
        file_name: Option<&str>,
    ) -> Result<ImportOutcome> {
        let books = self.books()?;
        reconcile::import_file(self.store(), self.actor(), &books, bytes, file_name)
    }

    /// The work list: suggested and OBS first, then prepayments and matched payments.
    pub fn incoming_payments(
        &self,
        open_only: bool,
        limit: usize,
    ) -> Result<Vec<IncomingPaymentRecord>> {
        reconcile::list(self.store(), open_only, limit)
    }

    pub fn payment(&self, id: i64) -> Result<IncomingPaymentRecord> {
        self.store()
            .incoming_payment(id)?
            .ok_or_else(|| AppError::Invalid(msg!("reconcile-no-such-payment", payment = id)))
    }

    /// A FAKTURA invoice with what is still open on it (to choose one by hand).
    pub fn open_invoice(&self, invoice_no: i64) -> Result<OpenInvoice> {
        self.store()
            .open_invoice(invoice_no)?
            .ok_or_else(|| AppError::Invalid(msg!("reconcile-not-a-faktura", invoice = invoice_no)))
    }

    /// `reconcile match PAYMENT INVOICE`.
    pub fn match_payment(&self, payment: i64, invoice_no: i64) -> Result<Reconciled> {
        let books = self.books()?;
        reconcile::match_payment(self.store(), self.actor(), &books, payment, invoice_no)
    }

    /// Accept the suggestion of a suggested payment.
    pub fn accept_suggestion(&self, payment: i64) -> Result<Reconciled> {
        let p = self.payment(payment)?;
        let invoice = p
            .standing
            .suggested_invoice
            .ok_or_else(|| AppError::Invalid(msg!("reconcile-no-suggestion", payment = payment)))?;
        self.match_payment(payment, invoice)
    }

    /// `reconcile obs PAYMENT`.
    pub fn obs_payment(&self, payment: i64) -> Result<Reconciled> {
        let books = self.books()?;
        reconcile::obs_payment(self.store(), self.actor(), &books, payment)
    }
}

// ---- refunds (issue 15) ------------------------------------------------------------------

use crate::app::refunds::{self, BatchOutcome, PayeeChange, Proposal, RefundList, StatusOutcome};
use crate::domain::refund::{Payee, ProposalId};
use crate::store::{BatchRecord, RefundStore};

impl Workshop {
    /// Where a customer's refunds are paid.
    pub fn payment_details(&self, customer_no: i64) -> Result<Option<Payee>> {
        Ok(self.store().payment_details(customer_no)?)
    }

    /// `customer set NO --account … | --iban … [--bic …] | --bankgiro … | --plusgiro …`.
    pub fn set_payment_details(
        &self,
        customer_no: i64,
        change: &PayeeChange,
    ) -> Result<Option<Payee>> {
        refunds::set_payment_details(self.store(), self.actor(), customer_no, change)
    }

    /// `refund list`: the proposals and the refunds sent, waiting for the bank.
    pub fn refunds(&self) -> Result<RefundList> {
        let cfg = self.config().refund_settings()?;
        refunds::list(self.store(), &cfg, self.today())
    }

    /// `refund set ID --amount A --date D`.
    pub fn set_refund(
        &self,
        id: ProposalId,
        amount: Option<crate::domain::Money>,
        date: Option<chrono::NaiveDate>,
    ) -> Result<Proposal> {
        let cfg = self.config().refund_settings()?;
        refunds::set_proposal(
            self.store(),
            self.actor(),
            &cfg,
            id,
            amount,
            date,
            self.today(),
        )
    }

    /// `refund batch [--date D] [IDS…]`: the batch and its pain.001 file.
    pub fn refund_batch(
        &self,
        ids: &[ProposalId],
        date: Option<chrono::NaiveDate>,
    ) -> Result<BatchOutcome> {
        let cfg = self.config().refund_settings()?;
        let books = self.books()?;
        let now = (self.inner.clock)();
        refunds::make_batch(
            self.store(),
            self.actor(),
            &cfg,
            &books,
            ids,
            date,
            self.today(),
            now,
        )
    }

    /// The refunds screen's "Gör omgång": the batch made and its pain.001 file written to
    /// `path`. When the file cannot be written the batch stands (it is stored) and the error
    /// says how to write it again (`verkstad refund file N --out FILE`).
    pub fn refund_batch_to(
        &self,
        ids: &[ProposalId],
        date: Option<chrono::NaiveDate>,
        path: &std::path::Path,
    ) -> Result<BatchOutcome> {
        let o = self.refund_batch(ids, date)?;
        std::fs::write(path, o.batch.xml.as_bytes()).map_err(|e| {
            AppError::Io(msg!(
                "refund-batch-not-written",
                batch = o.batch.id,
                path = path.display().to_string(),
                error = e.to_string()
            ))
        })?;
        Ok(o)
    }

    /// The refunds screen's "Läs status": the bank's pain.002 read from `path`.
    pub fn refund_status_file(&self, path: &std::path::Path) -> Result<StatusOutcome> {
        let bytes = std::fs::read(path).map_err(|e| {
            AppError::Invalid(msg!(
                "cli-read-failed",
                path = path.display().to_string(),
                error = e.to_string()
            ))
        })?;
        self.refund_status(&bytes)
    }

    /// A batch's pain.001 file as it was written.
    pub fn refund_batch_file(&self, id: i64) -> Result<BatchRecord> {
        refunds::batch_file(self.store(), id)
    }

    /// `refund status FILE`: the bank's pain.002.
    pub fn refund_status(&self, bytes: &[u8]) -> Result<StatusOutcome> {
        refunds::apply_status(self.store(), self.actor(), bytes)
    }
}
