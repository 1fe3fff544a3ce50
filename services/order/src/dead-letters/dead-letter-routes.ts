import { deadLetterQuery, subscriptions } from '@shop/contracts';
import { AppError, type DaprClient } from '@shop/platform';
import { Router } from 'express';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { z } from 'zod';
import { describePayload, readDeadLetter } from './dead-letter';
import {
  findDeadLetter,
  listDeadLetters,
  recordRedrive,
  storeDeadLetter,
  type DeadLetter,
} from './dead-letter-repository';
import { redriveToConsumer } from './redrive';

/** The route each dead-letter topic is delivered to (components/resources/subscriptions.yaml). */
export const deadLetterRoute = (topic: string, consumer: string): string => `/dead-letters/${topic}/${consumer}`;

const view = (dl: DeadLetter) => ({
  id: dl.id,
  consumer: dl.consumer,
  topic: dl.topic,
  eventId: dl.eventId,
  eventType: dl.eventType,
  orderId: dl.orderId,
  receivedAt: dl.receivedAt.toISOString(),
  status: dl.status,
  redriveAttempts: dl.redriveAttempts,
  lastRedriveAt: dl.lastRedriveAt?.toISOString() ?? null,
  lastRedriveOutcome: dl.lastRedriveOutcome,
  ...describePayload(dl.payload),
});

export function deadLetterRoutes(deps: { pool: Pool; dapr: DaprClient; logger: Logger }): Router {
  const { pool, dapr, logger } = deps;
  const router = Router();

  // Deliveries from the dead-letter topics. Storing never rejects a message: whatever it is,
  // an operator must be able to see it. Only a database failure asks daprd to retry.
  router.post('/dead-letters/:topic/:consumer', async (req, res) => {
    const { topic, consumer } = req.params;
    if (!subscriptions.some((s) => s.topic === topic && s.consumer === consumer)) {
      logger.error({ topic, consumer }, 'dead letter for an unknown subscription');
      res.json({ status: 'DROP' });
      return;
    }
    try {
      const facts = readDeadLetter(req.body);
      await storeDeadLetter(pool, { topic, consumer }, facts);
      logger.warn({ topic, consumer, eventId: facts.eventId, type: facts.eventType }, 'dead letter stored');
      res.json({ status: 'SUCCESS' });
    } catch (err) {
      logger.error({ err, topic, consumer }, 'could not store a dead letter; asking for retry');
      res.json({ status: 'RETRY' });
    }
  });

  router.get('/admin/dead-letters', async (req, res) => {
    const query = deadLetterQuery.safeParse(req.query);
    if (!query.success) throw AppError.badRequest(z.prettifyError(query.error));
    res.json({ items: (await listDeadLetters(pool, query.data)).map(view) });
  });

  router.post('/admin/dead-letters/:id/redrive', async (req, res) => {
    const id = z.uuid().safeParse(req.params.id);
    const dl = id.success ? await findDeadLetter(pool, id.data) : undefined;
    if (!dl) throw AppError.notFound(`dead letter ${req.params.id} does not exist`);
    if (dl.status === 'REDRIVEN') {
      throw new AppError(409, 'already-redriven', 'Already redriven', `dead letter ${dl.id} was redriven already`);
    }
    const { outcome, detail } = await redriveToConsumer(dapr, dl);
    const updated = await recordRedrive(pool, dl.id, outcome);
    logger.info({ id: dl.id, consumer: dl.consumer, outcome }, 'dead letter redriven');
    if (outcome === 'REJECTED') {
      throw new AppError(422, 'redrive-rejected', 'The consumer rejected the message again', detail, {
        deadLetter: view(updated),
      });
    }
    if (outcome === 'FAILED') {
      throw new AppError(503, 'redrive-failed', 'The consumer could not process the message now', detail, {
        deadLetter: view(updated),
      });
    }
    res.json(view(updated));
  });

  return router;
}
