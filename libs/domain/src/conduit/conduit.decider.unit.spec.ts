import type { CommitteeRegisteredV2, ConduitRegistered, EventMetadata } from '#contracts';
import { deciderSpec } from '../../../testing/src/decider-spec.js';
import type { CommitteeState } from '../committee/committee.decider.js';
import { addConduitRecipient, evolveConduit, initialConduitState, registerConduit, type AddConduitRecipient, type RegisterConduit } from './conduit.decider.js';

const metadata: EventMetadata = { occurredAt: '2026-08-01T09:00:00.000Z', correlationId: 'corr-c', causationId: 'req-c', committeeId: 'c-conduit' };
const committee = (committeeId: string, data: Partial<CommitteeRegisteredV2> = {}): CommitteeState => ({
  status: 'registered',
  committeeId,
  name: `Committee ${committeeId}`,
  jurisdiction: 'US-FEC-CANDIDATE',
  currency: 'USD',
  elections: [{ electionId: 'g-2026', kind: 'general', date: '2026-11-03' }],
  defaultElectionId: 'g-2026',
  registeredBy: 'admin',
  tenantId: 'party-a',
  ...data,
});
const register = (fecId = 'C00000001', of: CommitteeState = committee('c-conduit')): RegisterConduit => ({ type: 'RegisterConduit', eventId: 'ev-conduit', metadata, data: { fecId, registeredBy: 'admin' }, committee: of });
const add = (recipient: CommitteeState, kind: 'hustings' | 'outside' = 'hustings', fecId: string | null = null): AddConduitRecipient => ({ type: 'AddConduitRecipient', eventId: `ev-add`, metadata, data: { kind, fecId }, recipient });

const registration = registerConduit(register(), initialConduitState())[0] as ConduitRegistered;
const spec = deciderSpec({ decide: registerConduit, evolve: evolveConduit, initialState: initialConduitState });
const recipients = deciderSpec({ decide: addConduitRecipient, evolve: evolveConduit, initialState: initialConduitState });

describe('conduit decider', () => {
  describe('given no conduit', () => {
    it('registers a US FEC committee of the tenant as a conduit with its FEC id', () => {
      expect(registration.payload).toEqual({ committeeId: 'c-conduit', fecId: 'C00000001', name: 'Committee c-conduit', tenantId: 'party-a', registeredBy: 'admin' });
    });

    it('refuses an FEC id that is not C and eight digits: fec_id_invalid', () => {
      spec.given([]).when(register('C0001')).thenRejects('fec_id_invalid');
    });

    it('refuses a UK party: jurisdiction_not_supported', () => {
      spec.given([]).when(register('C00000001', committee('c-uk', { jurisdiction: 'UK-PPERA-PARTY', currency: 'GBP' }))).thenRejects('jurisdiction_not_supported');
    });

    it('refuses to list a recipient before the conduit is registered: conduit_not_found', () => {
      recipients.given([]).when(add(committee('c-ada'))).thenRejects('conduit_not_found');
    });
  });

  describe('given a registered conduit', () => {
    it('registering again with the same FEC id is no change; with another it is refused', () => {
      spec.given([registration]).when(register()).then([]);
      spec.given([registration]).when(register('C00000002')).thenRejects('conduit_already_registered');
    });

    it('lists the tenant\'s own candidate committee as an authorized committee', () => {
      const [event] = recipients.given([registration]).when(add(committee('c-ada'))).decision();
      expect(event.payload).toEqual({ conduitCommitteeId: 'c-conduit', recipientCommitteeId: 'c-ada', kind: 'hustings', committeeType: 'authorized_committee', name: 'Committee c-ada', fecId: null });
    });

    it('lists an outside committee by name and FEC id, and refuses one without an FEC id', () => {
      const [event] = recipients.given([registration]).when(add(committee('c-out'), 'outside', 'C00999999')).decision();
      expect(event.payload).toMatchObject({ kind: 'outside', fecId: 'C00999999' });
      recipients.given([registration]).when(add(committee('c-out'), 'outside', null)).thenRejects('fec_id_invalid');
    });

    it('refuses another tenant\'s committee as committee_not_found, and the conduit itself as recipient_invalid', () => {
      recipients.given([registration]).when(add(committee('c-theirs', { tenantId: 'party-b' }))).thenRejects('committee_not_found');
      recipients.given([registration]).when(add(committee('c-conduit'))).thenRejects('recipient_invalid');
    });

    it('listing a recipient again as before is no change; as something else it is refused', () => {
      const [added] = recipients.given([registration]).when(add(committee('c-ada'))).decision();
      recipients.given([registration, added]).when(add(committee('c-ada'))).then([]);
      recipients.given([registration, added]).when(add(committee('c-ada'), 'outside', 'C00999999')).thenRejects('recipient_already_listed');
    });
  });
});
