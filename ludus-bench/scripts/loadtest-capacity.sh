#!/usr/bin/env bash
# Issue 6's capacity scenario on this machine: a server started for the scenario (no NPCs, no world
# events, players spawned over a 1 km square, walking at 5 m/s, 20 Hz, 100 m interest radius), then
# `ludus loadtest` with N bots in a second process on the same cores. Prints the CPU each process used
# over 15 s of the measurement (from /proc, user + system) and the --json summary's figures.
#
# Usage, from the repository root:
#   ludus-bench/scripts/loadtest-capacity.sh N [extra loadtest options, e.g. --ack-each-frame]
# Environment: PORT (default 7795), WARMUP seconds after the 10 s ramp (default 40: the JIT settles),
#   OUT directory for the logs and the summary (default target/capacity), BOTS_NICE: a nice value for the bots'
#   process (default 0; 10 lets the server take the cores first, as if the bots ran elsewhere).
set -euo pipefail

clients="${1:?usage: loadtest-capacity.sh N [loadtest options]}"
shift
port="${PORT:-7795}"
warmup="${WARMUP:-40}"
out="${OUT:-target/capacity}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
mkdir -p "$out"
./ludus help > /dev/null # builds the jar first when sources changed, outside the measurement

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

LUDUS_ARENA_NPC_COUNT=0 LUDUS_ARENA_WORLD_EVENTS=false LUDUS_WORLD_PLAYER_SPEED_METRES_PER_SECOND=5 \
LUDUS_WORLD_MAX_PLAYERS=20000 ./ludus serve --no-audit --spawn-square 1000 --port "$port" > "$out/server-$clients.log" 2>&1 &
server=$!
trap 'kill "$server" 2> /dev/null || true' EXIT
for _ in $(seq 1 60); do
    curl -s "localhost:$port/health/ready" | grep -q ready && break
    sleep 1
done
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
nice -n "${BOTS_NICE:-0}" ./ludus loadtest --url "ws://127.0.0.1:$port/ws" --clients "$clients" --ramp 10 --warmup "$warmup" --seconds 20 \
    --format protobuf --json "$out/summary-$clients.json" --report "$out/report-$clients" "$@" > >(tee "$out/bots-$clients.log") &
bots=$! # nice and the launcher exec, so this is the bots' JVM
sleep $((12 + warmup))
s0="$(cpu_ticks "$server")"; b0="$(cpu_ticks "$bots")"; t0="$(date +%s.%N)"
sleep 15
s1="$(cpu_ticks "$server")"; b1="$(cpu_ticks "$bots")"; t1="$(date +%s.%N)"
hz="$(getconf CLK_TCK)"
wait "$bots"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v s="$((s1 - s0))" -v b="$((b1 - b0))" -v t0="$t0" -v t1="$t1" -v hz="$hz" \
    'BEGIN { printf "cores used over 15 s of the measurement: server %.2f, bots %.2f\n", s / hz / (t1 - t0), b / hz / (t1 - t0) }'
grep -E '"(clients|clientsPlaying|disconnects)"|"p50"|"p99"|bytesPerClient|snapshotsPerSecond' "$out/summary-$clients.json" | tr -d ' \n'
echo
