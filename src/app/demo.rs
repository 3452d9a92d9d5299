//! Deterministic, realistic demo data: Swedish customers, plates, parts and labour, orders in every
//! status, some paid by mobile with the time the payment came in.
//!
//! The same seed and the same anchor date give the same data.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::error::Result;
use crate::domain::ids::{Mobile, NationalId, Regnr, luhn_check_digit};
use crate::domain::{
    Address, Article, LineKind, Money, Order, OrderLine, PaymentMethod, Percent, Quantity, Status,
    VatRate, Vehicle,
};
use crate::store::prelude::*;
use crate::store::{NewCustomer, Store};

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoSpec {
    pub orders: usize,
    pub seed: u64,
    /// The newest orders are from this day; older ones spread back from it.
    pub today: NaiveDate,
}

/// How much was generated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DemoSummary {
    pub customers: usize,
    pub vehicles: usize,
    pub orders: usize,
    pub lines: usize,
}

/// The orders a first start seeds.
pub const FIRST_START_ORDERS: usize = 200;

/// Demo sales booked within this many days before `today` get invoices and vouchers.
const LEDGER_DAYS: i64 = 30;

const FIRST_NAMES: &[&str] = &[
    "Anna", "Eva", "Maria", "Karin", "Sara", "Lena", "Emma", "Kerstin", "Sofia", "Ingrid",
    "Linnéa", "Åsa", "Elin", "Ida", "Maja", "Erik", "Lars", "Karl", "Anders", "Johan", "Per",
    "Nils", "Mikael", "Jan", "Hans", "Niklas", "Björn", "Göran", "Oskar", "Roland", "Kjell",
    "Stefan", "Mats", "Jörgen", "Ulf", "Håkan", "Pär", "Östen", "Ali", "Mohammed", "Fatima",
    "Noah", "Hugo", "Wilma", "Alva",
];
const LAST_NAMES: &[&str] = &[
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Pettersson",
    "Jonsson",
    "Jansson",
    "Hansson",
    "Bengtsson",
    "Jönsson",
    "Lindberg",
    "Jakobsson",
    "Magnusson",
    "Lindström",
    "Olofsson",
    "Lindqvist",
    "Lindgren",
    "Berg",
    "Axelsson",
    "Bergström",
    "Lundberg",
    "Lind",
    "Lundgren",
    "Lundqvist",
    "Mattsson",
    "Berglund",
    "Fredriksson",
    "Sandberg",
    "Henriksson",
    "Forsberg",
    "Sjöberg",
    "Wallin",
    "Engström",
    "Eklund",
    "Danielsson",
    "Håkansson",
    "Lundin",
    "Björk",
    "Nerholt",
    "Åberg",
    "Öberg",
    "Holmström",
];
const COMPANIES: &[&str] = &[
    "Leaseplan Sverige AB",
    "Bygg & Montage i Kungsbacka AB",
    "Hemtjänst Väst AB",
    "Rörläggarna i Borås AB",
    "Taxi Göteborg AB",
    "Elinstallatören Norr AB",
    "Mälardalens Måleri AB",
    "Skogsservice Dalarna AB",
    "Bageriet Kanelbullen HB",
    "Städbolaget Glans AB",
];
const CITIES: &[(&str, &str)] = &[
    ("411 01", "Göteborg"),
    ("111 22", "Stockholm"),
    ("211 20", "Malmö"),
    ("753 20", "Uppsala"),
    ("582 22", "Linköping"),
    ("703 61", "Örebro"),
    ("722 11", "Västerås"),
    ("503 30", "Borås"),
    ("434 30", "Kungsbacka"),
    ("791 71", "Falun"),
    ("901 84", "Umeå"),
    ("352 30", "Växjö"),
];
const STREETS: &[&str] = &[
    "Storgatan",
    "Kungsgatan",
    "Drottninggatan",
    "Järnvägsgatan",
    "Skolgatan",
    "Björkvägen",
    "Kyrkogatan",
    "Ringvägen",
    "Industrigatan",
    "Åkervägen",
    "Sjövägen",
    "Ängsvägen",
];
const VEHICLES: &[(&str, &[&str])] = &[
    (
        "Volvo",
        &["V70", "V60", "XC60", "XC90", "V90", "S60", "XC40", "240"],
    ),
    (
        "Volkswagen",
        &[
            "Golf",
            "Passat",
            "Tiguan",
            "Polo",
            "Caddy",
            "Transporter",
            "ID.4",
        ],
    ),
    (
        "Toyota",
        &["Corolla", "RAV4", "Yaris", "Auris", "Hilux", "Prius"],
    ),
    ("Saab", &["9-3", "9-5", "900"]),
    ("Ford", &["Focus", "Mondeo", "Transit", "Kuga"]),
    ("Kia", &["Ceed", "Niro", "Sportage"]),
    ("Škoda", &["Octavia", "Superb", "Fabia", "Kodiaq"]),
    ("Audi", &["A4", "A6", "Q5"]),
    ("BMW", &["320d", "520d", "X3"]),
    ("Tesla", &["Model 3", "Model Y"]),
];

