-- Verkstad schema version 12: a counter of changes to the customers' and vehicles' search
-- texts. The counter screen keeps these texts in memory for the filter-as-you-type
-- (store/sqlite/search_index.rs) and reloads them when they change. Added rows show in the
-- highest ids; an edited customer (name, mobile, issue 11's "edit the customer from the order")
-- or vehicle did not, so another terminal, or this one, went on finding the old name until it
-- restarted. The triggers count every change, from any process, in one row read in O(1).

CREATE TABLE search_generation (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n INTEGER NOT NULL
) STRICT;

INSERT INTO search_generation (id, n) VALUES (1, 0);

CREATE TRIGGER customers_search_changed AFTER UPDATE OF search ON customers
WHEN old.search IS NOT new.search
BEGIN
    UPDATE search_generation SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER vehicles_search_changed AFTER UPDATE OF search ON vehicles
WHEN old.search IS NOT new.search
BEGIN
    UPDATE search_generation SET n = n + 1 WHERE id = 1;
END;
