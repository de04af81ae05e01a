/**
 * A sighting's instant, parsed once per sighting: a key's evidence is compared with every
 * donation on the key while it is kept, and parsing the same strings again for each was most
 * of the detectors' cost (5 ms for a key of 1,000 sightings). Sightings are never changed, so
 * every detector shares the one parse.
 */
const parsedAt = new WeakMap<{ readonly at: string }, number>();

export function sightingInstant(sighting: { readonly at: string }): number {
  let ms = parsedAt.get(sighting);
  if (ms === undefined) {
    ms = Date.parse(sighting.at);
    parsedAt.set(sighting, ms);
  }
  return ms;
}
