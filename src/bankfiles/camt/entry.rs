//! One camt.054 entry (`Ntry`) as a [`Deposit`], its transactions (`NtryDtls/TxDtls`) as
//! payments, checked against the entry's amount.

use super::{Ctx, N, provided, text};
use crate::bankfiles::{
    Account, Deposit, Direction, Field, IncomingPayment, ParseError, Party, Problem, Reference,
    ReferenceKind,
};
use crate::domain::Money;

/// Signed from the account holder's side.
fn signed(amount: Money, direction: Direction) -> Money {
    match direction {
        Direction::Credit => amount,
        Direction::Debit => -amount,
    }
}

/// What the entry says that its transactions inherit.
struct Head {
    amount: Money,
    direction: Direction,
    value_date: Option<chrono::NaiveDate>,
    /// `AcctSvcrRef`, else `NtryRef`, else the notification's id and the entry's position.
    bank_ref: String,
    has_own_ref: bool,
}

pub(super) fn entry(
    ctx: &Ctx,
    ntry: N,
    account: &Account,
    fallback: &str,
) -> Result<Deposit, ParseError> {
    const P: &str = "Ntry";
    let amt = ctx.req(ntry, "Amt", P)?;
    let amount = ctx.amount(amt, "Ntry/Amt")?;
    let ind = ctx.req(ntry, "CdtDbtInd", P)?;
    let direction = ctx.indicator(ind, "Ntry/CdtDbtInd")?;
    let reversal = match ctx.opt(ntry, "RvslInd", P)? {
        None => false,
        Some(n) => match text(n).as_deref() {
            Some("true" | "1") => true,
            Some("false" | "0") => false,
            other => {
                return Err(ctx.error(
                    n,
                    Problem::NotAnIndicator {
                        path: "Ntry/RvslInd".to_string(),
                        value: other.unwrap_or_default().to_string(),
                    },
                ));
            }
        },
    };
    let sts = ctx.req(ntry, "Sts", P)?;
    let status = match ctx.opt(sts, "Cd", "Ntry/Sts")? {
        Some(cd) => text(cd),
        None => text(sts),
    }
    .unwrap_or_default();
    if status != "BOOK" {
        let path = "Ntry/Sts".to_string();
        return Err(ctx.error(
            sts,
            Problem::NotBooked {
                path,
                value: status,
            },
        ));
    }
    let date = ctx.date_choice(ctx.req(ntry, "BookgDt", P)?, "Ntry/BookgDt")?;
    let value_date = match ctx.opt(ntry, "ValDt", P)? {
        Some(n) => Some(ctx.date_choice(n, "Ntry/ValDt")?),
        None => None,
    };
    let servicer = ctx.text_at(ntry, &["AcctSvcrRef"], P)?;
    let ntry_ref = ctx.text_at(ntry, &["NtryRef"], P)?;
    let reference = servicer.or(ntry_ref).unwrap_or_default();
    let head = Head {
        amount,
        direction,
        value_date,
        has_own_ref: !reference.is_empty(),
        bank_ref: if reference.is_empty() {
            fallback.to_string()
        } else {
            reference.clone()
        },
    };
    let all_tx: Vec<N> = Ctx::all(ntry, "NtryDtls")
        .flat_map(|d| Ctx::all(d, "TxDtls"))
        .collect();
    for details in Ctx::all(ntry, "NtryDtls") {
        batch_count(ctx, details)?;
    }
    let mut payments = Vec::with_capacity(all_tx.len().max(1));
    for (k, tx) in all_tx.iter().enumerate() {
        payments.push(transaction(ctx, *tx, &head, k + 1, all_tx.len())?);
    }
    if all_tx.is_empty() {
        payments.push(bare_entry(ctx, ntry, &head)?);
    }
    let total = signed(amount, direction);
    let counted: Money = payments.iter().map(|p| p.amount).sum();
    if counted != total {
        return Err(ctx.error(
            amt,
            Problem::SumMismatch {
                stated: total.to_string(),
                counted: counted.to_string(),
            },
        ));
    }
    Ok(Deposit {
        account: account.clone(),
        date,
        currency: "SEK".to_string(),
        total,
        direction,
        reference,
        bank_account: None,
        reversal,
        payments,
    })
}

