import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * The base of every local service emulator: an HTTP server on 127.0.0.1 with
 * an ephemeral port, a log of every request, faults injected per route, and a
 * count of mutating requests so a test can prove none was sent.
 */
export interface EmulatorRequest {
  method: string;
  /** The path without the query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  /** The route pattern that matched, or undefined (404, or a fault). */
  route: string | undefined;
  /** The fault injected in its place, if any. */
  fault: Fault | undefined;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string as it is. */
  body?: unknown;
}

export type RouteParams = Record<string, string>;
export type Handler = (request: EmulatorRequest, params: RouteParams) => Reply | Promise<Reply>;

export interface Route {
  method: string;
  /** `/repos/:owner/:repo/actions/secrets/:name`; `*` matches the rest. */
  path: string;
  handler: Handler;
}

export interface Fault {
  method?: string;
  /** A route pattern (as in Route.path), a literal path, or a RegExp. */
  path?: string | RegExp;
  /** Answer with this status instead of the route's answer. */
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Wait this long before answering (or before passing to the route). */
  delayMs?: number;
  /** Destroy the connection without an answer. */
  reset?: boolean;
  /** Never answer (until the emulator closes). */
  hang?: boolean;
  /** Sent before the route's own answer body, raw: a UTF-8 BOM ahead of a
   * JSON document, or a proxy's banner. The route still runs and answers. */
  bodyPrefix?: string;
  /** Rewrites the route's JSON answer (a NextToken that never ends, a
   * field a hostile service adds); the route still runs. */
  transform?: (body: unknown) => unknown;
  /** Sends the answer one byte every this many ms: alive, never idle long
   * enough to trip an idle timeout, far slower than any total deadline. */
  trickleMs?: number;
  /** Matches only requests this accepts (an AWS operation in x-amz-target). */
  match?: (request: EmulatorRequest) => boolean;
  /** Holds each matching request until this many have arrived, then lets
   * them all through in arrival order: two runs started together, meeting
   * at the service with both their reads done. */
  gather?: number;
  /** How many requests this fault applies to; unlimited when unset. */
  times?: number;
  /** The route runs first, so the request takes effect (a parameter is put, a
   * key is created), and then its answer is lost: replaced by the fault's
   * `reset`, `status` or `hang`. A write applied whose answer never arrived,
   * as a dropped connection or a gateway's 5xx leaves it. */
  applied?: boolean;
}

