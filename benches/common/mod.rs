//! What the benches share: the database they measure.

use std::path::PathBuf;

use chrono::NaiveDate;
use verkstad::app::demo::{DemoSpec, generate};
use verkstad::store::Database;

/// `VERKSTAD_BENCH_DB` when set (e.g. the 1 000 000-order database of benches/scale.sh), else a
/// 50 000-order demo database in a temporary folder (kept alive by the returned guard).
pub fn database() -> (Option<tempfile::TempDir>, PathBuf) {
    if let Ok(path) = std::env::var("VERKSTAD_BENCH_DB") {
        return (None, PathBuf::from(path));
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bench.db");
    let store = Database::open(&path).expect("open");
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).expect("date");
    generate(
        &store,
        "bench",
        DemoSpec {
            orders: 50_000,
            seed: 1,
            today,
        },
    )
    .expect("demo");
    (Some(dir), path)
}
