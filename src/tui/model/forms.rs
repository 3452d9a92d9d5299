//! The small forms: new order, a line (new or edited) and "Kreditera" (which lines).

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::field::{Field, FieldKey};
use super::{Effect, Model, Overlay, Screen};
use crate::app::InputField;
use crate::app::customers::CustomerChange;
use crate::app::orders::{LineInput, NewOrderInput};
use crate::app::refunds::PayeeChange;
use crate::domain::invoice::{Invoice, InvoiceKind, plan_credit};
use crate::domain::ledger::Accounts;
use crate::domain::refund::Payee;
use crate::domain::{Customer, Lang, Money};
use crate::t;

/// What a form creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    NewOrder,
    /// A new line (None) or the line at this index.
    Line(Option<usize>),
    /// "Kreditera": which lines.
    Credit,
    /// "Ändra kund": the open order's customer (its number).
    Customer(i64),
    /// "Matcha": the invoice an incoming payment (its id) pays.
    MatchInvoice(i64),
    /// "Läs in bankfil": the path of a BgMax or camt.054 file.
    ImportFile,
    /// "Gör omgång": the path the refunds' pain.001 file is written to.
    RefundBatch,
    /// "Ändra återbetalning": a proposal's amount and date.
    RefundSet(crate::domain::refund::ProposalId),
    /// "Läs status": the path of the bank's pain.002 file.
    RefundStatus,
}

/// A small form: labelled text fields, one active. It stays open until its effect is saved: an
/// error is shown at its field (or under the form), the cursor goes there, and everything typed
/// stays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub kind: FormKind,
    pub fields: Vec<Field>,
    pub active: usize,
    /// Sent and waiting for the answer: keys wait.
    pub pending: bool,
    /// An error about the whole form (not one field).
    pub error: Option<String>,
    /// "Ny order": the customers the search text points at (no, name, mobile), and the one
    /// chosen with ↓ (Enter takes it).
    pub matches: Vec<(i64, String, String)>,
    pub picked: Option<usize>,
}

/// The most characters a field takes: what the store keeps for it.
const TEXT_MAX: usize = 200;
const NAME_MAX: usize = 100;
const SHORT_MAX: usize = 20;
/// A file path typed in a form.
const PATH_MAX: usize = 1000;
/// Payment details: the longest IBAN (34) in groups of four, with a word in front.
const PAYEE_MAX: usize = 50;
/// A BIC is 8 or 11 characters.
const BIC_MAX: usize = 11;

impl Form {
    fn with(kind: FormKind, fields: Vec<Field>) -> Form {
        Form {
            kind,
            fields,
            active: 0,
            pending: false,
            error: None,
            matches: Vec::new(),
            picked: None,
        }
    }

    pub(super) fn new_order(lang: Lang) -> Form {
        Form::with(
            FormKind::NewOrder,
            vec![
                Field::new(t!(lang, "screen-form-find-customer"), "", NAME_MAX),
                Field::new(t!(lang, "screen-form-new-customer-name"), "", NAME_MAX),
                Field::new(t!(lang, "screen-form-new-customer-mobile"), "", SHORT_MAX),
                Field::new(t!(lang, "screen-form-regnr"), "", SHORT_MAX),
                Field::new(t!(lang, "screen-form-new-vehicle"), "", NAME_MAX),
            ],
        )
    }

    pub(super) fn line(lang: Lang, index: Option<usize>, values: [String; 4]) -> Form {
        let [what, qty, price, discount] = values;
        Form::with(
            FormKind::Line(index),
            vec![
                Field::new(t!(lang, "screen-form-article"), what, TEXT_MAX),
                Field::new(t!(lang, "screen-form-quantity"), qty, SHORT_MAX),
                Field::new(t!(lang, "screen-form-unit-price"), price, SHORT_MAX),
                Field::new(t!(lang, "screen-form-discount"), discount, SHORT_MAX),
            ],
        )
    }

    pub(super) fn credit(lang: Lang) -> Form {
        Form::with(
            FormKind::Credit,
            vec![Field::new(
                t!(lang, "screen-form-credit-lines"),
                "",
                TEXT_MAX,
            )],
        )
    }

