import { apiDocument } from '#platform';
import { describeApiDocument } from '#testing';
import { ComplianceModule } from '../compliance.module.js';
import { COMPLIANCE_API } from './compliance.openapi.js';

/* Compliance's document, as compliance alone serves it at /v1/openapi.json, against the routes Nest maps for it. */
describeApiDocument('compliance', ['compliance'], () => [ComplianceModule], () => apiDocument([COMPLIANCE_API]));
