import type { DepositStanding, DonationDateCorrected, DonationDateKind, DonationDeposited } from '#contracts';

/*
 * A donation's three dates (issue 14, item 2): received, deposited and accepted. A deposit is
 * recorded once, on a committee-local day, against the 10-day deposit rule of an FEC pack
 * (11 CFR 103.3(a)); a wrong date is corrected by a new fact with its reason, never edited, and
 * every reader takes the latest correction. Reports read these dates: a UK donation is reported
 * in the quarter of its (corrected) acceptance (PPERA Sch. 6 para 5), a US one on its
 * (corrected) day of receipt.
 */

export interface DateCorrection {
  date: DonationDateKind;
  previous: string;
  corrected: string;
  reason: string;
  correctedBy: string;
  at: string;
}

/** The dates as they stand, corrections applied. */
export interface DonationDates {
  receivedAt: string;
  acceptedAt: string | null;
  depositedOn: string | null;
  deposit: DepositStanding | null;
  corrections: DateCorrection[];
}

export const datesReceived = (receivedAt: string): DonationDates => ({ receivedAt, acceptedAt: null, depositedOn: null, deposit: null, corrections: [] });

/** Folds a date fact into the dates. */
export function evolveDates(dates: DonationDates, event: DonationDeposited | DonationDateCorrected, at: string): DonationDates {
  if (event.type === 'DonationDeposited') {
    const { depositedOn, dueOn, late, citation, rulePackVersion } = event.payload;
    return { ...dates, depositedOn, deposit: { dueOn, late, citation, rulePackVersion } };
  }
  const { date, previous, corrected, reason, correctedBy, deposit } = event.payload;
  const next = { ...dates, corrections: [...dates.corrections, { date, previous, corrected, reason, correctedBy, at }], deposit: deposit ?? dates.deposit };
  if (date === 'received') return { ...next, receivedAt: corrected };
  if (date === 'accepted') return { ...next, acceptedAt: corrected };
  return { ...next, depositedOn: corrected };
}
