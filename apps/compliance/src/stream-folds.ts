import {
  emptySightingWindow,
  evolveCommittee,
  evolveDonation,
  evolveDonorAggregate,
  evolveSightingWindow,
  initialCommitteeState,
  initialDonationState,
  initialDonorAggregate,
} from '#domain';

/** How compliance's commands fold the streams they guard (handleCommand's StreamFold). */
export const donorAggregateFold = { evolve: evolveDonorAggregate, initialState: initialDonorAggregate };

/** A structuring key stream as the evidence that can still change a finding (libs/domain structuring-window). */
export const sightingWindowFold = { evolve: evolveSightingWindow, initialState: emptySightingWindow };

/** A committee as compliance reads it (never appended here). */
export const committeeFold = { evolve: evolveCommittee, initialState: initialCommitteeState };

/** A donation as compliance reads it before deciding. */
export const donationFold = { evolve: evolveDonation, initialState: initialDonationState };
