//! `verkstad` without a command (not on a terminal): the overview of the database (version,
//! path, schema, counts per status) and the list of commands.

use std::io::Write;

use super::{Context, counter};
use crate::app::{AppError, SCHEMA_VERSION, Workshop};
use crate::t;

pub(super) enum OverviewError {
    Io(std::io::Error),
    App(AppError),
}

impl From<std::io::Error> for OverviewError {
    fn from(e: std::io::Error) -> Self {
        OverviewError::Io(e)
    }
}

impl From<AppError> for OverviewError {
    fn from(e: AppError) -> Self {
        OverviewError::App(e)
    }
}

pub(super) fn overview(
    shop: &Workshop,
    ctx: &Context,
    out: &mut impl Write,
) -> Result<(), OverviewError> {
    let lang = ctx.lang;
    let counts = shop.counts()?;
    let (customers, vehicles, orders) = (counts.customers, counts.vehicles, counts.orders);
    writeln!(out, "Verkstad {}", env!("CARGO_PKG_VERSION"))?;
    writeln!(
        out,
        "{}",
        t!(
            lang,
            "cli-overview-database",
            path = ctx.db.display().to_string(),
            version = SCHEMA_VERSION
        )
    )?;
    writeln!(out, "{}", counter::kind_line(&shop.installation()?, lang))?;
    writeln!(
        out,
        "{}",
        t!(
            lang,
            "cli-overview-counts",
            orders = orders,
            customers = customers,
            vehicles = vehicles
        )
    )?;
    for (status, n) in &counts.per_status {
        writeln!(out, "  {status:<11}{n:>9}")?;
    }
    writeln!(out)?;
    writeln!(out, "{}", t!(lang, "cli-overview-commands"))?;
    let cmds: [(&str, String); 21] = [
        (
            "verkstad order list [--filter TEXT] [--columns KEYS]",
            t!(lang, "cli-overview-order-list"),
        ),
        (
            "verkstad order show NR",
            t!(lang, "cli-overview-order-show"),
        ),
        (
            "verkstad order new --customer NR | --name N --mobile M",
            t!(lang, "cli-overview-order-new"),
        ),
        (
            "verkstad order line add NR --article NR | --text T ...",
            t!(lang, "cli-overview-line-add"),
        ),
        (
            "verkstad order line set|rm NR RAD",
            t!(lang, "cli-overview-line-set"),
        ),
        (
            "verkstad customer show|set NR",
            t!(lang, "cli-overview-customer"),
        ),
        (
            "verkstad order complete NR",
            t!(lang, "cli-overview-order-complete"),
        ),
        (
            "verkstad order import FIL.json",
            t!(lang, "cli-overview-order-import"),
        ),
        ("verkstad columns", t!(lang, "cli-overview-columns")),
        (
            "verkstad pay send|check|cancel NR",
            t!(lang, "cli-overview-pay"),
        ),
        (
            "verkstad resurs payouts [--since D]",
            t!(lang, "cli-overview-resurs-payouts"),
        ),
        (
            "verkstad book NR --method KONTANT|KORT|FAKTURA",
            t!(lang, "cli-overview-book"),
        ),
        (
            "verkstad credit NR [--lines 1,3]",
            t!(lang, "cli-overview-credit"),
        ),
        (
            "verkstad print NR [--out FIL.pdf]",
            t!(lang, "cli-overview-print"),
        ),
        (
            "verkstad report day [--date D]",
            t!(lang, "cli-overview-report-day"),
        ),
        (
            "verkstad export sie --from D --to D",
            t!(lang, "cli-overview-export-sie"),
        ),
        (
            "verkstad reconcile import FIL / list / match / obs",
            t!(lang, "cli-overview-reconcile"),
        ),
        (
            "verkstad refund list / set / batch / file / status",
            t!(lang, "cli-overview-refund"),
        ),
        ("verkstad demo --orders N", t!(lang, "cli-overview-demo")),
        (
            "verkstad --db FIL init --name N --orgnr NR ...",
            t!(lang, "cli-overview-init"),
        ),
        ("verkstad --help", t!(lang, "cli-overview-help")),
    ];
    for (cmd, what) in cmds {
        writeln!(out, "  {cmd:<56}{what}")?;
    }
    Ok(())
}
