//! Criterion benches of the store and the domain: order totals, the order list with a filter that
//! matches few and one that matches many orders, and loading one order.
//!
//! By default a 50 000-order demo database is generated in a temporary folder. Point
//! `VERKSTAD_BENCH_DB` at a bigger one (e.g. the 1 000 000-order database of benches/scale.sh) to
//! measure at scale: `VERKSTAD_BENCH_DB=/tmp/verkstad-scale/v.db cargo bench --bench store`.

mod common;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use verkstad::domain::search::Filter;
use verkstad::domain::{LineKind, Money, OrderLine, Percent, Quantity, Sort, Totals, VatRate};
use verkstad::store::prelude::*;
use verkstad::store::{Database, ListQuery};

fn totals(c: &mut Criterion) {
    let line = |qty: &str, price: &str, vat| OrderLine {
        kind: LineKind::Artikel,
        article_no: None,
        description: "x".into(),
        quantity: Quantity::parse(qty).expect("qty"),
        unit: "st".into(),
        unit_price: Money::parse(price).expect("price"),
        discount: Percent::parse("10").expect("discount"),
        vat,
    };
    let lines = vec![
        line("1,5", "895", VatRate::R25),
        line("1", "189", VatRate::R25),
        line("4,3", "129", VatRate::R25),
        line("2", "49,90", VatRate::R12),
    ];
    c.bench_function("totals_4_lines", |b| {
        b.iter(|| Totals::of(black_box(&lines)))
    });
}

fn list_and_show(c: &mut Criterion) {
    let (_keep, path) = common::database();
    let store = Database::open(&path).expect("open");
    let max = store.max_order_nr().expect("max");
    let query = |filter: &str| ListQuery {
        filter: Filter::new(filter),
        limit: 50,
        ..ListQuery::default()
    };
    // A customer name part that matches few orders, and one that matches most.
    let few = query("niklas nerholt");
    let many = query("sson");
    c.bench_function("list_first_page", |b| {
        b.iter(|| {
            store
                .list_orders(black_box(&ListQuery::default()))
                .expect("list")
        })
    });
    c.bench_function("list_filter_few", |b| {
        b.iter(|| store.list_orders(black_box(&few)).expect("list"))
    });
    c.bench_function("list_filter_many", |b| {
        b.iter(|| store.list_orders(black_box(&many)).expect("list"))
    });
    let by_total = ListQuery {
        sort: Sort::parse("total:desc").expect("sort"),
        ..many.clone()
    };
    c.bench_function("list_filter_many_sort_total", |b| {
        b.iter(|| store.list_orders(black_box(&by_total)).expect("list"))
    });
    c.bench_function("order_show", |b| {
        b.iter(|| store.order(black_box(max / 2)).expect("order"))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = totals, list_and_show
}
criterion_main!(benches);
