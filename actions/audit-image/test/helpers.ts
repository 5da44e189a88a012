import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFakeClock, runAction } from '@keyturn/core';
import type { Finding } from '@keyturn/image-audit';
import { createRecordingRunner } from '@keyturn/testkit';
import { ACTION_SPEC } from '../src/action-spec.generated';
import { type AuditResult, auditImage, enforceFailOn } from '../src/audit';
import { realDeps } from '../src/deps';

export async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'keyturn-audit-test-'));
}

/** Runs the audit's logic in the action wrapper with a recording runner and
 * the real file system (archives are real files in a temp directory). */
export async function runAudit(archive: Buffer | string, inputs: Record<string, string> = {}) {
  const dir = await tempDir();
  let archivePath = typeof archive === 'string' ? archive : join(dir, 'image.tar');
  if (typeof archive !== 'string') await writeFile(archivePath, archive);
  if (inputs.archive === '') archivePath = '';
  const sarifPath = join(dir, 'out.sarif');
  const auditPath = join(dir, 'audit.jsonl');
  const runner = createRecordingRunner({ archive: archivePath, sarif: sarifPath, 'audit-log': auditPath, ...inputs });
  const time = createFakeClock();
  let result: AuditResult | undefined;
  const ok = await runAction(
    'audit-image',
    { runner, spec: ACTION_SPEC, clock: time.clock, sleep: time.sleep },
    async (context) => {
      result = await auditImage(context, realDeps());
      enforceFailOn(result);
    },
  );
  const sarifText = await readFile(sarifPath, 'utf8').catch(() => '');
  const audit = await readFile(auditPath, 'utf8').catch(() => '');
  return {
    ok,
    runner,
    result,
    findings: result?.findings ?? [],
    sarifText,
    sarif: sarifText === '' ? undefined : (JSON.parse(sarifText) as SarifLog),
    audit,
    everything: `${runner.everything()}\n${sarifText}\n${audit}`,
    dir,
  };
}

export interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { rules: { id: string }[] } };
    results: {
      ruleId: string;
      level: string;
      partialFingerprints: Record<string, string>;
      suppressions?: unknown[];
      properties: Record<string, unknown>;
      locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
    }[];
  }[];
}

/** Every place each secret was seen: its finding's own place, then the
 * others (one finding per secret holds them in `locations`). */
export function places(findings: readonly Finding[]) {
  return findings.flatMap((finding) => [finding, ...finding.locations]);
}