    pub(super) fn match_invoice(lang: Lang, payment: i64) -> Form {
        Form::with(
            FormKind::MatchInvoice(payment),
            vec![Field::new(
                t!(lang, "screen-form-invoice-no"),
                "",
                SHORT_MAX,
            )],
        )
    }

    pub(super) fn import_file(lang: Lang) -> Form {
        Form::with(
            FormKind::ImportFile,
            vec![Field::new(t!(lang, "screen-form-bank-file"), "", PATH_MAX)],
        )
    }

    pub(super) fn refund_batch(lang: Lang, path: &str) -> Form {
        Form::with(
            FormKind::RefundBatch,
            vec![Field::new(
                t!(lang, "screen-form-refund-file"),
                path,
                PATH_MAX,
            )],
        )
    }

    pub(super) fn refund_set(
        lang: Lang,
        id: crate::domain::refund::ProposalId,
        p: &crate::app::refunds::Proposal,
    ) -> Form {
        Form::with(
            FormKind::RefundSet(id),
            vec![
                Field::new(
                    t!(lang, "screen-form-refund-amount"),
                    p.amount.to_string(),
                    SHORT_MAX,
                ),
                Field::new(
                    t!(lang, "screen-form-refund-date"),
                    p.pay_on.to_string(),
                    SHORT_MAX,
                ),
            ],
        )
    }

    pub(super) fn refund_status(lang: Lang) -> Form {
        Form::with(
            FormKind::RefundStatus,
            vec![Field::new(
                t!(lang, "screen-form-status-file"),
                "",
                PATH_MAX,
            )],
        )
    }

    /// "Ändra kund": the customer's fields, then where its refunds are paid (the details in
    /// one field, the kind told by how they are written, and the BIC of an IBAN).
    pub(super) fn customer(lang: Lang, c: &Customer, payee: Option<&Payee>) -> Form {
        let (details, bic) = payee.map(Payee::written).unwrap_or_default();
        Form::with(
            FormKind::Customer(c.customer_no),
            vec![
                Field::new(t!(lang, "screen-form-customer-name"), &c.name, NAME_MAX),
                Field::new(
                    t!(lang, "screen-form-customer-mobile"),
                    c.mobile.as_ref().map(|m| m.display()).unwrap_or_default(),
                    SHORT_MAX,
                ),
                Field::new(
                    t!(lang, "screen-form-customer-email"),
                    c.email.clone().unwrap_or_default(),
                    NAME_MAX,
                ),
                Field::new(
                    t!(lang, "screen-form-customer-street"),
                    &c.address.street,
                    NAME_MAX,
                ),
                Field::new(
                    t!(lang, "screen-form-customer-postal-code"),
                    &c.address.postal_code,
                    SHORT_MAX,
                ),
                Field::new(
                    t!(lang, "screen-form-customer-city"),
                    &c.address.city,
                    NAME_MAX,
                ),
                Field::new(
                    t!(lang, "screen-form-customer-national-id"),
                    c.national_id
                        .as_ref()
                        .map(|n| n.to_string())
                        .unwrap_or_default(),
                    SHORT_MAX,
                ),
                Field::new(
                    t!(lang, "screen-form-customer-vat-no"),
                    c.vat_no.as_ref().map(|v| v.to_string()).unwrap_or_default(),
                    SHORT_MAX,
                ),
                Field::new(
                    t!(lang, "screen-form-customer-reverse-charge"),
                    if c.reverse_charge {
                        t!(lang, "screen-form-yes")
                    } else {
                        t!(lang, "screen-form-no")
                    },
                    SHORT_MAX,
                ),
                Field::new(t!(lang, "screen-form-customer-payee"), details, PAYEE_MAX)
                    .with_hint(t!(lang, "screen-form-customer-payee-hint")),
                Field::new(t!(lang, "screen-form-customer-bic"), bic, BIC_MAX),
            ],
        )
    }

    pub(super) fn value(&self, i: usize) -> String {
        self.fields
            .get(i)
            .map(|f| f.value().to_string())
            .unwrap_or_default()
    }

