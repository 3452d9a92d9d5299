//! The counter screen's actions on the command line, with the same rules (the same use cases of
//! `app::orders`): new order, add/change/remove a line, show and change a customer; and
//! `verkstad init`, which makes a real database.

use std::io::Write;

use clap::{Args, Subcommand};

use super::{Context, Numbered, io_err, parse_json_flag, parse_nr, parse_positive, show};
use crate::app::customers::{CustomerChange, parse_yes_no};
use crate::app::install::CompanyInput;
use crate::app::orders::{LineChange, NewOrder, OrderCustomer};
use crate::app::refunds::PayeeChange;
use crate::app::{self, AppError, Part, Workshop};
use crate::domain::ids::VatNo;
use crate::domain::{Customer, Lang};
use crate::{msg, t};

/// `verkstad init`: the company details that go into `[company]` of config.toml.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The company's name, as on invoices
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Organisationsnummer, e.g. 556677-8899 (checked)
    #[arg(long, value_name = "NR")]
    pub orgnr: Option<String>,
    /// Street address (required: it is on every invoice)
    #[arg(long, value_name = "STREET")]
    pub street: Option<String>,
    /// Postal code (required)
    #[arg(long, value_name = "CODE")]
    pub postal_code: Option<String>,
    /// City (required)
    #[arg(long, value_name = "CITY")]
    pub city: Option<String>,
    #[arg(long, value_name = "PHONE")]
    pub phone: Option<String>,
    #[arg(long, value_name = "EMAIL")]
    pub email: Option<String>,
    /// Bankgiro number for invoices, e.g. 5050-1055
    #[arg(long, value_name = "NR")]
    pub bankgiro: Option<String>,
    /// VAT number (default: SE + the org.nr's digits + 01)
    #[arg(long, value_name = "NR")]
    pub vat_no: Option<String>,
    /// The company is not approved for F-skatt
    #[arg(long)]
    pub no_f_skatt: bool,
    /// Days from invoice date to due date for FAKTURA (default 30)
    #[arg(long, value_name = "DAYS")]
    pub payment_terms_days: Option<u32>,
    /// The registered seat (säte) of an aktiebolag, printed as "Styrelsens säte: …"
    #[arg(long, value_name = "CITY")]
    pub seat: Option<String>,
}

/// `verkstad order new`.
#[derive(Debug, Args)]
pub struct NewOrderArgs {
    /// An existing customer by number
    #[arg(long, value_name = "NO", conflicts_with_all = ["name", "mobile"])]
    pub customer: Option<String>,
    /// A new customer's name (with --mobile)
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// A new customer's mobile number
    #[arg(long, value_name = "MOBILE")]
    pub mobile: Option<String>,
    /// The vehicle's plate: an existing vehicle, or a new one with --make and --model
    #[arg(long, value_name = "REGNR")]
    pub plate: Option<String>,
    #[arg(long, value_name = "MAKE", requires = "plate")]
    pub make: Option<String>,
    #[arg(long, value_name = "MODEL", requires = "plate")]
    pub model: Option<String>,
    /// text (default) or json
    #[arg(long, default_value = "text")]
    pub format: String,
}

/// What a line is: `--article NO [--qty Q]` or `--text T --qty Q --price P`, and the rest.
#[derive(Debug, Args)]
pub struct LineArgs {
    /// An article or labour number from the register (an unknown number is an error)
    #[arg(long, value_name = "NO")]
    pub article: Option<String>,
    /// A free text (needs --qty and --price); with --article: the line's text instead of the register's
    #[arg(long, value_name = "TEXT")]
    pub text: Option<String>,
    /// Quantity, e.g. 2 or 1,5
    #[arg(long, value_name = "Q")]
    pub qty: Option<String>,
    /// Unit price excluding VAT, e.g. 850 or 1 234,50
    #[arg(long, value_name = "P")]
    pub price: Option<String>,
    /// Unit, e.g. st or tim
    #[arg(long, value_name = "U")]
    pub unit: Option<String>,
    /// VAT rate: 25, 12, 6 or 0
    #[arg(long, value_name = "R")]
    pub vat: Option<String>,
    /// arbete, artikel or övrigt
    #[arg(long, value_name = "K")]
    pub kind: Option<String>,
    /// Discount in percent, 0–100
    #[arg(long, value_name = "D")]
    pub discount: Option<String>,
}

