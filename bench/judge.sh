#!/usr/bin/env bash
# Sandbox overhead against bare execution of the same program, in the same
# run; throughput at parallelism 2; and whole 30-test submissions (Go with
# its compile, Python). Needs root (the sandbox's full level). Prints
# figures; asserts nothing. N sets the runs per figure (default 300).
set -euo pipefail
cd "$(dirname "$0")/.."
go test -run '^$' -bench 'Overhead|Parallel2' -benchtime "${N:-300}x" ./internal/sandbox | grep -E '^Benchmark'
go test -run '^$' -bench 'Submission30' -benchtime "${SUBMISSIONS:-30}x" ./internal/judge | grep -E '^Benchmark'
