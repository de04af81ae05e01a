/** When a figure is in force: first and last day (inclusive, YYYY-MM-DD), and where the law sets it. */
export interface DatedFigure {
  effectiveFrom: string;
  /** null while current. */
  effectiveTo: string | null;
  citation: string;
}

export interface DatedAmount extends DatedFigure {
  amountMinor: bigint;
}

export interface DatedDays extends DatedFigure {
  days: number;
  /**
   * How the statute counts: 'after_receipt' ("within 10 days of receipt", 11 CFR 103.3(a)):
   * the day of receipt is day zero, so received 1 March, 10 days end on 11 March.
   * 'beginning_with_receipt' ("the period of 30 days beginning with the date when the donation
   * is received", PPERA s.56(2)): the day of receipt is day one, so 30 days end on 30 March.
   * Absent: after_receipt.
   */
  counting?: 'after_receipt' | 'beginning_with_receipt';
}
