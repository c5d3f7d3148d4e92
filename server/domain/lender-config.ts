import {
  settingSchemas,
  type Lockbox,
  type SettingKey,
  type Settings,
} from './shared/lender-config.ts';

/** The schemas live in server/domain/shared/ so the admin forms validate with the very same rules. */
export {
  lockboxSchema,
  settingKeys,
  settingSchemas,
  type Lockbox,
  type SettingKey,
  type Settings,
} from './shared/lender-config.ts';

/** Validates one setting value; throws a ZodError naming the bad field. */
export function parseSetting<K extends SettingKey>(key: K, value: unknown): Settings[K] {
  return settingSchemas[key].parse(value) as Settings[K];
}

/** The returned-payment fee (cents) for a state or province. */
export function returnedPaymentFee(fees: Settings['returnedPaymentFees'], region: string): number {
  return fees.byRegion[region.toUpperCase()] ?? fees.default;
}

/** The lockbox a customer mails to, by account type and state/province of residence. */
export function lockboxFor(
  settings: Pick<Settings, 'lockboxes' | 'leaseLockboxRegions'>,
  accountType: 'lease' | 'loan',
  region: string,
): Lockbox {
  const candidates = settings.lockboxes.filter((l) => l.accountType === accountType);
  const side = settings.leaseLockboxRegions.west.includes(region.toUpperCase()) ? 'west' : 'east';
  const found =
    candidates.find((l) => l.serves === side) ??
    candidates.find((l) => l.serves === 'all') ??
    candidates[0];
  if (!found) throw new Error(`No lockbox configured for ${accountType} accounts`);
  return found;
}
