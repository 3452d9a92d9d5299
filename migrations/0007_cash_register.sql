-- Version 7: the cash register (kassaregister, SFL 39 kap., SKVFS 2014:9).
--
-- Every table here is append-only: a receipt, a print, a journal entry and a Z report are never
-- changed or removed once written (triggers below refuse it), so a control visit reads what the
-- register did, not what it says now.

-- Receipts of sales and returns paid at the counter, training and pro forma receipts. `no` is
-- the register's own unbroken series: the next number is max + 1 inside the write transaction
-- that registers the receipt with the control unit, and nothing is ever deleted, so the series
-- has no gaps (a failed registration rolls the whole transaction back).
CREATE TABLE receipts (
    id INTEGER PRIMARY KEY,
    register_id TEXT NOT NULL,
    no INTEGER NOT NULL CHECK (no >= 1),
    kind TEXT NOT NULL CHECK (kind IN ('sale', 'return', 'pro_forma')),
    training INTEGER NOT NULL CHECK (training IN (0, 1)),
    order_nr INTEGER NOT NULL,
    -- The invoice or credit invoice the receipt documents in the books (none for training and
    -- pro forma receipts, which never reach the books).
    invoice_no INTEGER REFERENCES invoices(invoice_no),
    -- A return's original receipt.
    original_no INTEGER,
    method TEXT NOT NULL,
    total_ore INTEGER NOT NULL,
    to_pay_ore INTEGER NOT NULL,
    control_code TEXT NOT NULL CHECK (control_code != ''),
    unit_serial TEXT NOT NULL CHECK (unit_serial != ''),
    created_at TEXT NOT NULL,
    -- The receipt as registered and printed (JSON of domain::register::Receipt).
    document_json TEXT NOT NULL,
    UNIQUE (register_id, no),
    CHECK ((training = 1 OR kind = 'pro_forma') = (invoice_no IS NULL))
) STRICT;

CREATE INDEX receipts_order ON receipts (order_nr);
CREATE UNIQUE INDEX receipts_invoice ON receipts (invoice_no) WHERE invoice_no IS NOT NULL;

-- Prints of a receipt: the original once, one copy (registered with the control unit as a copy).
CREATE TABLE receipt_prints (
    id INTEGER PRIMARY KEY,
    receipt_id INTEGER NOT NULL REFERENCES receipts(id),
    copy INTEGER NOT NULL CHECK (copy IN (0, 1)),
    control_code TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (receipt_id, copy)
) STRICT;

-- The electronic journal: every registration, copy, pro forma and Z report in order.
CREATE TABLE register_journal (
    seq INTEGER PRIMARY KEY,
    register_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    event TEXT NOT NULL CHECK (event IN ('receipt', 'copy', 'z_report')),
    receipt_no INTEGER,
    z_no INTEGER,
    amount_ore INTEGER NOT NULL,
    document_json TEXT NOT NULL
) STRICT;

CREATE INDEX register_journal_register ON register_journal (register_id, seq);

-- Z day reports: numbered per register, one per register and day, never changed. `last_seq` is
-- the last journal entry the report covers: the next report starts after it.
CREATE TABLE z_reports (
    id INTEGER PRIMARY KEY,
    register_id TEXT NOT NULL,
    no INTEGER NOT NULL CHECK (no >= 1),
    date TEXT NOT NULL,
    last_seq INTEGER NOT NULL,
    grand_sales_ore INTEGER NOT NULL,
    grand_returns_ore INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    document_json TEXT NOT NULL,
    UNIQUE (register_id, no),
    UNIQUE (register_id, date)
) STRICT;

CREATE TRIGGER receipts_fixed BEFORE UPDATE ON receipts
BEGIN
    SELECT RAISE(ABORT, 'a registered receipt is never changed');
END;
CREATE TRIGGER receipts_kept BEFORE DELETE ON receipts
BEGIN
    SELECT RAISE(ABORT, 'a registered receipt is never removed');
END;
CREATE TRIGGER receipt_prints_fixed BEFORE UPDATE ON receipt_prints
BEGIN
    SELECT RAISE(ABORT, 'a receipt print is never changed');
END;
CREATE TRIGGER receipt_prints_kept BEFORE DELETE ON receipt_prints
BEGIN
    SELECT RAISE(ABORT, 'a receipt print is never removed');
END;
CREATE TRIGGER register_journal_fixed BEFORE UPDATE ON register_journal
BEGIN
    SELECT RAISE(ABORT, 'the register journal is never changed');
END;
CREATE TRIGGER register_journal_kept BEFORE DELETE ON register_journal
BEGIN
    SELECT RAISE(ABORT, 'the register journal is never changed');
END;
CREATE TRIGGER z_reports_fixed BEFORE UPDATE ON z_reports
BEGIN
    SELECT RAISE(ABORT, 'a Z report is never changed');
END;
CREATE TRIGGER z_reports_kept BEFORE DELETE ON z_reports
BEGIN
    SELECT RAISE(ABORT, 'a Z report is never removed');
END;
