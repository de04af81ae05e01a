import { parseApiKeyRequest } from './api-key-input.js';
import { InputError } from './fields.js';

const refusal = (body: unknown): string => {
  try {
    parseApiKeyRequest(body);
  } catch (error) {
    if (error instanceof InputError) return `${error.code}:${error.field}`;
    throw error;
  }
  return 'accepted';
};

describe('API key request input', () => {
  it('given known roles, one repeated, and a label, then each role is kept once and the label trimmed', () => {
    expect(parseApiKeyRequest({ roles: ['officer', 'auditor', 'officer'], label: ' treasurer ' })).toEqual({ roles: ['officer', 'auditor'], label: 'treasurer' });
  });
  it('given no roles, an unknown role, a role that is not a string, or no label, then each is refused by field', () => {
    expect(refusal({ label: 'x' })).toBe('invalid_request:roles');
    expect(refusal({ roles: [], label: 'x' })).toBe('invalid_request:roles');
    expect(refusal({ roles: ['root'], label: 'x' })).toBe('invalid_request:roles');
    expect(refusal({ roles: [1], label: 'x' })).toBe('invalid_request:roles');
    expect(refusal({ roles: ['intake'] })).toBe('invalid_request:label');
    expect(refusal({ roles: ['intake'], label: '   ' })).toBe('invalid_request:label');
  });
  it('given a tenant in the body, then it is not read: a key is always of the caller\'s tenant', () => {
    expect(parseApiKeyRequest({ roles: ['intake'], label: 'form', tenantId: 'other-party' })).toEqual({ roles: ['intake'], label: 'form' });
  });
});
