#!/usr/bin/env bash
# Sandbox overhead against bare execution of the same program, in the same
# run, and throughput at parallelism 2. Needs root (the sandbox's full
# level). Prints figures; asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
go test -run '^$' -bench 'CHello|Python' -benchtime "${N:-300}x" ./internal/sandbox | grep -E '^Benchmark'
