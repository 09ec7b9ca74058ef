#!/usr/bin/env bash
# Measures interview turns: the server-side benchmark (answer saved,
# follow-up chosen and saved) and 200 concurrent simulated candidates
# against one server on loopback, with the server's memory. Prints figures;
# asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'kill "${pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT

echo "== server-side turn (go test -bench Turn ./internal/interview)"
go test -run '^$' -bench 'BenchmarkTurn$' -benchtime 3s ./internal/interview | grep -E '^Benchmark'

go build -o "$work/rehearse" ./cmd/rehearse
go build -o "$work/loadgen" ./bench/loadgen
"$work/rehearse" serve --addr 127.0.0.1:0 --data "$work/data" --log-level warn >"$work/out" 2>"$work/err" &
pid=$!
for _ in $(seq 50); do grep -q 'running at' "$work/out" && break; sleep 0.1; done
url=$(sed -n 's/.*running at \(http:[^ ]*\)\/ .*/\1/p' "$work/out")

echo "== ${CANDIDATES:-200} concurrent candidates x ${TURNS:-10} turns on loopback ($url)"
"$work/loadgen" -addr "$url" -candidates "${CANDIDATES:-200}" -turns "${TURNS:-10}"
grep -E 'VmHWM|VmRSS' "/proc/$pid/status" | sed 's/^/server memory: /'
