import { extractText, getDocumentProxy } from 'unpdf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestApp } from './harness.ts';
import {
  goodLeaseItem,
  ROUTING,
  seedMailFixture,
  type MailFixture,
} from './mail-payments-fixtures.ts';

/** The mail-payment letters as the desk keeps them: a PDF in the customer's language. */

let app: TestApp;
let fx: MailFixture;
let agent: Caller & { userId: number };

beforeEach(async () => {
  app = await createTestApp();
  fx = await seedMailFixture(app);
  agent = await app.as('agent');
});
afterEach(async () => app.close());

async function pdfText(base64: string): Promise<string> {
  const pdf = await getDocumentProxy(new Uint8Array(Buffer.from(base64, 'base64')));
  const { text } = await extractText(pdf, { mergePages: true });
  return text.replace(/[\s\u00a0\u202f]+/g, ' ');
}

describe('mail-payment letters', () => {
  it('an NSF notice to a French-speaking customer is a French PDF with the fee', async () => {
    await app.deps.db
      .updateTable('customers')
      .set({ language: 'fr' })
      .where('id', '=', fx.loan.customerId)
      .execute();
    const batch = await agent.mailPayments.batches.open({
      lockboxId: 'loan-phoenix',
      receiptDate: '2026-11-18',
      controlCount: 1,
      controlTotal: '45000',
    });
    const item = await agent.mailPayments.items.add({
      batchId: batch.id,
      ...goodLeaseItem(fx.loan.accountNumber, {
        payee: 'BMW Bank of North America',
        routingNumber: ROUTING,
      }),
    });
    await agent.mailPayments.batches.post({ batchId: batch.id });
    const { letterId } = await agent.mailPayments.items.returnNsf({
      itemId: item.id,
      reason: 'provision insuffisante',
    });
    const detail = await agent.mailPayments.items.get({ itemId: item.id });
    expect(detail.letters.map((l) => [l.kind, l.language])).toEqual([['nsf-notice', 'fr']]);
    const pdf = await agent.mailPayments.items.letterPdf({ letterId: letterId! });
    expect(pdf.filename).toBe(`mail-item-${item.id}-nsf-notice-fr.pdf`);
    const text = await pdfText(pdf.base64);
    expect(text).toContain(
      `Votre paiement a été retourné impayé (compte ${fx.loan.accountNumber})`,
    );
    expect(text).toContain('450,00 $');
    expect(text).toContain('frais de paiement retourné de 10,00 $');
  });

  it('a return-to-sender letter for an unknown account is an English PDF', async () => {
    const batch = await agent.mailPayments.batches.open({
      lockboxId: 'lease-phoenix',
      receiptDate: '2026-11-18',
      controlCount: 1,
      controlTotal: '45000',
    });
    const bad = await agent.mailPayments.items.add({
      batchId: batch.id,
      ...goodLeaseItem('9999999999', { remitter: 'Unknown Payer', instrumentNumber: '5' }),
    });
    const { letterId } = await agent.mailPayments.items.returnToSender({
      itemId: bad.id,
      reason: 'No account number we can find',
    });
    const text = await pdfText((await agent.mailPayments.items.letterPdf({ letterId })).base64);
    expect(text).toContain('Dear Unknown Payer,');
    expect(text).toContain('are returning it to you uncashed');
    expect(text).toContain('Reason: No account number we can find');
  });
});
