/**
 * Times on screen are the centre's (the lender's configured zone), always labelled with the
 * zone; the agent's PC zone is offered on hover. Pure formatting, tested in tests/unit.
 */
export interface CentreTimeText {
  /** e.g. "Nov 20, 10:00 AM EST" (centre zone, labelled). */
  text: string;
  /** e.g. "Your PC: Nov 20, 4:00 PM CET" (the PC's zone), or null when the zones agree. */
  pcText: string | null;
}

const parts = (
  opts: Intl.DateTimeFormatOptions,
  withDate: boolean,
): Intl.DateTimeFormatOptions => ({
  ...(withDate ? { month: 'short', day: 'numeric' } : {}),
  hour: 'numeric',
  minute: '2-digit',
  timeZoneName: 'short',
  ...opts,
});

export function centreTimeText(
  iso: string,
  lang: string,
  centreZone: string,
  pcZone: string,
  options: { withDate?: boolean; pcLabel: (time: string) => string } = { pcLabel: (x) => x },
): CentreTimeText {
  const date = new Date(iso);
  const withDate = options.withDate ?? true;
  const text = new Intl.DateTimeFormat(lang, parts({ timeZone: centreZone }, withDate)).format(
    date,
  );
  const sameOffset =
    new Intl.DateTimeFormat(
      'en',
      parts({ timeZone: centreZone, timeZoneName: 'longOffset' }, true),
    ).format(date) ===
    new Intl.DateTimeFormat(
      'en',
      parts({ timeZone: pcZone, timeZoneName: 'longOffset' }, true),
    ).format(date);
  const pcText = sameOffset
    ? null
    : options.pcLabel(
        new Intl.DateTimeFormat(lang, parts({ timeZone: pcZone }, withDate)).format(date),
      );
  return { text, pcText };
}
