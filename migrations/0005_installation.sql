-- Version 5: who this database is.
--
-- `installation_id` is random, made when the database is made (or upgraded to this version), and
-- never changes. It is part of every reference we give a payment provider, so two databases
-- (two workshops, or a test copy) that share a provider account never find each other's payments.
--
-- `kind` says whether the database holds demo data or a workshop's real books: demo data never
-- reaches real books, and a real database refuses `verkstad demo`.
CREATE TABLE installation (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    installation_id TEXT NOT NULL CHECK (length(installation_id) = 8),
    kind TEXT NOT NULL CHECK (kind IN ('demo', 'real')),
    created_at TEXT NOT NULL
) STRICT;

-- Only one row. The id never changes; the kind may be chosen only while the database holds no
-- orders and no vouchers (a new database becomes a demo one when the first start seeds it, or
-- stays real after `verkstad init`). After that a demo database stays demo and a real one real.
CREATE TRIGGER installation_no_update BEFORE UPDATE ON installation
WHEN NEW.id != OLD.id
  OR NEW.installation_id != OLD.installation_id
  OR NEW.created_at != OLD.created_at
  OR (NEW.kind != OLD.kind AND (EXISTS (SELECT 1 FROM orders) OR EXISTS (SELECT 1 FROM vouchers)))
BEGIN
    SELECT RAISE(ABORT, 'installation is immutable once the database holds orders or vouchers');
END;
CREATE TRIGGER installation_no_delete BEFORE DELETE ON installation
BEGIN
    SELECT RAISE(ABORT, 'installation is immutable');
END;

-- A database from before this version is a demo database when the demo generator ever wrote to
-- it (its books hold demo vouchers), and real otherwise. A new, empty database starts as real;
-- the first start seeds demo data only into a database it marks as demo (see store::Store).
INSERT INTO installation (id, installation_id, kind, created_at)
SELECT 1, lower(hex(randomblob(4))),
       CASE WHEN EXISTS (SELECT 1 FROM audit_events WHERE entity = 'demo') THEN 'demo' ELSE 'real' END,
       strftime('%Y-%m-%dT%H:%M:%SZ', 'now');