/// `Btch/NbOfTxs`, when given, must be the number of `TxDtls` beside it.
fn batch_count(ctx: &Ctx, details: N) -> Result<(), ParseError> {
    const P: &str = "Ntry/NtryDtls";
    let Some(btch) = ctx.opt(details, "Btch", P)? else {
        return Ok(());
    };
    let Some(n) = ctx.opt(btch, "NbOfTxs", "Ntry/NtryDtls/Btch")? else {
        return Ok(());
    };
    let value = text(n).unwrap_or_default();
    let stated = value
        .parse::<u64>()
        .ok()
        .filter(|_| value.bytes().all(|b| b.is_ascii_digit()));
    let Some(stated) = stated else {
        return Err(ctx.error(
            n,
            Problem::NotANumber {
                field: Field::Count,
                value,
            },
        ));
    };
    let counted = Ctx::all(details, "TxDtls").count() as u64;
    if stated != counted {
        return Err(ctx.error(
            n,
            Problem::CountMismatch {
                field: Field::Count,
                stated,
                counted,
            },
        ));
    }
    Ok(())
}

/// An entry without transaction details: one payment of the entry's amount, its
/// `AddtlNtryInf` as free text.
fn bare_entry(ctx: &Ctx, ntry: N, head: &Head) -> Result<IncomingPayment, ParseError> {
    let references = ctx
        .text_at(ntry, &["AddtlNtryInf"], "Ntry")?
        .map(|text| Reference {
            kind: ReferenceKind::FreeText,
            text,
            amount: None,
        })
        .into_iter()
        .collect();
    Ok(IncomingPayment {
        amount: signed(head.amount, head.direction),
        direction: head.direction,
        references,
        counterparty: Party::default(),
        bank_id: head.bank_ref.clone(),
        deduction: None,
        value_date: head.value_date,
        channel: None,
        end_to_end_id: None,
        instruction_id: None,
        payment_info_id: None,
    })
}

fn transaction(
    ctx: &Ctx,
    tx: N,
    head: &Head,
    k: usize,
    of: usize,
) -> Result<IncomingPayment, ParseError> {
    const P: &str = "Ntry/NtryDtls/TxDtls";
    let refs = ctx.opt(tx, "Refs", P)?;
    let rf = |name: &'static str| -> Result<Option<String>, ParseError> {
        match refs {
            Some(r) => Ok(provided(ctx.text_at(
                r,
                &[name],
                "Ntry/NtryDtls/TxDtls/Refs",
            )?)),
            None => Ok(None),
        }
    };
    let servicer = rf("AcctSvcrRef")?;
    let end_to_end_id = rf("EndToEndId")?;
    let instruction_id = rf("InstrId")?;
    let payment_info_id = rf("PmtInfId")?;
    let direction = match ctx.opt(tx, "CdtDbtInd", P)? {
        Some(n) => ctx.indicator(n, "Ntry/NtryDtls/TxDtls/CdtDbtInd")?,
        None => head.direction,
    };
    let amount = tx_amount(ctx, tx, head, of)?;
    let bank_id = match servicer {
        Some(s) if s != head.bank_ref || !head.has_own_ref => s,
        _ => format!("{}/{k}", head.bank_ref),
    };
    let (party_name, account_name) = match direction {
        Direction::Credit => ("Dbtr", "DbtrAcct"),
        Direction::Debit => ("Cdtr", "CdtrAcct"),
    };
    let counterparty = match ctx.opt(tx, "RltdPties", P)? {
        Some(parties) => party(ctx, parties, party_name, account_name)?,
        None => Party::default(),
    };
    let references = match ctx.opt(tx, "RmtInf", P)? {
        Some(rmt) => remittance(ctx, rmt)?,
        None => Vec::new(),
    };
    Ok(IncomingPayment {
        amount: signed(amount, direction),
        direction,
        references,
        counterparty,
        bank_id,
        deduction: None,
        value_date: head.value_date,
        channel: None,
        end_to_end_id,
        instruction_id,
        payment_info_id,
    })
}

/// `TxDtls/Amt` (.08), else `AmtDtls/TxAmt/Amt` or `AmtDtls/InstdAmt/Amt` (.02), else — for the
/// only transaction of an entry — the entry's amount.
fn tx_amount(ctx: &Ctx, tx: N, head: &Head, of: usize) -> Result<Money, ParseError> {
    const P: &str = "Ntry/NtryDtls/TxDtls";
    if let Some(amt) = ctx.opt(tx, "Amt", P)? {
        return ctx.amount(amt, "Ntry/NtryDtls/TxDtls/Amt");
    }
    if let Some(details) = ctx.opt(tx, "AmtDtls", P)? {
        for kind in ["TxAmt", "InstdAmt"] {
            let path = format!("{P}/AmtDtls");
            if let Some(k) = ctx.opt(details, kind, &path)? {
                let path = format!("{path}/{kind}");
                let amt = ctx.req(k, "Amt", &path)?;
                return ctx.amount(amt, &format!("{path}/Amt"));
            }
        }
    }
    if of == 1 {
        return Ok(head.amount);
    }
    Err(ctx.error(
        tx,
        Problem::MissingElement {
            path: format!("{P}/Amt"),
        },
    ))
}

