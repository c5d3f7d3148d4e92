import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpApp } from '../../server/http/app.ts';
import { MAX_BATCH_CALLS } from '../../server/http/http-edge.ts';
import { appRouter } from '../../server/router.ts';
import { createContext } from '../../server/trpc/context.ts';
import { answerDirect, type DirectRequest } from '../../server/trpc/direct-call.ts';
import { createTestApp, type TestApp } from './harness.ts';

/**
 * The desk answers queries and mutations without tRPC's Fetch round trip
 * (server/trpc/direct-call.ts). Every answer must be the one tRPC's own handler gives: same
 * status, same JSON, same content type. The reference here is tRPC's fetch adapter on the same
 * router and context.
 */
let t: TestApp;
let http: FastifyInstance;
let cookie = '';
let token = '';

beforeAll(async () => {
  t = await createTestApp({ demoUsers: true });
  http = await buildHttpApp(t.deps, { staticDir: null });
  const login = await http.inject({
    method: 'POST',
    url: '/trpc/auth.login',
    payload: { username: 'admin', password: 'admin-demo-2026' },
  });
  expect(login.statusCode).toBe(200);
  cookie = String(login.headers['set-cookie']).split(';')[0] ?? '';
  token = cookie.slice(cookie.indexOf('=') + 1);
});

afterAll(async () => {
  await http.close();
  await t.close();
});

async function reference(
  method: 'GET' | 'POST',
  url: string,
  headers: Record<string, string>,
  body?: string,
) {
  const res = await fetchRequestHandler({
    endpoint: '/trpc',
    req: new Request(`http://desk${url}`, { method, headers, body: body ?? null }),
    router: appRouter,
    maxBatchSize: MAX_BATCH_CALLS,
    createContext: ({ info }) =>
      createContext({
        deps: t.deps,
        sessionToken: headers.cookie ? token : undefined,
        ip: '127.0.0.1',
        callsInRequest: info.calls.length,
      }),
  });
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    body: await res.text(),
  };
}

const q = (path: string, input?: unknown) =>
  `/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`;

type Case = {
  name: string;
  method: 'GET' | 'POST';
  url: string;
  signedIn: boolean;
  body?: string;
  headers?: Record<string, string>;
};

const cases: Case[] = [
  { name: 'a query', method: 'GET', url: q('auth.me', {}), signedIn: true },
  { name: 'a query with no input', method: 'GET', url: q('auth.me'), signedIn: true },
  { name: 'a query, signed out', method: 'GET', url: q('auth.me', {}), signedIn: false },
  {
    name: 'a query that needs a session, signed out (401)',
    method: 'GET',
    url: q('messages.list', { view: 'team' }),
    signedIn: false,
  },
  {
    name: 'a query with a refused input (400, field list)',
    method: 'GET',
    url: q('messages.list', { view: 'nobody', extra: 1 }),
    signedIn: true,
  },
  {
    name: 'a query of a missing record (404 domain error)',
    method: 'GET',
    url: q('messages.thread', { id: 999_999 }),
    signedIn: true,
  },
  {
    name: 'a queue page',
    method: 'GET',
    url: q('messages.list', { view: 'team', state: 'active', sort: 'sla', limit: 50 }),
    signedIn: true,
  },
  {
    name: 'a batch with a success and a failure (207)',
    method: 'GET',
    url: `/trpc/auth.me,messages.thread?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: {}, 1: { id: 999_999 } }))}`,
    signedIn: true,
  },
  {
    name: 'a batch of successes',
    method: 'GET',
    url: `/trpc/auth.me,messages.topics?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: {} }))}`,
    signedIn: true,
  },
  {
    name: 'a mutation that fails (404, rolled back)',
    method: 'POST',
    url: '/trpc/messages.claim',
    body: JSON.stringify({ threadId: 999_999 }),
    signedIn: true,
    headers: { 'content-type': 'application/json' },
  },
  {
    name: 'a mutation with a refused input',
    method: 'POST',
    url: '/trpc/messages.claim',
    body: JSON.stringify({ threadId: 'x' }),
    signedIn: true,
    headers: { 'content-type': 'application/json' },
  },
  // Left to tRPC's own handler (the direct path declines them before running anything).
  { name: 'an unknown procedure', method: 'GET', url: q('messages.nope', {}), signedIn: true },
  {
    name: 'a mutation sent as GET',
    method: 'GET',
    url: q('messages.claim', { threadId: 1 }),
    signedIn: true,
  },
  {
    name: 'an input that is not JSON',
    method: 'GET',
    url: '/trpc/messages.list?input=%7Bnot-json',
    signedIn: true,
  },
  {
    name: 'a streaming batch',
    method: 'GET',
    url: `/trpc/auth.me?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: {} }))}`,
    signedIn: true,
    headers: { 'trpc-accept': 'application/jsonl' },
  },
];

describe('tRPC calls answered directly', () => {
  it.each(cases)('$name: same status, body and content type as tRPC', async (c) => {
    const headers = { ...(c.headers ?? {}), ...(c.signedIn ? { cookie } : {}) };
    const direct = await http.inject({
      method: c.method,
      url: c.url,
      headers,
      ...(c.body === undefined ? {} : { payload: c.body }),
    });
    const ref = await reference(c.method, c.url, headers, c.body);
    expect(direct.statusCode).toBe(ref.status);
    expect(direct.headers['content-type']).toBe(ref.contentType);
    // A streaming answer is a sequence of JSON lines; compare them line by line.
    const parse = (s: string) =>
      s
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as unknown);
    expect(parse(direct.body)).toEqual(parse(ref.body));
  });

  it('says which procedures answered in the order asked, and sets the vary header', async () => {
    const res = await http.inject({
      method: 'GET',
      url: `/trpc/auth.me,messages.topics?batch=1&input=${encodeURIComponent('{}')}`,
      headers: { cookie },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers.vary).toMatch(/trpc-accept/);
    const [me, topics] = res.json() as [
      { result: { data: { username: string } } },
      { result: { data: unknown[] } },
    ];
    expect(me.result.data.username).toBe('admin');
    expect(Array.isArray(topics.result.data)).toBe(true);
  });

  it('answers queries and mutations itself and declines the rest before running anything', async () => {
    let contexts = 0;
    const opts = {
      router: appRouter,
      maxBatchSize: MAX_BATCH_CALLS,
      createContext: (calls: number) => {
        contexts += 1;
        return createContext({ deps: t.deps, sessionToken: token, callsInRequest: calls });
      },
    };
    const get = (path: string, input: string | undefined): DirectRequest => ({
      method: 'GET',
      path,
      batch: undefined,
      input,
      otherParams: false,
      body: undefined,
      contentType: undefined,
      accept: undefined,
      trpcAccept: undefined,
    });
    const answer = await answerDirect(get('auth.me', '{}'), opts);
    expect(answer?.status).toBe(200);
    expect(JSON.parse(answer?.body ?? '')).toMatchObject({
      result: { data: { username: 'admin' } },
    });
    expect(contexts).toBe(1);
    for (const declined of [
      get('messages.nope', '{}'),
      get('messages.claim', '{"threadId":1}'),
      get('auth.me', '{not json'),
      get('auth%2Eme', '{}'),
      { ...get('auth.me', '{}'), trpcAccept: 'application/jsonl' },
      { ...get('auth.me', '{}'), otherParams: true },
      { ...get('messages.claim', undefined), method: 'POST', body: '{"threadId":1}' },
      { ...get('auth.me', '{}'), method: 'HEAD' },
    ]) {
      expect(await answerDirect(declined, opts)).toBeNull();
    }
    expect(contexts).toBe(1);
  });
});
