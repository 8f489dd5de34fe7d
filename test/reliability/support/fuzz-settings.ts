/**
 * How hard the reliability suites push. CI runs the defaults (the whole `npm test` must stay
 * well under 15 minutes); a soak sets FUZZ_RUNS (and FUZZ_SEED to replay a failure) higher.
 */
export const FUZZ_RUNS = positiveInt('FUZZ_RUNS', 0);
export const FUZZ_SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

/** Runs per property: the suite's own default, or FUZZ_RUNS when set. */
export function fuzzRuns(defaultRuns: number): number {
  return FUZZ_RUNS > 0 ? FUZZ_RUNS : defaultRuns;
}

/** fast-check parameters: runs, the seed to replay, no time-based interruption (a hang must fail, not stop). */
export function fuzzParameters(defaultRuns: number): { numRuns: number; seed?: number; endOnFailure: boolean } {
  return { numRuns: fuzzRuns(defaultRuns), ...(FUZZ_SEED === undefined ? {} : { seed: FUZZ_SEED }), endOnFailure: true };
}

/** A soak's longer suites need longer timeouts: the default scaled by how many more runs it asked for. */
export function fuzzTimeout(defaultRuns: number, defaultMs: number): number {
  return Math.max(defaultMs, Math.ceil((defaultMs * fuzzRuns(defaultRuns)) / defaultRuns));
}

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a whole number, 1 or more (got ${JSON.stringify(raw)})`);
  return value;
}
