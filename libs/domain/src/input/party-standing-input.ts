import { FILING_KINDS, UK_REGISTERS, type FilingKind, type UkRegister } from '#contracts';
import { asObject, invalid, text, type Body } from './fields.js';
import { calendarDay, identifierField } from './intake-input.js';

function registers(body: Body, field: string, allowEmpty: boolean): UkRegister[] {
  const value = body[field];
  if (!Array.isArray(value) || (!allowEmpty && value.length === 0) || value.length > UK_REGISTERS.length) invalid(field, `must list ${allowEmpty ? '' : 'one or '}both of ${UK_REGISTERS.join(', ')}`);
  for (const part of value as unknown[]) if (typeof part !== 'string' || !(UK_REGISTERS as readonly string[]).includes(part)) invalid(field, `must list only ${UK_REGISTERS.join(', ')}`);
  return [...new Set(value as UkRegister[])];
}

export interface GeneralElectionPeriodInput {
  periodId: string;
  dissolvedOn: string;
  pollOn: string;
  heldIn: UkRegister[];
  partyRegisteredIn: UkRegister[];
  reason: string;
}

/**
 * POST /v1/committees/{id}/general-election-periods: the period of PPERA s.63(6) (the day
 * Parliament is dissolved, the day of the poll), where the election is held, the registers the
 * party stands in, and why. `heldIn` defaults to the whole UK (a UK Parliament general election).
 */
export function parseGeneralElectionPeriodRequest(raw: unknown): GeneralElectionPeriodInput {
  const body = asObject(raw, 'body');
  return {
    periodId: identifierField(body, 'periodId') as string,
    dissolvedOn: calendarDay(body, 'dissolvedOn'),
    pollOn: calendarDay(body, 'pollOn'),
    heldIn: body.heldIn === undefined ? [...UK_REGISTERS] : registers(body, 'heldIn', false),
    partyRegisteredIn: registers(body, 'partyRegisteredIn', true),
    reason: text(body, 'reason', { max: 500 }) as string,
  };
}

export interface FilingInput {
  kind: FilingKind;
  periodTo: string;
  filedOn: string;
  reference: string | null;
  reason: string;
}

/** POST /v1/committees/{id}/filings: which report (its kind and last day covered), the day it was delivered, the regulator's reference. */
export function parseFilingRequest(raw: unknown): FilingInput {
  const body = asObject(raw, 'body');
  const kind = body.kind;
  if (typeof kind !== 'string' || !(FILING_KINDS as readonly string[]).includes(kind)) invalid('kind', `must be one of ${FILING_KINDS.join(', ')}`);
  return {
    kind: kind as FilingKind,
    periodTo: calendarDay(body, 'periodTo'),
    filedOn: calendarDay(body, 'filedOn'),
    reference: text(body, 'reference', { max: 100, optional: true }),
    reason: text(body, 'reason', { max: 500, optional: true }) ?? 'delivered to the regulator',
  };
}

export interface AccountingUnitLinkInput {
  unitCommitteeId: string;
  reason: string;
}

/** POST /v1/committees/{centralId}/accounting-units: the unit's committee id and why (its registration with the Commission). */
export function parseAccountingUnitLinkRequest(raw: unknown): AccountingUnitLinkInput {
  const body = asObject(raw, 'body');
  return { unitCommitteeId: identifierField(body, 'unitCommitteeId') as string, reason: text(body, 'reason', { max: 500 }) as string };
}
