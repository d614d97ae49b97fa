import * as semconv from "../semconv.js";

/** The semconv constants as one object, so tests read `S.ATTR_...`. */
export const semconvValues = semconv;
