-- Verkstad schema version 1. Migrations are append-only: never edit a file that has shipped.
-- Times are UTC text 'YYYY-MM-DDTHH:MM:SSZ'; money is integer öre; quantities and percentages are
-- integer hundredths.

CREATE TABLE number_series (
    name TEXT PRIMARY KEY,
    next_value INTEGER NOT NULL
) STRICT;

INSERT INTO number_series (name, next_value) VALUES ('order', 10001), ('customer', 10001), ('invoice', 1);

CREATE TABLE customers (
    id INTEGER PRIMARY KEY,
    customer_no INTEGER NOT NULL UNIQUE,
    name TEXT NOT NULL,
    national_id TEXT,
    mobile TEXT,
    email TEXT,
    street TEXT NOT NULL DEFAULT '',
    postal_code TEXT NOT NULL DEFAULT '',
    city TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE vehicles (
    id INTEGER PRIMARY KEY,
    regnr TEXT NOT NULL UNIQUE,
    make TEXT NOT NULL DEFAULT '',
    model TEXT NOT NULL DEFAULT '',
    year INTEGER,
    mileage INTEGER,
    customer_id INTEGER REFERENCES customers(id)
) STRICT;

CREATE TABLE articles (
    number TEXT PRIMARY KEY,
    description TEXT NOT NULL,
    unit TEXT NOT NULL,
    price_ore INTEGER NOT NULL CHECK (price_ore >= 0),
    vat_rate INTEGER NOT NULL CHECK (vat_rate IN (25, 12, 6, 0)),
    kind TEXT NOT NULL CHECK (kind IN ('arbete', 'artikel', 'övrigt'))
) STRICT, WITHOUT ROWID;

CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    nr INTEGER NOT NULL UNIQUE,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    vehicle_id INTEGER REFERENCES vehicles(id),
    status TEXT NOT NULL CHECK (status IN ('ÖPPEN', 'KLART', 'MOBILBET', 'BOKFÖRD', 'KREDITERAD')),
    payment_method TEXT CHECK (payment_method IN ('MOBIL', 'KONTANT', 'KORT', 'FAKTURA')),
    payment_received INTEGER NOT NULL DEFAULT 0 CHECK (payment_received IN (0, 1)),
    payment_received_at TEXT,
    invoice_no INTEGER UNIQUE,
    booked_at TEXT,
    total_ore INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE INDEX orders_customer ON orders (customer_id);
CREATE INDEX orders_vehicle ON orders (vehicle_id);

CREATE TABLE order_lines (
    order_id INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    pos INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('arbete', 'artikel', 'övrigt')),
    article_no TEXT,
    description TEXT NOT NULL,
    quantity_centi INTEGER NOT NULL CHECK (quantity_centi > 0),
    unit TEXT NOT NULL,
    unit_price_ore INTEGER NOT NULL CHECK (unit_price_ore >= 0),
    discount_centi INTEGER NOT NULL DEFAULT 0 CHECK (discount_centi BETWEEN 0 AND 10000),
    vat_rate INTEGER NOT NULL CHECK (vat_rate IN (25, 12, 6, 0)),
    PRIMARY KEY (order_id, pos)
) STRICT, WITHOUT ROWID;

-- Append-only: who did what, when, with the state before and after (JSON).
CREATE TABLE audit_events (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_key TEXT NOT NULL,
    action TEXT NOT NULL,
    before_json TEXT,
    after_json TEXT
) STRICT;

CREATE INDEX audit_events_entity ON audit_events (entity, entity_key);

CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only');
END;

CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only');
END;
