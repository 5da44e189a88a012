import type { Clock, Sleep } from '../clock';
import type { Store } from '../ports';
import { InfisicalStore } from './infisical';
import { createSsmClient, SsmStore } from './ssm';
import type { StoreSettings } from './store-inputs';

/** What opening a store needs from the run: ActionContext has all of it. */
export interface StoreRunContext {
  clock: Clock;
  sleep: Sleep;
  secrets: { mask(value: string): string };
  runner: { info(message: string): void };
}

/** The real adapter for settings read by `readStoreSettings`. */
export function openStore(settings: StoreSettings, context: StoreRunContext): Store {
  const onRetry = (message: string) => context.runner.info(`retrying: ${message}`);
  const timing = { clock: context.clock, sleep: context.sleep, secrets: context.secrets, onRetry };
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
