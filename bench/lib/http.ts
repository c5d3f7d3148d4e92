import http from 'node:http';

/** Keep-alive agent: one benchmark client is one agent's browser (a few sockets, reused). */
const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

export class TrpcError extends Error {
  readonly status: number;
  readonly path: string;
  readonly body: string;
  constructor(status: number, path: string, body: string) {
    super(`${path}: HTTP ${status} ${body.slice(0, 300)}`);
    this.status = status;
    this.path = path;
    this.body = body;
  }
}

function request(
  url: string,
  method: 'GET' | 'POST',
  headers: Record<string, string>,
  body?: string,
) {
  return new Promise<{ status: number; body: string; setCookie: string[] }>((resolve, reject) => {
    const req = http.request(url, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
          setCookie: res.headers['set-cookie'] ?? [],
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body !== undefined) req.end(body);
    else req.end();
  });
}

/**
 * A tRPC-over-HTTP client as the renderer uses it (no transformer; queries are GET with
 * ?input=, mutations POST with a JSON body), carrying the session cookie.
 */
export class DeskClient {
  cookie = '';
  readonly baseUrl: string;
  constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }

  /** Path for a query, e.g. for autocannon. */
  queryPath(proc: string, input: unknown): string {
    return `/trpc/${proc}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`;
  }

  async query<T = unknown>(proc: string, input?: unknown): Promise<T> {
    const res = await request(
      `${this.baseUrl}${this.queryPath(proc, input)}`,
      'GET',
      this.headers(),
    );
    return this.result<T>(proc, res);
  }

  async mutate<T = unknown>(proc: string, input?: unknown): Promise<T> {
    const body = JSON.stringify(input ?? {});
    const res = await request(
      `${this.baseUrl}/trpc/${proc}`,
      'POST',
      { ...this.headers(), 'content-type': 'application/json' },
      body,
    );
    const cookie = res.setCookie.find((c) => c.startsWith('cic_session='));
    if (cookie) this.cookie = cookie.split(';')[0] ?? '';
    return this.result<T>(proc, res);
  }

  async login(username: string, password: string): Promise<void> {
    await this.mutate('auth.login', { username, password });
    if (!this.cookie) throw new Error(`login of ${username} set no session cookie`);
  }

  useSession(token: string): this {
    this.cookie = `cic_session=${token}`;
    return this;
  }

  private headers(): Record<string, string> {
    return this.cookie ? { cookie: this.cookie } : {};
  }

  private result<T>(proc: string, res: { status: number; body: string }): T {
    if (res.status !== 200) throw new TrpcError(res.status, proc, res.body);
    return (JSON.parse(res.body) as { result: { data: T } }).result.data;
  }
}
