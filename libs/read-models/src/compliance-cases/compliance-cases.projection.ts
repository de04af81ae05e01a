import { TOPICS } from '#contracts';
import { donationIdOf } from '../donations/donations.projection.js';
import type { ReadModelProjection } from '../projection.js';
import { storedRows } from '../store/stored-rows.js';
import { COMPLIANCE_CASE_EVENT_TYPES, evolveComplianceCaseRow, type ComplianceCaseRow } from './compliance-case-row.js';
import { ReportComplianceCaseEntity } from './report-compliance-case.entity.js';

export const complianceCasesProjection: ReadModelProjection<ComplianceCaseRow> = {
  name: 'report-compliance-cases',
  topics: [TOPICS.donations],
  canHandle: COMPLIANCE_CASE_EVENT_TYPES,
  keyOf: donationIdOf,
  evolve: evolveComplianceCaseRow,
};

export const reportComplianceCases = storedRows<ComplianceCaseRow>(complianceCasesProjection, ReportComplianceCaseEntity, (r) => ({ committee_id: r.committeeId }));
