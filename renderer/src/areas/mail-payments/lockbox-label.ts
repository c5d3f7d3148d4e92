import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../trpc.ts';

/**
 * A lockbox as people know it ("P.O. BOX 78103 · Phoenix (lease)"), never its configuration
 * id ("lease-phoenix"); the id only while the configuration loads.
 */
export function useLockboxLabel(): (id: string) => string {
  const { t } = useTranslation('mailPayments');
  const trpc = useTRPC();
  const config = useQuery({ ...trpc.mailPayments.config.queryOptions({}), staleTime: 300_000 });
  return (id: string) => {
    const l = config.data?.lockboxes.find((x) => x.id === id);
    return l ? `${l.poBox} · ${l.city} (${t(`type.${l.accountType}`)})` : id;
  };
}
