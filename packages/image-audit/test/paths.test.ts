import { describe, expect, it } from 'vitest';
import { matchPathRule, PATH_RULES } from '../src/scan/rules/paths';

/** Every rule tried on every path, as matchPathRule did before its name check. */
const everyRule = (path: string) => PATH_RULES.find((rule) => rule.test(path, path.slice(path.lastIndexOf('/') + 1)));

describe('credential files by path', () => {
  const named = [
    'root/.ssh/id_rsa',
    'etc/ssh/ssh_host_ed25519_key',
    'home/app/id_ed25519_sk',
    'app/certs/server.P12',
    'app/keystore.jks',
    'opt/app/conf/app.keystore',
    'etc/ssl/private/site.KEY',
    'etc/ssl/site.pem',
    'root/.git-credentials',
    'infra/terraform.tfstate.backup',
    'app/.env',
    'app/.env.production',
    'app/.env.example',
    'root/.npmrc',
    'usr/local/etc/npmrc',
    'root/.pypirc',
    'root/.netrc',
    'root/_netrc',
    'root/.docker/config.json',
    'root/.aws/credentials',
    'root/.kube/config',
    'etc/kubeconfig',
    'app/.git/HEAD',
    '.git/HEAD',
  ];

  it('finds each rule’s files', () => {
    for (const path of named) if (!path.endsWith('.env.example')) expect(matchPathRule(path), path).toBeDefined();
    expect(matchPathRule('app/.env.example')).toBeUndefined();
  });

  it('answers as trying every rule does, on names near every rule’s', () => {
    const stems = ['', 'x', '.', 'id_', 'ssh_host_', 'terraform.tfstate', '_netrc', 'npmrc', 'config', 'HEAD', 'head'];
    const tails = ['', '.json', '.key', '.pem', '.p12', '.Pfx', '.jks', '.keystore', '.backup', 'rsa', '.env', 'x'];
    const dirs = ['', 'app/', '.git/', '.aws/', '.kube/', '.docker/', 'usr/local/etc/', 'node_modules/a/'];
    let checked = 0;
    for (const dir of dirs)
      for (const stem of stems)
        for (const tail of tails) {
          const path = `${dir}${stem}${tail}`;
          expect(matchPathRule(path)?.id, path).toBe(everyRule(path)?.id);
          checked++;
        }
    for (const path of [...named, 'credentials', 'a/credentials', 'kubeconfig', 'x/config.json']) {
      expect(matchPathRule(path)?.id, path).toBe(everyRule(path)?.id);
    }
    expect(checked).toBeGreaterThan(900);
  });
});
