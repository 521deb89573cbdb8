#!/usr/bin/env bash
# The whole test suite, as the README's second command runs it: installs what is missing, then
# lint (zero warnings), the type check and every vitest project against real SoftHSM2.
# Its last line is "N passed, N failed"; lint and the type check count as one test each.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/ensure-dependencies.sh"
cz_ensure_dependencies || exit 2
cd "$CZ_ROOT"
export NX_DAEMON=false NX_NO_CLOUD=true VITE_CONFIG_NATIVE_IGNORE_WARNING=true

passed=0
failed=0
step() {
  local name="$1"; shift
  cz_log "$name"
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); cz_log "FAILED: $name"; fi
}
# The Nx module-boundary rule needs the project graph; without one it silently skips itself.
npx --no-install nx reset >/dev/null 2>&1 || true
npx --no-install nx show projects >/dev/null || { cz_log "cannot compute the Nx project graph"; exit 2; }
step "lint (eslint, module boundaries, zero warnings)" npx --no-install eslint --max-warnings 0 .
step "type check (strict)" npx --no-install tsc -p tsconfig.json --noEmit

mkdir -p tmp
rm -f tmp/vitest-report.json
npx --no-install vitest run --reporter=default --reporter=json --outputFile.json=tmp/vitest-report.json "$@"
vitest_exit=$?
if [ -f tmp/vitest-report.json ]; then
  read -r vitest_passed vitest_failed < <(node -e '
    const r = require("./tmp/vitest-report.json");
    const failedSuites = r.testResults.filter((s) => s.status === "failed" && s.assertionResults.length === 0).length;
    console.log(r.numPassedTests, r.numFailedTests + failedSuites);')
else
  vitest_passed=0; vitest_failed=1
fi
if [ "$vitest_exit" -ne 0 ] && [ "$vitest_failed" -eq 0 ]; then vitest_failed=1; fi
passed=$((passed + vitest_passed))
failed=$((failed + vitest_failed))
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
