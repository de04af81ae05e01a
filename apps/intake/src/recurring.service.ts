import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { deterministicId, recurringPlanStreamId, type EventMetadata, type NewEvent } from '#contracts';
import {
  changeRecurringPlan,
  createRecurringPlan,
  evolveRecurringPlan,
  initialCommitteeState,
  initialRecurringPlanState,
  initiateDueInstalment,
  instalmentDonation,
  instalmentsToSettle,
  planNextDueAt,
  refuseInstalment,
  Rejection,
  type ChangeRecurringPlan,
  type CreateRecurringPlan,
  type ExistingPlan,
  type InstalmentRecord,
  type PlanChangeInput,
  type RecurringPlanInput,
  type RecurringPlanState,
} from '#domain';
import { isWrongExpectedRevision, LEDGER_STORE, loadState, type LedgerStore, type Loaded } from '#ledger';
import { READ_MODELS } from '#platform';
import { RecurringPlanIndex } from './recurring/recurring-plan-index.js';
import { IntakeService, type RequestContext } from './intake.service.js';

/** Appends a plan command may retry after another writer (a scheduler, a second request) got in first. */
const MAX_CONFLICT_RETRIES = 10;
const SCHEDULER = 'recurring-scheduler';

export interface VisitReport {
  initiated: number;
  received: number;
  refused: number;
}

/**
 * Recurring plans: the plan's stream decides (create, pause, resume, cancel, instalments owed),
 * each instalment becomes a donation through IntakeService.recordDonation like any other,
 * and the plan index tells the scheduler when to look again.
 */
@Injectable()
export class RecurringPlanService {
  readonly index: RecurringPlanIndex;

  constructor(
    @Inject(LEDGER_STORE) private readonly ledger: LedgerStore,
    private readonly intake: IntakeService,
    @Inject(READ_MODELS) readModels: DataSource,
  ) {
    this.index = new RecurringPlanIndex(readModels);
  }

  plan(planId: string): Promise<Loaded<RecurringPlanState>> {
    return loadState(this.ledger, recurringPlanStreamId(planId), evolveRecurringPlan, initialRecurringPlanState);
  }

  async create(campaignId: string, input: RecurringPlanInput, ctx: RequestContext, assignedId: string): Promise<{ plan: ExistingPlan; created: boolean }> {
    const planId = input.planId ?? assignedId;
    const campaign = await this.intake.campaign(campaignId);
    const committee = campaign.status === 'opened' ? await this.intake.committee(campaign.committeeId) : initialCommitteeState();
    const donor = await this.intake.donorSnapshot(campaignId, planId, input.donor, ctx.tenantId);
    const command: CreateRecurringPlan = {
      type: 'CreateRecurringPlan',
      eventId: deterministicId('recurring-plan-created', planId),
      metadata: { ...metadataOf(ctx, campaign.status === 'opened' ? campaign.committeeId : 'unknown'), donorId: donor.donorId },
      data: {
        planId,
        campaignId,
        amountMinor: input.amountMinor,
        currency: input.currency,
        donor,
        payment: { method: input.payment.method, mandateReference: input.payment.pspReference },
        electionId: input.electionId,
        dayOfMonth: input.dayOfMonth,
        startsOn: input.startsOn,
        consent: input.consent,
        consentText: input.consentText,
        consentVersion: input.consentVersion,
        consentedAt: input.consentedAt,
        createdBy: ctx.actor,
      },
      campaign,
      committee,
    };
    const loaded = await this.plan(planId);
    const events = createRecurringPlan(command, loaded.state);
    if (events.length === 0) return { plan: existing(loaded.state), created: false };
    const { after, duplicate } = await this.appendIndexed(planId, events, loaded.revision, ctx.now);
    // Two requests for one plan id at once: the second decides again against what the first
    // stored, so different terms are refused rather than answered as created.
    if (duplicate) createRecurringPlan(command, after.state);
    return { plan: existing(after.state), created: !duplicate };
  }

  async change(type: ChangeRecurringPlan['type'], planId: string, input: PlanChangeInput, ctx: RequestContext): Promise<ExistingPlan> {
    for (let attempt = 1; ; attempt++) {
      const loaded = await this.plan(planId);
      const committeeId = loaded.state.status === 'none' ? 'unknown' : loaded.state.plan.committeeId;
      const events = changeRecurringPlan(
        { type, eventId: randomUUID(), metadata: metadataOf(ctx, committeeId), data: { planId, ...input, decidedBy: ctx.actor } },
        loaded.state,
      );
      if (events.length === 0) return existing(loaded.state);
      try {
        return existing((await this.appendIndexed(planId, events, loaded.revision, ctx.now)).after.state);
      } catch (error) {
        if (!isWrongExpectedRevision(error) || attempt >= MAX_CONFLICT_RETRIES) throw error;
      }
    }
  }

