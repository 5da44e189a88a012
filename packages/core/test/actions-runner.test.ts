import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseOutputFile } from '@keyturn/testkit';
import { describe, expect, it } from 'vitest';
import { createActionsRunner } from '../src/actions-runner';
import {
  escapeData,
  escapeLogText,
  escapeProperty,
  formatCommand,
  formatFileCommandEntry,
} from '../src/workflow-commands';

async function runnerWithFiles(env: Record<string, string> = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'keyturn-runner-'));
  const output = join(dir, 'output');
  const summary = join(dir, 'summary.md');
  await writeFile(output, '');
  await writeFile(summary, '');
  const lines: string[] = [];
  let exitCode: number | undefined;
  const runner = createActionsRunner({
    env: { GITHUB_ACTIONS: 'true', GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary, ...env },
    writeLine: (line) => lines.push(line),
    setExitCode: (code) => {
      exitCode = code;
    },
  });
  return { runner, lines, output, summary, exitCode: () => exitCode };
}

/** Foreign text that tries to start a workflow command, every way the
 * runner would read one: after LF, CR or CRLF, after spaces, the old syntax. */
export const HOSTILE_TEXT = [
  'rotator\n::warning::owned',
  'production\r::error::owned',
  'a\r\n::add-mask::owned',
  '  \t::stop-commands::tok',
  '::set-output name=x::y',
  'path/##[error]owned',
  '\u00a0::notice::nbsp',
];

/** Every line the runner would see as a command. */
function commandLines(written: readonly string[]): string[] {
  return written
    .flatMap((line) => line.split(/\r\n|\r|\n/))
    .filter((line) => line.trimStart().startsWith('::') || line.includes('##['));
}

describe('the escaping point for foreign text', () => {
  it('keeps every line of the text but none can start a command', () => {
    for (const text of HOSTILE_TEXT) {
      const escaped = escapeLogText(text);
      expect(commandLines([escaped]), text).toEqual([]);
      expect(escaped.split('\n')).toHaveLength(text.split(/\r\n|\r|\n/).length);
    }
    expect(escapeLogText('login rotator\n::warning::x')).toBe('login rotator\n%3A%3Awarning::x');
    expect(escapeLogText('a :: b, ok')).toBe('a :: b, ok');
  });

  for (const onRunner of [true, false]) {
    it(`every channel of the runner escapes it (${onRunner ? 'on a runner' : 'in a terminal'})`, async () => {
      const lines: string[] = [];
      const runner = createActionsRunner({
        env: onRunner ? { GITHUB_ACTIONS: 'true' } : {},
        writeLine: (line) => lines.push(line),
        setExitCode: () => {},
      });
      for (const text of HOSTILE_TEXT) {
        runner.info(text);
        runner.debug(text);
        runner.warning(text);
        runner.error(text);
        runner.setFailed(text);
        runner.setOutput('report', text);
        await runner.appendSummary(text);
      }
      const commands = commandLines(lines);
      // Only keyturn's own commands, each one line whose name keyturn chose.
      for (const line of commands) expect(line).toMatch(/^::(debug|warning|error)::[^\r\n]*$/);
      expect(commands.length).toBe(HOSTILE_TEXT.length * 4);
    });
  }
});

describe('workflow commands', () => {
  it('escapes messages and properties as the runner expects', () => {
    expect(escapeData('50%\r\nnext')).toBe('50%25%0D%0Anext');
    expect(escapeProperty('a:b,c')).toBe('a%3Ab%2Cc');
    expect(formatCommand('error', 'line1\nline2', { file: 'a,b.ts', line: '3' })).toBe(
      '::error file=a%2Cb.ts,line=3::line1%0Aline2',
    );
  });

  it('masks a multi-line value with one command, not a line the runner would print', () => {
    expect(formatCommand('add-mask', 'first\nsecond')).toBe('::add-mask::first%0Asecond');
  });

  it('refuses an output that holds its own delimiter', () => {
    expect(() => formatFileCommandEntry('x', 'a\nEOF\nb', 'EOF')).toThrow(/contains the delimiter/);
  });
});

describe('the Actions runner', () => {
  it('reads inputs as the runner sets them, trimmed', async () => {
    const { runner } = await runnerWithFiles({ 'INPUT_DRY-RUN': ' true ', INPUT_GITHUB_TOKEN: 'x' });
    expect(runner.getInput('dry-run')).toBe('true');
    expect(runner.getInput('github token')).toBe('x');
    expect(runner.getInput('missing')).toBe('');
  });

  it('writes outputs to GITHUB_OUTPUT so multi-line values and injections survive', async () => {
    const { runner, output } = await runnerWithFiles();
    runner.setOutput('status', '200');
    runner.setOutput('report', '[{"a":1}]\nsecond=line');
    const parsed = parseOutputFile(await readFile(output, 'utf8'));
    expect(parsed).toEqual({ status: '200', report: '[{"a":1}]\nsecond=line' });
  });

  it('appends to the step summary file', async () => {
    const { runner, summary } = await runnerWithFiles();
    await runner.appendSummary('### one');
    await runner.appendSummary('| a |');
    expect(await readFile(summary, 'utf8')).toBe('### one\n| a |\n');
  });

  it('logs with workflow commands and fails with exit code 1', async () => {
    const { runner, lines, exitCode } = await runnerWithFiles({ RUNNER_DEBUG: '1' });
    runner.setSecret('s3cret');
    runner.info('plain');
    runner.debug('details');
    runner.warning('careful');
    runner.setFailed('keyturn/x: broken');
    expect(lines).toEqual([
      '::add-mask::s3cret',
      'plain',
      '::debug::details',
      '::warning::careful',
      '::error::keyturn/x: broken',
    ]);
    expect(runner.isDebug()).toBe(true);
    expect(exitCode()).toBe(1);
  });

  it('off a runner, masks values itself: no add-mask echo, every line scrubbed', async () => {
    const lines: string[] = [];
    const runner = createActionsRunner({
      env: {},
      writeLine: (line) => lines.push(line),
      setExitCode: () => undefined,
    });
    runner.setSecret('s3cret-value');
    runner.info('token s3cret-value');
    runner.setOutput('value', 's3cret-value');
    runner.setFailed('failed for s3cret-value');
    expect(lines).toEqual(['token ***', 'output value=***', '::error::failed for ***']);
  });

  it('without runner files, prints outputs and the summary to the log', async () => {
    const lines: string[] = [];
    const runner = createActionsRunner({
      env: {},
      writeLine: (line) => lines.push(line),
      setExitCode: () => undefined,
    });
    runner.setOutput('status', '200');
    await runner.appendSummary('### done');
    expect(lines).toEqual(['output status=200', '### done']);
  });
});
