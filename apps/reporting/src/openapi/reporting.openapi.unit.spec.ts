import { apiDocument } from '#platform';
import { describeApiDocument } from '#testing';
import { ReportingModule } from '../reporting.module.js';
import { REPORTING_API } from './reporting.openapi.js';

/* Reporting's document, as reporting alone serves it at /v1/openapi.json, against the routes Nest maps for it. */
describeApiDocument('reporting', ['reporting'], () => [ReportingModule], () => apiDocument([REPORTING_API]));
