-- Version 4: booking. The journal (vouchers and their rows) and the invoices and credit invoices
-- that booking and crediting produce. Both are append-only: a booked voucher is never changed,
-- a mistake is corrected by a new (reversing) voucher, as BFL requires.

CREATE TABLE vouchers (
    number INTEGER PRIMARY KEY,
    series TEXT NOT NULL DEFAULT 'A',
    -- Voucher date (the invoice date), 'YYYY-MM-DD'.
    date TEXT NOT NULL,
    text TEXT NOT NULL,
    created_at TEXT NOT NULL,
    actor TEXT NOT NULL
) STRICT;

CREATE INDEX vouchers_date ON vouchers (date);

-- Amount in öre: positive debit, negative credit. Every voucher sums to zero (checked before
-- insert, in the same transaction).
CREATE TABLE voucher_rows (
    voucher_no INTEGER NOT NULL REFERENCES vouchers(number),
    pos INTEGER NOT NULL,
    account INTEGER NOT NULL CHECK (account BETWEEN 1000 AND 9999),
    amount_ore INTEGER NOT NULL,
    PRIMARY KEY (voucher_no, pos)
) STRICT, WITHOUT ROWID;

-- Account names, for the SIE export (#KONTO): the chart as it was when the voucher was booked.
CREATE TABLE accounts (
    number INTEGER PRIMARY KEY CHECK (number BETWEEN 1000 AND 9999),
    name TEXT NOT NULL
) STRICT;

CREATE TABLE invoices (
    id INTEGER PRIMARY KEY,
    invoice_no INTEGER NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('faktura', 'kredit')),
    order_id INTEGER NOT NULL REFERENCES orders(id),
    -- A credit invoice's original.
    original_no INTEGER REFERENCES invoices(invoice_no),
    date TEXT NOT NULL,
    method TEXT NOT NULL CHECK (method IN ('MOBIL', 'KONTANT', 'KORT', 'FAKTURA')),
    total_ore INTEGER NOT NULL,
    to_pay_ore INTEGER NOT NULL,
    ocr TEXT,
    due_date TEXT,
    voucher_no INTEGER NOT NULL UNIQUE REFERENCES vouchers(number),
    -- The document as booked and printed (JSON of domain::invoice::Invoice).
    document_json TEXT NOT NULL,
    created_at TEXT NOT NULL,
    -- What the payment provider must still do for this invoice: capture (a MOBIL invoice when
    -- automatic capture is off) or refund (a credit of a MOBIL invoice). 'due' until it is done;
    -- 'failed' with the provider's answer when it was refused, to retry.
    provider_action TEXT CHECK (provider_action IN ('capture', 'refund')),
    provider_state TEXT CHECK (provider_state IN ('due', 'done', 'failed')),
    provider_error TEXT
) STRICT;

CREATE INDEX invoices_order ON invoices (order_id);
CREATE INDEX invoices_date ON invoices (date);
CREATE INDEX invoices_original ON invoices (original_no);

INSERT INTO number_series (name, next_value) VALUES ('voucher', 1);

CREATE TRIGGER vouchers_no_update BEFORE UPDATE ON vouchers
BEGIN
    SELECT RAISE(ABORT, 'vouchers are append-only');
END;

CREATE TRIGGER vouchers_no_delete BEFORE DELETE ON vouchers
BEGIN
    SELECT RAISE(ABORT, 'vouchers are append-only');
END;

CREATE TRIGGER voucher_rows_no_update BEFORE UPDATE ON voucher_rows
BEGIN
    SELECT RAISE(ABORT, 'voucher rows are append-only');
END;

CREATE TRIGGER voucher_rows_no_delete BEFORE DELETE ON voucher_rows
BEGIN
    SELECT RAISE(ABORT, 'voucher rows are append-only');
END;

CREATE TRIGGER invoices_no_delete BEFORE DELETE ON invoices
BEGIN
    SELECT RAISE(ABORT, 'invoices are append-only');
END;

-- Only the provider columns of an invoice may change.
CREATE TRIGGER invoices_document_fixed BEFORE UPDATE OF invoice_no, kind, order_id, original_no,
    date, method, total_ore, to_pay_ore, ocr, due_date, voucher_no, document_json ON invoices
BEGIN
    SELECT RAISE(ABORT, 'a booked invoice cannot be changed');
END;
