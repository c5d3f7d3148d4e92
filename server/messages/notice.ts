/**
 * The e-mail that tells a customer a response is waiting. It deliberately carries NO message
 * content, subject line of the thread, amounts or account numbers: only that something is
 * waiting and where to read it (e-mail is not a secure channel).
 *
 * @example responseNotice({ firstName: 'Ann', language: 'en', lenderName: 'MINI Financial Services' })
 */
export function responseNotice(input: {
  firstName: string;
  language: 'en' | 'fr';
  lenderName: string;
}): {
  subject: string;
  text: string;
} {
  const { firstName, lenderName } = input;
  if (input.language === 'fr') {
    return {
      subject: `${lenderName} : vous avez un nouveau message sécurisé`,
      text: [
        `Bonjour ${firstName},`,
        '',
        'Une réponse à votre message sécurisé vous attend dans votre centre de messagerie.',
        'Connectez-vous à votre compte en ligne et ouvrez « Mon centre de messagerie » pour la lire.',
        '',
        'Pour votre sécurité, ce courriel ne contient pas le message lui-même. Merci de ne pas répondre à ce courriel.',
        '',
        lenderName,
      ].join('\n'),
    };
  }
  return {
    subject: `${lenderName}: you have a new secure message`,
    text: [
      `Hello ${firstName},`,
      '',
      'A response to your secure message is waiting for you in your Message Center.',
      'Sign in to your online account and open My Message Center to read it.',
      '',
      'For your security, this e-mail does not contain the message itself. Please do not reply to this e-mail.',
      '',
      lenderName,
    ].join('\n'),
  };
}
