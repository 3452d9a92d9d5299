//! The cash register's use cases on [`Workshop`]: booking and crediting with a receipt,
//! printing receipts (original once, one copy), X and Z day reports, training mode and the
//! journal export. The rules are in `app::register`.

use std::sync::Arc;

use chrono::NaiveDate;

use super::{Printed, Workshop, join_error};
use crate::app::error::{AppError, Result};
use crate::app::ledger;
use crate::app::register::{self, Counter, JournalFile, RegisterSettings};
use crate::control_unit::{ControlUnit, HttpControlUnit};
use crate::domain::invoice::Invoice;
use crate::domain::register::{Receipt, ReceiptKind, RegisterReport};
use crate::domain::{DbKind, Lang, PaymentMethod};
use crate::msg;
use crate::sandbox::resurs::launcher::{SandboxLauncher, sandbox_idle_secs, sandbox_port};
use crate::store::prelude::*;

/// What "Skriv ut" prints for an order: its receipt (a counter sale or return, the original or
/// the one copy) or its invoice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Printout {
    Invoice(Box<Invoice>),
    Receipt { receipt: Box<Receipt>, copy: bool },
}

impl Printout {
    /// "Kvitto 17", "Faktura 41": what was printed, for the message.
    pub fn label(&self, lang: Lang) -> String {
        match self {
            Printout::Invoice(inv) => format!("{} {}", inv.title(lang), inv.no),
            Printout::Receipt { receipt, copy } => crate::t!(
                lang,
                "receipt-label",
                no = receipt.no,
                copy = if *copy { "yes" } else { "no" }
            ),
        }
    }

    fn file_stem(&self) -> String {
        match self {
            Printout::Invoice(inv) => ledger::file_stem(inv),
            Printout::Receipt { receipt, copy } => format!(
                "{}-{}-{}{}",
                match (receipt.kind, receipt.training) {
                    (ReceiptKind::ProForma, _) => "proforma",
                    (_, true) => "ovningskvitto",
                    (ReceiptKind::Return, false) => "returkvitto",
                    (ReceiptKind::Sale, false) => "kvitto",
                },
                receipt.register_id,
                receipt.no,
                if *copy { "-kopia" } else { "" }
            ),
        }
    }

    fn text(&self, lang: Lang, kind: DbKind) -> String {
        match self {
            Printout::Invoice(inv) => ledger::text(inv, lang, kind),
            Printout::Receipt { receipt, copy } => {
                crate::print::receipt_text(receipt, *copy, lang, kind)
            }
        }
    }

    fn pdf(&self, lang: Lang, kind: DbKind) -> Result<Vec<u8>> {
        match self {
            Printout::Invoice(inv) => ledger::pdf(inv, lang, kind),
            Printout::Receipt { receipt, copy } => {
                Ok(crate::print::receipt_pdf(receipt, *copy, lang, kind)?)
            }
        }
    }
}

/// What a training sale did: the training receipt and where it was printed.
#[derive(Debug)]
pub struct TrainingOutcome {
    pub receipt: Receipt,
    pub printed: Printed,
}

impl Workshop {
    /// The register's settings (`[register]`), with training mode as this run asks.
    pub fn register_settings(&self) -> Result<RegisterSettings> {
        let mut s = self.inner.config.register.settings()?;
        s.training |= self
            .inner
            .training
            .load(std::sync::atomic::Ordering::Relaxed);
        Ok(s)
    }

    /// Turn training mode on for this run (`verkstad --training …`).
    pub fn set_training(&self, on: bool) {
        self.inner
            .training
            .store(on, std::sync::atomic::Ordering::Relaxed);
    }

    /// Övningsläge: receipts say ÖVNING and nothing reaches the books.
    pub fn training(&self) -> bool {
        self.register_settings().is_ok_and(|s| s.training)
    }

    /// The control unit, connected on first use: `VERKSTAD_CONTROL_UNIT_URL`, else
    /// `[register] control_unit_url`, else the simulated unit of the built-in sandbox (started
    /// as its own process when it is not running).
    async fn control_unit(&self) -> Result<Arc<dyn ControlUnit>> {
        let unit = self
            .inner
            .control_unit
            .get_or_try_init(|| async {
                let settings = self.register_settings()?;
                let url = std::env::var("VERKSTAD_CONTROL_UNIT_URL")
                    .ok()
                    .filter(|u| !u.trim().is_empty())
                    .or(settings.control_unit_url);
                let unit: Arc<dyn ControlUnit> = match url {
                    Some(u) => {
                        Arc::new(HttpControlUnit::new(u.trim().trim_end_matches('/'), false))
                    }
                    None => {
                        let launcher = SandboxLauncher {
                            port: sandbox_port().map_err(launch_error)?,
                            db: self.inner.db.clone(),
                            config_path: self.inner.config_path.clone(),
                            idle_secs: sandbox_idle_secs().map_err(launch_error)?,
                        };
                        launcher.ensure().await.map_err(launch_error)?;
                        Arc::new(HttpControlUnit::new(launcher.base_url(), true))
                    }
                };
                Ok::<_, AppError>(unit)
            })
            .await?;
        Ok(Arc::clone(unit))
    }

