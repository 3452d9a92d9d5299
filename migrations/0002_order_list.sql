-- Version 2: what the order list (F5, `order list`) needs at a million orders.
-- `search` holds the folded text the filter matches (customer number, name and mobile in E.164 and
-- national form; the plate). The program fills it on every write and backfills it after this file.

ALTER TABLE customers ADD COLUMN search TEXT NOT NULL DEFAULT '';
ALTER TABLE vehicles ADD COLUMN search TEXT NOT NULL DEFAULT '';

-- The filter scans these small covering indexes instead of the whole tables.
CREATE INDEX customers_search ON customers (search);
CREATE INDEX vehicles_search ON vehicles (search);
CREATE INDEX customers_name ON customers (name);
CREATE INDEX orders_status_nr ON orders (status, nr);
CREATE INDEX orders_paid_nr ON orders (payment_received, nr);
CREATE INDEX orders_total ON orders (total_ore);
CREATE INDEX orders_created ON orders (created_at);
CREATE INDEX orders_paid_at ON orders (payment_received_at);
CREATE INDEX orders_booked_at ON orders (booked_at);
