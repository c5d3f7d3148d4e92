import { z } from 'zod';
import {
  approvalQueue,
  changesOfCustomer,
  customerRequests,
  failedVerificationsSince,
  findVerification,
  insertAddressChange,
  insertCustomerRequest,
  insertLetter,
  lastPassBefore,
  letterPdf,
  lettersOfChange,
  openCasesIn,
  otherCustomersAt,
  priorChanges,
  recentVerifications,
  recordVerification,
  requireAddressChange,
  saveVerificationLock,
  updateAddressChange,
  verificationLock,
  verificationUsed,
  type AddressChange,
} from '../../db/repositories/address-changes.ts';
import {
  accountsOfCustomer,
  addAddress,
  addressAsOf,
  addressHistory,
  customerFlags,
  raiseCustomerFlag,
  requireCustomer,
  type Account,
  type Address,
  type Customer,
} from '../../db/repositories/customers.ts';
import { linkThread, requireHandOffThread } from '../../db/repositories/message-links.ts';
import { readSettings } from '../../db/repositories/settings.ts';
import type { DbOrTrx } from '../../db/database.ts';
import { addressEffects } from '../domain/address-effects.ts';
import {
  addressKey,
  mailingLines,
  normalizeAddress,
  type NormalizedAddress,
} from '../domain/address-normalize.ts';
import {
  changesSuspectedByRequest,
  checkerRefusal,
  redFlagsForChange,
  type RedFlag,
} from '../domain/address-red-flags.ts';
import { addCalendarDays, localDateOf, toUtcDate, type IsoDate } from '../domain/dates.ts';
import { DomainError } from '../domain/errors.ts';
import {
  answersMatch,
  evaluateVerification,
  isLocked,
  methodsFor,
  missingAnswers,
} from '../domain/identity-verification.ts';
import { lockboxFor, type Settings } from '../domain/lender-config.ts';
import { idempotencyKey } from '../trpc/idempotency.ts';
import { renderAddressChangeLetter } from '../letters/address-change-letter.ts';
import { agentProcedure, router, supervisorProcedure, type Context } from '../trpc/base.ts';
import { isoDateSchema } from '../core/schemas.ts';

const id = z.number().int().positive();
const channel = z.enum(['phone', 'message', 'mail']);
const addressInput = z.strictObject({
  country: z.enum(['US', 'CA']),
  line1: z.string().max(200),
  line2: z.string().max(200).nullish(),
  city: z.string().max(100),
  region: z.string().max(60),
  postalCode: z.string().max(20),
});
const isoDate = isoDateSchema;
const reason = z.string().trim().min(3, 'Give a reason (at least 3 characters)').max(500);

/** How far ahead a change may be dated. */
const MAX_FUTURE_DAYS = 180;

type Ctx = Pick<Context, 'db' | 'now' | 'deps'> & { user: NonNullable<Context['user']> };

async function today(ctx: Ctx, settings?: Settings): Promise<IsoDate> {
  const s = settings ?? (await readSettings(ctx.db));
  return localDateOf(ctx.now, s.identity.timeZone);
}

/** Normalises or throws a VALIDATION error with per-field messages (keys prefixed `address.`). */
function normalizedOrThrow(input: z.infer<typeof addressInput>): NormalizedAddress {
  const result = normalizeAddress(input);
  if (!result.ok) {
    throw new DomainError('VALIDATION', 'The new address is not valid.', {
      fields: Object.fromEntries(
        Object.entries(result.fields).map(([k, v]) => [`address.${k}`, v]),
      ),
    });
  }
  return result.address;
}

function roleOn(account: Account, customerId: number): 'holder' | 'co_holder' | null {
  if (account.holderCustomerId === customerId) return 'holder';
  if (account.coHolderCustomerId === customerId) return 'co_holder';
  return null;
}