    /// Where a field the app names is in this form.
    fn index_of(&self, field: InputField) -> Option<usize> {
        let i = match (self.kind, field) {
            (FormKind::NewOrder, InputField::FindCustomer) => 0,
            (FormKind::NewOrder, InputField::NewCustomerName) => 1,
            (FormKind::NewOrder, InputField::NewCustomerMobile) => 2,
            (FormKind::NewOrder, InputField::Regnr) => 3,
            (FormKind::NewOrder, InputField::Vehicle) => 4,
            (FormKind::Line(_), InputField::Article) => 0,
            (FormKind::Line(_), InputField::Quantity) => 1,
            (FormKind::Line(_), InputField::UnitPrice) => 2,
            (FormKind::Line(_), InputField::Discount) => 3,
            (FormKind::Customer(_), InputField::CustomerName) => 0,
            (FormKind::Customer(_), InputField::CustomerMobile) => 1,
            (FormKind::Customer(_), InputField::Email) => 2,
            (FormKind::Customer(_), InputField::NationalId) => 6,
            (FormKind::Customer(_), InputField::VatNo) => 7,
            (FormKind::Customer(_), InputField::ReverseCharge) => 8,
            (FormKind::Customer(_), InputField::PaymentDetails) => 9,
            (FormKind::Customer(_), InputField::Bic) => 10,
            (FormKind::RefundSet(_), InputField::RefundAmount) => 0,
            (FormKind::RefundSet(_), InputField::RefundDate) => 1,
            _ => return None,
        };
        Some(i)
    }

    /// Show `text` at `field` (or under the form) and put the cursor there.
    pub(super) fn fail(&mut self, field: Option<InputField>, text: String) {
        self.pending = false;
        match field.and_then(|f| self.index_of(f)) {
            Some(i) => {
                self.fields[i].error = Some(text);
                self.active = i;
                self.error = None;
            }
            None if self.fields.len() == 1 => {
                self.fields[0].error = Some(text);
                self.error = None;
            }
            None => self.error = Some(text),
        }
    }
}

impl Model {
    pub(super) fn form_key(&mut self, key: KeyEvent, mut form: Form) -> Vec<Effect> {
        let n = form.fields.len();
        if form.pending {
            // The answer is on its way: nothing typed is lost, and nothing is sent twice.
            self.info(t!(self.lang, "screen-form-wait"));
            self.overlay = Overlay::Form(form);
            return Vec::new();
        }
        // "Ny order": ↓/↑ move through the customers found, Enter takes the chosen one.
        let listing =
            form.kind == FormKind::NewOrder && form.active == 0 && !form.matches.is_empty();
        match key.code {
            KeyCode::Down if listing => {
                let last = form.matches.len() - 1;
                form.picked = Some(form.picked.map_or(0, |p| (p + 1).min(last)));
                self.overlay = Overlay::Form(form);
                return Vec::new();
            }
            KeyCode::Up if listing && form.picked.is_some() => {
                form.picked = form.picked.and_then(|p| p.checked_sub(1));
                self.overlay = Overlay::Form(form);
                return Vec::new();
            }
            KeyCode::Enter if listing && form.picked.is_some() => {
                let (no, _, _) = form.matches[form.picked.unwrap_or(0)].clone();
                form.fields[0].set(no.to_string());
                form.matches.clear();
                form.picked = None;
                form.active = 3;
                self.overlay = Overlay::Form(form);
                return Vec::new();
            }
            _ => {}
        }
        match key.code {
            KeyCode::Esc => {
                self.overlay = Overlay::None;
                return Vec::new();
            }
            KeyCode::Tab | KeyCode::Down => form.active = (form.active + 1) % n,
            KeyCode::BackTab | KeyCode::Up => {
                form.active = form.active.checked_sub(1).unwrap_or(n - 1)
            }
            KeyCode::Enter => {
                return self.submit(form);
            }
            _ => {
                let field = &mut form.fields[form.active];
                let what = field.key(key);
                if what == FieldKey::Full {
                    let max = field.max;
                    field.error = Some(t!(self.lang, "screen-form-field-full", max = max));
                }
                // A key that is not for a text field (Ctrl+S, F-keys) changes nothing.
                if what != FieldKey::Ignored {
                    form.error = None;
                }
                // The customer search shows its matches as you type.
                if what == FieldKey::Changed && form.kind == FormKind::NewOrder && form.active == 0
                {
                    let text = form.value(0);
                    form.picked = None;
                    if text.trim().chars().count() < 2 {
                        form.matches.clear();
                    } else {
                        self.overlay = Overlay::Form(form);
                        return vec![Effect::FindCustomers(text)];
                    }
                }
            }
        }
        self.overlay = Overlay::Form(form);
        Vec::new()
    }

