import { IsoCountryCode } from './controller-profile';

/** The 249 officially assigned ISO 3166-1 alpha-2 codes. */
export const ISO_COUNTRY_CODES: ReadonlySet<IsoCountryCode> = new Set(
  (
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
    'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO ' +
    'FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE ' +
    'JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO ' +
    'MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW ' +
    'PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM ' +
    'TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
  ).split(' '),
);

export function isIsoCountryCode(value: string): boolean {
  return ISO_COUNTRY_CODES.has(value);
}

/** The European Economic Area: the 27 EU member states, Iceland, Liechtenstein and Norway. */
export const EEA_COUNTRIES: ReadonlySet<IsoCountryCode> = new Set(
  'AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO'.split(' '),
);

/**
 * The age of digital consent (GDPR Art. 8(1): 16 unless a member state lowers it, not below 13)
 * where we know the national choice and its text. Countries absent here are not checked.
 */
export const DIGITAL_CONSENT_AGE: Readonly<Record<IsoCountryCode, { age: number; source: string }>> = {
  FR: { age: 15, source: 'Loi Informatique et Libertés art. 45' },
  GB: { age: 13, source: 'Data Protection Act 2018 s. 9' },
  BE: { age: 13, source: 'Loi du 30 juillet 2018 art. 7' },
  PT: { age: 13, source: 'Lei 58/2019 art. 16' },
  ES: { age: 14, source: 'LOPDGDD art. 7' },
  IT: { age: 14, source: 'Codice privacy art. 2-quinquies' },
  DE: { age: 16, source: 'GDPR Art. 8(1), no national derogation' },
  IE: { age: 16, source: 'Data Protection Act 2018 s. 31' },
  NL: { age: 16, source: 'GDPR Art. 8(1), no national derogation' },
  PL: { age: 16, source: 'GDPR Art. 8(1), no national derogation' },
};

/**
 * An ISO 3166-2 subdivision code of the given country, with or without the country prefix as the
 * deadline calculator accepts it: 'FR-57' or '57', 'US-CA' or 'CA'.
 */
export function isSubdivisionOf(subdivision: string, country: IsoCountryCode): boolean {
  return /^[A-Z0-9]{1,3}$/.test(subdivision) || (/^[A-Z]{2}-[A-Z0-9]{1,3}$/.test(subdivision) && subdivision.startsWith(`${country}-`));
}

/** An IANA time zone the runtime knows ('Europe/Paris'). */
export function isIanaTimeZone(value: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