export interface EmulatorOptions {
  name: string;
  routes: Route[];
  /** Checks each request; every string returned is recorded as a violation. */
  validate?: (request: EmulatorRequest, route: Route | undefined) => string[];
  /** Added to every answer: a fixed latency, for benchmarks. */
  latencyMs?: number;
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

interface CompiledRoute {
  route: Route;
  pattern: RegExp;
  names: string[];
}

function compilePattern(path: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = path
    .split('/')
    .map((segment) => {
      if (segment === '*') {
        names.push('rest');
        return '(.*)';
      }
      if (segment.startsWith(':')) {
        names.push(segment.slice(1));
        return '([^/]+)';
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { pattern: new RegExp(`^${source}$`), names };
}

export class Emulator {
  readonly name: string;
  readonly requests: EmulatorRequest[] = [];
  readonly violations: string[] = [];
  url = '';
  private readonly routes: CompiledRoute[];
  private readonly faults: Fault[] = [];
  private readonly validate: EmulatorOptions['validate'];
  private readonly latencyMs: number;
  private readonly sockets = new Set<Socket>();
  private readonly server = createServer((req, res) => {
    this.handle(req, res).catch((error: unknown) => {
      this.violations.push(`${this.name}: handler crashed: ${String(error)}`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"message":"emulator error"}');
    });
  });

  private constructor(options: EmulatorOptions) {
    this.name = options.name;
    this.validate = options.validate;
    this.latencyMs = options.latencyMs ?? 0;
    this.routes = options.routes.map((route) => ({ route, ...compilePattern(route.path) }));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async start(options: EmulatorOptions): Promise<Emulator> {
    const emulator = new Emulator(options);
    await new Promise<void>((resolve) => emulator.server.listen(0, '127.0.0.1', resolve));
    const { port } = emulator.server.address() as AddressInfo;
    emulator.url = `http://127.0.0.1:${port}`;
    return emulator;
  }

  injectFault(fault: Fault): void {
    this.faults.push({ ...fault });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  mutatingRequests(): EmulatorRequest[] {
    return this.requests.filter((request) => MUTATING.has(request.method));
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private readonly gathering = new Map<Fault, (() => void)[]>();

  private gathered(fault: Fault): Promise<void> {
    const waiting = this.gathering.get(fault) ?? [];
    this.gathering.set(fault, waiting);
    return new Promise((resolve) => {
      waiting.push(resolve);
      if (waiting.length >= (fault.gather ?? 0)) for (const release of waiting.splice(0)) release();
    });
  }

  private match(method: string, path: string): { compiled: CompiledRoute; params: RouteParams } | undefined {
    for (const compiled of this.routes) {
      if (compiled.route.method !== method) continue;
      const found = compiled.pattern.exec(path);
      if (!found) continue;
      const params: RouteParams = {};
      compiled.names.forEach((name, index) => {
        params[name] = decodeURIComponent(found[index + 1] ?? '');
      });
      return { compiled, params };
    }
    return undefined;
  }

  private takeFault(request: EmulatorRequest): Fault | undefined {
    const { method, path, route: routePath } = request;
    const index = this.faults.findIndex((fault) => {
      if (fault.method && fault.method !== method) return false;
      if (fault.match && !fault.match(request)) return false;
      if (fault.path === undefined) return true;
      if (fault.path instanceof RegExp) return fault.path.test(path);
      return fault.path === path || fault.path === routePath;
    });
    if (index < 0) return undefined;
    const fault = this.faults[index] as Fault;
    if (fault.times !== undefined) {
      fault.times -= 1;
      if (fault.times <= 0) this.faults.splice(index, 1);
    }
    return fault;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://emulator');
    const method = req.method ?? 'GET';
    const matched = this.match(method, url.pathname);
    const request: EmulatorRequest = {
      method,
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
      route: matched?.compiled.route.path,
      fault: undefined,
    };
    const fault = this.takeFault(request);
    request.fault = fault;
    this.requests.push(request);
    for (const problem of this.validate?.(request, matched?.compiled.route) ?? []) {
      this.violations.push(`${method} ${url.pathname}: ${problem}`);
    }

    if (fault?.gather !== undefined) await this.gathered(fault);
    const delay = this.latencyMs + (fault?.delayMs ?? 0);
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    if (fault?.applied && matched) await matched.compiled.route.handler(request, matched.params);
    if (fault?.hang) return;
    if (fault?.reset) {
      req.socket.destroy();
      return;
    }
    if (fault?.status !== undefined) {
      send(
        res,
        { status: fault.status, headers: fault.headers ?? {}, body: fault.body ?? { message: 'injected fault' } },
        fault.bodyPrefix,
        fault.trickleMs,
      );
      return;
    }
    if (!matched) {
      send(res, { status: 404, body: { message: 'Not Found' } });
      return;
    }
    const reply = await matched.compiled.route.handler(request, matched.params);
    if (fault?.headers) reply.headers = { ...reply.headers, ...fault.headers };
    if (fault?.transform) reply.body = fault.transform(reply.body);
    send(res, reply, fault?.bodyPrefix, fault?.trickleMs);
  }
}

function send(res: ServerResponse, reply: Reply, bodyPrefix = '', trickleMs?: number): void {
  const headers: Record<string, string> = { ...reply.headers };
  let body = '';
  if (typeof reply.body === 'string') body = reply.body;
  else if (reply.body !== undefined) {
    body = JSON.stringify(reply.body);
    headers['content-type'] ??= 'application/json; charset=utf-8';
  }
  res.writeHead(reply.status, headers);
  if (trickleMs === undefined) {
    res.end(bodyPrefix + body);
    return;
  }
  const bytes = Buffer.from(bodyPrefix + body, 'utf8');
  let sent = 0;
  const drip = () => {
    if (res.destroyed) return;
    if (sent >= bytes.length) {
      res.end();
      return;
    }
    res.write(bytes.subarray(sent, sent + 1));
    sent += 1;
    setTimeout(drip, trickleMs).unref();
  };
  res.flushHeaders();
  drip();
}

/** The JSON body of a logged request, or undefined when it is not JSON. */
export function jsonBody(request: EmulatorRequest): unknown {
  try {
    return JSON.parse(request.body);
  } catch {
    return undefined;
  }
}
