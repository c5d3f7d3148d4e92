import { lockboxFor, returnedPaymentFee, type Lockbox, type Settings } from './lender-config.ts';

/**
 * What an address change does besides moving the mail (SPEC 5), computed before it is applied
 * so the agent can tell the customer: the returned-payment fee of the new state or province,
 * whether the Massachusetts dispute rule starts or stops applying, the lease registration and
 * tax notice when a leased car changes state, and the lockbox P.O. box each account now pays to.
 * Pure: the router loads accounts, settings and open cases and passes them in.
 */

export interface EffectsAddress {
  region: string;
  country: 'US' | 'CA';
}

export interface EffectsAccount {
  id: number;
  accountNumber: string;
  type: 'lease' | 'loan';
  status: string;
}

export interface OpenCase {
  id: number;
  label: string;
}

export interface LockboxEffect {
  accountId: number;
  accountNumber: string;
  accountType: 'lease' | 'loan';
  before: Lockbox | null;
  after: Lockbox;
  changed: boolean;
}

export interface AddressEffects {
  regionChanged: boolean;
  countryChanged: boolean;
  fromRegion: string | null;
  toRegion: string;
  fee: { beforeCents: number | null; afterCents: number; changed: boolean };
  /** The Massachusetts rule for disputes applies to residents of MA. */
  massachusettsRule: { before: boolean; after: boolean; change: 'starts' | 'stops' | 'none' };
  /** Lease accounts whose car must be registered (and taxed) in the new state or province. */
  leaseNotices: Array<{
    accountId: number;
    accountNumber: string;
    fromRegion: string | null;
    toRegion: string;
  }>;
  lockboxes: LockboxEffect[];
  openDisputes: OpenCase[];
  openMessages: OpenCase[];
}

/** True where the Massachusetts dispute rule applies. */
export function massachusettsRuleApplies(region: string | null): boolean {
  return region?.toUpperCase() === 'MA';
}

/**
 * @example
 * addressEffects({ region: 'NY', country: 'US' }, { region: 'MA', country: 'US' }, accounts, settings)
 * // fee 2000 → 1000, Massachusetts rule starts, lease notices for each active lease, ...
 */
export function addressEffects(
  from: EffectsAddress | null,
  to: EffectsAddress,
  accounts: readonly EffectsAccount[],
  settings: Pick<Settings, 'returnedPaymentFees' | 'lockboxes' | 'leaseLockboxRegions'>,
  open: { disputes?: readonly OpenCase[]; messages?: readonly OpenCase[] } = {},
): AddressEffects {
  const fromRegion = from?.region.toUpperCase() ?? null;
  const toRegion = to.region.toUpperCase();
  const regionChanged = fromRegion !== toRegion;
  const beforeFee = fromRegion
    ? returnedPaymentFee(settings.returnedPaymentFees, fromRegion)
    : null;
  const afterFee = returnedPaymentFee(settings.returnedPaymentFees, toRegion);
  const maBefore = massachusettsRuleApplies(fromRegion);
  const maAfter = massachusettsRuleApplies(toRegion);
  const live = accounts.filter((a) => a.status === 'active');
  return {
    regionChanged,
    countryChanged: from !== null && from.country !== to.country,
    fromRegion,
    toRegion,
    fee: { beforeCents: beforeFee, afterCents: afterFee, changed: beforeFee !== afterFee },
    massachusettsRule: {
      before: maBefore,
      after: maAfter,
      change: maBefore === maAfter ? 'none' : maAfter ? 'starts' : 'stops',
    },
    leaseNotices: regionChanged
      ? live
          .filter((a) => a.type === 'lease')
          .map((a) => ({ accountId: a.id, accountNumber: a.accountNumber, fromRegion, toRegion }))
      : [],
    lockboxes: live.map((a) => {
      const before = fromRegion ? lockboxFor(settings, a.type, fromRegion) : null;
      const after = lockboxFor(settings, a.type, toRegion);
      return {
        accountId: a.id,
        accountNumber: a.accountNumber,
        accountType: a.type,
        before,
        after,
        changed: before?.id !== after.id,
      };
    }),
    openDisputes: [...(open.disputes ?? [])],
    openMessages: [...(open.messages ?? [])],
  };
}