/// (number, description, unit, price in öre, kind). All at 25 % VAT.
const REGISTER: &[(&str, &str, &str, i64, LineKind)] = &[
    (
        "A100",
        "Service enligt tillverkarens program",
        "tim",
        89_500,
        LineKind::Arbete,
    ),
    ("A110", "Felsökning", "tim", 99_500, LineKind::Arbete),
    (
        "A120",
        "Byte av bromsbelägg fram",
        "tim",
        89_500,
        LineKind::Arbete,
    ),
    (
        "A130",
        "Hjulskifte inkl. balansering",
        "st",
        49_900,
        LineKind::Arbete,
    ),
    ("A140", "AC-service", "st", 119_000, LineKind::Arbete),
    ("A150", "Byte av kamrem", "tim", 89_500, LineKind::Arbete),
    ("OF-1021", "Oljefilter", "st", 18_900, LineKind::Artikel),
    ("MO-5W30", "Motorolja 5W-30", "l", 12_900, LineKind::Artikel),
    ("LF-2210", "Luftfilter", "st", 24_900, LineKind::Artikel),
    ("KF-3300", "Kupéfilter", "st", 29_900, LineKind::Artikel),
    (
        "BB-4410",
        "Bromsbelägg fram",
        "sats",
        89_000,
        LineKind::Artikel,
    ),
    (
        "BS-4420",
        "Bromsskiva fram",
        "st",
        74_500,
        LineKind::Artikel,
    ),
    ("TP-0001", "Torkarblad", "par", 34_900, LineKind::Artikel),
    ("GL-0500", "Glödlampa H7", "st", 8_900, LineKind::Artikel),
    (
        "SP-1400",
        "Spolarvätska 5 l",
        "st",
        9_900,
        LineKind::Artikel,
    ),
    (
        "KR-9000",
        "Kamremssats med vattenpump",
        "sats",
        389_000,
        LineKind::Artikel,
    ),
    ("TD-0100", "Tändstift", "st", 11_900, LineKind::Artikel),
    ("M-AVG", "Miljöavgift", "st", 4_900, LineKind::Ovrigt),
];

/// The article and labour register of the demo data.
pub fn register() -> Vec<Article> {
    REGISTER
        .iter()
        .map(|&(number, description, unit, price, kind)| Article {
            number: number.into(),
            description: description.into(),
            unit: unit.into(),
            price: Money::from_ore(price),
            vat: VatRate::R25,
            kind,
        })
        .collect()
}

/// Plate letters: A–Z without I, Q and V.
const PLATE_LETTERS: &[u8] = b"ABCDEFGHJKLMNOPRSTUWXYZ";
/// The last character may be a letter other than O as well.
const PLATE_LAST_LETTERS: &[u8] = b"ABCDEFGHJKLMNPRSTUWXYZ";