    /// The control unit when a sale with `method` (None: a paid MOBILBET order, MOBIL) is
    /// registered, connected now; None when it is not.
    async fn unit_for(
        &self,
        settings: &RegisterSettings,
        method: Option<PaymentMethod>,
    ) -> Result<Option<Arc<dyn ControlUnit>>> {
        if settings.registers(method.unwrap_or(PaymentMethod::Mobil)) {
            Ok(Some(self.control_unit().await?))
        } else {
            Ok(None)
        }
    }

    /// Run `f` off the async runtime with the register's counter: the control unit is called
    /// inside the store's transaction, and both block.
    async fn at_counter<T: Send + 'static>(
        &self,
        settings: RegisterSettings,
        unit: Option<Arc<dyn ControlUnit>>,
        f: impl FnOnce(&Workshop, &Counter<'_>) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let this = self.clone();
        tokio::task::spawn_blocking(move || {
            let counter = Counter {
                settings: &settings,
                unit: unit.as_deref(),
            };
            f(&this, &counter)
        })
        .await
        .map_err(join_error)?
    }

    /// Book with the sale registered when it is paid at the counter (one transaction).
    pub(super) async fn book_registered(
        &self,
        nr: i64,
        method: Option<PaymentMethod>,
        capture: bool,
    ) -> Result<(ledger::Booked, Option<Receipt>)> {
        let books = self.books()?;
        let settings = self.register_settings()?;
        let unit = self.unit_for(&settings, method).await?;
        self.at_counter(settings, unit, move |this, counter| {
            register::book(
                this.store(),
                this.actor(),
                &books,
                nr,
                method,
                capture,
                counter,
            )
        })
        .await
    }

    /// Credit with the return receipt when the sale had a receipt (one transaction).
    pub(super) async fn credit_registered(
        &self,
        nr: i64,
        lines: Option<Vec<usize>>,
    ) -> Result<(ledger::Booked, Option<Receipt>)> {
        let books = self.books()?;
        let settings = self.register_settings()?;
        if settings.training {
            return Err(AppError::Invalid(msg!(
                "register-training-no-credit",
                nr = nr
            )));
        }
        let had_receipt = self
            .store()
            .receipts_of_order(nr)?
            .iter()
            .any(|r| !r.training && r.kind == ReceiptKind::Sale);
        let unit = if had_receipt {
            Some(self.control_unit().await?)
        } else {
            None
        };
        self.at_counter(settings, unit, move |this, counter| {
            register::credit(
                this.store(),
                this.actor(),
                &books,
                nr,
                lines.as_deref(),
                counter,
            )
        })
        .await
    }

    /// "Bokför" in training mode: a training receipt, printed at once; the order and the books
    /// stay as they were.
    pub async fn book_training(
        &self,
        nr: i64,
        method: Option<PaymentMethod>,
        lang: Lang,
    ) -> Result<TrainingOutcome> {
        let books = self.books()?;
        let settings = self.register_settings()?;
        let unit = self.unit_for(&settings, method).await?;
        let receipt = self
            .at_counter(settings, unit, move |this, counter| {
                register::training_sale(this.store(), this.actor(), &books, nr, method, counter)
            })
            .await?;
        let printed = self.print(nr, None, lang, false).await?;
        Ok(TrainingOutcome { receipt, printed })
    }

    /// A pro forma receipt ("EJ KVITTO") of a KLART order: what the sale with `method` (default
    /// KORT) would be; registered as pro forma, printed at once; nothing booked.
    pub async fn print_pro_forma(
        &self,
        nr: i64,
        method: Option<PaymentMethod>,
        lang: Lang,
    ) -> Result<Printed> {
        let books = self.books()?;
        let settings = self.register_settings()?;
        let method = method.unwrap_or(PaymentMethod::Kort);
        if !settings.registers(method) {
            return Err(AppError::Invalid(msg!(
                "register-training-not-registered",
                method = method.code()
            )));
        }
        let unit = self.control_unit().await?;
        let receipt = self
            .at_counter(settings, Some(unit), move |this, counter| {
                register::pro_forma(
                    this.store(),
                    this.actor(),
                    &books,
                    nr,
                    Some(method),
                    counter,
                )
            })
            .await?;
        self.write_printout(
            &Printout::Receipt {
                receipt: Box::new(receipt),
                copy: false,
            },
            lang,
        )
    }

