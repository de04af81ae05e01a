import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { deterministicId, recurringPlanStreamId, type EventMetadata, type NewEvent } from '#contracts';
import {
  type ChangeRecurringPlan,
  changeRecurringPlan,
  createRecurringPlan,
  type CreateRecurringPlan,
  type ExistingPlan,
  initialCommitteeState,
  initiateDueInstalment,
  instalmentDonation,
  type InstalmentRecord,
  instalmentsToSettle,
  type PlanChangeInput,
  planNextDueAt,
  recurringPlanFold,
  type RecurringPlanInput,
  type RecurringPlanState,
  refuseInstalment,
  Rejection,
} from '#domain';
import { handleCommand, LEDGER_STORE, loadState, type LedgerStore, type Loaded } from '#ledger';
import { READ_MODELS , requestFactMetadata } from '#platform';
import { RecurringPlanIndex } from './recurring/recurring-plan-index.js';
import { IntakeService, type RequestContext } from './intake.service.js';

/** Instalments one visit initiates at most; a plan owed more is finished by the next visit. */
const MAX_INSTALMENTS_PER_VISIT = 10;
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
    return loadState(this.ledger, recurringPlanStreamId(planId), recurringPlanFold);
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
    const { events, before, duplicate } = await this.decideIndexed(planId, ctx.now, (state) => createRecurringPlan(command, state));
    if (events.length === 0) return { plan: existing(before), created: false };
    const after = await this.indexAfterAppend(planId, ctx.now);
    // Two requests for one plan id at once: the second decides again against what the first
    // stored, so different terms are refused rather than answered as created.
    if (duplicate) createRecurringPlan(command, after.state);
    return { plan: existing(after.state), created: !duplicate };
  }

  async change(type: ChangeRecurringPlan['type'], planId: string, input: PlanChangeInput, ctx: RequestContext): Promise<ExistingPlan> {
    const { events, before } = await this.decideIndexed(planId, ctx.now, (state) => {
      const committeeId = state.status === 'none' ? 'unknown' : state.plan.committeeId;
      return changeRecurringPlan({ type, eventId: randomUUID(), metadata: metadataOf(ctx, committeeId), data: { planId, ...input, decidedBy: ctx.actor } }, state);
    });
    if (events.length === 0) return existing(before);
    return existing((await this.indexAfterAppend(planId, ctx.now)).state);
  }

  /**
   * A plan command: decide, touch the index, append with the revision read. If this process
   * dies after the append, the touch makes the scheduler re-read the plan; the touch happens
   * in the decision because it must precede the append of every try.
   */
  private decideIndexed(planId: string, now: string, decide: (state: RecurringPlanState) => NewEvent[]) {
    return handleCommand(this.ledger, recurringPlanStreamId(planId), recurringPlanFold, async (state, loaded) => {
      const events = decide(state);
      if (events.length > 0) await this.index.touch(planId, loaded.revision ?? -1, new Date(now));
      return events;
    });
  }

  /** Indexes what is now in the stream (a racing writer's events included). */
  private async indexAfterAppend(planId: string, now: string): Promise<Loaded<RecurringPlanState>> {
    const after = await this.plan(planId);
    await this.syncIndex(after, now);
    return after;
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
    // One instalment per command, each appended with the plan's revision; the plan as read
    // above serves the first decision, and a decision of nothing leaves the plan as it stands.
    let owed = true;
    for (let initiations = 0; owed && initiations < MAX_INSTALMENTS_PER_VISIT; initiations++) {
      const result = await handleCommand(
        this.ledger,
        recurringPlanStreamId(planId),
        recurringPlanFold,
        (state) => initiateDueInstalment({ type: 'InitiateInstalment', metadata, data: { planId, now: at } }, state),
        { alreadyRead: initiations === 0 ? loaded : undefined },
      );
      owed = result.events.length > 0;
      if (owed && !result.duplicate) report.initiated++;
      if (!owed) loaded = result.loaded;
    }
    if (owed) loaded = await this.plan(planId);
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
  return requestFactMetadata(ctx, committeeId);
}

function schedulerMetadata(state: RecurringPlanState, correlationId: string): Omit<EventMetadata, 'occurredAt'> {
  const plan = existing(state).plan;
  return { correlationId, causationId: correlationId, committeeId: plan.committeeId, donorId: plan.donor.donorId, actor: SCHEDULER };
}

function existing(state: RecurringPlanState): ExistingPlan {
  if (state.status === 'none') throw new Error('recurring plan expected to exist');
  return state;
}
