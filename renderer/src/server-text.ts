import { useTranslation } from 'react-i18next';
import { userText, type UserText } from '../../server/domain/shared/server-messages.ts';
import { translator } from './trpc.ts';

/**
 * Text the server built (a gate reason, a clock explanation, a timeline event): a message key
 * with parameters shown in the user's language; plain text shown as it is.
 *
 * @example const text = useServerText(); <Alert>{text(v.blockers[0])}</Alert>
 */
export function useServerText(): (text: UserText | null | undefined) => string {
  // Re-render on a language change.
  useTranslation();
  return (text) => (text == null ? '' : userText(text, translator));
}
