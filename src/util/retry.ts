import { ConflictError } from '../errors';

/**
 * The one retry loop. Every loop that waits for another writer (a compare-and-swap on
 * refs/notes/kiro, a push that raced another push) names one of these policies, so every
 * loop is bounded and the back-off is chosen in one place.
 */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Upper bound of the random wait before attempt n (n >= 2), in ms. */
  backoffMs: (attempt: number) => number;
}

export const POLICIES = {
  /** A local compare-and-swap on refs/notes/kiro: many writers may race (20 concurrent saves). */
  localWrite: { attempts: 60, backoffMs: (n: number) => Math.min(200, 5 * 2 ** Math.min(n, 6)) },
  /** A git hook: it must never stall the user's commit. */
  hook: { attempts: 5, backoffMs: (n: number) => 5 * n },
  /** Merging a fetched tip into the local ref while local writers move it. */
  merge: { attempts: 20, backoffMs: (n: number) => 50 * n },
  /**
   * Fetch, merge and push again while other clones push. Exponential (capped at 4 s):
   * with 16 clones pushing at once on one ref (npm run bench -- --team) a linear 100 ms
   * step and 12 rounds left 18 % of syncs failing; spreading the retries out lets each
   * round's push land (bench/results.md, docs/scaling.md).
   */
  push: { attempts: 20, backoffMs: (n: number) => Math.min(4000, 150 * 2 ** (n - 2)) },
  /** Replacing a remote's history with a lease (purge --remote). */
  lease: { attempts: 8, backoffMs: (n: number) => 100 * n },
} as const satisfies Record<string, RetryPolicy>;

/** What one attempt says: done with a value, or try again. */
export type Attempt<T> = { done: true; value: T } | { done: false };
export const done = <T>(value: T): Attempt<T> => ({ done: true, value });
export const again: Attempt<never> = { done: false };

/**
 * Runs `attempt` until it is done or the policy's attempts run out, waiting a random
 * time (jitter, so racing writers stop colliding) between attempts. Then `exhausted()`
 * is thrown (by default a ConflictError). Errors thrown by an attempt end the loop.
 */
export async function retry<T>(
  policy: RetryPolicy,
  attempt: (n: number) => Promise<Attempt<T>>,
  exhausted: () => Error = () => new ConflictError('refs/notes/kiro kept changing; try again'),
): Promise<T> {
  for (let n = 1; n <= policy.attempts; n++) {
    if (n > 1) await new Promise((r) => setTimeout(r, Math.random() * policy.backoffMs(n)));
    const r = await attempt(n);
    if (r.done) return r.value;
  }
  throw exhausted();
}
