#!/usr/bin/env bash
# The suite under load: `npm test` RUNS times in a row (default 3) while two CPU burners keep both
# cores busy, as on a shared CI machine. Each run must pass and jest must exit by itself (a run still
# alive after TIMEOUT_SECONDS, default 1200, counts as a hang). The burners stop with the script.
set -uo pipefail
cd "$(dirname "$0")/.."
runs="${RUNS:-3}"
limit="${TIMEOUT_SECONDS:-1200}"
burners=()
stop_burners() { for pid in "${burners[@]}"; do kill "$pid" 2>/dev/null; done; }
trap stop_burners EXIT
for _ in 1 2; do
  node -e 'for (;;) {}' &
  burners+=("$!")
done
echo "two CPU burners running (pids ${burners[*]})"
failed=0
for run in $(seq 1 "$runs"); do
  started=$(date +%s)
  timeout --kill-after=10 "$limit" npx jest --silent >".tmp/stress-run-$run.log" 2>&1
  rc=$?
  summary=$(grep -E '^Tests:' ".tmp/stress-run-$run.log" | tail -1)
  echo "run $run/$runs: exit $rc in $(( $(date +%s) - started )) s; ${summary:-no summary}"
  if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then echo "  jest did not exit within $limit s (see .tmp/stress-run-$run.log)"; fi
  [ "$rc" -eq 0 ] || failed=$((failed + 1))
done
echo "stress: $((runs - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
