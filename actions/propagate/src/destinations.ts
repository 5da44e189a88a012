import type { ActionContext, Destination } from '@keyturn/core';
import { type DestinationTuning, openDestinations } from '@keyturn/core/adapters/destinations';
import type { PropagateConfig } from './config';

/** The real destinations, each built only when a target needs it. */
export function realDestinations(
  config: PropagateConfig,
  context: ActionContext,
  tuning: Omit<DestinationTuning, 'concurrency'> = {},
): Destination[] {
  return openDestinations(config.destinations, context, { ...tuning, concurrency: config.concurrency });
}
