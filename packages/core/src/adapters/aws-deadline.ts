/**
 * The AWS SDK's requestTimeout is an idle timeout: a server that never
 * answers, or trickles a byte at a time, keeps it from ever firing. Every
 * command of `client` also gets one total deadline (guarantee 8).
 */
export function withTotalDeadline<C extends object>(client: C, deadlineMs: number): C {
  const target = client as unknown as { send: (command: unknown, options?: object) => Promise<unknown> };
  const send = target.send.bind(client);
  target.send = (command, sendOptions) =>
    send(command, { ...sendOptions, abortSignal: AbortSignal.timeout(deadlineMs) });
  return client;
}
