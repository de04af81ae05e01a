import type { CampaignOpened, CampaignOpenedV1, CommitteeRegisteredV2, EventMetadata } from '#contracts';
import { deciderSpec } from '../../../testing/src/decider-spec.js';
import { evolveCampaign, initialCampaignState, openCampaign, type OpenCampaign } from './campaign.decider.js';
import { initialCommitteeState, type CommitteeState } from './committee.decider.js';

const metadata: EventMetadata = {
  occurredAt: '2026-01-06T09:00:00.000Z',
  correlationId: 'corr-campaign',
  causationId: 'req-campaign',
  committeeId: 'c-smith',
};

const committee: CommitteeRegisteredV2 = {
  committeeId: 'c-smith',
  name: 'Smith for Congress',
  jurisdiction: 'US-FEC-CANDIDATE',
  currency: 'USD',
  elections: [{ electionId: 'p-2026', kind: 'primary', date: '2026-06-02' }],
  defaultElectionId: 'p-2026',
  registeredBy: 'officer-1',
  tenantId: 'party-a',
};
const registeredCommittee: CommitteeState = { status: 'registered', ...committee };

const campaign: CampaignOpenedV1 = {
  campaignId: 'cmp-spring',
  committeeId: 'c-smith',
  name: 'Spring push',
  currency: 'USD',
  opensAt: '2026-02-01T00:00:00.000Z',
  closesAt: '2026-06-01T00:00:00.000Z',
};

const open = (data: Partial<CampaignOpenedV1> = {}, committeeState: CommitteeState = registeredCommittee): OpenCampaign => ({
  type: 'OpenCampaign',
  eventId: 'ev-campaign-1',
  metadata,
  data: { ...campaign, ...data },
  committee: committeeState,
});

const opened = (data: Partial<CampaignOpenedV1> = {}): CampaignOpened => ({
  eventId: 'ev-campaign-1',
  type: 'CampaignOpened',
  version: 1,
  payload: { ...campaign, ...data },
  metadata,
});

const spec = deciderSpec({ decide: openCampaign, evolve: evolveCampaign, initialState: initialCampaignState });

describe('campaign decider', () => {
  describe('given no campaign', () => {
    const given = spec.given([]);

    it('starts as none', () => {
      expect(given.state).toEqual({ status: 'none' });
    });

    it('opens a campaign of a registered committee, in its currency', () => {
      given.when(open()).then([opened()]);
    });

    it('opens an open-ended campaign', () => {
      given.when(open({ closesAt: null })).then([opened({ closesAt: null })]);
    });

    it('opens a campaign that closes one millisecond after it opens', () => {
      const window = { opensAt: '2026-02-01T00:00:00.000Z', closesAt: '2026-02-01T00:00:00.001Z' };
      given.when(open(window)).then([opened(window)]);
    });

    describe('refuses', () => {
      it('a committee that is not registered', () => {
        given.when(open({}, initialCommitteeState())).thenRejects('committee_not_found', 'committee c-smith is not registered');
      });

      it('a currency other than the committee reports in', () => {
        given.when(open({ currency: 'GBP' })).thenRejects('currency_mismatch', "campaign currency GBP differs from the committee's USD");
      });

      it('a window that closes when it opens, or before', () => {
        const at = '2026-02-01T00:00:00.000Z';
        given.when(open({ opensAt: at, closesAt: at })).thenRejects('campaign_window_invalid', 'closesAt must be after opensAt');
        given
          .when(open({ opensAt: at, closesAt: '2026-01-31T23:59:59.999Z' }))
          .thenRejects('campaign_window_invalid', 'closesAt must be after opensAt');
      });
    });
  });

  describe('given an opened campaign', () => {
    const given = spec.given([opened()]);

    it('holds what was opened', () => {
      expect(given.state).toEqual({ status: 'opened', ...campaign });
    });

    it('refuses to open it again', () => {
      given.when(open()).thenRejects('campaign_already_exists', 'campaign cmp-spring exists');
    });

    it('checks the committee before the campaign', () => {
      given.when(open({}, initialCommitteeState())).thenRejects('committee_not_found');
    });
  });
});
