import { evolveDonorAggregate, initialDonorAggregate } from '#domain';

/** How compliance's commands fold the streams they guard (handleCommand's StreamFold). */
export const donorAggregateFold = { evolve: evolveDonorAggregate, initialState: initialDonorAggregate };

/** A key stream's state for structuring is only its length: its evidence is read from its events. */
export const eventCountFold = { evolve: (count: number) => count + 1, initialState: () => 0 };
