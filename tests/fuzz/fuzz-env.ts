/**
 * The gateway's settings for fuzz runs: a fuzzer sends thousands of requests as one client,
 * which the production rate limit would rightly refuse; the limit itself has its own test.
 */
export const FUZZ_APP_ENV: Record<string, string> = { RATE_LIMIT_POINTS: '1000000' };
