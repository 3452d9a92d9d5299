//! End to end: the real binary in a real terminal (tmux), against a Resurs sandbox on 127.0.0.1.
//! Complete an order, Ctrl+S, the customer pays on the sandbox's page, Ctrl+L shows it paid,
//! Ctrl+B books it, Ctrl+T prints the receipt, F4 shows the register's X report, and the F5 list with the
//! two payment columns shows the order as paid with its time.
//!
//! Needs tmux (`.ci/run` installs it).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value;
use verkstad::sandbox::resurs::{self as sandbox, SandboxOptions};

struct Tmux {
    socket: String,
    session: String,
}

impl Tmux {
    fn cmd(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux must be installed (.ci/run installs it)");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Run `command` in a new 120×36 session that stays after the program exits.
    fn start(&self, command: &str) {
        self.cmd(&[
            "new-session",
            "-d",
            "-s",
            &self.session,
            "-x",
            "120",
            "-y",
            "36",
            command,
        ]);
        self.cmd(&["set-option", "-t", &self.session, "remain-on-exit", "on"]);
    }

    fn keys(&self, keys: &[&str]) {
        for k in keys {
            self.cmd(&["send-keys", "-t", &self.session, k]);
            std::thread::sleep(Duration::from_millis(60));
        }
    }

    fn screen(&self) -> String {
        self.cmd(&["capture-pane", "-p", "-t", &self.session])
    }

    /// Wait until the screen shows `text`; fail with the screen if it never does.
    #[track_caller]
    fn wait_for(&self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "the screen never showed {text:?}:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.cmd(&["kill-server"]);
    }
}

fn verkstad(dir: &Path, sandbox_url: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_verkstad"))
        .arg("--db")
        .arg(dir.join("v.db"))
        .arg("--config")
        .arg(dir.join("config.toml"))
        .args(args)
        .env("VERKSTAD_RESURS_URL", sandbox_url)
        .env("VERKSTAD_CONTROL_UNIT_URL", sandbox_url)
        .output()
        .unwrap()
}

#[test]
fn counter_flow_in_a_real_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let sandbox = rt.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        sandbox::serve(listener, SandboxOptions::new(dir.path().join("sandbox.db")))
            .await
            .unwrap()
    });
    let url = sandbox.base_url();

    // An empty database (no demo data): everything is done on the screen.
    let out = verkstad(dir.path(), &url, &["--no-demo", "order", "list"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let tmux = Tmux {
        socket: format!("verkstad-e2e-{}", std::process::id()),
        session: "counter".into(),
    };
    let command = format!(
        "TZ=UTC VERKSTAD_RESURS_URL={url} VERKSTAD_CONTROL_UNIT_URL={url} {} --db {} --config {}",
        env!("CARGO_BIN_EXE_verkstad"),
        dir.path().join("v.db").display(),
        dir.path().join("config.toml").display()
    );
    tmux.start(&command);

    // The F5 list opens first, in sandbox mode, empty.
    let screen = tmux.wait_for("Inga ordrar matchar.");
    assert!(screen.contains("SANDLÅDA"), "{screen}");

    // Ctrl+N: a new order for a new customer and vehicle.
    tmux.keys(&["C-n"]);
    tmux.wait_for("Ny order");
    // First with a bad mobile: the error shows at the mobile, everything else stays, and only
    // the mobile is corrected.
    tmux.keys(&[
        "Tab",
        "Åsa Öberg",
        "Tab",
        "12345",
        "Tab",
        "abc 123",
        "Tab",
        "Volvo V70",
        "Enter",
    ]);
    let screen = tmux.wait_for("Ogiltigt mobilnummer");
    assert!(
        screen.contains("Åsa Öberg") && screen.contains("abc 123") && screen.contains("Volvo V70"),
        "what was typed stays: {screen}"
    );
    tmux.keys(&["C-u", "070-123 45 67", "Enter"]);
    tmux.wait_for("Order 10001 skapad");
    let screen = tmux.wait_for("ABC123  Volvo V70");
    assert!(screen.contains("Åsa Öberg  070-123 45 67"), "{screen}");

    // F3: where the customer's refunds are paid, on the customer form (its last fields but
    // one). A wrong check digit is shown at the field with the text kept; corrected, it is
    // saved with the customer.
    let customer = screen
        .lines()
        .find_map(|l| l.strip_prefix("Kund"))
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no customer number:\n{screen}"))
        .to_string();
    tmux.keys(&["F3"]);
    tmux.wait_for("Återbetalas till");
    tmux.keys(&["BTab", "BTab", "5000-1001001", "Enter"]);
    let screen = tmux.wait_for("kontrollsiffran");
    assert!(screen.contains("5000-1001001"), "{screen}");
    tmux.keys(&["BSpace", "0", "Enter"]);
    tmux.wait_for(&format!("Kund {customer} är sparad"));
    let out = verkstad(dir.path(), &url, &["customer", "show", &customer]);
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains("5000-1001000 (SEB)"), "{shown}");

    // Two lines: 1,5 h labour at 895 and an oil filter at 189.
    tmux.keys(&["Insert"]);
    tmux.wait_for("Ny rad");
    tmux.keys(&["Service", "Tab", "BSpace", "1,5", "Tab", "895", "Enter"]);
    tmux.wait_for("Raden är sparad");
    tmux.keys(&["Insert"]);
    tmux.wait_for("Ny rad");
    tmux.keys(&["Oljefilter", "Tab", "Tab", "189", "Enter"]);
    tmux.wait_for("1 914,38");

    // Mark it complete.
    tmux.keys(&["C-k"]);
    tmux.wait_for("Order 10001 är KLART");

    // Ctrl+S: confirm with mobile and amount, then the SMS is sent and the order is locked.
    tmux.keys(&["C-s"]);
    tmux.wait_for("Skicka betalnings-SMS till 070-123 45 67 på 1 914,38 kr?");
    tmux.keys(&["Enter"]);
    tmux.wait_for("SMS skickat till 070-123 45 67");
    tmux.wait_for("LÅST – betalnings-SMS skickat");

    // The customer pays on the sandbox's page.
    let (sms, status) = rt.block_on(async {
        let http = reqwest::Client::new();
        let sms: Value = http
            .get(format!("{url}/_sim/outbox/sms"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let id = sms[0]["paymentId"].as_str().unwrap().to_string();
        let r = http
            .post(format!("{url}/pay/{id}/accept"))
            .form(&[("method", "partpayment")])
            .send()
            .await
            .unwrap();
        (sms, r.status().as_u16())
    });
    assert_eq!(sms.as_array().unwrap().len(), 1);
    assert_eq!(status, 200);

    // Ctrl+L shows it paid: MOBIL and the ticked "Betalning mottagen".
    tmux.keys(&["C-l"]);
    let screen = tmux.wait_for("Betalning mottagen ✓");
    assert!(screen.contains("Delbetalning"), "{screen}");
    assert!(screen.contains("MOBIL"), "{screen}");
    assert!(screen.contains("[x]"), "{screen}");

    // Ctrl+B books it as MOBIL (after a confirmation), registered in the cash register; Ctrl+T
    // prints the receipt.
    tmux.keys(&["C-b"]);
    tmux.wait_for("Bokför ordern som MOBIL");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("Bokförd: faktura 1 (MOBIL)");
    assert!(screen.contains("BOKFÖRD"), "{screen}");
    tmux.keys(&["C-t"]);
    tmux.wait_for("Kvitto 1 sparad");
    let pdf = std::fs::read(dir.path().join("utskrifter/kvitto-KASSA-1-1.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let text = std::fs::read_to_string(dir.path().join("utskrifter/kvitto-KASSA-1-1.txt")).unwrap();
    assert!(text.contains("1 914,38"), "{text}");
    assert!(
        text.contains("KASSA-1"),
        "the register id on the receipt: {text}"
    );
    // A second Ctrl+T is refused: a receipt prints once (the copy is its own action).
    tmux.keys(&["C-t"]);
    tmux.wait_for("redan utskrivet");

    // F4: the X daily report of the register has the mobile sale.
    tmux.keys(&["F4"]);
    let screen = tmux.wait_for("X-dagrapport");
    let mobile = screen
        .lines()
        .find(|l| l.contains("Mobilbetalning"))
        .unwrap_or_else(|| panic!("no mobile payment row:\n{screen}"));
    assert!(mobile.contains("1 914,38"), "{mobile}");

    // F5, "Visa kolumn...": tick "Betalning mottagen" and "Tidpunkt för mottagen betalning".
    tmux.keys(&["F5"]);
    tmux.wait_for("Orderlista");
    tmux.keys(&["F6"]);
    tmux.wait_for("Visa kolumn...");
    for _ in 0..8 {
        tmux.keys(&["Down"]);
    }
    tmux.keys(&["Space", "Down", "Space", "Enter"]);
    let screen = tmux.wait_for("Betald kl");
    let row = screen
        .lines()
        .find(|l| l.contains("10001"))
        .unwrap_or_else(|| panic!("no row for 10001:\n{screen}"));
    assert!(row.contains('✓'), "paid tick in the row: {row}");
    // Created and paid today: the date shows twice, once in "Tidpunkt för mottagen betalning".
    let today = chrono::Utc::now().date_naive().to_string();
    assert_eq!(
        row.matches(&today).count(),
        2,
        "payment time in the row: {row}"
    );
    let config = std::fs::read_to_string(dir.path().join("config.toml")).unwrap();
    assert!(
        config.contains("payment_received_at"),
        "the choice is saved: {config}"
    );

    // The list counts its orders: one order, in the singular.
    tmux.wait_for("   1 order");

    // At 80×24, the seed's terminal, both payment columns still show, headers whole.
    tmux.cmd(&["resize-window", "-t", &tmux.session, "-x", "80", "-y", "24"]);
    let short_today = chrono::Local::now().format("%y%m%d").to_string();
    let screen = tmux.wait_for(&format!("{short_today} "));
    let header = screen
        .lines()
        .find(|l| l.starts_with("Nr"))
        .unwrap_or_else(|| panic!("no header:\n{screen}"));
    assert!(
        header.contains("Betald") && header.contains("Betald kl") && header.contains("Belopp"),
        "both payment columns at 80×24: {header}"
    );
    let row = screen.lines().find(|l| l.contains("10001")).unwrap();
    assert!(row.contains('✓') && row.contains("1 914,38"), "{row}");

    // Quit: the terminal is restored (the alternate screen is gone).
    tmux.keys(&["C-q"]);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let screen = tmux.screen();
        if !screen.contains("Orderlista") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "still on the counter screen after Ctrl+Q:\n{screen}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    rt.block_on(sandbox.shutdown());
}

/// Issue 9 §1 (b): Ctrl+S, then Ctrl+Q while the spinner runs. The SMS goes out; after a
/// restart the order is locked with its link (resolved by reference at the start), never KLART
/// and editable.
#[test]
fn quitting_during_a_send_leaves_the_order_locked_and_the_next_start_resolves_it() {
    let dir = tempfile::tempdir().unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let sandbox = rt.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        sandbox::serve(listener, SandboxOptions::new(dir.path().join("sandbox.db")))
            .await
            .unwrap()
    });
    let url = sandbox.base_url();
    let orders = dir.path().join("o.json");
    std::fs::write(
        &orders,
        r#"[{"customer": {"name": "Åsa Öberg", "mobile": "070-123 45 67"}, "status": "KLART",
            "lines": [{"kind": "arbete", "description": "Service", "quantity": "1,5", "unit_price": "895"}]}]"#,
    )
    .unwrap();
    let out = verkstad(
        dir.path(),
        &url,
        &["--no-demo", "order", "import", orders.to_str().unwrap()],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Resurs makes the link at once and answers 5 s later.
    let sms_count = || -> usize {
        rt.block_on(async {
            let v: Value = reqwest::get(format!("{url}/_sim/outbox/sms"))
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            v.as_array().map_or(0, Vec::len)
        })
    };
    let status = rt.block_on(async {
        reqwest::Client::new()
            .post(format!("{url}/_sim/faults"))
            .json(&serde_json::json!({"path": "/v2/payments", "mode": "delay_ms", "delayMs": 5000, "count": 1}))
            .send()
            .await
            .unwrap()
            .status()
    });
    assert!(status.is_success());

    let tmux = Tmux {
        socket: format!("verkstad-e2e-quit-{}", std::process::id()),
        session: "counter".into(),
    };
    let command = format!(
        "TZ=UTC VERKSTAD_RESURS_URL={url} VERKSTAD_CONTROL_UNIT_URL={url} {} --db {} --config {}",
        env!("CARGO_BIN_EXE_verkstad"),
        dir.path().join("v.db").display(),
        dir.path().join("config.toml").display()
    );
    tmux.start(&command);
    tmux.wait_for("10001");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Order 10001");
    tmux.keys(&["C-s"]);
    tmux.wait_for("Skicka betalnings-SMS till 070-123 45 67");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Skickar betalnings-SMS");
    // The link is made (the SMS is in the outbox) while the answer is still held back: quit.
    let deadline = Instant::now() + Duration::from_secs(20);
    while sms_count() == 0 {
        assert!(Instant::now() < deadline, "the link was never made");
        std::thread::sleep(Duration::from_millis(50));
    }
    tmux.keys(&["C-q"]);
    let deadline = Instant::now() + Duration::from_secs(10);
    while tmux.screen().contains("Order 10001") {
        assert!(Instant::now() < deadline, "Ctrl+Q did not quit");
        std::thread::sleep(Duration::from_millis(100));
    }
    tmux.cmd(&["kill-session", "-t", &tmux.session]);

    // Closed mid-send: locked, with the outcome unknown.
    let out = verkstad(
        dir.path(),
        &url,
        &["order", "show", "10001", "--format", "json"],
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["order"]["status"], "MOBILBET", "{v}");

    // The next start resolves it by reference: the link Resurs made is the order's.
    tmux.start(&command);
    tmux.wait_for("10001");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("LÅST – betalnings-SMS skickat");
    assert!(screen.contains("MOBILBET"), "{screen}");
    tmux.keys(&["Insert"]);
    tmux.wait_for("låst");
    assert_eq!(sms_count(), 1, "one link only");
    tmux.keys(&["C-q"]);
    rt.block_on(sandbox.shutdown());
}
