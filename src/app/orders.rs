//! Order use cases of the counter screen: new order (find or create the customer, find or add
//! the vehicle) and line editing with optimistic concurrency.

use chrono::NaiveDate;
use serde_json::{Map, Value, json};

use super::error::{AppError, Result};
use super::import::{import_orders, line_from_json};
use crate::domain::Order;
use crate::domain::search::Filter;
use crate::store::{Store, StoreError};

/// The "Ny order" form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewOrderInput {
    /// Find an existing customer: number, name or mobile.
    pub find: String,
    /// Or create one: name and mobile.
    pub name: String,
    pub mobile: String,
    /// The vehicle: an existing plate, or a new one with make and model.
    pub regnr: String,
    pub make_model: String,
}

/// Create an ÖPPEN order from the form. Returns its number.
pub fn create_order(
    store: &mut Store,
    actor: &str,
    input: &NewOrderInput,
    today: NaiveDate,
) -> Result<i64> {
    let find = input.find.trim();
    let customer = if !find.is_empty() {
        let found = find_customer(store, find)?;
        json!({ "customer_no": found })
    } else if !input.name.trim().is_empty() {
        let mut c = Map::new();
        c.insert("name".into(), input.name.trim().into());
        if !input.mobile.trim().is_empty() {
            c.insert("mobile".into(), input.mobile.trim().into());
        }
        Value::Object(c)
    } else {
        return Err(AppError::invalid(
            "Ange kund: kundnr, namn eller mobil – eller namn för en ny kund",
            "Give the customer: number, name or mobile – or a name for a new customer",
        ));
    };
    let mut record = Map::new();
    record.insert("customer".into(), customer);
    if !input.regnr.trim().is_empty() {
        let (make, model) = input
            .make_model
            .trim()
            .split_once(' ')
            .unwrap_or((input.make_model.trim(), ""));
        record.insert(
            "vehicle".into(),
            json!({ "regnr": input.regnr.trim(), "make": make, "model": model }),
        );
    }
    let text = Value::Array(vec![Value::Object(record)]).to_string();
    let nrs = import_orders(store, actor, &text, today).map_err(|e| match e {
        AppError::Record { source, .. } => *source,
        other => other,
    })?;
    nrs.first()
        .copied()
        .ok_or_else(|| AppError::invalid("Ingen order skapades", "No order was created"))
}

/// The one customer a number, name or mobile points at.
fn find_customer(store: &Store, text: &str) -> Result<i64> {
    if let Ok(no) = text.parse::<i64>()
        && store.customer(no)?.is_some()
    {
        return Ok(no);
    }
    let filter =
        Filter::new(text).ok_or_else(|| AppError::invalid("Ange kund", "Give the customer"))?;
    let found = store.find_customers(&filter, 6)?;
    match found.as_slice() {
        [one] => Ok(one.customer_no),
        [] => Err(AppError::invalid(
            format!("Ingen kund matchar \"{text}\" – fyll i namn och mobil för en ny kund"),
            format!("No customer matches \"{text}\" – fill in name and mobile for a new customer"),
        )),
        many => {
            let names = many
                .iter()
                .take(5)
                .map(|c| format!("{} {}", c.customer_no, c.name))
                .collect::<Vec<_>>()
                .join(", ");
            Err(AppError::invalid(
                format!("Flera kunder matchar: {names} – skriv kundnumret"),
                format!("Several customers match: {names} – type the customer number"),
            ))
        }
    }
}

/// The line form: an article or labour number from the register, or a free text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineInput {
    pub article_or_text: String,
    pub quantity: String,
    pub unit_price: String,
    pub discount: String,
}

fn line_value(store: &Store, input: &LineInput) -> Result<Value> {
    let what = input.article_or_text.trim();
    if what.is_empty() {
        return Err(AppError::invalid(
            "Ange artikelnummer eller text",
            "Give an article number or a text",
        ));
    }
    let mut l = Map::new();
    if store.article(what)?.is_some() {
        l.insert("article_no".into(), what.into());
    } else {
        l.insert("description".into(), what.into());
    }
    l.insert(
        "quantity".into(),
        if input.quantity.trim().is_empty() {
            "1".into()
        } else {
            input.quantity.trim().into()
        },
    );
    if !input.unit_price.trim().is_empty() {
        l.insert("unit_price".into(), input.unit_price.trim().into());
    }
    if !input.discount.trim().is_empty() {
        l.insert("discount".into(), input.discount.trim().into());
    }
    Ok(Value::Object(l))
}

/// Add (`index` None) or replace a line. `version` is the order version the screen shows: if
/// someone else saved in between, nothing is written and the conflict is reported.
pub fn save_line(
    store: &mut Store,
    actor: &str,
    nr: i64,
    version: i64,
    index: Option<usize>,
    input: &LineInput,
) -> Result<Order> {
    let shown = store.order(nr)?.ok_or(StoreError::OrderNotFound(nr))?;
    let pos = index.map_or(shown.order.lines.len() + 1, |i| i + 1);
    let line = line_from_json(store, pos, line_value(store, input)?)?;
    store.write(actor, |w| {
        let mut order = w.order(nr)?;
        if order.version != version {
            return Err(StoreError::Conflict { nr }.into());
        }
        let mut lines = order.lines.clone();
        match index {
            Some(i) if i < lines.len() => lines[i] = line,
            Some(_) => {
                return Err(AppError::invalid(
                    "Raden finns inte",
                    "The line does not exist",
                ));
            }
            None => lines.push(line),
        }
        order.set_lines(lines)?;
        Ok(w.save_order(&order, "lines_changed")?)
    })
}

/// Remove a line.
pub fn delete_line(
    store: &mut Store,
    actor: &str,
    nr: i64,
    version: i64,
    index: usize,
) -> Result<Order> {
    store.write(actor, |w| {
        let mut order = w.order(nr)?;
        if order.version != version {
            return Err(StoreError::Conflict { nr }.into());
        }
        let mut lines = order.lines.clone();
        if index >= lines.len() {
            return Err(AppError::invalid(
                "Raden finns inte",
                "The line does not exist",
            ));
        }
        lines.remove(index);
        order.set_lines(lines)?;
        Ok(w.save_order(&order, "lines_changed")?)
    })
}
