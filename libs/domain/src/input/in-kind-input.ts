import { IN_KIND_NATURES, type InKindGift, type PaymentMethod } from '#contracts';
import { asObject, invalid, text, type Body } from './fields.js';

/**
 * `payment.inKind` of a donation: what a gift in kind was. Required exactly when the method is
 * `in_kind` (a report must say what was given, and money has nothing to say), so a gift of
 * goods is never filed as cash nor cash as goods. The description is printed on the filings,
 * so it is held to their widths: the FEC's "In-Kind: " purpose keeps 91 characters of it.
 */
export function parseInKind(payment: Body, method: PaymentMethod): InKindGift | null {
  const raw = payment.inKind;
  if (method !== 'in_kind') {
    if (raw !== undefined && raw !== null) invalid('payment.inKind', 'is only for payment.method in_kind');
    return null;
  }
  if (raw === undefined || raw === null) return invalid('payment.inKind', 'is required when payment.method is in_kind: its nature, description and valuation basis');
  const gift = asObject(raw, 'payment.inKind');
  const nature = gift.nature;
  if (typeof nature !== 'string' || !(IN_KIND_NATURES as readonly string[]).includes(nature)) invalid('payment.inKind.nature', `must be one of ${IN_KIND_NATURES.join(', ')}`);
  return {
    nature: nature as InKindGift['nature'],
    description: text(gift, 'description', { max: 91, label: 'payment.inKind.description' }) as string,
    valuationBasis: text(gift, 'valuationBasis', { max: 200, label: 'payment.inKind.valuationBasis' }) as string,
  };
}
