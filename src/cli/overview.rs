//! `verkstad` without a command (not on a terminal): the overview of the database (version,
//! path, schema, counts per status) and the list of commands.

use std::io::Write;

use super::{Context, counter};
use crate::app::{AppError, SCHEMA_VERSION, Workshop};
use crate::domain::Lang;

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
        "{} {} ({} {SCHEMA_VERSION})",
        lang.pick("Databas:", "Database:"),
        ctx.db.display(),
        lang.pick("schema", "schema")
    )?;
    writeln!(out, "{}", counter::kind_line(&shop.installation()?, lang))?;
    writeln!(
        out,
        "{}",
        match lang {
            Lang::Sv => format!("{orders} ordrar, {customers} kunder, {vehicles} fordon"),
            Lang::En => format!("{orders} orders, {customers} customers, {vehicles} vehicles"),
        }
    )?;
    for (status, n) in &counts.per_status {
        writeln!(out, "  {status:<11}{n:>9}")?;
    }
    writeln!(out)?;
    writeln!(out, "{}", lang.pick("Kommandon:", "Commands:"))?;
    let cmds: [(&str, &str, &str); 18] = [
        (
            "verkstad order list [--filter TEXT] [--columns KEYS]",
            "lista ordrar (som F5)",
            "list orders (like F5)",
        ),
        ("verkstad order show NR", "visa en order", "show one order"),
        (
            "verkstad order new --customer NR | --name N --mobile M",
            "ny order (--plate, --make, --model)",
            "new order (--plate, --make, --model)",
        ),
        (
            "verkstad order line add NR --article NR | --text T ...",
            "ny rad (--qty, --price, --vat, --discount)",
            "add a line (--qty, --price, --vat, --discount)",
        ),
        (
            "verkstad order line set|rm NR RAD",
            "ändra / ta bort en rad",
            "change / remove a line",
        ),
        (
            "verkstad customer show|set NR",
            "visa / ändra en kund",
            "show / change a customer",
        ),
        (
            "verkstad order complete NR",
            "markera en order som KLART",
            "mark an order complete",
        ),
        (
            "verkstad order import FIL.json",
            "importera ordrar",
            "import orders",
        ),
        ("verkstad columns", "listans kolumner", "the list's columns"),
        (
            "verkstad pay send|check|cancel NR",
            "mobilbetalning (SMS-länk)",
            "mobile payment (SMS link)",
        ),
        (
            "verkstad book NR --method KONTANT|KORT|FAKTURA",
            "bokför (MOBIL: betald order)",
            "book (MOBIL: a paid order)",
        ),
        (
            "verkstad credit NR [--lines 1,3]",
            "kreditera fakturan",
            "credit the invoice",
        ),
        (
            "verkstad print NR [--out FIL.pdf]",
            "skriv ut faktura/kvitto",
            "print the invoice/receipt",
        ),
        ("verkstad report day [--date D]", "dagrapport", "day report"),
        (
            "verkstad export sie --from D --to D",
            "SIE 4I till bokföringen",
            "SIE 4I for the accounts",
        ),
        (
            "verkstad demo --orders N",
            "skapa demodata (bara i en demodatabas)",
            "generate demo data (demo database only)",
        ),
        (
            "verkstad --db FIL init --name N --orgnr NR ...",
            "ny riktig databas med företagets uppgifter",
            "a new real database with the company details",
        ),
        ("verkstad --help", "all hjälp", "all help"),
    ];
    for (cmd, sv, en) in cmds {
        writeln!(out, "  {cmd:<56}{}", lang.pick(sv, en))?;
    }
    Ok(())
}
