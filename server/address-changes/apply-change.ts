import { insertLetter } from '../../db/repositories/address-change-letters.ts';
import { addressRowById, type AddressChange } from '../../db/repositories/address-changes.ts';
import { saveAddressChange } from './load-change.ts';
import { accountsOfCustomer } from '../../db/repositories/accounts.ts';
import { addAddress } from '../../db/repositories/customer-addresses.ts';
import { requireCustomer } from '../customers/load-customer.ts';
import { mailingLines } from '../domain/address-normalize.ts';
import type { IsoDate } from '../domain/dates.ts';
import { lockboxFor, type Settings } from '../domain/lender-config.ts';
import { renderAddressChangeLetter } from '../letters/address-change-letter.ts';
import { formatLetterDate } from '../letters/render-letter.ts';
import { type Ctx } from './shared.ts';

/**
 * Adds the new address to the customer's history (effective on the change's date, or today if
 * that has passed while it waited), marks the change applied and sends both letters. Part of
 * the submit and approve use cases (their audit records name it).
 */
export async function applyChange(
  ctx: Ctx,
  settings: Settings,
  change: AddressChange,
  fromStatuses: AddressChange['status'][],
  decision?: { reason: string },
) {
  const day = ctx.today;
  const at = ctx.now.toISOString();
  const effectiveFrom = change.effectiveFrom < day ? day : change.effectiveFrom;
  const added = await addAddress(
    ctx.db,
    {
      customerId: change.customerId,
      ...change.address,
      effectiveFrom,
      source: 'address-change',
      createdBy: ctx.user.id,
    },
    at,
  );
  await saveAddressChange(ctx.db, change.id, fromStatuses, {
    status: 'applied',
    newAddressId: added.id,
    ...(decision && { decidedAt: at, decidedBy: ctx.user.id, decisionReason: decision.reason }),
  });
  const letters = await sendLetters(ctx, settings, { ...change, effectiveFrom }, day);
  return { addressId: added.id, effectiveFrom, letters };
}

/** The letters to the old address (if any) and the new one, in the customer's language. */
async function sendLetters(ctx: Ctx, settings: Settings, change: AddressChange, day: IsoDate) {
  const customer = await requireCustomer(ctx.db, change.customerId);
  const accounts = (await accountsOfCustomer(ctx.db, change.customerId)).filter((a) =>
    change.accountIds.includes(a.id),
  );
  const old = await addressRowById(ctx.db, change.oldAddressId);
  const language = customer.language;
  const lockboxes = [
    ...new Map(
      accounts.map((a) => {
        const l = lockboxFor(settings, a.type, change.address.region);
        return [l.id, `${l.payee}, ${l.poBox}, ${l.city} ${l.region} ${l.postalCode}`] as const;
      }),
    ).values(),
  ];
  const phone =
    settings.phones.find(
      (p) => p.id === (change.address.country === 'CA' ? 'canada-cic' : 'customer-care'),
    )?.number ??
    settings.phones[0]?.number ??
    '';
  const c = settings.correspondenceAddress;
  const newLines = mailingLines(customer.displayName, change.address);
  const targets: Array<{ recipient: 'old' | 'new'; lines: string[] }> = [
    { recipient: 'new', lines: newLines },
  ];
  if (old) {
    targets.unshift({
      recipient: 'old',
      lines: mailingLines(customer.displayName, {
        line1: old.line1,
        line2: old.line2,
        city: old.city,
        region: old.region,
        postalCode: old.postal_code,
        country: old.country,
      }),
    });
  }
  const sent = [];
  for (const target of targets) {
    const { pdf } = await renderAddressChangeLetter({
      recipient: target.recipient,
      language,
      mailTo: target.lines,
      from: [c.name, c.poBox, `${c.city} ${c.region}  ${c.postalCode}`],
      letterDate: formatLetterDate(day, language),
      values: {
        name: customer.displayName,
        requestedOn: formatLetterDate(change.requestedOn, language),
        effectiveDate: formatLetterDate(change.effectiveFrom, language),
        accounts: accounts.map((a) => `…${a.accountNumber.slice(-4)}`).join(', '),
        newAddressLines: newLines.slice(1),
        lockboxes: lockboxes.join('; '),
        phone,
        lender: settings.identity.lenderName,
        changeId: change.id,
      },
    });
    sent.push(
      await insertLetter(ctx.db, {
        changeId: change.id,
        recipient: target.recipient,
        language,
        mailingAddress: target.lines.join('\n'),
        pdf,
        sentAt: ctx.now.toISOString(),
        sentBy: ctx.user.id,
      }),
    );
  }
  return sent;
}
