#!/usr/bin/env bash
# The counter screen through a real terminal: key → frame latency measured from outside through a
# pty with ../shared/tools/keylat.py, beside the bare ratatui floor (../shared/tools/ratfloor: a
# table over a million in-memory rows, redrawn per key) in the same run. Report ratios: absolute
# times vary between machines and runs. Also: idle output and resident memory.
#
#   benches/pty.sh [DB]        (default /tmp/verkstad-scale/v.db, made by benches/scale.sh)
#
# Needs python3 and a Rust toolchain; ../shared/tools beside the project root.
set -euo pipefail
cd "$(dirname "$0")/.."
db=${1:-/tmp/verkstad-scale/v.db}
tools=../shared/tools
keylat="python3 $tools/keylat.py --cols 120 --rows 40"
bin=target/release/verkstad
floor=/tmp/ratfloor/target/release/ratfloor

cargo build --release --quiet
if [ ! -x "$floor" ]; then
    rm -rf /tmp/ratfloor && cp -r "$tools/ratfloor" /tmp/ratfloor
    (cd /tmp/ratfloor && cargo build --release --quiet)
fi
[ -f "$db" ] || { echo "no database at $db: run benches/scale.sh first" >&2; exit 1; }

rep() { local n=$1 tok=$2 out=""; for _ in $(seq "$n"); do out+="$tok,"; done; echo "${out%,}"; }
vk() { $keylat "$@" -- "$bin" --db "$db"; }

echo "## floor: bare ratatui, 1 000 000 rows"
echo "### Down ×200";  $keylat --keys "$(rep 200 DOWN)" -- "$floor"
echo "### PgDn ×100";  $keylat --keys "$(rep 100 PGDN)" -- "$floor"

echo "## verkstad: F5 list at $(basename "$db")"
echo "### Down ×200";  vk --warm F5,WAIT2000 --keys "$(rep 200 DOWN)"
echo "### PgDn ×100";  vk --warm F5,WAIT2000 --keys "$(rep 100 PGDN)"
# A filter keystroke draws the typed text at once and the rows when the worker has them; a quiet
# gap of 40 ms makes 'frame done' the frame with the final rows.
filter="niklas,$(rep 6 BS),070,$(rep 3 BS),andersson,$(rep 9 BS),sson,$(rep 4 BS)"
echo "### filter keystroke → final rows (niklas, 070, andersson, sson, each erased)"
vk --quiet-ms 40 --warm F5,WAIT2000 --keys "$filter,$filter"
echo "### Enter → order screen, Esc → back to the list (pairs ×30)"
vk --quiet-ms 40 --warm F5,WAIT2000 --keys "$(rep 30 ENTER,ESC)"
# From an open order (Enter on the list's first row): F5 opens the list over it, Esc returns.
# (With no order open the list is the start screen and F5/Esc change nothing on it.)
echo "### F5 → list opens over an order, Esc → back to the order (pairs ×30)"
vk --quiet-ms 40 --warm F5,WAIT2000,ENTER,WAIT500 --keys "$(rep 30 F5,ESC)"

echo "## idle output and memory"
python3 - "$bin" "$db" <<'PY'
import os, pty, sys, time, select, signal, struct, fcntl, termios
pid, fd = pty.fork()
if pid == 0:
    os.environ['TERM'] = 'xterm-256color'
    os.execv(sys.argv[1], [sys.argv[1], '--db', sys.argv[2]])
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 40, 120, 0, 0))
def drain(secs):
    n, end = 0, time.time() + secs
    while time.time() < end:
        r, _, _ = select.select([fd], [], [], max(0, end - time.time()))
        if r:
            try: n += len(os.read(fd, 65536))
            except OSError: break
    return n
drain(3)
for keys in (b'\x1b[15~', b'niklas', b'\r', b'\x1b', b'\x7f' * 6, b'\x1b[6~' * 20):
    os.write(fd, keys); drain(1.5)
idle = drain(2.0)
print(f'idle: {idle} bytes written in 2.0 s with nothing happening')
status = open(f'/proc/{pid}/status').read()
for line in status.splitlines():
    if line.startswith(('VmHWM', 'VmRSS', 'RssAnon', 'RssFile')): print(line)
os.kill(pid, signal.SIGKILL)
PY
