import type { FastifyInstance } from 'fastify';
import type { DbOrTrx } from '../../db/database.ts';
import { createAccount } from '../../db/repositories/accounts.ts';
import { createCustomer } from '../../db/repositories/customers.ts';
import { buildHttpApp } from '../../server/http/app.ts';
import { TRAINING_PORTAL_KEY } from '../../server/messages/intake-route.ts';
import type { AppDeps } from '../../server/trpc/base.ts';

/** A customer with one active lease, and the account number the portal would send. */
export async function customerWithAccount(
  db: DbOrTrx,
  n: number,
  options: { language?: 'en' | 'fr'; email?: string | null } = {},
): Promise<{ customerId: number; accountId: number; accountNumber: string }> {
  const at = '2026-01-05T15:00:00.000Z';
  const customer = await createCustomer(
    db,
    {
      firstName: options.language === 'fr' ? 'Hélène' : 'Ann',
      lastName: `Tremblay${n}`,
      email: options.email === undefined ? `customer${n}@example.com` : options.email,
      language: options.language ?? 'en',
    },
    at,
  );
  const accountNumber = String(7_000_000_000 + n);
  const account = await createAccount(
    db,
    {
      accountNumber,
      type: 'lease',
      vin: `WMWXU1C5${String(n).padStart(9, '0')}`,
      vehicle: { year: 2025, make: 'MINI', model: 'Cooper S' },
      holderCustomerId: customer.id,
      termMonths: 36,
      frequency: 'monthly',
      paymentCents: 45_900,
      dueDay: 15,
      openedOn: '2026-01-05',
      amountFinancedCents: 3_200_000,
      aprBps: 399,
      residualCents: 1_800_000,
      leaseMilesAllowed: 10_000,
    },
    at,
  );
  return { customerId: customer.id, accountId: account.id, accountNumber };
}

/** A tiny but real PDF, PNG and HEIC (file-type recognises them by their magic bytes). */
export const FILES = {
  pdf: Buffer.from(
    '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
  ),
  png: Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  ),
  heic: Buffer.concat([
    Buffer.from([0, 0, 0, 0x18]),
    Buffer.from('ftypheic'),
    Buffer.from([0, 0, 0, 0]),
    Buffer.from('mif1heic'),
    Buffer.alloc(64),
  ]),
  text: Buffer.from('just some text, not a document'),
};

export function b64(data: Buffer): string {
  return data.toString('base64');
}

/** The real HTTP host (no static files) for `inject` requests. */
export async function httpApp(deps: AppDeps): Promise<FastifyInstance> {
  return buildHttpApp(deps, { staticDir: null });
}

export async function postIntake(
  app: FastifyInstance,
  body: unknown,
  key: string | null = TRAINING_PORTAL_KEY,
) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/portal/messages',
    headers: { 'content-type': 'application/json', ...(key ? { 'x-portal-key': key } : {}) },
    payload: JSON.stringify(body),
  });
  return {
    status: res.statusCode,
    body: res.json() as Record<string, unknown> & { fields?: Record<string, string> },
  };
}