/** The accounts chosen, each of which both the customer and the requester hold or co-hold. */
async function chosenAccounts(
  db: DbOrTrx,
  customerId: number,
  requesterId: number,
  accountIds: readonly number[],
): Promise<Account[]> {
  const all = await accountsOfCustomer(db, customerId);
  if (accountIds.length === 0) {
    throw new DomainError('VALIDATION', 'Choose at least one account.', {
      fields: { accountIds: 'Choose at least one account' },
    });
  }
  const chosen = accountIds.map((a) => all.find((x) => x.id === a));
  if (chosen.some((a) => !a)) {
    throw new DomainError('VALIDATION', 'An account chosen is not this customer’s.', {
      fields: { accountIds: 'Not this customer’s account' },
    });
  }
  const accounts = chosen as Account[];
  if (accounts.some((a) => roleOn(a, requesterId) === null)) {
    throw new DomainError(
      'VALIDATION',
      'The requester must be the holder or co-holder of every account chosen.',
      {
        fields: { requesterCustomerId: 'Not a holder or co-holder of every account chosen' },
      },
    );
  }
  return accounts;
}

async function openCases(db: DbOrTrx, customerId: number, accountIds: readonly number[]) {
  const [disputes, messages] = await Promise.all([
    openCasesIn(db, 'dispute_cases', customerId, accountIds),
    openCasesIn(db, 'message_threads', customerId, accountIds),
  ]);
  return { disputes, messages };
}

async function computeRedFlags(
  ctx: Ctx,
  settings: Settings,
  input: {
    customerId: number;
    address: NormalizedAddress;
    failedBefore: number;
    excludeChangeId?: number;
  },
): Promise<RedFlag[]> {
  const day = await today(ctx, settings);
  const policy = settings.addressChanges;
  const since = addCalendarDays(
    day,
    -Math.max(policy.redFlagWindowDays, policy.payoffAfterChangeDays),
  );
  const [prior, requests, shared] = await Promise.all([
    priorChanges(ctx.db, input.customerId, since),
    customerRequests(ctx.db, input.customerId, since),
    otherCustomersAt(ctx.db, input.customerId, input.address, day),
  ]);
  return redFlagsForChange(
    {
      today: day,
      priorChanges: prior.filter((p) => p.id !== input.excludeChangeId),
      requests,
      failedAttemptsBeforePass: input.failedBefore,
      sharedWith: shared,
    },
    policy,
  );
}

function formatLetterDate(date: IsoDate, language: 'en' | 'fr'): string {
  return new Intl.DateTimeFormat(language === 'fr' ? 'fr-CA' : 'en-US', {
    dateStyle: 'long',
    timeZone: 'UTC',
  }).format(toUtcDate(date));
}

/**
 * Adds the new address to the customer's history (effective on the change's date, or today if
 * that has passed while it waited), marks the change applied and sends both letters.
 */
async function applyChange(
  ctx: Ctx,
  settings: Settings,
  change: AddressChange,
  fromStatuses: AddressChange['status'][],
  decision?: { reason: string },
) {
  const day = await today(ctx, settings);
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
  await updateAddressChange(ctx.db, change.id, fromStatuses, {
    status: 'applied',
    newAddressId: added.id,
    ...(decision && { decidedAt: at, decidedBy: ctx.user.id, decisionReason: decision.reason }),
  });
  const letters = await sendLetters(ctx, settings, { ...change, effectiveFrom }, day);
  return { addressId: added.id, effectiveFrom, letters };
}

