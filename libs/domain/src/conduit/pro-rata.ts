// The one largest-remainder spread lives with the rules (a partnership's gift is spread over its
// partners by it too, 11 CFR 110.1(e)); the conduit's reversals use it from there.
export { spreadProRata } from '#compliance-rules';
