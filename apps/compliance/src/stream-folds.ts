import { evolveCommittee, evolveDonation, evolveDonorAggregate, initialCommitteeState, initialDonationState, initialDonorAggregate } from '#domain';

/** How compliance's commands fold the streams they guard (handleCommand's StreamFold). */
export const donorAggregateFold = { evolve: evolveDonorAggregate, initialState: initialDonorAggregate };

/** A key stream's state for structuring is only its length: its evidence is read from its events. */
export const eventCountFold = { evolve: (count: number) => count + 1, initialState: () => 0 };

/** A committee as compliance reads it (never appended here). */
export const committeeFold = { evolve: evolveCommittee, initialState: initialCommitteeState };

/** A donation as compliance reads it before deciding. */
export const donationFold = { evolve: evolveDonation, initialState: initialDonationState };
