/**
 * Canned replies: short, approved answers in English and French with placeholders the desk
 * fills from the thread's customer and account. An unknown or unavailable placeholder is left
 * visible (`{amountDue}`) so the agent sees what still needs typing, never a silent blank.
 */
export const PLACEHOLDERS = [
  'customerName',
  'accountNumber',
  'amountDue',
  'agentName',
  'lenderName',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type PlaceholderValues = Partial<Record<Placeholder, string | null>>;

export interface CannedReply {
  id: string;
  title: { en: string; fr: string };
  body: { en: string; fr: string };
  /** Topics it fits best (listed first for them); empty: any topic. */
  topics: readonly string[];
}

export const CANNED_REPLIES: readonly CannedReply[] = [
  {
    id: 'acknowledge',
    title: { en: 'Acknowledge and investigate', fr: 'Accusé de réception' },
    body: {
      en: 'Hello {customerName},\n\nThank you for your message about account {accountNumber}. We are looking into it and will get back to you within one business day.\n\nKind regards,\n{agentName}\n{lenderName}',
      fr: 'Bonjour {customerName},\n\nMerci de votre message concernant le compte {accountNumber}. Nous examinons votre demande et vous répondrons d’ici un jour ouvrable.\n\nCordialement,\n{agentName}\n{lenderName}',
    },
    topics: [],
  },
  {
    id: 'amount-due',
    title: { en: 'Amount due', fr: 'Montant dû' },
    body: {
      en: 'Hello {customerName},\n\nThe amount due on account {accountNumber} is {amountDue}. You can pay it online, by EasyPay or by mail to the lockbox shown on your statement.\n\nKind regards,\n{agentName}',
      fr: 'Bonjour {customerName},\n\nLe montant dû sur le compte {accountNumber} est de {amountDue}. Vous pouvez le payer en ligne, par EasyPay ou par la poste à l’adresse indiquée sur votre relevé.\n\nCordialement,\n{agentName}',
    },
    topics: ['payments-easypay', 'payoff-lease-end'],
  },
  {
    id: 'easypay-change',
    title: { en: 'EasyPay change received', fr: 'Modification EasyPay reçue' },
    body: {
      en: 'Hello {customerName},\n\nWe have received your EasyPay request for account {accountNumber}. Changes take effect from the next withdrawal that is at least three business days away.\n\nKind regards,\n{agentName}',
      fr: 'Bonjour {customerName},\n\nNous avons bien reçu votre demande EasyPay pour le compte {accountNumber}. Les modifications s’appliquent au prochain prélèvement prévu dans au moins trois jours ouvrables.\n\nCordialement,\n{agentName}',
    },
    topics: ['payments-easypay'],
  },
  {
    id: 'payoff-quote',
    title: { en: 'Payoff quote', fr: 'Solde de remboursement' },
    body: {
      en: 'Hello {customerName},\n\nYour payoff quote for account {accountNumber} is available in your Message Center under Documents. It is valid for 10 days.\n\nKind regards,\n{agentName}',
      fr: 'Bonjour {customerName},\n\nLe solde de remboursement du compte {accountNumber} est disponible dans votre centre de messagerie, sous Documents. Il est valable 10 jours.\n\nCordialement,\n{agentName}',
    },
    topics: ['payoff-lease-end'],
  },
  {
    id: 'statement-sent',
    title: { en: 'Statement attached', fr: 'Relevé joint' },
    body: {
      en: 'Hello {customerName},\n\nPlease find the requested statement for account {accountNumber} attached.\n\nKind regards,\n{agentName}',
      fr: 'Bonjour {customerName},\n\nVous trouverez ci-joint le relevé demandé pour le compte {accountNumber}.\n\nCordialement,\n{agentName}',
    },
    topics: ['statements-documents'],
  },
  {
    id: 'address-received',
    title: { en: 'Address change: next steps', fr: 'Changement d’adresse : étapes' },
    body: {
      en: 'Hello {customerName},\n\nWe have started the address change for account {accountNumber}. You will receive a confirmation by mail at the new address.\n\nKind regards,\n{agentName}',
      fr: 'Bonjour {customerName},\n\nNous avons commencé le changement d’adresse du compte {accountNumber}. Vous recevrez une confirmation par la poste à la nouvelle adresse.\n\nCordialement,\n{agentName}',
    },
    topics: ['address-contact'],
  },
  {
    id: 'dispute-opened',
    title: { en: 'Dispute opened', fr: 'Contestation ouverte' },
    body: {
      en: 'Hello {customerName},\n\nWe have opened an investigation into the transaction you reported on account {accountNumber}. We will write to you with the outcome.\n\nKind regards,\n{agentName}',
      fr: 'Bonjour {customerName},\n\nNous avons ouvert une enquête sur l’opération signalée sur le compte {accountNumber}. Nous vous écrirons pour vous en communiquer le résultat.\n\nCordialement,\n{agentName}',
    },
    topics: ['erroneous-transaction'],
  },
  {
    id: 'need-more-info',
    title: { en: 'Need more information', fr: 'Renseignements supplémentaires' },
    body: {
      en: 'Hello {customerName},\n\nTo help with your request on account {accountNumber}, could you reply with a few more details (dates, amounts, and a document if you have one)?\n\nKind regards,\n{agentName}',
      fr: 'Bonjour {customerName},\n\nAfin de traiter votre demande concernant le compte {accountNumber}, pourriez-vous nous répondre avec quelques précisions (dates, montants et un document si vous en avez un)?\n\nCordialement,\n{agentName}',
    },
    topics: [],
  },
];

/**
 * Replaces `{placeholder}` with its value; unknown names and missing values stay as written.
 *
 * @example fillPlaceholders('Hi {customerName}', { customerName: 'Ann Lee' }) // { text: 'Hi Ann Lee', missing: [] }
 */
export function fillPlaceholders(
  template: string,
  values: PlaceholderValues,
): { text: string; missing: string[] } {
  const missing: string[] = [];
  const text = template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = (PLACEHOLDERS as readonly string[]).includes(name)
      ? values[name as Placeholder]
      : undefined;
    if (value === undefined || value === null || value === '') {
      if (!missing.includes(name)) missing.push(name);
      return whole;
    }
    return value;
  });
  return { text, missing };
}

/** Replies for a topic, those made for it first. */
export function cannedRepliesFor(topic: string | null): CannedReply[] {
  const fits = (r: CannedReply) =>
    topic !== null && r.topics.includes(topic) ? 0 : r.topics.length === 0 ? 1 : 2;
  return [...CANNED_REPLIES].sort((a, b) => fits(a) - fits(b));
}
