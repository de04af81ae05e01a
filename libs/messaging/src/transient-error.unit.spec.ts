import { PermanentMessageError } from './event-bus.port.js';
import { isTransientInfrastructureError } from './transient-error.js';

const withCode = (message: string, code: string): Error => Object.assign(new Error(message), { code });

describe('isTransientInfrastructureError', () => {
  it.each([
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['a reset connection', withCode('read ECONNRESET', 'ECONNRESET')],
    ['a DNS lookup to retry', withCode('getaddrinfo EAI_AGAIN postgres', 'EAI_AGAIN')],
    ['PostgreSQL shutting down (57P01)', withCode('terminating connection due to administrator command', '57P01')],
    ['PostgreSQL starting up (57P03)', withCode('the database system is starting up', '57P03')],
    ['a lost connection (08006)', withCode('connection failure', '08006')],
    ['too many connections (53300)', withCode('sorry, too many clients already', '53300')],
    ['a serialization failure (40001)', withCode('could not serialize access', '40001')],
    ['a deadlock (40P01)', withCode('deadlock detected', '40P01')],
    ['node-postgres losing its socket', new Error('Connection terminated unexpectedly')],
    ['node-postgres failing to connect in time', new Error('timeout exceeded when trying to connect')],
    ['EventStoreDB unavailable', Object.assign(new Error('14 UNAVAILABLE: No connection established'), { type: 'unavailable' })],
    ['EventStoreDB without a leader', Object.assign(new Error('Not leader'), { type: 'not-leader' })],
  ])('given %s, when classified, then it is transient', (_, error) => {
    expect(isTransientInfrastructureError(error)).toBe(true);
  });

  it('given a TypeORM error wrapping a driver error, when classified, then the driver error decides', () => {
    const wrapped = Object.assign(new Error('Query failed'), { name: 'QueryFailedError', driverError: withCode('terminating connection', '57P01') });
    expect(isTransientInfrastructureError(wrapped)).toBe(true);
    expect(isTransientInfrastructureError(new Error('append failed', { cause: withCode('read ECONNRESET', 'ECONNRESET') }))).toBe(true);
    expect(isTransientInfrastructureError(new AggregateError([new Error('x'), withCode('connect ECONNREFUSED', 'ECONNREFUSED')]))).toBe(true);
  });

  it.each([
    ['a bug in the handler', new TypeError("Cannot read properties of undefined (reading 'donorId')")],
    ['a constraint the message broke (23505)', withCode('duplicate key value violates unique constraint', '23505')],
    ['bad SQL (42P01)', withCode('relation "missing" does not exist', '42P01')],
    ['an unknown host (a misconfiguration)', withCode('getaddrinfo ENOTFOUND postgress', 'ENOTFOUND')],
    ['a permanent message error', new PermanentMessageError('unknown event version 9')],
    ['a message merely mentioning a connection', new Error('committee c-1 is not registered; Connection terminated unexpectedly earlier')],
    ['something that is not an error', 'ECONNREFUSED'],
    ['nothing', null],
  ])('given %s, when classified, then it is not transient', (_, error) => {
    expect(isTransientInfrastructureError(error)).toBe(false);
  });

  it('given an error that wraps itself, when classified, then it answers without looping', () => {
    const looped = new Error('outer') as Error & { cause?: unknown };
    looped.cause = looped;
    expect(isTransientInfrastructureError(looped)).toBe(false);
  });
});
