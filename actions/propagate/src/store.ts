import type { ActionContext, Store } from '@keyturn/core';
import { InfisicalStore } from '@keyturn/core/adapters/infisical';
import { createSsmClient, SsmStore } from '@keyturn/core/adapters/ssm';
import type { PropagateConfig } from './config';

/** The store `source:` names, built like rotate-ssm's: SSM's endpoint follows
 * the AWS convention (AWS_ENDPOINT_URL_SSM, then AWS_ENDPOINT_URL). */
export function realStore(config: PropagateConfig, context: ActionContext): Store {
  const onRetry = (message: string) => context.runner.info(message);
  const { clock, sleep, secrets, runner } = context;
  if (config.source?.store === 'infisical') {
    const { infisical } = config;
    return new InfisicalStore({
      siteUrl: infisical.url,
      auth:
        infisical.clientId !== undefined && infisical.clientSecret !== undefined
          ? { clientId: infisical.clientId, clientSecret: infisical.clientSecret }
          : { accessToken: infisical.token ?? '' },
      location: { projectId: infisical.projectId, environment: infisical.environment, secretPath: infisical.path },
      secrets,
      clock,
      sleep,
      onRetry,
    });
  }
  const endpoint = runner.env.AWS_ENDPOINT_URL_SSM || runner.env.AWS_ENDPOINT_URL;
  return new SsmStore({
    client: createSsmClient({ region: config.awsRegion ?? '', ...(endpoint ? { endpoint } : {}) }),
    secrets,
    clock,
    sleep,
    onRetry,
  });
}