/// The counterparty `who` (`Dbtr` or `Cdtr`, its data directly or under `Pty`) and its account.
fn party(
    ctx: &Ctx,
    parties: N,
    who: &'static str,
    acct: &'static str,
) -> Result<Party, ParseError> {
    let path = format!("Ntry/NtryDtls/TxDtls/RltdPties/{who}");
    let mut out = Party::default();
    if let Some(node) = ctx.opt(parties, who, "Ntry/NtryDtls/TxDtls/RltdPties")? {
        let (node, path) = match ctx.opt(node, "Pty", &path)? {
            Some(pty) => (pty, format!("{path}/Pty")),
            None => (node, path),
        };
        out.name = ctx.text_at(node, &["Nm"], &path)?;
        if let Some(adr) = ctx.opt(node, "PstlAdr", &path)? {
            let p = format!("{path}/PstlAdr");
            let street = ctx.text_at(adr, &["StrtNm"], &p)?;
            let number = ctx.text_at(adr, &["BldgNb"], &p)?;
            let first_line = Ctx::all(adr, "AdrLine").find_map(text);
            out.address = match (street, number) {
                (Some(s), Some(n)) => Some(format!("{s} {n}")),
                (Some(s), None) => Some(s),
                _ => first_line,
            };
            out.postcode = ctx.text_at(adr, &["PstCd"], &p)?;
            out.city = ctx.text_at(adr, &["TwnNm"], &p)?;
            out.country_code = ctx.text_at(adr, &["Ctry"], &p)?;
        }
        if let Some(id) = ctx.opt(node, "Id", &path)? {
            let p = format!("{path}/Id");
            out.org_no = match ctx.text_at(id, &["OrgId", "Othr", "Id"], &p)? {
                Some(org) => Some(org),
                None => ctx.text_at(id, &["PrvtId", "Othr", "Id"], &p)?,
            };
        }
    }
    if let Some(a) = ctx.opt(parties, acct, "Ntry/NtryDtls/TxDtls/RltdPties")? {
        let p = format!("Ntry/NtryDtls/TxDtls/RltdPties/{acct}");
        out.account = match ctx.text_at(a, &["Id", "IBAN"], &p)? {
            Some(iban) => Some(iban),
            None => ctx.text_at(a, &["Id", "Othr", "Id"], &p)?,
        };
    }
    Ok(out)
}

/// Kind of a `CdtrRefInf/Ref`: `RF…` is ISO 11649, digits only an OCR number.
fn classify(reference: &str) -> ReferenceKind {
    if reference.len() > 2 && reference[..2].eq_ignore_ascii_case("RF") {
        ReferenceKind::CreditorReference
    } else if reference.bytes().all(|b| b.is_ascii_digit()) {
        ReferenceKind::Ocr
    } else {
        ReferenceKind::Structured
    }
}

/// `RmtInf`: every `Ustrd`, and per `Strd` its creditor reference, referred document numbers
/// and additional information, in file order.
fn remittance(ctx: &Ctx, rmt: N) -> Result<Vec<Reference>, ParseError> {
    const P: &str = "Ntry/NtryDtls/TxDtls/RmtInf";
    let mut out = Vec::new();
    let mut push = |kind, text: Option<String>| {
        if let Some(text) = text {
            out.push(Reference {
                kind,
                text,
                amount: None,
            });
        }
    };
    for ustrd in Ctx::all(rmt, "Ustrd") {
        push(ReferenceKind::FreeText, text(ustrd));
    }
    for strd in Ctx::all(rmt, "Strd") {
        let p = format!("{P}/Strd");
        if let Some(cri) = ctx.opt(strd, "CdtrRefInf", &p)? {
            let r = ctx.text_at(cri, &["Ref"], &format!("{p}/CdtrRefInf"))?;
            if let Some(r) = r {
                push(classify(&r), Some(r));
            }
        }
        for doc in Ctx::all(strd, "RfrdDocInf") {
            let nb = ctx.text_at(doc, &["Nb"], &format!("{p}/RfrdDocInf"))?;
            push(ReferenceKind::DocumentNumber, nb);
        }
        for info in Ctx::all(strd, "AddtlRmtInf") {
            push(ReferenceKind::FreeText, text(info));
        }
    }
    Ok(out)
}
