import type { RecurringPlanCancelledV1, RecurringPlanCreatedV4 } from '#contracts';

/** A plan's state as its stream folds it: shared by the plan's decider and its instalments. */
export type RecurringPlanStatus = 'active' | 'paused' | 'cancelled';

export interface InstalmentRecord {
  period: string;
  donationId: string;
  dueAt: string;
  /** Set when intake refused the instalment's donation. */
  refusal: { code: string; detail: string } | null;
}

export type RecurringPlanState =
  | { status: 'none' }
  | {
      status: RecurringPlanStatus;
      plan: RecurringPlanCreatedV4;
      createdAt: string;
      /** Instalments due before this instant are not owed: the start, then each resume. */
      owedFrom: string;
      instalments: InstalmentRecord[];
      pausedAt: string | null;
      cancellation: RecurringPlanCancelledV1 | null;
      history: { type: string; at: string }[];
    };

export type ExistingPlan = Exclude<RecurringPlanState, { status: 'none' }>;
