#!/usr/bin/env bash
# Scripted scale run for docs/BENCHMARKS.md: a 1 000 000-order demo database, then whole-process
# timings of `order list --filter … --limit 50` and `order show` next to the plain sqlite3 queries
# that return the same rows.
#
#   benches/scale.sh [ORDERS] [DIR]        (defaults: 1000000, /tmp/verkstad-scale)
#   SKIP_DEMO=1 benches/scale.sh           (time the queries on the database already there)
#
# Needs hyperfine and sqlite3 (apt-get install hyperfine sqlite3).
set -euo pipefail
cd "$(dirname "$0")/.."
orders=${1:-1000000}
dir=${2:-/tmp/verkstad-scale}
db="$dir/v.db"
bin=target/release/verkstad

cargo build --release --quiet
if [ "${SKIP_DEMO:-}" != 1 ]; then
    rm -rf "$dir" && mkdir -p "$dir"
    echo "## demo --orders $orders"
    /usr/bin/time -f "wall %e s, user %U s, sys %S s, max RSS %M KB" \
        "$bin" --db "$db" --no-demo demo --orders "$orders" --seed 1 --today 2026-11-22
fi
ls -l "$db"

max=$(sqlite3 "$db" "SELECT max(nr) FROM orders")
mid=$((max / 2))
cols="o.nr, c.customer_no, c.name, v.regnr, o.status, o.total_ore, o.created_at"
join="FROM orders o JOIN customers c ON c.id = o.customer_id LEFT JOIN vehicles v ON v.id = o.vehicle_id"
# The obvious SQL a person would write for the filter (same rows as verkstad's, numbers aside).
naive() { echo "SELECT $cols $join WHERE c.search LIKE '%$1%' OR v.search LIKE '%$1%' ORDER BY o.nr DESC LIMIT 50"; }

echo
echo "## matches (rows of the first page)"
for f in "niklas nerholt" "abc1" "zzzz" "sson"; do
    printf '%-16s verkstad %3s rows, sqlite3 %3s rows\n' "$f" \
        "$("$bin" --db "$db" order list --filter "$f" --limit 50 --format csv | tail -n +2 | wc -l)" \
        "$(sqlite3 "$db" "$(naive "$f")" | wc -l)"
done

echo
echo "## whole-process timings"
hyperfine -N --warmup 3 --min-runs 20 --export-markdown "$dir/verkstad.md" \
    -n "verkstad list --filter 'niklas nerholt' (few)" "$bin --db $db order list --filter 'niklas nerholt' --limit 50" \
    -n "verkstad list --filter abc1 (few, plate)" "$bin --db $db order list --filter abc1 --limit 50" \
    -n "verkstad list --filter zzzz (none)" "$bin --db $db order list --filter zzzz --limit 50" \
    -n "verkstad list --filter sson (many)" "$bin --db $db order list --filter sson --limit 50" \
    -n "verkstad list (no filter)" "$bin --db $db order list --limit 50" \
    -n "verkstad order show $mid" "$bin --db $db order show $mid"
# The plain queries scan a million orders: a few runs are enough.
hyperfine -N --warmup 1 --runs 5 --export-markdown "$dir/sqlite3.md" \
    -n "sqlite3 same rows (few)" "sqlite3 $db \"$(naive 'niklas nerholt')\"" \
    -n "sqlite3 same rows (none)" "sqlite3 $db \"$(naive zzzz)\"" \
    -n "sqlite3 same rows (many)" "sqlite3 $db \"$(naive sson)\"" \
    -n "sqlite3 order + lines $mid" "sqlite3 $db \"SELECT $cols $join WHERE o.nr = $mid; SELECT * FROM order_lines WHERE order_id = (SELECT id FROM orders WHERE nr = $mid)\""
cat "$dir/verkstad.md" "$dir/sqlite3.md"

echo
echo "## ledger at this scale"
sqlite3 "$db" "SELECT count(*) || ' invoices, ' || (SELECT count(*) FROM vouchers) || ' vouchers' FROM invoices"
# Book 20 KLART orders one process each (whole process: open, book, print the line).
nrs=$(sqlite3 "$db" "SELECT nr FROM orders WHERE status = 'KLART' ORDER BY nr DESC LIMIT 20")
start=$(date +%s%N)
for nr in $nrs; do "$bin" --db "$db" book "$nr" --method KORT >/dev/null 2>&1; done
end=$(date +%s%N)
echo "verkstad book (whole process), mean of $(echo "$nrs" | wc -w): $(( (end - start) / 1000000 / $(echo "$nrs" | wc -w) )) ms"
hyperfine -N --warmup 2 --min-runs 10 --export-markdown "$dir/ledger.md" \
    -n "verkstad report day" "$bin --db $db report day --date 2026-11-22" \
    -n "verkstad export sie (30 days)" "$bin --db $db export sie --from 2026-10-24 --to 2026-11-22 --out $dir/export.si" \
    -n "verkstad print (latest booked)" "$bin --db $db print $(echo "$nrs" | head -1) --out $dir/print.pdf"
cat "$dir/ledger.md"
