import type { DataSource } from 'typeorm';
import { rowFromJson } from '../projection.js';
import { countedOf, type DonationRow } from './donation-row.js';
import { ReportDonationEntity } from './report-donation.entity.js';

/** A query string the list cannot read; the API answers it as invalid_request. */
export class DonationListParamsError extends Error {}

/** One page of a campaign's donations, newest received first, as staff search them. */
export interface DonationListFilter {
  status: string | null;
  /** Received at or after this instant (inclusive) and before `to` (exclusive). */
  from: string | null;
  to: string | null;
  /** What the donation still counts for, in minor units, both bounds inclusive. */
  minMinor: bigint | null;
  maxMinor: bigint | null;
  flagged: boolean | null;
  /** A donation id or donor id, or the start of one. */
  search: string | null;
  limit: number;
  offset: number;
}

export const DONATION_LIST_MAX = 100;
const STATUS = /^[a-z_]{1,32}$/;
const ID_PREFIX = /^[A-Za-z0-9_.:-]{1,128}$/;
const DAY_OR_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

const one = (query: Record<string, unknown>, name: string): string | null => {
  const value = query[name];
  if (value === undefined || value === '') return null;
  if (typeof value !== 'string') throw new DonationListParamsError(`${name} must be given once`);
  return value;
};

function instant(query: Record<string, unknown>, name: string): string | null {
  const value = one(query, name);
  if (value === null) return null;
  if (!DAY_OR_INSTANT.test(value) || Number.isNaN(Date.parse(value))) throw new DonationListParamsError(`${name} must be an ISO 8601 date or instant with a zone`);
  return new Date(Date.parse(value)).toISOString();
}

function minor(query: Record<string, unknown>, name: string): bigint | null {
  const value = one(query, name);
  if (value === null) return null;
  if (!/^\d{1,16}$/.test(value)) throw new DonationListParamsError(`${name} must be a non-negative integer of minor units`);
  return BigInt(value);
}

function integer(query: Record<string, unknown>, name: string, fallback: number, max: number): number {
  const value = one(query, name);
  if (value === null) return fallback;
  if (!/^\d{1,7}$/.test(value) || Number(value) > max) throw new DonationListParamsError(`${name} must be an integer from 0 to ${max}`);
  return Number(value);
}

/** The list's query string, each problem named; money as integers of minor units, never a float. */
export function donationListFilterOf(query: Record<string, unknown>): DonationListFilter {
  const status = one(query, 'status');
  if (status !== null && !STATUS.test(status)) throw new DonationListParamsError('status must be a donation status');
  const flagged = one(query, 'flagged');
  if (flagged !== null && flagged !== 'true' && flagged !== 'false') throw new DonationListParamsError('flagged must be true or false');
  const search = one(query, 'q');
  if (search !== null && !ID_PREFIX.test(search)) throw new DonationListParamsError('q must be a donation or donor id, or its start');
  const filter = {
    status,
    from: instant(query, 'from'),
    to: instant(query, 'to'),
    minMinor: minor(query, 'minMinor'),
    maxMinor: minor(query, 'maxMinor'),
    flagged: flagged === null ? null : flagged === 'true',
    search,
    limit: integer(query, 'limit', 25, DONATION_LIST_MAX) || 1,
    offset: integer(query, 'offset', 0, 1_000_000),
  };
  if (filter.from && filter.to && filter.from >= filter.to) throw new DonationListParamsError('from must be before to');
  if (filter.minMinor !== null && filter.maxMinor !== null && filter.minMinor > filter.maxMinor) throw new DonationListParamsError('minMinor must not exceed maxMinor');
  return filter;
}

export interface DonationListItem {
  donationId: string;
  campaignId: string;
  donorId: string;
  receivedAt: string;
  status: string;
  currency: string;
  receivedMinor: number;
  countedMinor: number;
  electionId: string | null;
  itemized: boolean | null;
  flags: string[];
}

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The page and the number of donations that match, from reporting's donation rows. */
export async function donationList(readModels: DataSource, campaignId: string, filter: DonationListFilter): Promise<{ total: number; items: DonationListItem[] }> {
  const table = readModels.getMetadata(ReportDonationEntity).tablePath;
  const where = ['campaign_id = $1'];
  const params: unknown[] = [campaignId];
  const add = (sql: (n: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (filter.status !== null) add((n) => `status = ${n}`, filter.status);
  if (filter.from !== null) add((n) => `received_at >= ${n}`, filter.from);
  if (filter.to !== null) add((n) => `received_at < ${n}`, filter.to);
  if (filter.minMinor !== null) add((n) => `counted_minor >= ${n}`, filter.minMinor.toString());
  if (filter.maxMinor !== null) add((n) => `counted_minor <= ${n}`, filter.maxMinor.toString());
  if (filter.flagged !== null) where.push(`jsonb_array_length(row->'flags') ${filter.flagged ? '>' : '='} 0`);
  if (filter.search !== null) add((n) => `(key LIKE ${n} ESCAPE '\\' OR donor_id LIKE ${n} ESCAPE '\\')`, `${escapeLike(filter.search)}%`);
  const clause = where.join(' AND ');
  const [{ total }] = (await readModels.query(`SELECT count(*)::int AS total FROM ${table} WHERE ${clause}`, params)) as { total: number }[];
  const rows = (await readModels.query(`SELECT row::text AS row FROM ${table} WHERE ${clause} ORDER BY received_at DESC, key LIMIT ${filter.limit} OFFSET ${filter.offset}`, params)) as { row: string }[];
  return { total: Number(total), items: rows.map(({ row }) => itemOf(rowFromJson<DonationRow>(row))) };
}

function itemOf(row: DonationRow): DonationListItem {
  return {
    donationId: row.donationId,
    campaignId: row.campaignId,
    donorId: row.donorId,
    receivedAt: row.receivedAt,
    status: row.status,
    currency: row.currency,
    receivedMinor: Number(row.receivedMinor),
    countedMinor: Number(countedOf(row).countedMinor),
    electionId: row.electionId,
    itemized: row.itemized,
    flags: row.flags.map((flag) => flag.code),
  };
}
