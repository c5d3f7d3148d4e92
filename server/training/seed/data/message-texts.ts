/**
 * What customers write in the Secure Message Center, per topic, in English and French
 * (Canadian French for the Québec customers), modelled on real lender FAQs: EasyPay dates,
 * payoff quotes, lease-end inspections, statements, address changes, mileage, insurance and
 * title, and erroneous transactions. Also the follow-ups customers send and what agents
 * answer, for threads already in progress. Used by the demo-data generator and the training
 * simulator. `{amount}` and `{day}` are filled in by the generator.
 */
export type TopicTexts = { en: readonly string[]; fr: readonly string[] };

export const CUSTOMER_OPENERS: Readonly<Record<string, TopicTexts>> = {
  'payments-easypay': {
    en: [
      'Hi, I enrolled in EasyPay last month but I still see a payment due on my account. Will the withdrawal happen automatically on the {day}?',
      'I changed banks. How do I update the account EasyPay withdraws from? My next payment is due on the {day}.',
      'Can I move my payment date to the {day}? My pay schedule changed and the current date does not work anymore.',
      'I made a payment of {amount} online yesterday but it does not show yet. Did you receive it?',
      'Please cancel EasyPay on my account. I would rather pay each month myself.',
      'I was charged twice this month for {amount}. Can you check and refund one of them?',
      'Can I make an extra payment of {amount} toward principal without changing my EasyPay schedule?',
    ],
    fr: [
      'Bonjour, je suis inscrit à EasyPay depuis le mois dernier mais un paiement apparaît encore comme dû. Le prélèvement se fera-t-il automatiquement le {day}?',
      'J’ai changé de banque. Comment modifier le compte utilisé par EasyPay? Mon prochain paiement est prévu le {day}.',
      'Est-il possible de déplacer ma date de paiement au {day}? Mon horaire de paie a changé.',
      'J’ai fait un paiement de {amount} en ligne hier, mais il n’apparaît pas encore. L’avez-vous reçu?',
      'Veuillez annuler EasyPay sur mon compte. Je préfère payer moi-même chaque mois.',
      'J’ai été prélevé deux fois ce mois-ci ({amount}). Pouvez-vous vérifier et rembourser un des deux?',
    ],
  },
  'payoff-lease-end': {
    en: [
      'My lease ends in three months. What are my options, and how do I schedule the end-of-lease inspection?',
      'Could you send me a payoff quote valid until the {day}? I am selling the car to a private buyer.',
      'I would like to buy my leased vehicle at the end of the term. What is the purchase price including taxes?',
      'I want to pay off my loan early. Is there a penalty, and where do I send the {amount}?',
      'The dealer says they will pay off my lease as part of a trade-in. Do you need anything from me?',
    ],
    fr: [
      'Ma location se termine dans trois mois. Quelles sont mes options et comment planifier l’inspection de fin de location?',
      'Pourriez-vous m’envoyer un solde de remboursement valable jusqu’au {day}? Je vends la voiture à un particulier.',
      'J’aimerais acheter mon véhicule loué à la fin du terme. Quel est le prix d’achat, taxes incluses?',
      'Je veux rembourser mon prêt par anticipation. Y a-t-il une pénalité et où envoyer les {amount}?',
    ],
  },
  'statements-documents': {
    en: [
      'I need a copy of my last three statements for my accountant. Can you send them here?',
      'Can I get a letter confirming my account is in good standing? My landlord is asking for it.',
      'Where can I find my year-end interest statement for my taxes?',
      'Please send me a copy of my signed contract. I cannot find mine.',
      'I attached the form my bank asked you to complete. Could you fill it in and send it back?',
    ],
    fr: [
      'J’ai besoin d’une copie de mes trois derniers relevés pour mon comptable. Pouvez-vous me les envoyer ici?',
      'Pourrais-je obtenir une lettre confirmant que mon compte est en règle? Mon propriétaire la demande.',
      'Où trouver mon relevé d’intérêts de fin d’année pour mes impôts?',
      'Veuillez m’envoyer une copie de mon contrat signé. Je ne trouve plus le mien.',
    ],
  },
  'address-contact': {
    en: [
      'I moved last week. Please update my mailing address; my new lease on the apartment is attached.',
      'My statements are still going to my old address even though I called about it. Can you fix this?',
      'Please update my phone number and e-mail address on the account.',
      'I am moving to another state next month. What do I need to do about registration and my address with you?',
    ],
    fr: [
      'J’ai déménagé la semaine dernière. Veuillez mettre à jour mon adresse postale; mon nouveau bail est joint.',
      'Mes relevés arrivent encore à mon ancienne adresse malgré mon appel. Pouvez-vous corriger cela?',
      'Veuillez mettre à jour mon numéro de téléphone et mon adresse courriel.',
      'Je déménage dans une autre province le mois prochain. Que dois-je faire pour l’immatriculation et mon adresse?',
    ],
  },
  'lease-mileage': {
    en: [
      'I think I will go over my mileage allowance. Can I buy extra miles now at a lower rate?',
      'How is excess mileage charged at lease end, and what is the rate per mile on my contract?',
      'The odometer reading on my last statement looks wrong. My car shows fewer miles.',
    ],
    fr: [
      'Je crois que je vais dépasser mon kilométrage. Puis-je acheter des kilomètres supplémentaires maintenant?',
      'Comment le kilométrage excédentaire est-il facturé à la fin de la location, et à quel tarif?',
      'Le kilométrage indiqué sur mon dernier relevé semble erroné.',
    ],
  },
  'insurance-title': {
    en: [
      'I changed insurance companies. The new declarations page is attached. Please update your records.',
      'I paid off my loan a month ago. When will I receive the title?',
      'My insurer needs the lienholder address. What should I give them?',
      'I received a letter saying my insurance lapsed, but my policy is active. Can you check?',
    ],
    fr: [
      'J’ai changé d’assureur. La nouvelle attestation est jointe. Veuillez mettre vos dossiers à jour.',
      'J’ai remboursé mon prêt il y a un mois. Quand recevrai-je le certificat d’immatriculation libre de charge?',
      'Mon assureur a besoin de l’adresse du créancier. Que dois-je lui donner?',
    ],
  },
  'erroneous-transaction': {
    en: [
      'There is a withdrawal of {amount} on my bank statement that I did not authorize. I am not enrolled in EasyPay.',
      'You took {amount} from my account on the {day}, but my payment is only due at the end of the month. Please refund it.',
      'A late fee was charged even though my payment was made on time. I have the bank confirmation attached.',
      'My payment of {amount} was applied to the wrong account. Please move it to my lease.',
    ],
    fr: [
      'Un prélèvement de {amount} que je n’ai pas autorisé figure sur mon relevé bancaire. Je ne suis pas inscrit à EasyPay.',
      'Vous avez prélevé {amount} le {day}, alors que mon paiement n’est dû qu’à la fin du mois. Veuillez me rembourser.',
      'Des frais de retard ont été facturés même si j’ai payé à temps. La confirmation de ma banque est jointe.',
    ],
  },
  other: {
    en: [
      'I cannot log in to the mobile app since the last update. Can you help?',
      'Do you offer payment deferrals? I had an unexpected medical expense this month.',
      'Who do I contact about roadside assistance? The number on my card does not work.',
      'Thank you for the quick help last week, everything is sorted now.',
    ],
    fr: [
      'Je n’arrive plus à me connecter à l’application mobile depuis la dernière mise à jour. Pouvez-vous m’aider?',
      'Offrez-vous des reports de paiement? J’ai eu une dépense médicale imprévue ce mois-ci.',
      'Qui dois-je contacter pour l’assistance routière? Le numéro sur ma carte ne fonctionne pas.',
    ],
  },
};

