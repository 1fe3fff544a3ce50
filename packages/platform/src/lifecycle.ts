import type { Server } from 'node:http';
import type { Express } from 'express';
import type { Logger } from 'pino';
import { runShutdownHooks } from './shutdown-hooks';

export interface RunningServer {
  server: Server;
  port: number;
  close: () => Promise<void>;
}

/** Listens on `port` (0 picks a free port, as tests do) and resolves once bound. */
export function listen(app: Express, port: number, host = '127.0.0.1'): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.once('error', reject);
    server.once('listening', () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      resolve({
        server,
        port: bound,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeIdleConnections();
          }),
      });
    });
  });
}

/**
 * Graceful shutdown on SIGTERM/SIGINT: stop accepting requests, run the app's own cleanup
 * (relay, pools) and exit; a hard deadline guarantees the process does exit.
 */
export function handleShutdown(logger: Logger, timeoutMs: number, cleanup: () => Promise<void>): void {
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const deadline = setTimeout(() => {
      logger.error('shutdown deadline passed; exiting');
      process.exit(1);
    }, timeoutMs);
    deadline.unref();
    cleanup()
      .then(runShutdownHooks)
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        logger.error({ err }, 'error during shutdown');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection'));
}