    /// What to print for order `nr` (`invoice_no`: a given invoice), with the receipt's print
    /// recorded: the original once, then one copy (`copy`), registered with the control unit.
    pub(super) async fn printout(
        &self,
        nr: i64,
        invoice_no: Option<i64>,
        copy: bool,
    ) -> Result<Printout> {
        let settings = self.register_settings()?;
        let receipt = register::receipt_for(self.store(), nr, invoice_no, settings.training)?;
        let Some(receipt) = receipt else {
            let doc = self.document(nr, invoice_no)?;
            if copy {
                return Err(AppError::Invalid(msg!(
                    "print-copy-not-a-receipt",
                    no = doc.invoice.no
                )));
            }
            return Ok(Printout::Invoice(Box::new(doc.invoice)));
        };
        let unit = if copy {
            Some(self.control_unit().await?)
        } else {
            None
        };
        let r = receipt.clone();
        self.at_counter(settings, unit, move |this, counter| {
            register::print_receipt(this.store(), this.actor(), &r, copy, counter)
        })
        .await?;
        Ok(Printout::Receipt {
            receipt: Box::new(receipt),
            copy,
        })
    }

    /// "Skriv ut": the document as PDF and text in `utskrifter/`. A receipt prints once as the
    /// original and once more as the copy (`copy`); an invoice any number of times.
    pub async fn print(
        &self,
        nr: i64,
        invoice_no: Option<i64>,
        lang: Lang,
        copy: bool,
    ) -> Result<Printed> {
        let what = self.printout(nr, invoice_no, copy).await?;
        self.write_printout(&what, lang)
    }

    /// A printout as PDF and text in `utskrifter/`.
    pub(super) fn write_printout(&self, what: &Printout, lang: Lang) -> Result<Printed> {
        let kind = self.installation()?.kind;
        let dir = self.print_dir();
        std::fs::create_dir_all(&dir).map_err(|e| {
            AppError::Io(msg!(
                "io-create-folder-failed",
                path = dir.display().to_string(),
                error = e.to_string()
            ))
        })?;
        let stem = what.file_stem();
        let pdf = dir.join(format!("{stem}.pdf"));
        let text = dir.join(format!("{stem}.txt"));
        let body = what.text(lang, kind);
        ledger::write_file(&pdf, &what.pdf(lang, kind)?)?;
        ledger::write_file(&text, body.as_bytes())?;
        Ok(Printed {
            pdf,
            text,
            body,
            label: what.label(lang),
        })
    }

    /// The document as bytes for a file the user named: PDF (`pdf` true) or text, with what it
    /// is ("Kvitto 17"). A receipt's print is recorded as for [`Workshop::print`].
    pub async fn render_document(
        &self,
        nr: i64,
        invoice_no: Option<i64>,
        pdf: bool,
        lang: Lang,
        copy: bool,
    ) -> Result<(String, Vec<u8>)> {
        let kind = self.installation()?.kind;
        let what = self.printout(nr, invoice_no, copy).await?;
        let bytes = if pdf {
            what.pdf(lang, kind)?
        } else {
            what.text(lang, kind).into_bytes()
        };
        Ok((what.label(lang), bytes))
    }

    /// The receipts of an order (sales, returns, training), in number order.
    pub fn receipts(&self, nr: i64) -> Result<Vec<Receipt>> {
        Ok(self.store().receipts_of_order(nr)?)
    }

    /// X-dagrapport: the register since its last Z report; resets nothing.
    pub fn x_report(&self) -> Result<RegisterReport> {
        let books = self.books()?;
        let settings = self.register_settings()?;
        register::x_report(self.store(), &books, &settings, (self.inner.clock)())
    }

    /// Z-dagrapport for `date` (default today): closes the day, numbered and kept for good.
    pub fn z_report(&self, date: Option<NaiveDate>) -> Result<RegisterReport> {
        let books = self.books()?;
        let settings = self.register_settings()?;
        let date = date.unwrap_or_else(|| self.today());
        register::z_report(self.store(), self.actor(), &books, &settings, date)
    }

    /// The register's Z reports so far.
    pub fn z_reports(&self) -> Result<Vec<RegisterReport>> {
        let settings = self.register_settings()?;
        Ok(self.store().z_reports(&settings.id)?)
    }

    /// The electronic journal of days `from..=to`, as JSON Lines.
    pub fn journal_export(&self, from: NaiveDate, to: NaiveDate) -> Result<JournalFile> {
        register::journal_export(self.store(), from, to)
    }

    /// An X or Z report as text or PDF.
    pub fn render_register_report(
        &self,
        report: &RegisterReport,
        pdf: bool,
        lang: Lang,
    ) -> Result<Vec<u8>> {
        let kind = self.installation()?.kind;
        Ok(if pdf {
            crate::print::register_report_pdf(report, lang, kind)?
        } else {
            crate::print::register_report_text(report, lang, kind).into_bytes()
        })
    }
}

fn launch_error(e: crate::sandbox::resurs::launcher::LaunchError) -> AppError {
    use crate::sandbox::resurs::launcher::LaunchError;
    match e {
        LaunchError::Invalid(m) => AppError::Invalid(m),
        LaunchError::Io(m) => AppError::Io(m),
    }
}
