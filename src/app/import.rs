//! `verkstad order import FILE.json`: orders with customer and vehicle, all validated before
//! anything is written; one bad record rejects the whole file.

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use serde_json::Value;

use super::error::{AppError, Result};
use crate::domain::customer::{validate_email, validate_mileage, validate_name, validate_year};
use crate::domain::ids::{Mobile, NationalId, Regnr};
use crate::domain::{
    Address, LineKind, Money, Order, OrderLine, Percent, Quantity, Status, VatRate, Vehicle,
};
use crate::msg;
use crate::store::prelude::*;
use crate::store::{NewCustomer, Store};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RecordIn {
    customer: CustomerIn,
    vehicle: Option<VehicleIn>,
    status: Option<String>,
    #[serde(default)]
    lines: Vec<LineIn>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CustomerIn {
    customer_no: Option<i64>,
    name: Option<String>,
    national_id: Option<String>,
    mobile: Option<String>,
    email: Option<String>,
    #[serde(default)]
    street: String,
    #[serde(default)]
    postal_code: String,
    #[serde(default)]
    city: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct VehicleIn {
    regnr: String,
    #[serde(default)]
    make: String,
    #[serde(default)]
    model: String,
    year: Option<i32>,
    mileage: Option<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LineIn {
    kind: Option<String>,
    article_no: Option<String>,
    description: Option<String>,
    quantity: Value,
    unit: Option<String>,
    unit_price: Option<Value>,
    discount: Option<Value>,
    vat: Option<Value>,
}

/// Who an imported order belongs to.
enum CustomerRef {
    Existing(i64),
    New(NewCustomer),
}

/// One record, checked and ready to write.
struct ValidRecord {
    customer: CustomerRef,
    vehicle: Option<Vehicle>,
    status: Status,
    lines: Vec<OrderLine>,
}

/// A number written as a JSON number or string, in Swedish or English form.
fn text_of(v: &Value) -> Option<String> {
    match v {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(s.clone()),
        _ => None,
    }
}

/// One order line from a JSON object in the import format (also used by the counter screen's
/// line form, so both check lines the same way). `pos` numbers the line in messages.
pub(crate) fn line_from_json(store: &impl Store, pos: usize, value: Value) -> Result<OrderLine> {
    let l: LineIn = serde_json::from_value(value).map_err(|e| {
        AppError::Invalid(msg!(
            "import-line-malformed",
            pos = pos,
            error = e.to_string()
        ))
    })?;
    validate_line(store, pos, l)
}

fn validate_line(store: &impl Store, pos: usize, l: LineIn) -> Result<OrderLine> {
    let article = match &l.article_no {
        Some(n) => store.article(n)?,
        None => None,
    };
    if let (Some(n), None) = (&l.article_no, &article)
        && (l.description.is_none() || l.unit_price.is_none())
    {
        return Err(AppError::Invalid(msg!(
            "import-unknown-article",
            pos = pos,
            article = n
        )));
    }
    let kind = match (&l.kind, &article) {
        (Some(k), _) => LineKind::parse(k).ok_or_else(|| {
            AppError::Invalid(msg!("import-unknown-line-kind", pos = pos, kind = k))
        })?,
        (None, Some(a)) => a.kind,
        (None, None) => LineKind::Artikel,
    };
    let description = l
        .description
        .map(|d| d.trim().to_string())
        .filter(|d| !d.is_empty())
        .or_else(|| article.as_ref().map(|a| a.description.clone()))
        .ok_or_else(|| AppError::Invalid(msg!("import-description-missing", pos = pos)))?;
    let quantity = text_of(&l.quantity)
        .ok_or_else(|| {
            AppError::Invalid(msg!(
                "import-quantity-not-a-number",
                pos = pos,
                value = l.quantity.to_string()
            ))
        })
        .and_then(|t| Ok(Quantity::parse(&t)?))?;
    let unit_price = match (&l.unit_price, &article) {
        (Some(v), _) => text_of(v)
            .ok_or_else(|| {
                AppError::Invalid(msg!(
                    "import-unit-price-not-a-number",
                    pos = pos,
                    value = v.to_string()
                ))
            })
            .and_then(|t| Ok(Money::parse_non_negative(&t)?))?,
        (None, Some(a)) => a.price,
        (None, None) => {
            return Err(AppError::Invalid(msg!(
                "import-unit-price-missing",
                pos = pos
            )));
        }
    };
    let discount = match &l.discount {
        Some(v) => text_of(v)
            .ok_or_else(|| {
                AppError::Invalid(msg!(
                    "import-discount-not-a-number",
                    pos = pos,
                    value = v.to_string()
                ))
            })
            .and_then(|t| Ok(Percent::parse(&t)?))?,
        None => Percent::ZERO,
    };
    let vat = match (&l.vat, &article) {
        (Some(v), _) => text_of(v)
            .ok_or_else(|| {
                AppError::Invalid(msg!(
                    "import-vat-not-a-number",
                    pos = pos,
                    value = v.to_string()
                ))
            })
            .and_then(|t| Ok(VatRate::parse(&t)?))?,
        // An utlägg is outside VAT: 0 % unless a rate is given (which the line's check refuses).
        (None, _) if kind == LineKind::Utlagg => VatRate::R0,
        (None, Some(a)) => a.vat,
        (None, None) => VatRate::R25,
    };
    let unit = l
        .unit
        .map(|u| u.trim().to_string())
        .filter(|u| !u.is_empty())
        .or_else(|| article.as_ref().map(|a| a.unit.clone()))
        .unwrap_or_else(|| {
            if kind == LineKind::Arbete {
                "tim".into()
            } else {
                "st".into()
            }
        });
    Ok(OrderLine {
        kind,
        article_no: l
            .article_no
            .map(|n| n.trim().to_string())
            .filter(|n| !n.is_empty()),
        description,
        quantity,
        unit,
        unit_price,
        discount,
        vat,
    })
}

fn validate_record(store: &impl Store, rec: RecordIn, today: NaiveDate) -> Result<ValidRecord> {
    let c = rec.customer;
    let customer = match c.customer_no {
        Some(no) => {
            // An existing customer; nothing else about the customer may be given.
            if store.customer(no)?.is_some() {
                CustomerRef::Existing(no)
            } else {
                return Err(crate::store::StoreError::CustomerNotFound(no).into());
            }
        }
        None => CustomerRef::New(NewCustomer {
            name: validate_name(c.name.as_deref().unwrap_or(""))?,
            national_id: c
                .national_id
                .as_deref()
                .filter(|s| !s.trim().is_empty())
                .map(|s| NationalId::parse(s, today))
                .transpose()?,
            mobile: c
                .mobile
                .as_deref()
                .filter(|s| !s.trim().is_empty())
                .map(Mobile::parse)
                .transpose()?,
            email: c
                .email
                .as_deref()
                .filter(|s| !s.trim().is_empty())
                .map(validate_email)
                .transpose()?,
            address: Address {
                street: c.street.trim().into(),
                postal_code: c.postal_code.trim().into(),
                city: c.city.trim().into(),
            },
        }),
    };
    let vehicle = rec
        .vehicle
        .map(|v| -> Result<Vehicle> {
            Ok(Vehicle {
                regnr: Regnr::parse(&v.regnr)?,
                make: v.make.trim().into(),
                model: v.model.trim().into(),
                year: v.year.map(|y| validate_year(y, today.year())).transpose()?,
                mileage: v.mileage.map(validate_mileage).transpose()?,
            })
        })
        .transpose()?;
    let status = match rec.status.as_deref() {
        None => Status::Open,
        Some(s) => match Status::parse(s) {
            Some(st @ (Status::Open | Status::Complete)) => st,
            Some(other) => {
                return Err(AppError::Invalid(msg!(
                    "import-status-not-importable",
                    status = other.to_string()
                )));
            }
            None => {
                return Err(AppError::Invalid(msg!("import-unknown-status", status = s)));
            }
        },
    };
    let lines = rec
        .lines
        .into_iter()
        .enumerate()
        .map(|(i, l)| validate_line(store, i + 1, l))
        .collect::<Result<Vec<_>>>()?;
    crate::domain::order::validate_lines(&lines)?;
    if status == Status::Complete && lines.is_empty() {
        return Err(crate::domain::order::DomainError::NoLines.into());
    }
    Ok(ValidRecord {
        customer,
        vehicle,
        status,
        lines,
    })
}

/// Parse and validate the whole file, then write every order in one transaction.
/// Records are numbered from 1 in messages. Returns the new order numbers.
pub fn import_orders(
    store: &impl Store,
    actor: &str,
    json: &str,
    today: NaiveDate,
) -> Result<Vec<i64>> {
    let doc: Value = serde_json::from_str(json).map_err(|e| {
        AppError::Invalid(msg!(
            "import-not-json",
            line = e.line(),
            column = e.column(),
            error = e.to_string()
        ))
    })?;
    let Value::Array(items) = doc else {
        return Err(AppError::Invalid(msg!("import-not-a-list")));
    };
    let mut valid = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        let index = i + 1;
        let wrap = |e: AppError| AppError::Record {
            index,
            source: Box::new(e),
        };
        let rec: RecordIn = serde_json::from_value(item).map_err(|e| {
            wrap(AppError::Invalid(msg!(
                "import-malformed-record",
                error = e.to_string()
            )))
        })?;
        valid.push(validate_record(store, rec, today).map_err(wrap)?);
    }

    store.write(actor, |w| {
        let mut numbers = Vec::with_capacity(valid.len());
        for rec in valid {
            let customer_no = match rec.customer {
                CustomerRef::Existing(no) => no,
                CustomerRef::New(new) => match w.find_customer(&new.name, new.mobile.as_ref())? {
                    Some(c) => c.customer_no,
                    None => w.create_customer(new)?.customer_no,
                },
            };
            if let Some(v) = &rec.vehicle {
                w.ensure_vehicle(v, customer_no)?;
            }
            let now = w.now();
            // An order imported KLART is done: its date of supply is the import's.
            let completed_at = (rec.status != Status::Open).then_some(now);
            let order = w.create_order(Order {
                nr: 0,
                customer_no,
                regnr: rec.vehicle.map(|v| v.regnr),
                status: rec.status,
                lines: rec.lines,
                payment_method: None,
                payment_received: false,
                payment_received_at: None,
                invoice_no: None,
                booked_at: None,
                completed_at,
                created_at: now,
                updated_at: now,
                version: 1,
            })?;
            numbers.push(order.nr);
        }
        Ok(numbers)
    })
}