fn random_plate(rng: &mut ChaCha8Rng) -> Regnr {
    let mut s = String::with_capacity(6);
    for _ in 0..3 {
        s.push(*PLATE_LETTERS.choose(rng).unwrap_or(&b'A') as char);
    }
    s.push_str(&format!("{:02}", rng.random_range(0..100)));
    if rng.random_bool(0.3) {
        s.push(*PLATE_LAST_LETTERS.choose(rng).unwrap_or(&b'A') as char);
    } else {
        s.push(char::from(b'0' + rng.random_range(0..10u8)));
    }
    Regnr::parse(&s).unwrap_or_else(|_| unreachable!("generated plates are valid: {s}"))
}

fn random_personnummer(rng: &mut ChaCha8Rng, today: NaiveDate) -> Option<NationalId> {
    let born = NaiveDate::from_ymd_opt(1940, 1, 1)? + Duration::days(rng.random_range(0..23_000));
    let serial = rng.random_range(1..1000);
    let payload = format!("{}{serial:03}", born.format("%y%m%d"));
    let check = luhn_check_digit(&payload)?;
    let text = format!("{}-{serial:03}{check}", born.format("%Y%m%d"));
    NationalId::parse(&text, today).ok()
}

fn random_mobile(rng: &mut ChaCha8Rng) -> Option<Mobile> {
    let prefix = *[0u8, 2, 3, 6, 9].choose(rng)?;
    Mobile::parse(&format!("07{prefix}{:07}", rng.random_range(0..10_000_000))).ok()
}

struct DemoCustomer {
    no: i64,
    plates: Vec<Regnr>,
}

