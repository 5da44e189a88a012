import type { ActionContext, Store } from '@keyturn/core';
import { InfisicalStore } from '@keyturn/core/adapters/infisical';
import { createSsmClient, SsmStore } from '@keyturn/core/adapters/ssm';
import type { RotateConfig } from './config';

/** The real adapters, configured from the checked config. */
export function openStore(config: Readonly<RotateConfig>, context: ActionContext): Store {
  const onRetry = (message: string) => context.runner.info(`retrying: ${message}`);
  const timing = { clock: context.clock, sleep: context.sleep, secrets: context.secrets, onRetry };
  const settings = config.store;
  if (settings.kind === 'ssm') {
    const client = createSsmClient({
      region: settings.region,
      ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
    });
    return new SsmStore({
      client,
      ...timing,
      ...(settings.keyId === undefined ? {} : { keyId: settings.keyId }),
      ...(settings.tier === undefined ? {} : { tier: settings.tier }),
      ...(settings.description === undefined ? {} : { description: settings.description }),
    });
  }
  return new InfisicalStore({ siteUrl: settings.siteUrl, auth: settings.auth, location: settings.location, ...timing });
}
