/**
 * A minimal tRPC-over-HTTP client for the desk (no batching, no transformer): POST
 * /trpc/<path> with the input as the JSON body for mutations, GET ?input= for queries. It keeps
 * the session cookie and never throws for an HTTP answer: a dropped connection (the server was
 * killed) comes back as `{ kind: 'network' }`.
 */
export type CallOutcome =
  | { kind: 'ok'; status: number; data: unknown }
  | {
      kind: 'error';
      status: number;
      code: string;
      message: string;
      fields: Record<string, string> | null;
    }
  | { kind: 'network'; error: string };

interface TrpcBody {
  result?: { data?: unknown };
  error?: {
    message?: string;
    data?: { code?: string; fields?: Record<string, string> | null };
  };
}

export class DeskClient {
  #baseUrl: () => string;
  #cookie = '';
  readonly username: string;
  readonly password: string;

  constructor(baseUrl: () => string, username: string, password: string) {
    this.#baseUrl = baseUrl;
    this.username = username;
    this.password = password;
  }

  async login(): Promise<void> {
    const r = await this.call('mutation', 'auth.login', {
      username: this.username,
      password: this.password,
    });
    if (r.kind !== 'ok')
      throw new Error(`Sign-in of ${this.username} failed: ${JSON.stringify(r)}`);
  }

  mutate(path: string, input: unknown): Promise<CallOutcome> {
    return this.call('mutation', path, input);
  }

  query(path: string, input: unknown): Promise<CallOutcome> {
    return this.call('query', path, input);
  }

  /** A query that must succeed (setup reads). */
  async get<T>(path: string, input: unknown): Promise<T> {
    const r = await this.query(path, input);
    if (r.kind !== 'ok') throw new Error(`${path} failed: ${JSON.stringify(r)}`);
    return r.data as T;
  }

  async call(type: 'query' | 'mutation', path: string, input: unknown): Promise<CallOutcome> {
    const base = `${this.#baseUrl()}/trpc/${path}`;
    const headers: Record<string, string> = {};
    if (this.#cookie) headers.cookie = this.#cookie;
    let res: Response;
    let text: string;
    try {
      if (type === 'mutation') {
        headers['content-type'] = 'application/json';
        res = await fetch(base, {
          method: 'POST',
          headers,
          body: JSON.stringify(input),
          signal: AbortSignal.timeout(60_000),
        });
      } else {
        const q = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
        res = await fetch(`${base}${q}`, { headers, signal: AbortSignal.timeout(60_000) });
      }
      text = await res.text();
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause;
      return { kind: 'network', error: cause?.code ?? String(error) };
    }
    for (const c of res.headers.getSetCookie()) {
      const pair = c.split(';')[0];
      if (pair?.startsWith('cic_session=')) this.#cookie = pair;
    }
    let body: TrpcBody;
    try {
      body = JSON.parse(text) as TrpcBody;
    } catch {
      return {
        kind: 'error',
        status: res.status,
        code: 'NOT_JSON',
        message: text.slice(0, 200),
        fields: null,
      };
    }
    if (res.ok && body.result) return { kind: 'ok', status: res.status, data: body.result.data };
    return {
      kind: 'error',
      status: res.status,
      code: body.error?.data?.code ?? 'UNKNOWN',
      message: body.error?.message ?? text.slice(0, 200),
      fields: body.error?.data?.fields ?? null,
    };
  }
}
