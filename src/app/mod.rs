//! Use cases: what the command line (and later the counter screen) can do. Each change is one
//! store transaction with its audit events.

pub mod config;
pub mod customers;
mod day_report;
pub mod demo;
pub mod disputes;
pub mod error;
pub mod import;
pub mod install;
pub mod ledger;
pub mod orders;
pub mod pay;
pub mod provider;
pub mod reconcile;
pub mod refunds;
pub mod register;
pub mod settlement;
pub mod workshop;

use std::path::Path;

use chrono::NaiveDate;

pub use error::{AppError, ErrorKind, InputField, Part, Result};
pub use workshop::{Workshop, WorkshopOptions};

// ---- types the front ends see -------------------------------------------------------------
// What the store hands back through the use cases (list queries, an order's details and payment
// attempts); the front ends name these here, never `crate::store`. Business states live in
// `crate::domain::payment` (`PaymentState`, `AttemptState`, `StoredInvoice`, …).
pub use crate::store::{DisputeRecord, InvoicePaid, InvoiceReceipt, PayoutRecord, PayoutRowRecord};
pub use crate::store::{IncomingPaymentRecord, PaymentStanding, RefundRecord};
pub use crate::store::{ListCount, ListQuery, OrderDetails, PaymentAttempt, SCHEMA_VERSION};

use crate::domain::Order;
use crate::store::Database;
use crate::store::Store;
use crate::store::prelude::*;

/// Open the database at `db` (creating its folder), and on the first start of a new database
/// seed the small demo set unless `seed_demo` is false: the new database becomes a demo
/// database. A database that existed before is never seeded. Returns what was seeded, if anything.
pub fn open_store(
    db: &Path,
    seed_demo: bool,
    actor: &str,
    today: NaiveDate,
) -> Result<(Database, Option<demo::DemoSummary>)> {
    if let Some(dir) = db.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| {
            AppError::Io(crate::msg!(
                "io-create-folder-failed",
                path = dir.display().to_string(),
                error = e.to_string()
            ))
        })?;
    }
    let store = Database::open(db)?;
    let mut seeded = None;
    if store.was_created() && seed_demo {
        let spec = demo::DemoSpec {
            orders: demo::FIRST_START_ORDERS,
            seed: 1,
            today,
        };
        seeded = Some(demo::generate(&store, actor, spec)?);
    }
    Ok((store, seeded))
}

/// Where printouts of invoices and receipts go: `utskrifter/` beside the database.
pub fn print_dir(db: &Path) -> std::path::PathBuf {
    db.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join("utskrifter")
}

/// "Markera klar": ÖPPEN → KLART.
pub fn mark_complete(store: &impl Store, actor: &str, nr: i64) -> Result<Order> {
    store.write(actor, |w| {
        let mut order = w.order(nr)?;
        let now = w.now();
        order.mark_complete(now)?;
        Ok(w.save_order(&order, "mark_complete")?)
    })
}