impl LineArgs {
    fn change(&self) -> LineChange {
        LineChange {
            article: self.article.clone(),
            text: self.text.clone(),
            quantity: self.qty.clone(),
            price: self.price.clone(),
            unit: self.unit.clone(),
            vat: self.vat.clone(),
            kind: self.kind.clone(),
            discount: self.discount.clone(),
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum LineCommand {
    /// Add a line ("Ny rad", Insert)
    Add {
        /// Order number
        nr: String,
        #[command(flatten)]
        line: LineArgs,
        /// text (default) or json
        #[arg(long, default_value = "text")]
        format: String,
    },
    /// Change line POS: only what is given changes ("Ändra rad", F2)
    Set {
        /// Order number
        nr: String,
        /// Line number, from 1 (as in `order show`)
        pos: String,
        #[command(flatten)]
        line: LineArgs,
        /// text (default) or json
        #[arg(long, default_value = "text")]
        format: String,
    },
    /// Remove line POS ("Ta bort rad", Delete)
    Rm {
        /// Order number
        nr: String,
        /// Line number, from 1 (as in `order show`)
        pos: String,
        /// text (default) or json
        #[arg(long, default_value = "text")]
        format: String,
    },
}

// Parsed once per process: the size of the larger variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum CustomerCommand {
    /// Show one customer
    Show {
        /// Customer number
        no: String,
        /// text (default) or json
        #[arg(long, default_value = "text")]
        format: String,
    },
    /// Change a customer: only what is given changes (an empty --mobile, --email or --national-id removes it)
    Set {
        /// Customer number
        no: String,
        #[arg(long, value_name = "NAME")]
        name: Option<String>,
        #[arg(long, value_name = "MOBILE")]
        mobile: Option<String>,
        #[arg(long, value_name = "EMAIL")]
        email: Option<String>,
        #[arg(long, value_name = "STREET")]
        street: Option<String>,
        #[arg(long, value_name = "CODE")]
        postal_code: Option<String>,
        #[arg(long, value_name = "CITY")]
        city: Option<String>,
        /// Personnummer or organisationsnummer
        #[arg(long, value_name = "NR")]
        national_id: Option<String>,
        /// The buyer's VAT number, e.g. SE556677889901 or DK12345678 (checked; empty removes it)
        #[arg(long, value_name = "NR")]
        vat_no: Option<String>,
        /// Reverse charge (omvänd betalningsskyldighet): yes for a business in another EU
        /// country buying services, which accounts for the VAT (needs --vat-no); no to end it
        #[arg(long, value_name = "yes|no")]
        reverse_charge: Option<String>,
        /// Where refunds are paid: a Swedish bank account, clearing number and account
        /// (checked by the bank's rules), e.g. 5000-1001000
        #[arg(long, value_name = "CLEARING-ACCOUNT")]
        account: Option<String>,
        /// Where refunds are paid: an IBAN (checked), with --bic when known
        #[arg(long, value_name = "IBAN")]
        iban: Option<String>,
        /// The BIC of the --iban's bank
        #[arg(long, value_name = "BIC")]
        bic: Option<String>,
        /// Where refunds are paid: a bankgiro number (companies)
        #[arg(long, value_name = "NR")]
        bankgiro: Option<String>,
        /// Where refunds are paid: a plusgiro number
        #[arg(long, value_name = "NR")]
        plusgiro: Option<String>,
        /// Remove the payment details
        #[arg(long)]
        no_payment_details: bool,
        /// text (default) or json
        #[arg(long, default_value = "text")]
        format: String,
    },
}

/// A counter command with its arguments checked (before the database is opened).
pub enum CounterJob {
    NewOrder(NewOrder, bool),
    LineAdd(i64, LineChange, bool),
    LineSet(i64, usize, LineChange, bool),
    LineRm(i64, usize, bool),
    CustomerShow(i64, bool),
    CustomerSet(i64, Box<CustomerChange>, bool),
}

fn parse_pos(s: &str) -> Result<usize, AppError> {
    parse_positive(s, Numbered::Line)
}

fn parse_customer_no(s: &str) -> Result<i64, AppError> {
    parse_positive(s, Numbered::Customer)
}

pub fn plan_new_order(a: &NewOrderArgs) -> Result<CounterJob, AppError> {
    let json = parse_json_flag(&a.format)?;
    let customer = match (&a.customer, &a.name) {
        (Some(no), _) => OrderCustomer::Number(parse_customer_no(no)?),
        (None, Some(name)) => OrderCustomer::New {
            name: name.clone(),
            mobile: a.mobile.clone().unwrap_or_default(),
        },
        (None, None) => {
            return Err(AppError::Invalid(msg!("cli-give-customer")));
        }
    };
    Ok(CounterJob::NewOrder(
        NewOrder {
            customer,
            regnr: a.plate.clone().unwrap_or_default(),
            make: a.make.clone().unwrap_or_default(),
            model: a.model.clone().unwrap_or_default(),
        },
        json,
    ))
}

pub fn plan_line(c: &LineCommand) -> Result<CounterJob, AppError> {
    Ok(match c {
        LineCommand::Add { nr, line, format } => {
            CounterJob::LineAdd(parse_nr(nr)?, line.change(), parse_json_flag(format)?)
        }
        LineCommand::Set {
            nr,
            pos,
            line,
            format,
        } => CounterJob::LineSet(
            parse_nr(nr)?,
            parse_pos(pos)?,
            line.change(),
            parse_json_flag(format)?,
        ),
        LineCommand::Rm { nr, pos, format } => {
            CounterJob::LineRm(parse_nr(nr)?, parse_pos(pos)?, parse_json_flag(format)?)
        }
    })
}

pub fn plan_customer(c: &CustomerCommand) -> Result<CounterJob, AppError> {
    Ok(match c {
        CustomerCommand::Show { no, format } => {
            CounterJob::CustomerShow(parse_customer_no(no)?, parse_json_flag(format)?)
        }
        CustomerCommand::Set {
            no,
            name,
            mobile,
            email,
            street,
            postal_code,
            city,
            national_id,
            vat_no,
            reverse_charge,
            account,
            iban,
            bic,
            bankgiro,
            plusgiro,
            no_payment_details,
            format,
        } => CounterJob::CustomerSet(
            parse_customer_no(no)?,
            Box::new(CustomerChange {
                name: name.clone(),
                mobile: mobile.clone(),
                email: email.clone(),
                street: street.clone(),
                postal_code: postal_code.clone(),
                city: city.clone(),
                national_id: national_id.clone(),
                vat_no: match vat_no.as_deref().map(str::trim) {
                    // Checked before the database is opened.
                    Some(v) if !v.is_empty() => Some(
                        VatNo::parse(v)
                            .map_err(|e| AppError::within(Part::Name("--vat-no"), e))?
                            .to_string(),
                    ),
                    other => other.map(str::to_string),
                },
                reverse_charge: reverse_charge
                    .as_deref()
                    .map(|r| {
                        parse_yes_no(r)
                            .map(|yes| if yes { "yes" } else { "no" }.to_string())
                            .map_err(|e| AppError::within(Part::Name("--reverse-charge"), e))
                    })
                    .transpose()?,
                payee: {
                    let payee = PayeeChange {
                        account: account.clone(),
                        iban: iban.clone(),
                        bic: bic.clone(),
                        bankgiro: bankgiro.clone(),
                        plusgiro: plusgiro.clone(),
                        clear: *no_payment_details,
                    };
                    if payee.is_empty() {
                        None
                    } else {
                        // Checked before the database is opened.
                        payee.payee()?;
                        Some(payee)
                    }
                },
            }),
            parse_json_flag(format)?,
        ),
    })
}

/// Run a counter command; the changed order or customer is printed (text, or JSON like
/// `order show --format json`).
pub fn run(
    job: CounterJob,
    shop: &Workshop,
    ctx: &Context,
    out: &mut impl Write,
) -> Result<(), AppError> {
    let lang = ctx.lang;
    let say = |out: &mut dyn Write, json: bool, text: String| {
        if json {
            return Ok(());
        }
        writeln!(out, "{text}").map_err(io_err)
    };
    match job {
        CounterJob::NewOrder(input, json) => {
            let nr = shop.new_order(&input)?.details.order.nr;
            say(out, json, t!(lang, "cli-order-created", nr = nr))?;
            show(shop, lang, nr, json, out)
        }
        CounterJob::LineAdd(nr, change, json) => {
            let order = shop.add_line(nr, &change)?;
            let pos = order.lines.len();
            say(out, json, t!(lang, "cli-line-added", pos = pos, nr = nr))?;
            show(shop, lang, nr, json, out)
        }
        CounterJob::LineSet(nr, pos, change, json) => {
            shop.set_line(nr, pos, &change)?;
            say(out, json, t!(lang, "cli-line-changed", pos = pos, nr = nr))?;
            show(shop, lang, nr, json, out)
        }
        CounterJob::LineRm(nr, pos, json) => {
            shop.remove_line(nr, pos)?;
            say(out, json, t!(lang, "cli-line-removed", pos = pos, nr = nr))?;
            show(shop, lang, nr, json, out)
        }
        CounterJob::CustomerShow(no, json) => {
            let c = shop.customer(no)?;
            show_customer(&c, shop.payment_details(no)?, lang, json, out)
        }
        CounterJob::CustomerSet(no, change, json) => {
            // The customer's fields and its payment details in one transaction.
            let c = shop.update_customer(no, &change)?;
            say(out, json, t!(lang, "cli-customer-changed", no = no))?;
            show_customer(&c, shop.payment_details(no)?, lang, json, out)
        }
    }
}

fn show_customer(
    c: &Customer,
    payee: Option<crate::domain::refund::Payee>,
    lang: Lang,
    json: bool,
    out: &mut impl Write,
) -> Result<(), AppError> {
    if json {
        // The customer's fields, and its payment details when it has any.
        let mut v = serde_json::to_value(c).map_err(|e| io_err(e.into()))?;
        if let (Some(p), Some(obj)) = (&payee, v.as_object_mut()) {
            obj.insert(
                "payment_details".into(),
                serde_json::to_value(p).map_err(|e| io_err(e.into()))?,
            );
        }
        serde_json::to_writer_pretty(&mut *out, &v).map_err(|e| io_err(e.into()))?;
        return writeln!(out).map_err(io_err);
    }
    let dash = || "–".to_string();
    let place = format!("{} {}", c.address.postal_code, c.address.city);
    let address = [c.address.street.trim(), place.trim()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    let rows = [
        (t!(lang, "cli-customer-no"), c.customer_no.to_string()),
        (t!(lang, "cli-customer-name"), c.name.clone()),
        (
            t!(lang, "cli-customer-mobile"),
            c.mobile.as_ref().map(|m| m.display()).unwrap_or_else(dash),
        ),
        (
            t!(lang, "cli-customer-email"),
            c.email.clone().unwrap_or_else(dash),
        ),
        (
            t!(lang, "cli-customer-national-id"),
            c.national_id
                .as_ref()
                .map(|n| n.to_string())
                .unwrap_or_else(dash),
        ),
        (
            t!(lang, "cli-customer-address"),
            if address.is_empty() { dash() } else { address },
        ),
        (
            t!(lang, "cli-customer-vat-no"),
            c.vat_no
                .as_ref()
                .map(|v| v.to_string())
                .unwrap_or_else(dash),
        ),
        (
            t!(lang, "cli-customer-reverse-charge"),
            if c.reverse_charge {
                t!(lang, "cli-answer-yes")
            } else {
                t!(lang, "cli-answer-no")
            },
        ),
        (
            t!(lang, "cli-customer-payment-details"),
            payee.map(|p| p.to_string()).unwrap_or_else(dash),
        ),
    ];
    for (label, value) in rows {
        writeln!(out, "{label:<15}{value}").map_err(io_err)?;
    }
    Ok(())
}

/// `verkstad init`: make a real database and write the company details into `[company]` of
/// config.toml (keeping the rest of the file and its comments). Everything is checked before
/// anything is written; a demo database, or one that already holds orders, is refused.
pub fn init(a: &InitArgs, ctx: &Context, out: &mut impl Write) -> Result<(), AppError> {
    let lang = ctx.lang;
    let config_path = ctx
        .config_path
        .clone()
        .ok_or_else(|| AppError::Invalid(msg!("cli-no-config-folder")))?;
    let input = CompanyInput {
        name: a.name.clone().unwrap_or_default(),
        orgnr: a.orgnr.clone().unwrap_or_default(),
        street: a.street.clone().unwrap_or_default(),
        postal_code: a.postal_code.clone().unwrap_or_default(),
        city: a.city.clone().unwrap_or_default(),
        phone: a.phone.clone().unwrap_or_default(),
        email: a.email.clone().unwrap_or_default(),
        bankgiro: a.bankgiro.clone().unwrap_or_default(),
        vat_no: a.vat_no.clone(),
        f_skatt: !a.no_f_skatt,
        payment_terms_days: a.payment_terms_days,
        seat: a.seat.clone(),
    };
    let inst = app::install::make_real(&ctx.db, &config_path, &input, &ctx.actor, ctx.today)?;
    let text = t!(
        lang,
        "cli-init-done",
        db = ctx.db.display().to_string(),
        id = &inst.id,
        name = input.name.trim(),
        config = config_path.display().to_string()
    );
    writeln!(out, "{text}").map_err(io_err)
}

/// The overview's line about the database's kind.
pub fn kind_line(inst: &crate::domain::Installation, lang: Lang) -> String {
    match inst.kind {
        crate::domain::DbKind::Demo => t!(lang, "cli-kind-demo", id = &inst.id),
        crate::domain::DbKind::Real => t!(lang, "cli-kind-real", id = &inst.id),
    }
}
