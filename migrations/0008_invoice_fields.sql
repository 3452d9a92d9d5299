-- Verkstad schema version 8: the invoice fields of ML 2023:200 17 kap. 24 § still missing.
--
-- * orders.completed_at: when the order went ÖPPEN → KLART (or was imported KLART): the date
--   of supply printed on the invoice when it is not the invoice date. Existing orders take it
--   from the audit trail's completion event ("mark_complete", or an order created as KLART);
--   an order with no such event keeps NULL (its invoices print no date of supply).
-- * order_lines.kind may be 'utlägg' (a disbursement passed on at cost). The CHECK of a column
--   cannot be changed in SQLite, so the table is rebuilt: a new table, one INSERT … SELECT in
--   primary-key order (an append to the new B-tree, fast on millions of lines), the old one
--   dropped and the new one renamed. order_lines has no index but its primary key, no trigger
--   and no table refers to it.
-- * customers.vat_no and customers.reverse_charge: the buyer's VAT number and omvänd
--   betalningsskyldighet.

ALTER TABLE orders ADD COLUMN completed_at TEXT;

UPDATE orders SET completed_at = done.at
FROM (
    SELECT CAST(entity_key AS INTEGER) AS nr, min(at) AS at
    FROM audit_events
    WHERE entity = 'order'
      AND (action = 'mark_complete'
           OR (action = 'create' AND json_valid(after_json)
               AND json_extract(after_json, '$.status') IN ('KLART', 'MOBILBET', 'BOKFÖRD', 'KREDITERAD')))
    GROUP BY entity_key
) AS done
WHERE orders.nr = done.nr;

CREATE TABLE order_lines_new (
    order_id INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    pos INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('arbete', 'artikel', 'övrigt', 'utlägg')),
    article_no TEXT,
    description TEXT NOT NULL,
    quantity_centi INTEGER NOT NULL CHECK (quantity_centi > 0),
    unit TEXT NOT NULL,
    unit_price_ore INTEGER NOT NULL CHECK (unit_price_ore >= 0),
    discount_centi INTEGER NOT NULL DEFAULT 0 CHECK (discount_centi BETWEEN 0 AND 10000),
    vat_rate INTEGER NOT NULL CHECK (vat_rate IN (25, 12, 6, 0)),
    PRIMARY KEY (order_id, pos),
    -- An utlägg is outside VAT and passed on at exactly what was paid.
    CHECK (kind <> 'utlägg' OR (vat_rate = 0 AND discount_centi = 0))
) STRICT, WITHOUT ROWID;

INSERT INTO order_lines_new (order_id, pos, kind, article_no, description, quantity_centi,
                             unit, unit_price_ore, discount_centi, vat_rate)
SELECT order_id, pos, kind, article_no, description, quantity_centi,
       unit, unit_price_ore, discount_centi, vat_rate
FROM order_lines
ORDER BY order_id, pos;

DROP TABLE order_lines;
ALTER TABLE order_lines_new RENAME TO order_lines;

ALTER TABLE customers ADD COLUMN vat_no TEXT;
ALTER TABLE customers ADD COLUMN reverse_charge INTEGER NOT NULL DEFAULT 0
    CHECK (reverse_charge IN (0, 1));