    /// Customers found for the new-order form's search text (ignored if the text changed since).
    pub(super) fn customers_found(&mut self, text: &str, found: Vec<(i64, String, String)>) {
        if let Overlay::Form(form) = &mut self.overlay
            && form.kind == FormKind::NewOrder
            && form.value(0) == text
        {
            form.matches = found;
            form.picked = None;
        }
    }

    /// Send what the form holds; the form stays open (waiting) until the answer comes.
    pub(super) fn submit(&mut self, mut form: Form) -> Vec<Effect> {
        let effect = match form.kind {
            FormKind::MatchInvoice(payment) => return self.submit_match(form, payment),
            FormKind::ImportFile => return self.submit_import(form),
            FormKind::RefundBatch => return self.submit_refund_batch(form),
            FormKind::RefundSet(id) => return self.submit_refund_set(form, id),
            FormKind::RefundStatus => return self.submit_refund_status(form),
            FormKind::NewOrder => {
                self.busy = Some(t!(self.lang, "screen-busy-creating-order"));
                Effect::CreateOrder(NewOrderInput {
                    find: form.value(0),
                    name: form.value(1),
                    mobile: form.value(2),
                    regnr: form.value(3),
                    make_model: form.value(4),
                })
            }
            FormKind::Line(index) => {
                let Some(d) = &self.order else {
                    return Vec::new();
                };
                let (nr, version) = (d.order.nr, d.order.version);
                self.busy = Some(t!(self.lang, "screen-busy-saving"));
                Effect::SaveLine {
                    nr,
                    version,
                    index,
                    input: LineInput {
                        article_or_text: form.value(0),
                        quantity: form.value(1),
                        unit_price: form.value(2),
                        discount: form.value(3),
                    },
                }
            }
            FormKind::Customer(customer_no) => {
                // The open order is read again when it is this customer's.
                let nr = self
                    .order
                    .as_ref()
                    .filter(|d| d.customer.customer_no == customer_no)
                    .map(|d| d.order.nr);
                self.busy = Some(t!(self.lang, "screen-busy-saving"));
                // The whole form is the customer's data: an emptied field clears it.
                Effect::SaveCustomer {
                    nr,
                    customer_no,
                    change: Box::new(CustomerChange {
                        name: Some(form.value(0)),
                        mobile: Some(form.value(1)),
                        email: Some(form.value(2)),
                        street: Some(form.value(3)),
                        postal_code: Some(form.value(4)),
                        city: Some(form.value(5)),
                        national_id: Some(form.value(6)),
                        vat_no: Some(form.value(7)),
                        reverse_charge: Some(form.value(8)),
                        // Both emptied removes the details; unchanged writes nothing.
                        payee: Some(PayeeChange::written(&form.value(9), &form.value(10))),
                    }),
                }
            }
            FormKind::Credit => {
                if self.order_nr().is_none() {
                    return Vec::new();
                }
                let text = form.value(0);
                let lines = if text.trim().is_empty() {
                    None
                } else {
                    match crate::domain::invoice::parse_positions(&text) {
                        Some(l) => Some(l),
                        None => {
                            form.fail(
                                None,
                                t!(self.lang, "screen-form-not-a-line-list", input = &text),
                            );
                            self.overlay = Overlay::Form(form);
                            return Vec::new();
                        }
                    }
                };
                // The amount first: the credit is confirmed with what goes back to the customer.
                match self.credit_amount(lines.as_deref()) {
                    Ok(amount) => {
                        self.overlay = Overlay::ConfirmCredit {
                            form,
                            lines,
                            amount,
                        };
                    }
                    Err(why) => {
                        form.fail(None, why);
                        self.overlay = Overlay::Form(form);
                    }
                }
                return Vec::new();
            }
        };
        form.pending = true;
        form.error = None;
        self.message = None;
        self.overlay = Overlay::Form(form);
        vec![effect]
    }

