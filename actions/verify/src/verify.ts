import { type ActionContext, CheckFailedError, formatDuration, renderSummary, type VerifyResult } from '@keyturn/core';
import { createHttpVerifier, displayUrl } from '@keyturn/core/adapters/http-verifier';
import { SAFE_METHODS, type VerifyConfig } from './config';

export interface VerifyDeps {
  fetch: typeof globalThis.fetch;
}

export async function verify(context: ActionContext, config: Readonly<VerifyConfig>, deps: VerifyDeps): Promise<void> {
  const { runner } = context;
  const target = `${config.method} ${displayUrl(config.url)}`;
  const summaryRow = (last: string, attempts: string, elapsed: string, result: string) =>
    renderSummary({
      title: 'keyturn/verify',
      table: {
        headers: ['Request', 'Expected', 'Last status', 'Attempts', 'Elapsed', 'Result'],
        rows: [[target, config.expect.text, last, attempts, elapsed, result]],
      },
    });

  if (config.dryRun && !SAFE_METHODS.has(config.method)) {
    runner.info(`Dry run: would send ${target} and expect ${config.expect.text}; ${config.method} is not sent.`);
    runner.setOutput('status', '');
    runner.setOutput('attempts', '0');
    await runner.appendSummary(summaryRow('-', '0', '-', 'not sent (dry run)'));
    return;
  }

  runner.info(
    `Checking ${target}: expecting ${config.expect.text}` +
      (config.withinMs > 0 ? `, within ${formatDuration(config.withinMs)}` : ''),
  );
  const verifier = createHttpVerifier(config, {
    fetch: deps.fetch,
    clock: context.clock,
    sleep: context.sleep,
    log: (line) => runner.info(line),
  });
  const result: VerifyResult = await verifier.check(config.token);
  const status = result.status === undefined ? '' : String(result.status);
  runner.setOutput('status', status);
  runner.setOutput('attempts', String(result.attempts));
  const elapsed = formatDuration(result.elapsedMs);
  await runner.appendSummary(
    summaryRow(status || '-', String(result.attempts), elapsed, result.ok ? 'passed' : 'failed'),
  );
  await context.audit.append({
    event: result.ok ? 'secret.verify.completed' : 'secret.verify.failed',
    action: 'verify',
    outcome: result.ok ? 'success' : 'failure',
    request: target,
    expected: config.expect.text,
    status: result.status ?? null,
    attempts: result.attempts,
  });
  if (!result.ok) {
    const hint = config.withinMs === 0 ? ' Set within (such as 10m) to keep trying while a change propagates.' : '';
    throw new CheckFailedError(
      `expected ${config.expect.text} from ${target}, ${result.reason}; ` +
        `${result.attempts} attempt(s) over ${elapsed}.${hint}`,
    );
  }
  runner.info(`Passed: ${target} answered ${status}.`);
}