async function sendLetters(ctx: Ctx, settings: Settings, change: AddressChange, day: IsoDate) {
  const customer = await requireCustomer(ctx.db, change.customerId);
  const accounts = (await accountsOfCustomer(ctx.db, change.customerId)).filter((a) =>
    change.accountIds.includes(a.id),
  );
  const old = change.oldAddressId
    ? await ctx.db
        .selectFrom('customer_addresses')
        .selectAll()
        .where('id', '=', change.oldAddressId)
        .executeTakeFirst()
    : undefined;
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
    const pdf = await renderAddressChangeLetter({
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
        newAddress: newLines.slice(1).join('\n'),
        lockboxes: lockboxes.join('; '),
        phone,
        lender: settings.identity.lenderName,
        changeId: change.id,
      },
      createdAt: ctx.now,
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

function publicCustomer(c: Customer) {
  // Never the date of birth or SSN digits: verification happens here, on the server.
  return { id: c.id, kind: c.kind, displayName: c.displayName, language: c.language };
}

function publicAddress(a: Address | null) {
  return (
    a && {
      id: a.id,
      line1: a.line1,
      line2: a.line2,
      city: a.city,
      region: a.region,
      postalCode: a.postalCode,
      country: a.country,
      effectiveFrom: a.effectiveFrom,
      effectiveTo: a.effectiveTo,
      source: a.source,
    }
  );
}

function emitChanged(ctx: Pick<Context, 'afterCommit' | 'deps'>, id?: number) {
  ctx.afterCommit(() => {
    ctx.deps.events.emit('changed', { area: 'addressChanges', id });
    ctx.deps.events.emit('changed', { area: 'customers', id });
  });
}

export const addressChangesRouter = router({
  /** Everything the intake screen needs about a customer (never the identity answers). */
  context: agentProcedure
    .input(z.strictObject({ customerId: id }))
    .query(async ({ ctx, input }) => {
      const settings = await readSettings(ctx.db);
      const day = await today(ctx, settings);
      const customer = await requireCustomer(ctx.db, input.customerId);
      const accounts = await accountsOfCustomer(ctx.db, customer.id);
      const holderIds = new Set(
        accounts.flatMap((a) => [
          a.holderCustomerId,
          ...(a.coHolderCustomerId ? [a.coHolderCustomerId] : []),
        ]),
      );
      const people = await ctx.db
        .selectFrom('customers')
        .select(['id', 'first_name', 'last_name', 'business_name'])
        .where('id', 'in', [...holderIds, customer.id])
        .execute();
      const lock = await verificationLock(ctx.db, customer.id);
      const locked = isLocked(lock, ctx.now);
      return {
        today: day,
        customer: publicCustomer(customer),
        currentAddress: publicAddress(await addressAsOf(ctx.db, customer.id, day)),
        history: (await addressHistory(ctx.db, customer.id)).map((a) => publicAddress(a)!),
        accounts: accounts.map((a) => ({
          id: a.id,
          accountNumber: a.accountNumber,
          type: a.type,
          status: a.status,
          vehicle: `${a.vehicle.year} ${a.vehicle.make} ${a.vehicle.model}`,
          role: roleOn(a, customer.id),
          holderCustomerId: a.holderCustomerId,
          coHolderCustomerId: a.coHolderCustomerId,
        })),
        people: people.map((p) => ({
          id: p.id,
          displayName: p.business_name ?? `${p.first_name} ${p.last_name}`,
        })),
        methods: methodsFor(customer.kind),
        lock: {
          locked,
          lockedUntil: locked ? lock.lockedUntil : null,
          attemptsLeft: locked
            ? 0
            : settings.addressChanges.maxFailedVerifications -
              (lock.lockedUntil ? 0 : lock.failedAttempts),
        },
        flags: await customerFlags(ctx.db, customer.id),
        changes: await changesOfCustomer(ctx.db, customer.id, 20),
        requests: await customerRequests(ctx.db, customer.id),
        verifications: (await recentVerifications(ctx.db, customer.id, 10)).map((v) => ({
          id: v.id,
          method: v.method,
          result: v.result,
          attemptedAt: v.attemptedAt,
        })),
      };
    }),

  /**
   * One verification attempt for the person on the line. Wrong answers still count (the
   * error commits the attempt); the third wrong one in a row locks verification for the
   * configured time and raises a flag on the customer. The answer never says which part was wrong.
   */
  verify: agentProcedure
    .input(
      z.strictObject({
        customerId: id,
        channel,
        method: z.enum(['dob_ssn_zip', 'dob_vin', 'vin']),
        dateOfBirth: z.string().max(20).nullish(),
        ssnLast4: z.string().max(10).nullish(),
        postalCode: z.string().max(20).nullish(),
        vin: z.string().max(30).nullish(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const settings = await readSettings(ctx.db);
      const policy = settings.addressChanges;
      const customer = await requireCustomer(ctx.db, input.customerId);
      if (!methodsFor(customer.kind).includes(input.method)) {
        throw new DomainError(
          'VALIDATION',
          customer.kind === 'business'
            ? 'A business customer is verified by VIN.'
            : 'Use date of birth with SSN and ZIP, or with the VIN.',
          {
            fields: { method: 'Not available for this customer' },
          },
        );
      }
      const missing = missingAnswers(input.method, input);
      if (Object.keys(missing).length > 0)
        throw new DomainError('VALIDATION', 'Some answers are missing.', { fields: missing });
      const at = ctx.now.toISOString();
      const day = localDateOf(ctx.now, settings.identity.timeZone);
      const state = await verificationLock(ctx.db, customer.id);
      const current = await addressAsOf(ctx.db, customer.id, day);
      const accounts = await accountsOfCustomer(ctx.db, customer.id);
      const matched = answersMatch(input.method, input, {
        kind: customer.kind,
        dateOfBirth: customer.dateOfBirth,
        ssnLast4: customer.ssnLast4,
        postalCode: current?.postalCode ?? null,
        vins: accounts.map((a) => a.vin),
      });
      const outcome = evaluateVerification(state, matched, ctx.now, policy);
      await saveVerificationLock(ctx.db, customer.id, outcome.next, at);
      const base = {
        customerId: customer.id,
        method: input.method,
        channel: input.channel,
        attemptedAt: at,
        attemptedBy: ctx.user.id,
      };
      const audit = (result: string, extra: Record<string, unknown> = {}) =>
        ctx.audit({
          action: `identity.verify.${result}`,
          entityType: 'customer',
          entityId: customer.id,
          after: { method: input.method, channel: input.channel, ...extra },
        });

      if (outcome.kind === 'locked') {
        await recordVerification(ctx.db, { ...base, result: 'locked', failedBefore: 0 });
        await audit('refused-locked', { lockedUntil: outcome.lockedUntil });
        emitChanged(ctx, customer.id);
        throw new DomainError(
          'LOCKED',
          `Verification is locked for this customer until ${outcome.lockedUntil}.`,
          {
            commit: true,
            detail: { lockedUntil: outcome.lockedUntil },
          },
        );
      }
      if (outcome.kind === 'failed' || outcome.kind === 'now-locked') {
        await recordVerification(ctx.db, { ...base, result: 'failed', failedBefore: 0 });
        await audit('failed');
        if (outcome.kind === 'now-locked') {
          await raiseCustomerFlag(
            ctx.db,
            {
              customerId: customer.id,
              kind: 'identity-verification-locked',
              note: `${policy.maxFailedVerifications} failed identity verifications in a row (address change); locked until ${outcome.lockedUntil}`,
              by: ctx.user.id,
            },
            at,
          );
          emitChanged(ctx, customer.id);
          throw new DomainError(
            'LOCKED',
            `Verification failed ${policy.maxFailedVerifications} times: locked for ${policy.lockMinutes} minutes. A flag was raised on the customer.`,
            {
              commit: true,
              detail: { lockedUntil: outcome.lockedUntil },
            },
          );
        }
        emitChanged(ctx, customer.id);
        throw new DomainError(
          'VALIDATION',
          `The answers do not match our records. ${outcome.attemptsLeft} attempt(s) left.`,
          {
            commit: true,
            detail: { attemptsLeft: outcome.attemptsLeft },
          },
        );
      }
      // Failures since the last pass, within the look-back: the failed-then-passed red flag.
      const lookback = new Date(
        ctx.now.getTime() - policy.failedVerificationLookbackHours * 3_600_000,
      ).toISOString();
      const lastPass = await lastPassBefore(ctx.db, customer.id, at);
      const failedBefore = await failedVerificationsSince(
        ctx.db,
        customer.id,
        lastPass && lastPass > lookback ? lastPass : lookback,
      );
      const record = await recordVerification(ctx.db, { ...base, result: 'passed', failedBefore });
      await audit('passed', { verificationId: record.id, failedBefore });
      emitChanged(ctx, customer.id);
      return {
        verificationId: record.id,
        method: record.method,
        result: 'passed' as const,
        failedBefore,
        attemptedAt: at,
      };
    }),

  /** The normalised form of an address as the agent types it (live preview; never throws for bad input). */
  normalize: agentProcedure
    .input(z.strictObject({ address: addressInput }))
    .query(({ input }) => normalizeAddress(input.address)),

  /** Effects and red flags of a change before it is submitted. */
  preview: agentProcedure
    .input(
      z.strictObject({
        customerId: id,
        requesterCustomerId: id.optional(),
        accountIds: z.array(id).max(20),
        address: addressInput,
        verificationId: id.optional(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const settings = await readSettings(ctx.db);
      const day = await today(ctx, settings);
      const address = normalizedOrThrow(input.address);
      const all = await accountsOfCustomer(ctx.db, input.customerId);
      const accounts =
        input.accountIds.length > 0 ? all.filter((a) => input.accountIds.includes(a.id)) : all;
      const current = await addressAsOf(ctx.db, input.customerId, day);
      const open = await openCases(
        ctx.db,
        input.customerId,
        accounts.map((a) => a.id),
      );
      const verification = input.verificationId
        ? await findVerification(ctx.db, input.verificationId)
        : null;
      const effects = addressEffects(current, address, accounts, settings, open);
      const redFlags = await computeRedFlags(ctx, settings, {
        customerId: input.customerId,
        address,
        // Only this call's requester's verification counts (an id typed in reaches no one else's).
        failedBefore:
          verification?.result === 'passed' &&
          verification.customerId === (input.requesterCustomerId ?? input.customerId)
            ? verification.failedBefore
            : 0,
      });
      const currentNormalized = current ? normalizeAddress(current) : null;
      const sameAsCurrent =
        currentNormalized?.ok === true &&
        addressKey(currentNormalized.address) === addressKey(address);
      return {
        address,
        currentAddress: publicAddress(current),
        effects,
        redFlags,
        needsApproval: redFlags.length > 0,
        sameAsCurrent,
      };
    }),

  /**
   * Takes the change: verified requester, normalised address, effective date. With no red
   * flag it applies at once (letters to both addresses); otherwise it waits for a supervisor.
   */
  submit: agentProcedure
    .input(
      z.strictObject({
        customerId: id,
        requesterCustomerId: id,
        verificationId: id,
        channel,
        accountIds: z.array(id).min(1, 'Choose at least one account').max(20),
        address: addressInput,
        effectiveFrom: isoDate,
        reason,
        fromThreadId: id.optional(),
        idempotencyKey,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const settings = await readSettings(ctx.db);
      const day = await today(ctx, settings);
      const address = normalizedOrThrow(input.address);
      if (input.effectiveFrom < day) {
        throw new DomainError('VALIDATION', 'The effective date cannot be in the past.', {
          fields: { effectiveFrom: `On or after ${day}` },
        });
      }
      if (input.effectiveFrom > addCalendarDays(day, MAX_FUTURE_DAYS)) {
        throw new DomainError('VALIDATION', `At most ${MAX_FUTURE_DAYS} days ahead.`, {
          fields: { effectiveFrom: `At most ${MAX_FUTURE_DAYS} days ahead` },
        });
      }
      const customer = await requireCustomer(ctx.db, input.customerId);
      const accounts = await chosenAccounts(
        ctx.db,
        customer.id,
        input.requesterCustomerId,
        input.accountIds,
      );
      if (input.fromThreadId)
        await requireHandOffThread(ctx.db, input.fromThreadId, [
          customer.id,
          input.requesterCustomerId,
        ]);
      const verification = await findVerification(ctx.db, input.verificationId);
      const validFor = settings.addressChanges.verificationValidMinutes * 60_000;
      if (
        !verification ||
        verification.result !== 'passed' ||
        verification.customerId !== input.requesterCustomerId ||
        ctx.now.getTime() - new Date(verification.attemptedAt).getTime() > validFor
      ) {
        throw new DomainError(
          'PRECONDITION',
          'Verify the requester’s identity first (a passed verification from this call).',
          {
            fields: { verificationId: 'Verify identity first' },
          },
        );
      }
      if (await verificationUsed(ctx.db, verification.id)) {
        throw new DomainError(
          'CONFLICT',
          'This verification was already used for another change. Verify again.',
        );
      }
      const current = await addressAsOf(ctx.db, customer.id, day);
      const redFlags = await computeRedFlags(ctx, settings, {
        customerId: customer.id,
        address,
        failedBefore: verification.failedBefore,
      });
      const requesterRole = roleOn(accounts[0]!, input.requesterCustomerId) ?? 'holder';
      const change = await insertAddressChange(
        ctx.db,
        {
          customerId: customer.id,
          channel: input.channel,
          requesterCustomerId: input.requesterCustomerId,
          requesterRole,
          verificationId: verification.id,
          oldAddressId: current?.id ?? null,
          address,
          effectiveFrom: input.effectiveFrom,
          reason: input.reason,
          status: 'pending_approval',
          redFlags,
          fromThreadId: input.fromThreadId ?? null,
          requestedOn: day,
          createdBy: ctx.user.id,
          accountIds: accounts.map((a) => a.id),
        },
        ctx.now.toISOString(),
      );
      if (input.fromThreadId) {
        await linkThread(ctx.db, {
          threadId: input.fromThreadId,
          targetType: 'address_change',
          targetId: change.id,
          at: ctx.now.toISOString(),
        });
      }
      await ctx.audit({
        action: 'address-change.submit',
        entityType: 'address_change',
        entityId: change.id,
        before: current && publicAddress(current),
        after: {
          address,
          effectiveFrom: input.effectiveFrom,
          accounts: change.accountIds,
          redFlags: redFlags.map((f) => f.kind),
        },
        reason: input.reason,
      });
      let applied: Awaited<ReturnType<typeof applyChange>> | null = null;
      if (redFlags.length === 0) {
        applied = await applyChange(ctx, settings, change, ['pending_approval']);
        await ctx.audit({
          action: 'address-change.apply',
          entityType: 'address_change',
          entityId: change.id,
          after: {
            addressId: applied.addressId,
            effectiveFrom: applied.effectiveFrom,
            letters: applied.letters.map((l) => l.recipient),
          },
        });
      }
      emitChanged(ctx, change.id);
      return {
        id: change.id,
        status: applied ? ('applied' as const) : ('pending_approval' as const),
        redFlags,
        letters: applied?.letters ?? [],
        effectiveFrom: applied?.effectiveFrom ?? input.effectiveFrom,
      };
    }),

  /** One change with its accounts, old and new address, letters and decision. */
  get: agentProcedure.input(z.strictObject({ id })).query(async ({ ctx, input }) => {
    const change = await requireAddressChange(ctx.db, input.id);
    const customer = await requireCustomer(ctx.db, change.customerId);
    const old = change.oldAddressId
      ? await ctx.db
          .selectFrom('customer_addresses')
          .selectAll()
          .where('id', '=', change.oldAddressId)
          .executeTakeFirst()
      : undefined;
    const users = await ctx.db
      .selectFrom('users')
      .select(['id', 'display_name'])
      .where('id', 'in', [change.createdBy ?? 0, change.decidedBy ?? 0])
      .execute();
    const name = (uid: number | null) => users.find((u) => u.id === uid)?.display_name ?? null;
    return {
      ...change,
      customer: publicCustomer(customer),
      oldAddress: old
        ? {
            line1: old.line1,
            line2: old.line2,
            city: old.city,
            region: old.region,
            postalCode: old.postal_code,
            country: old.country,
          }
        : null,
      letters: await lettersOfChange(ctx.db, change.id),
      createdByName: name(change.createdBy),
      decidedByName: name(change.decidedBy),
      today: await today(ctx),
    };
  }),

  /** The supervisor's queue: changes waiting for approval or sent back for review, with WHY. */
  queue: supervisorProcedure.input(z.strictObject({}).optional()).query(async ({ ctx }) => {
    const changes = await approvalQueue(ctx.db);
    const customerIds = [...new Set(changes.map((c) => c.customerId))];
    const userIds = [...new Set(changes.map((c) => c.createdBy ?? 0))];
    const [customers, users, olds] = await Promise.all([
      customerIds.length
        ? ctx.db
            .selectFrom('customers')
            .select(['id', 'first_name', 'last_name', 'business_name'])
            .where('id', 'in', customerIds)
            .execute()
        : [],
      ctx.db
        .selectFrom('users')
        .select(['id', 'display_name'])
        .where('id', 'in', userIds)
        .execute(),
      changes.some((c) => c.oldAddressId)
        ? ctx.db
            .selectFrom('customer_addresses')
            .selectAll()
            .where(
              'id',
              'in',
              changes.flatMap((c) => (c.oldAddressId ? [c.oldAddressId] : [])),
            )
            .execute()
        : [],
    ]);
    return changes.map((c) => {
      const cust = customers.find((x) => x.id === c.customerId);
      const old = olds.find((o) => o.id === c.oldAddressId);
      return {
        ...c,
        customerName: cust
          ? (cust.business_name ?? `${cust.first_name} ${cust.last_name}`)
          : `#${c.customerId}`,
        makerName: users.find((u) => u.id === c.createdBy)?.display_name ?? null,
        mine: c.createdBy === ctx.user.id,
        oldAddress: old
          ? {
              line1: old.line1,
              line2: old.line2,
              city: old.city,
              region: old.region,
              postalCode: old.postal_code,
              country: old.country,
            }
          : null,
      };
    });
  }),

  /** Checker approves: a waiting change applies (letters sent); a reviewed one stands. */
  approve: supervisorProcedure
    .input(z.strictObject({ id, reason, idempotencyKey }))
    .mutation(async ({ ctx, input }) => {
      const settings = await readSettings(ctx.db);
      const change = await requireAddressChange(ctx.db, input.id);
      const refusal = checkerRefusal(change.createdBy, ctx.user.id, 'approve');
      if (refusal) throw new DomainError('FORBIDDEN', refusal);
      if (change.status === 'pending_approval') {
        const applied = await applyChange(ctx, settings, change, ['pending_approval'], {
          reason: input.reason,
        });
        await ctx.audit({
          action: 'address-change.approve',
          entityType: 'address_change',
          entityId: change.id,
          before: { status: change.status },
          after: {
            status: 'applied',
            addressId: applied.addressId,
            effectiveFrom: applied.effectiveFrom,
          },
          reason: input.reason,
        });
      } else if (change.status === 'in_review') {
        const at = ctx.now.toISOString();
        await updateAddressChange(ctx.db, change.id, ['in_review'], {
          status: 'applied',
          decidedAt: at,
          decidedBy: ctx.user.id,
          decisionReason: input.reason,
        });
        await ctx.audit({
          action: 'address-change.review-confirm',
          entityType: 'address_change',
          entityId: change.id,
          before: { status: change.status },
          after: { status: 'applied' },
          reason: input.reason,
        });
      } else {
        throw new DomainError('CONFLICT', 'This change is not waiting for a decision.');
      }
      emitChanged(ctx, change.id);
      return { ok: true as const };
    }),

  /** Checker rejects: a waiting change never applies; a reviewed one is reverted (old address restored). */
  reject: supervisorProcedure
    .input(z.strictObject({ id, reason }))
    .mutation(async ({ ctx, input }) => {
      const settings = await readSettings(ctx.db);
      const day = await today(ctx, settings);
      const change = await requireAddressChange(ctx.db, input.id);
      const refusal = checkerRefusal(change.createdBy, ctx.user.id, 'reject');
      if (refusal) throw new DomainError('FORBIDDEN', refusal);
      const at = ctx.now.toISOString();
      if (change.status === 'pending_approval') {
        await updateAddressChange(ctx.db, change.id, ['pending_approval'], {
          status: 'rejected',
          decidedAt: at,
          decidedBy: ctx.user.id,
          decisionReason: input.reason,
        });
        await ctx.audit({
          action: 'address-change.reject',
          entityType: 'address_change',
          entityId: change.id,
          before: { status: change.status },
          after: { status: 'rejected' },
          reason: input.reason,
        });
      } else if (change.status === 'in_review') {
        const old = change.oldAddressId
          ? await ctx.db
              .selectFrom('customer_addresses')
              .selectAll()
              .where('id', '=', change.oldAddressId)
              .executeTakeFirst()
          : undefined;
        if (!old) throw new DomainError('PRECONDITION', 'There is no earlier address to restore.');
        // History is never rewritten: the old address comes back as a new row.
        const restored = await addAddress(
          ctx.db,
          {
            customerId: change.customerId,
            line1: old.line1,
            line2: old.line2,
            city: old.city,
            region: old.region,
            postalCode: old.postal_code,
            country: old.country,
            effectiveFrom: change.effectiveFrom > day ? change.effectiveFrom : day,
            source: 'address-change-reverted',
            createdBy: ctx.user.id,
          },
          at,
        );
        await updateAddressChange(ctx.db, change.id, ['in_review'], {
          status: 'reverted',
          restoredAddressId: restored.id,
          decidedAt: at,
          decidedBy: ctx.user.id,
          decisionReason: input.reason,
        });
        await ctx.audit({
          action: 'address-change.revert',
          entityType: 'address_change',
          entityId: change.id,
          before: { status: change.status },
          after: { status: 'reverted', restoredAddressId: restored.id },
          reason: input.reason,
        });
      } else {
        throw new DomainError('CONFLICT', 'This change is not waiting for a decision.');
      }
      emitChanged(ctx, change.id);
      return { ok: true as const };
    }),

  /**
   * Records a payoff or title request. One that follows a recent address change is the
   * classic takeover pattern: that change gets a red flag and goes (back) to a supervisor.
   */
  recordRequest: agentProcedure
    .input(
      z.strictObject({
        customerId: id,
        accountId: id.optional(),
        kind: z.enum(['payoff', 'title']),
        channel,
        note: z.string().trim().max(500).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const settings = await readSettings(ctx.db);
      const day = await today(ctx, settings);
      const at = ctx.now.toISOString();
      const customer = await requireCustomer(ctx.db, input.customerId);
      if (
        input.accountId &&
        !(await accountsOfCustomer(ctx.db, customer.id)).some((a) => a.id === input.accountId)
      ) {
        throw new DomainError('VALIDATION', 'Not this customer’s account.', {
          fields: { accountId: 'Not this customer’s account' },
        });
      }
      const request = await insertCustomerRequest(ctx.db, {
        customerId: customer.id,
        accountId: input.accountId ?? null,
        kind: input.kind,
        channel: input.channel,
        note: input.note ?? null,
        requestedOn: day,
        createdAt: at,
        createdBy: ctx.user.id,
      });
      const policy = settings.addressChanges;
      const recent = (
        await priorChanges(ctx.db, customer.id, addCalendarDays(day, -policy.payoffAfterChangeDays))
      ).filter((c) => c.status === 'applied' || c.status === 'pending_approval');
      const suspected = changesSuspectedByRequest(day, recent, policy);
      for (const changeId of suspected) {
        const change = await requireAddressChange(ctx.db, changeId);
        const flag: RedFlag = {
          kind: 'payoff-or-title-request',
          detail: `A ${input.kind} request on ${day}, ${Math.max(0, Math.round((toUtcDate(day).getTime() - toUtcDate(change.requestedOn).getTime()) / 86_400_000))} day(s) after this change`,
          facts: { requestKind: input.kind, on: day, windowDays: policy.payoffAfterChangeDays },
        };
        const flags = [
          ...change.redFlags.filter((f) => f.kind !== 'payoff-or-title-request'),
          flag,
        ];
        await updateAddressChange(ctx.db, change.id, [change.status], {
          redFlags: flags,
          ...(change.status === 'applied' && { status: 'in_review' as const }),
        });
        await ctx.audit({
          action: 'address-change.flag',
          entityType: 'address_change',
          entityId: change.id,
          before: { status: change.status },
          after: {
            status: change.status === 'applied' ? 'in_review' : change.status,
            flag: flag.kind,
          },
          reason: flag.detail,
        });
      }
      if (suspected.length > 0) {
        await raiseCustomerFlag(
          ctx.db,
          {
            customerId: customer.id,
            kind: 'address-change-review',
            note: `${input.kind} request shortly after an address change: hold documents until a supervisor reviews change #${suspected.join(', #')}`,
            by: ctx.user.id,
          },
          at,
        );
      }
      await ctx.audit({
        action: `customer-request.${input.kind}`,
        entityType: 'customer',
        entityId: customer.id,
        after: {
          requestId: request.id,
          accountId: request.accountId,
          channel: input.channel,
          suspectedChanges: suspected,
        },
      });
      emitChanged(ctx, customer.id);
      return { request, suspectedChanges: suspected };
    }),

  /** A letter's PDF (base64) for viewing or printing. */
  letterPdf: agentProcedure
    .input(z.strictObject({ letterId: id }))
    .query(async ({ ctx, input }) => {
      const letter = await letterPdf(ctx.db, input.letterId);
      if (!letter) throw new DomainError('NOT_FOUND', 'No such letter.');
      if (!letter.pdf)
        throw new DomainError(
          'NOT_FOUND',
          'This letter was recorded without a stored copy (demo data).',
        );
      return {
        filename: `address-change-${letter.changeId}-${letter.recipient}-${letter.language}.pdf`,
        base64: Buffer.from(letter.pdf).toString('base64'),
      };
    }),
});
