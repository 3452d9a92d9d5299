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
