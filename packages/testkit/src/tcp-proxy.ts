import { createServer, type Socket, connect as tcpConnect } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of a real server (PostgreSQL), for the
 * faults no HTTP emulator can make: the connection dropped when the client
 * sends a given statement. A rule matches the bytes of one client chunk (a
 * simple-protocol Query message carries its SQL in plain text):
 * - `applied: false`: the chunk never reaches the server; both sides close.
 * - `applied: true`: the server gets it and runs it; once it has answered, the
 *   answer is lost and the client's connection closed, as a network failure
 *   after the commit does.
 */
export interface TcpDropRule {
  pattern: RegExp;
  applied?: boolean;
  /** How many chunks this rule drops; unlimited when unset. */
  times?: number;
}

export interface TcpProxy {
  host: string;
  port: number;
  dropOn(rule: TcpDropRule): void;
  clear(): void;
  /** Chunks a rule dropped so far (the fault met the client). */
  readonly drops: number;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const rules: TcpDropRule[] = [];
  const sockets = new Set<Socket>();
  let drops = 0;
  const take = (chunk: Buffer): TcpDropRule | undefined => {
    const text = chunk.toString('latin1');
    const index = rules.findIndex((rule) => rule.pattern.test(text));
    if (index < 0) return undefined;
    const rule = rules[index] as TcpDropRule;
    if (rule.times !== undefined && --rule.times <= 0) rules.splice(index, 1);
    drops += 1;
    return rule;
  };
  const server = createServer((client) => {
    const upstream = tcpConnect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    let severed = false;
    client.on('data', (chunk: Buffer) => {
      if (severed) return;
      const rule = take(chunk);
      if (!rule) {
        upstream.write(chunk);
        return;
      }
      severed = true;
      if (rule.applied) {
        // The server runs it (its answer is the proof it committed), then the
        // answer and the rest of the session are lost: the client sees the
        // connection drop only after the change is in.
        upstream.write(chunk);
        upstream.once('data', () => {
          upstream.destroy();
          client.destroy();
        });
        return;
      }
      client.destroy();
      upstream.destroy();
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!severed) client.write(chunk);
    });
    client.on('close', () => {
      if (!severed) upstream.destroy();
    });
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    host: '127.0.0.1',
    port,
    dropOn: (rule) => {
      rules.push({ ...rule });
    },
    clear: () => {
      rules.length = 0;
    },
    get drops() {
      return drops;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
