import { checkReceiptWindow, type ReceiptTimes } from './receipt-window.js';

const window: ReceiptTimes = {
  receivedAt: '2026-03-01T12:00:00.000Z',
  now: '2026-03-01T12:00:00.000Z',
  opensAt: '2026-02-01T00:00:00.000Z',
  closesAt: '2026-06-01T00:00:00.000Z',
};
const check = (times: Partial<ReceiptTimes>) => () => checkReceiptWindow({ ...window, ...times });

describe('checkReceiptWindow', () => {
  it('takes a receipt inside the window, posted at once', () => expect(check({})).not.toThrow());

  it('takes a receipt up to five minutes ahead of the server clock, not more', () => {
    expect(check({ receivedAt: '2026-03-01T12:05:00.000Z' })).not.toThrow();
    expect(check({ receivedAt: '2026-03-01T12:05:00.001Z' })).toThrow(expect.objectContaining({ code: 'received_at_in_future' }));
    expect(check({ receivedAt: '2099-01-01T00:00:00.000Z' })).toThrow(expect.objectContaining({ code: 'received_at_in_future' }));
  });

  it('judges the window on receivedAt: a receipt before it opens, or from the instant it closes, is refused', () => {
    expect(check({ receivedAt: '2026-01-31T23:59:59.999Z' })).toThrow(expect.objectContaining({ code: 'campaign_not_open' }));
    const atClose = { receivedAt: '2026-06-01T00:00:00.000Z', now: '2026-06-01T00:00:00.000Z' };
    expect(check(atClose)).toThrow(expect.objectContaining({ code: 'campaign_closed', detail: 'campaign closed at 2026-06-01T00:00:00.000Z' }));
  });

  it('takes a receipt from inside the window posted within ten days of the close, and refuses it after', () => {
    expect(check({ receivedAt: '2026-05-31T18:00:00.000Z', now: '2026-06-10T23:59:59.999Z' })).not.toThrow();
    expect(check({ receivedAt: '2026-05-31T18:00:00.000Z', now: '2026-06-11T00:00:00.000Z' })).toThrow(
      expect.objectContaining({ code: 'campaign_closed' }),
    );
  });

  it('never closes an open-ended campaign', () => {
    expect(check({ closesAt: null, receivedAt: '2031-01-01T00:00:00.000Z', now: '2031-01-01T00:00:00.000Z' })).not.toThrow();
  });
});
