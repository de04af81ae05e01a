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
}