/// Generate demo data into the store in one transaction.
pub fn generate(store: &impl Store, actor: &str, spec: DemoSpec) -> Result<DemoSummary> {
    let mut rng = ChaCha8Rng::seed_from_u64(spec.seed);
    let register = register();
    let today = spec.today;
    // Times are UTC; the workshop day ends at 17:00 (16:00 UTC in winter).
    let end = Utc.from_utc_datetime(&today.and_hms_opt(16, 0, 0).unwrap_or_default());
    let period_days = (spec.orders as i64 / 40).clamp(30, 5 * 365);
    let start = end - Duration::days(period_days - 1);
    let span_secs = period_days * 86_400;
    let n_customers = (spec.orders / 8).max(20);

    let books = super::config::Books::default();
    // Refused on a real database before the write transaction (with a message that says what
    // to do); the schema's trigger refuses it again inside.
    super::install::ensure_demo_allowed(store)?;
    let db = store.path().to_path_buf();
    store.write(actor, |w| {
        super::install::ensure_demo_allowed_in(w, &db)?;
        // Demo data only goes into a demo database (an empty one becomes one here).
        w.set_kind(crate::domain::DbKind::Demo)?;
        w.set_bulk()?;
        let mut summary = DemoSummary::default();
        for a in &register {
            w.put_article(a)?;
        }
        let mut taken = std::collections::HashSet::new();
        let mut customers = Vec::with_capacity(n_customers);
        for _ in 0..n_customers {
            let company = rng.random_bool(0.08);
            let name = if company {
                (*COMPANIES.choose(&mut rng).unwrap_or(&"Verkstadskund AB")).to_string()
            } else {
                format!(
                    "{} {}",
                    FIRST_NAMES.choose(&mut rng).unwrap_or(&"Anna"),
                    LAST_NAMES.choose(&mut rng).unwrap_or(&"Andersson")
                )
            };
            let (postal_code, city) = *CITIES.choose(&mut rng).unwrap_or(&CITIES[0]);
            let national_id = if !company && rng.random_bool(0.6) {
                random_personnummer(&mut rng, today)
            } else {
                None
            };
            let mobile = if rng.random_bool(0.92) {
                random_mobile(&mut rng)
            } else {
                None
            };
            let email = (rng.random_bool(0.5)).then(|| {
                format!(
                    "{}@exempel.se",
                    name.to_lowercase()
                        .chars()
                        .map(|c| match c {
                            'å' | 'ä' => 'a',
                            'ö' => 'o',
                            c if c.is_ascii_alphanumeric() => c,
                            _ => '.',
                        })
                        .collect::<String>()
                )
            });
            let customer = w.create_customer(NewCustomer {
                name,
                national_id,
                mobile,
                email,
                address: Address {
                    street: format!(
                        "{} {}",
                        STREETS.choose(&mut rng).unwrap_or(&"Storgatan"),
                        rng.random_range(1..80)
                    ),
                    postal_code: postal_code.into(),
                    city: city.into(),
                },
            })?;
            let n_vehicles = if company {
                rng.random_range(2..6)
            } else {
                rng.random_range(1..3)
            };
            let mut plates = Vec::with_capacity(n_vehicles);
            for _ in 0..n_vehicles {
                let mut plate = random_plate(&mut rng);
                while !taken.insert(plate.clone()) {
                    plate = random_plate(&mut rng);
                }
                let (make, models) = *VEHICLES.choose(&mut rng).unwrap_or(&VEHICLES[0]);
                let vehicle = Vehicle {
                    regnr: plate.clone(),
                    make: make.into(),
                    model: (*models.choose(&mut rng).unwrap_or(&"")).into(),
                    year: Some(rng.random_range(1995..=2026)),
                    mileage: Some(rng.random_range(1_000..350_000)),
                };
                if w.ensure_vehicle(&vehicle, customer.customer_no)? {
                    summary.vehicles += 1;
                }
                plates.push(plate);
            }
            customers.push(DemoCustomer {
                no: customer.customer_no,
                plates,
            });
        }
        summary.customers = customers.len();

        let labour: Vec<&Article> = register
            .iter()
            .filter(|a| a.kind == LineKind::Arbete)
            .collect();
        let parts: Vec<&Article> = register
            .iter()
            .filter(|a| a.kind == LineKind::Artikel)
            .collect();
        let fee = register.iter().find(|a| a.kind == LineKind::Ovrigt);
        for i in 0..spec.orders {
            // Orders come in number order through the period, on working hours (07–17).
            let position = span_secs * i as i64 / spec.orders.max(1) as i64;
            let day = position / 86_400;
            let within = (position % 86_400) * 36_000 / 86_400;
            let created = start + Duration::seconds(day * 86_400 + 7 * 3600 - 16 * 3600 + within);
            let age_days = (end - created).num_days();
            let customer = &customers[rng.random_range(0..customers.len())];
            let plate = customer.plates.choose(&mut rng).cloned();

            let mut lines = Vec::with_capacity(5);
            let to_line = |a: &Article, qty: Quantity, discount: Percent| OrderLine {
                kind: a.kind,
                article_no: Some(a.number.clone()),
                description: a.description.clone(),
                quantity: qty,
                unit: a.unit.clone(),
                unit_price: a.price,
                discount,
                vat: a.vat,
            };
            for _ in 0..rng.random_range(1..3) {
                if let Some(a) = labour.choose(&mut rng) {
                    let qty = Quantity::from_hundredths(
                        *[50, 100, 150, 200, 250, 300]
                            .choose(&mut rng)
                            .unwrap_or(&100),
                    );
                    lines.push(to_line(a, qty, Percent::ZERO));
                }
            }
            for _ in 0..rng.random_range(1..4) {
                if let Some(a) = parts.choose(&mut rng) {
                    let qty = if a.unit == "l" {
                        Quantity::from_hundredths(rng.random_range(35..60) * 10)
                    } else {
                        Quantity::from_int(rng.random_range(1..5))
                    };
                    let discount = if rng.random_bool(0.1) {
                        Percent::from_hundredths(1000)
                    } else {
                        Percent::ZERO
                    };
                    lines.push(to_line(a, qty, discount));
                }
            }
            if let Some(fee) = fee.filter(|_| rng.random_bool(0.3)) {
                lines.push(to_line(fee, Quantity::from_int(1), Percent::ZERO));
            }

            let roll: u32 = rng.random_range(0..100);
            let status = match age_days {
                0 => match roll {
                    0..35 => Status::Open,
                    35..55 => Status::Complete,
                    55..85 => Status::MobilePayment,
                    _ => Status::Booked,
                },
                1..=3 => match roll {
                    0..5 => Status::Open,
                    5..10 => Status::Complete,
                    10..25 => Status::MobilePayment,
                    _ => Status::Booked,
                },
                _ => match roll {
                    0..2 => Status::Credited,
                    _ => Status::Booked,
                },
            };
            let mut order = Order {
                nr: 0,
                customer_no: customer.no,
                regnr: plate,
                status,
                lines,
                payment_method: None,
                payment_received: false,
                payment_received_at: None,
                invoice_no: None,
                booked_at: None,
                // Workshop work is done the day it comes in.
                completed_at: (status != Status::Open).then_some(created),
                created_at: created,
                updated_at: created,
                version: 1,
            };
            let paid_at = |rng: &mut ChaCha8Rng| -> DateTime<Utc> {
                (created + Duration::minutes(rng.random_range(20..600))).min(end)
            };
            match status {
                Status::MobilePayment if rng.random_bool(0.5) => {
                    order.payment_method = Some(PaymentMethod::Mobil);
                    order.payment_received = true;
                    order.payment_received_at = Some(paid_at(&mut rng));
                }
                Status::Booked | Status::Credited => {
                    let method = match rng.random_range(0..100u32) {
                        0..40 => PaymentMethod::Mobil,
                        40..75 => PaymentMethod::Kort,
                        75..85 => PaymentMethod::Kontant,
                        _ => PaymentMethod::Faktura,
                    };
                    order.payment_method = Some(method);
                    if method != PaymentMethod::Faktura {
                        let at = paid_at(&mut rng);
                        order.payment_received = true;
                        order.payment_received_at = Some(at);
                        order.booked_at = Some(at);
                    } else {
                        order.booked_at = Some(paid_at(&mut rng));
                    }
                    // Numbered below: by the ledger, or as history.
                    order.invoice_no = Some(0);
                }
                _ => {}
            }
            order.updated_at = order
                .booked_at
                .or(order.payment_received_at)
                .unwrap_or(created);
            summary.lines += order.lines.len();
            // Recent sales are booked through the ledger (invoice, voucher, credit invoice), as
            // the counter would; older history keeps only its invoice number, like orders
            // booked in a system before Verkstad.
            let ledger_at = order
                .booked_at
                .filter(|at| (end - *at).num_days() < LEDGER_DAYS);
            match (ledger_at, order.payment_method) {
                (Some(at), Some(method)) => {
                    let status = order.status;
                    order.status = if method == PaymentMethod::Mobil {
                        Status::MobilePayment
                    } else {
                        order.payment_received = false;
                        order.payment_received_at = None;
                        Status::Complete
                    };
                    order.invoice_no = None;
                    order.booked_at = None;
                    let created = w.create_order(order)?;
                    let real_now = w.backdate(at);
                    super::ledger::book_in(w, &books, created.nr, Some(method), false, at)?;
                    if status == Status::Credited {
                        let later = (at + Duration::hours(rng.random_range(1..48))).min(end);
                        w.backdate(later);
                        super::ledger::credit_in(w, &books, created.nr, None, later)?;
                    }
                    w.backdate(real_now);
                }
                _ => {
                    if order.invoice_no.is_some() {
                        order.invoice_no = Some(w.next_number("invoice")?);
                    }
                    w.create_order(order)?;
                }
            }
            summary.orders += 1;
        }
        w.audit(
            "demo",
            &spec.seed.to_string(),
            "generate",
            None::<&()>,
            Some(&serde_json::json!({
                "orders": summary.orders,
                "customers": summary.customers,
                "vehicles": summary.vehicles,
                "lines": summary.lines,
                "seed": spec.seed,
                "today": spec.today.to_string(),
            })),
        )?;
        Ok(summary)
    })
}
