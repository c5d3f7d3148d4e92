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

/**
 * How much of the moment to show: `time` "10:42 AM EST"; `short` "Nov 20, 10:42 AM EST"
 * (lists, stamps); `long` "Fri, Nov 20, 2026, 10:42 AM EST" (headers, notices, letters sent).
 */
export type CentreTimeStyle = 'time' | 'short' | 'long';

const STYLE: Record<CentreTimeStyle, Intl.DateTimeFormatOptions> = {
  time: {},
  short: { month: 'short', day: 'numeric' },
  long: { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric' },
};

const cache = new Map<string, Intl.DateTimeFormat>();
function formatter(language: string, style: CentreTimeStyle, timeZone: string, zoneName: string) {
  // Canadian French, like the date labels: its zone names are the centre's ("HNE", not "UTC−5").
  const lang = language.startsWith('fr') ? 'fr-CA' : language;
  const key = `${lang}|${style}|${timeZone}|${zoneName}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(lang, {
      ...STYLE[style],
      hour: 'numeric',
      minute: '2-digit',
      timeZone,
      timeZoneName: zoneName as Intl.DateTimeFormatOptions['timeZoneName'],
    });
    cache.set(key, f);
  }
  return f;
}

export function centreTimeText(
  iso: string,
  lang: string,
  centreZone: string,
  pcZone: string,
  options: {
    /** @deprecated use style; false means `time`. */
    withDate?: boolean;
    style?: CentreTimeStyle;
    pcLabel: (time: string) => string;
  } = { pcLabel: (x) => x },
): CentreTimeText {
  const date = new Date(iso);
  const style: CentreTimeStyle = options.style ?? (options.withDate === false ? 'time' : 'short');
  const text = formatter(lang, style, centreZone, 'short').format(date);
  const sameOffset =
    formatter('en', 'long', centreZone, 'longOffset').format(date) ===
    formatter('en', 'long', pcZone, 'longOffset').format(date);
  const pcText = sameOffset
    ? null
    : options.pcLabel(formatter(lang, style, pcZone, 'short').format(date));
  return { text, pcText };
}
