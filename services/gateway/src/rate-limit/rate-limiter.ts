import { AppError } from '@shop/platform';
import type { RequestHandler } from 'express';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { clientKey } from '../auth/authenticate';

export interface RateLimitOptions {
  redisUrl: string;
  points: number;
  windowSeconds: number;
}

/**
 * A fixed window per client, counted in the Redis every gateway replica shares (one atomic
 * INCR-with-expiry script per request), so N replicas still allow a client `points` per
 * window, not N times that. Dapr's ratelimit middleware was not used: it counts in each
 * sidecar's memory (per replica) and only by remote address, not by the token's subject.
 *
 * When Redis is unreachable the limiter falls back to counting in this replica's memory, so
 * an outage of the shared store neither stops the API nor lifts every limit.
 */
export class RateLimiter {
  private readonly redis: Redis;
  private readonly limiter: RateLimiterRedis;

  constructor(
    private readonly opts: RateLimitOptions,
    logger: Logger,
  ) {
    this.redis = new Redis(opts.redisUrl, {
      // Fail fast instead of queueing while disconnected: the fallback then answers.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      lazyConnect: false,
    });
    this.redis.on('error', (err: Error) => logger.warn({ err: err.message }, 'rate-limit store unavailable'));
    this.limiter = new RateLimiterRedis({
      storeClient: this.redis,
      keyPrefix: 'gateway-ratelimit',
      points: opts.points,
      duration: opts.windowSeconds,
      insuranceLimiter: new RateLimiterMemory({ points: opts.points, duration: opts.windowSeconds }),
    });
  }

  /** Counts the request against its client; 429 with Retry-After once the window is used up. */
  middleware(): RequestHandler {
    return async (req, res, next) => {
      const key = clientKey(res, req.ip);
      let result: RateLimiterRes;
      let limited = false;
      try {
        result = await this.limiter.consume(key);
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) return next(rejection);
        result = rejection;
        limited = true;
      }
      const resetSeconds = Math.max(1, Math.ceil(result.msBeforeNext / 1000));
      res.setHeader('RateLimit-Limit', String(this.opts.points));
      res.setHeader('RateLimit-Remaining', String(Math.max(0, result.remainingPoints)));
      res.setHeader('RateLimit-Reset', String(resetSeconds));
      if (!limited) return next();
      next(
        new AppError(
          429,
          'rate-limited',
          'Too many requests',
          `at most ${this.opts.points} requests per ${this.opts.windowSeconds}s per client; retry in ${resetSeconds}s`,
        ).withHeaders({ 'Retry-After': String(resetSeconds) }),
      );
    };
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
