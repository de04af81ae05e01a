import { Injectable, type PipeTransform } from '@nestjs/common';
import { CLIENT_ID_PATTERN } from '#contracts';
import { HttpProblem, problem, type Problem } from './problem.js';

type NotFoundCode = 'not_found' | 'donation_not_found' | 'reward_tier_not_found' | 'reward_grant_not_found' | 'recurring_plan_not_found' | 'donor_link_not_found';

export interface IdRule {
  /** What the id names, for the answer: "no campaign has such an id". */
  what: string;
  /** The code of a missing one on this route (404 every time); `not_found` unless the route has its own. */
  code?: NotFoundCode;
  /** Ids are client-chosen (CLIENT_ID_PATTERN) unless the resource has a form of its own. */
  pattern?: RegExp;
}

/**
 * A path id that cannot exist answers 404 before anything is looked up, as a missing one does.
 * It is not echoed: it may be anything a client typed, up to the URL limit.
 */
@Injectable()
export class IdPipe implements PipeTransform<string, string> {
  constructor(private readonly rule: IdRule) {}

  transform(value: string): string {
    if (!(this.rule.pattern ?? CLIENT_ID_PATTERN).test(value)) throw new HttpProblem(notFound(this.rule));
    return value;
  }
}

function notFound({ what, code = 'not_found' }: IdRule): Problem {
  return problem(code, `no ${what} has such an id`);
}

/** `@Param('campaignId', idOf('campaign'))`. */
export const idOf = (what: string, rule: Omit<IdRule, 'what'> = {}): IdPipe => new IdPipe({ what, ...rule });

/** The same check where an id is read before the pipes run (an interceptor's precondition). */
export const checkedId = (value: string, what: string, rule: Omit<IdRule, 'what'> = {}): string => idOf(what, rule).transform(value);