    /// What a credit of `lines` (`None`: every line not yet credited) of the open order would pay
    /// back, as the books will plan it; or why it cannot be made, in words.
    fn credit_amount(&self, lines: Option<&[usize]>) -> Result<Money, String> {
        let lang = self.lang;
        let d = self.order.as_ref();
        let nr = d.map_or(0, |d| d.order.nr);
        let Some(original) = d.and_then(|d| d.order.invoice_no).and_then(|no| {
            self.invoices
                .iter()
                .find(|i| i.invoice.no == no && i.invoice.kind == InvoiceKind::Faktura)
        }) else {
            return Err(t!(lang, "credit-order-has-no-invoice", nr = nr));
        };
        let no = original.invoice.no;
        let previous: Vec<&Invoice> = self
            .invoices
            .iter()
            .filter(|i| {
                i.invoice.kind == InvoiceKind::Kredit && i.invoice.original.map(|o| o.0) == Some(no)
            })
            .map(|i| &i.invoice)
            .collect();
        // The accounts only decide the postings, not the amount.
        plan_credit(&original.invoice, &previous, lines, &Accounts::default())
            .map(|p| -p.to_pay)
            .map_err(|e| e.message(self.lang))
    }

    /// The credit confirmed (Enter) goes to the worker with the form waiting; Esc goes back to
    /// the form with what was typed.
    pub(super) fn credit_confirm_key(
        &mut self,
        key: KeyEvent,
        form: Form,
        lines: Option<Vec<usize>>,
        amount: Money,
    ) -> Vec<Effect> {
        match key.code {
            KeyCode::Enter | KeyCode::Char('j') | KeyCode::Char('y') => {
                let Some(nr) = self.order_nr() else {
                    return Vec::new();
                };
                let mut form = form;
                form.pending = true;
                form.error = None;
                self.message = None;
                self.busy = Some(t!(self.lang, "screen-busy-crediting"));
                self.overlay = Overlay::Form(form);
                vec![Effect::Credit { nr, lines }]
            }
            KeyCode::Esc | KeyCode::Char('n') => {
                self.overlay = Overlay::Form(form);
                Vec::new()
            }
            _ => {
                self.overlay = Overlay::ConfirmCredit {
                    form,
                    lines,
                    amount,
                };
                Vec::new()
            }
        }
    }

    /// The form's effect was saved: close it. A new line gets the cursor; a customer saved
    /// from the refunds screen reads the refunds again (its proposals show the new details).
    pub(super) fn form_saved(&mut self) -> Vec<Effect> {
        let Overlay::Form(form) = &self.overlay else {
            return Vec::new();
        };
        let reload = matches!(form.kind, FormKind::Customer(_)) && self.screen == Screen::Refunds;
        if let FormKind::Line(None) = form.kind
            && let Some(d) = &self.order
        {
            self.line = d.order.lines.len().saturating_sub(1);
        }
        if form.kind == FormKind::NewOrder {
            self.screen = Screen::Order;
        }
        // The chosen proposals went into the batch.
        if form.kind == FormKind::RefundBatch
            && let Some(v) = &mut self.refunds
        {
            v.chosen.clear();
        }
        self.overlay = Overlay::None;
        if reload {
            vec![Effect::LoadRefunds]
        } else {
            Vec::new()
        }
    }

    /// The form's effect was refused: show why at the field, keep everything typed.
    pub(super) fn form_failed(&mut self, field: Option<InputField>, text: String) {
        self.busy = None;
        match &mut self.overlay {
            Overlay::Form(form) => form.fail(field, text),
            _ => self.error(text),
        }
    }
}