  /**
   * Touch the index, append with the revision read, index what is now in the stream. If this
   * process dies after the append, the touch makes the scheduler re-read the plan.
   */
  private async appendIndexed(planId: string, events: NewEvent[], revision: number | null, now: string) {
    await this.index.touch(planId, revision ?? -1, new Date(now));
    const appended = await this.ledger.append(recurringPlanStreamId(planId), events, revision ?? 'no_stream');
    const after = await this.plan(planId);
    await this.syncIndex(after, now);
    return { after, duplicate: appended.duplicate };
  }

  private async syncIndex(loaded: Loaded<RecurringPlanState>, now: string, settledThrough: string | null = null): Promise<void> {
    const state = existing(loaded.state);
    await this.index.sync(
      {
        planId: state.plan.planId,
        committeeId: state.plan.committeeId,
        campaignId: state.plan.campaignId,
        status: state.status,
        nextDueAt: planNextDueAt(state, now),
        revision: loaded.revision ?? -1,
        settledThrough,
      },
      new Date(now),
    );
  }

  /**
   * The scheduler's visit of one plan at `now`: initiate every instalment owed, one append at a
   * time with the plan's revision (so none slips past a pause or cancel), then make each
   * initiated instalment its donation, then index the plan. Every step is idempotent by id:
   * replicas that visit the same plan at once write each fact once.
   */
  async visit(planId: string, settledThrough: string | null, now: Date): Promise<VisitReport> {
    const at = now.toISOString();
    const report: VisitReport = { initiated: 0, received: 0, refused: 0 };
    let loaded = await this.plan(planId);
    if (loaded.state.status === 'none') {
      await this.index.forget(planId);
      return report;
    }
    const metadata: EventMetadata = { ...schedulerMetadata(loaded.state, randomUUID()), occurredAt: at };
    for (let attempt = 1; attempt <= MAX_CONFLICT_RETRIES; attempt++) {
      const events = initiateDueInstalment({ type: 'InitiateInstalment', metadata, data: { planId, now: at } }, loaded.state);
      if (events.length === 0) break;
      try {
        const appended = await this.ledger.append(recurringPlanStreamId(planId), events, loaded.revision ?? 'no_stream');
        if (!appended.duplicate) report.initiated++;
      } catch (error) {
        if (!isWrongExpectedRevision(error)) throw error;
      }
      loaded = await this.plan(planId);
    }
    let settled = settledThrough;
    for (const instalment of instalmentsToSettle(loaded.state, at, settledThrough)) {
      const outcome = await this.settle(existing(loaded.state), instalment, at);
      if (outcome !== 'already_recorded') report[outcome]++;
      if (settled === null || instalment.period > settled) settled = instalment.period;
    }
    if (report.refused > 0) loaded = await this.plan(planId);
    await this.syncIndex(loaded, at, settled);
    return report;
  }

  /** The instalment's donation, decided by the donation decider; a refusal is recorded on the plan. */
  private async settle(state: ExistingPlan, instalment: InstalmentRecord, at: string): Promise<'received' | 'refused' | 'already_recorded'> {
    const causation = deterministicId('recurring-instalment-initiated', state.plan.planId, instalment.period);
    try {
      const { created } = await this.intake.recordDonation(instalmentDonation(state.plan, instalment), {
        correlationId: causation,
        actor: SCHEDULER,
        // The plan's committee already fixes the tenant; the scheduler creates nothing tenant-owned.
        tenantId: 'recurring-scheduler',
        now: instalment.dueAt,
      });
      // Another replica, or an earlier visit that died before indexing, may have recorded it.
      return created ? 'received' : 'already_recorded';
    } catch (error) {
      if (!(error instanceof Rejection)) throw error;
      const events = refuseInstalment(
        {
          type: 'RefuseInstalment',
          metadata: { ...schedulerMetadata(state, causation), occurredAt: at },
          data: { planId: state.plan.planId, period: instalment.period, code: error.code, detail: error.detail },
        },
        state,
      );
      // The refusal is a fact about an instalment already initiated: recorded whatever the plan's state now.
      await this.ledger.append(recurringPlanStreamId(state.plan.planId), events, 'any');
      return 'refused';
    }
  }
}

function metadataOf(ctx: RequestContext, committeeId: string): EventMetadata {
  return { occurredAt: ctx.now, correlationId: ctx.correlationId, causationId: ctx.correlationId, committeeId, actor: ctx.actor, ...(ctx.traceId ? { traceId: ctx.traceId } : {}) };
}

function schedulerMetadata(state: RecurringPlanState, correlationId: string): Omit<EventMetadata, 'occurredAt'> {
  const plan = existing(state).plan;
  return { correlationId, causationId: correlationId, committeeId: plan.committeeId, donorId: plan.donor.donorId, actor: SCHEDULER };
}

function existing(state: RecurringPlanState): ExistingPlan {
  if (state.status === 'none') throw new Error('recurring plan expected to exist');
  return state;
}
