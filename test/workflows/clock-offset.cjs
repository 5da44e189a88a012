// The workflow tests' injected clock for the keyturn bundles, which the
// harness runs as child processes: preloaded through NODE_OPTIONS, it moves
// Date.now() by KEYTURN_TEST_CLOCK_OFFSET_MS, so "a day later" needs no real
// sleep. Test-only: no keyturn code reads this variable.
const offset = Number(process.env.KEYTURN_TEST_CLOCK_OFFSET_MS ?? '0');
if (Number.isFinite(offset) && offset !== 0) {
  const realNow = Date.now;
  Date.now = () => realNow() + offset;
}