export const CUSTOMER_FOLLOW_UPS: TopicTexts = {
  en: [
    'Thanks. Any update on this? It has been a few days.',
    'I attached the document you asked for.',
    'That does not answer my question. Could someone call me?',
    'Just following up: I still see the same thing on my account.',
    'Thank you, that helps. One more question: will this affect my credit report?',
  ],
  fr: [
    'Merci. Avez-vous du nouveau? Cela fait quelques jours.',
    'J’ai joint le document demandé.',
    'Cela ne répond pas à ma question. Quelqu’un pourrait-il m’appeler?',
    'Je fais un suivi : je vois toujours la même chose sur mon compte.',
    'Merci, cela m’aide. Une autre question : est-ce que cela touchera mon dossier de crédit?',
  ],
};

export const AGENT_REPLIES: TopicTexts = {
  en: [
    'Thank you for your message. I have reviewed your account and made the change you asked for. It will show on your next statement.',
    'Thank you for reaching out. Could you send us a copy of the document so we can complete your request?',
    'I have checked with our payments team: everything is in order on your account and no action is needed.',
    'Your request has been processed. You will receive a confirmation by mail within 7 to 10 business days.',
  ],
  fr: [
    'Merci de votre message. J’ai vérifié votre compte et effectué la modification demandée. Elle figurera sur votre prochain relevé.',
    'Merci de nous avoir écrit. Pourriez-vous nous envoyer une copie du document afin que nous puissions traiter votre demande?',
    'J’ai vérifié auprès de notre équipe des paiements : tout est en ordre et aucune action n’est requise.',
    'Votre demande a été traitée. Vous recevrez une confirmation par la poste d’ici 7 à 10 jours ouvrables.',
  ],
};

export const INTERNAL_NOTES: readonly string[] = [
  'Called customer, left voicemail.',
  'Checked ledger: payment posted on time, fee to be reversed by supervisor.',
  'Customer verified by DOB + last 8 of VIN on the phone.',
  'Waiting for the bank trace from payments operations.',
];

/** Weights of topics in real traffic (payments dominate). */
export const TOPIC_WEIGHTS: ReadonlyArray<readonly [string, number]> = [
  ['payments-easypay', 30],
  ['payoff-lease-end', 15],
  ['statements-documents', 14],
  ['address-contact', 10],
  ['lease-mileage', 6],
  ['insurance-title', 9],
  ['erroneous-transaction', 6],
  ['other', 10],
];
