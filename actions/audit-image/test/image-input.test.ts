import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createFakeClock, runAction } from '@keyturn/core';
import { createRecordingRunner } from '@keyturn/testkit';
import { describe, expect, it } from 'vitest';
import { auditImage } from '../src/audit';
import { realDeps } from '../src/deps';
import { tempDir } from './helpers';
import { fixture } from './planted';

describe('image: a local image saved with docker save', () => {
  it('saves the image, audits it under its name, and removes the saved file', async () => {
    const dir = await tempDir();
    const saved: string[] = [];
    const cleaned: string[] = [];
    const runner = createRecordingRunner({
      image: 'acme/app:pr-7',
      sarif: join(dir, 'out.sarif'),
      'audit-log': join(dir, 'a.jsonl'),
    });
    const ok = await runAction('audit-image', { runner, clock: createFakeClock().clock }, async (context) => {
      const result = await auditImage(context, {
        ...realDeps(),
        saveImage: async (image) => {
          saved.push(image);
          return { path: fixture('umoci-oci.tar.gz'), cleanup: async () => void cleaned.push(image) };
        },
      });
      expect(result.imageName).toBe('acme/app:pr-7');
      expect(result.findings).toHaveLength(6);
    });
    expect(ok).toBe(true);
    expect(saved).toEqual(['acme/app:pr-7']);
    expect(cleaned).toEqual(['acme/app:pr-7']);
  });

  it('asks for an archive when docker is not installed', async () => {
    const dir = await tempDir();
    const runner = createRecordingRunner({ image: 'acme/app:pr-7', 'audit-log': join(dir, 'a.jsonl') });
    const path = process.env.PATH;
    process.env.PATH = dir;
    try {
      await runAction('audit-image', { runner }, (context) => auditImage(context, realDeps()).then(() => {}));
    } finally {
      process.env.PATH = path;
    }
    expect(runner.failed).toMatch(
      /input 'image' needs the docker command, which is not installed here. Save the image first/,
    );
  });

  it('reports docker save failing as an upstream error', async () => {
    const dir = await tempDir();
    const bin = join(dir, 'bin');
    await mkdir(bin);
    await writeFile(
      join(bin, 'docker'),
      '#!/bin/sh\necho "Error response from daemon: reference does not exist" >&2\nexit 1\n',
    );
    await chmod(join(bin, 'docker'), 0o755);
    const runner = createRecordingRunner({ image: 'acme/app:missing', 'audit-log': join(dir, 'a.jsonl') });
    const path = process.env.PATH;
    process.env.PATH = `${bin}:${path}`;
    try {
      await runAction('audit-image', { runner }, (context) => auditImage(context, realDeps()).then(() => {}));
    } finally {
      process.env.PATH = path;
    }
    expect(runner.failed).toBe(
      'keyturn/audit-image: Docker: docker save acme/app:missing failed: Error response from daemon: reference does not exist',
    );
  });
});
