// k6 script: places orders through the public API at a fixed arrival rate (open model: k6
// starts RATE iterations a second whether or not earlier ones have finished).
//
// Each iteration is one customer's order under its own Idempotency-Key. A failed attempt
// (no answer, 5xx, 409 busy, 429) is retried with the same key and body, as a careful client
// would; every DUPLICATE_EVERY-th order is sent a second time on purpose. Both must give back
// the same order (I6). Accepted orders are counted with their id and key as tags, so the
// harness can read them from k6's JSON output.
import http from 'k6/http';
import exec from 'k6/execution';
import { sleep } from 'k6';
import { Counter } from 'k6/metrics';

const accepted = new Counter('orders_accepted');
const refused = new Counter('orders_refused');
const gaveUp = new Counter('orders_gave_up');
const retried = new Counter('orders_retried');
const mismatched = new Counter('idempotency_mismatches');

const rate = Number(__ENV.RATE);
const SKUS = ['SKU-COFFEE', 'SKU-MUG', 'SKU-GRINDER', 'SKU-KETTLE', 'SKU-FILTER'];

export const options = {
  scenarios: {
    orders: {
      executor: 'constant-arrival-rate',
      rate,
      timeUnit: '1s',
      duration: __ENV.DURATION,
      // An order may wait on retries for a while (a fault run): enough VUs are ready up front
      // that a slow moment does not drop the next arrivals while k6 starts more.
      preAllocatedVUs: Math.min(600, Math.max(10, rate * 20)),
      maxVUs: Number(__ENV.MAX_VUS || 600),
      gracefulStop: __ENV.GRACEFUL_STOP || '30s',
    },
  },
  summaryTrendStats: ['avg', 'p(50)', 'p(95)', 'p(99)', 'max'],
  // Only the counters and request timings matter; less bookkeeping per request.
  systemTags: ['status', 'name', 'expected_response'],
};

function attempt(body, key) {
  return http.post(`${__ENV.GATEWAY}/api/v1/orders`, body, {
    headers: {
      authorization: `Bearer ${__ENV.TOKEN}`,
      'content-type': 'application/json',
      'idempotency-key': key,
    },
    tags: { name: 'POST /orders' },
    timeout: '30s',
    responseCallback: http.expectedStatuses(202),
  });
}

const retryable = (status) => status === 0 || status >= 500 || status === 409 || status === 429;

/** Sends until answered for good; gives up after RETRY_FOR_S seconds. */
function place(body, key) {
  const until = Date.now() + Number(__ENV.RETRY_FOR_S || 120) * 1000;
  let res = attempt(body, key);
  let cap = 0.25;
  while (retryable(res.status) && Date.now() < until) {
    retried.add(1);
    // Exponential backoff with full jitter, up to 10 s: clients that wait out an outage in
    // step would hit the platform all at once when it comes back.
    sleep(Math.random() * cap);
    cap = Math.min(cap * 2, 10);
    res = attempt(body, key);
  }
  return res;
}

export default function () {
  const n = exec.scenario.iterationInTest;
  const key = `${__ENV.RUN_ID}-${n}`;
  const declineEvery = Number(__ENV.DECLINE_EVERY || 0);
  const body = JSON.stringify({
    customerId: key,
    items: [{ sku: SKUS[n % SKUS.length], quantity: 1 + (n % 3) }],
    paymentMethod: declineEvery > 0 && n % declineEvery === 0 ? 'pm_card_declined' : 'pm_card_ok',
  });
  const res = place(body, key);
  if (res.status !== 202) {
    (retryable(res.status) ? gaveUp : refused).add(1, { status: String(res.status) });
    return;
  }
  const orderId = res.json('orderId');
  accepted.add(1, { order_id: orderId, key });
  const duplicateEvery = Number(__ENV.DUPLICATE_EVERY || 0);
  if (duplicateEvery > 0 && n % duplicateEvery === 0) {
    // A repeat that never got an answer created nothing; one that did must name the same order.
    const again = place(body, key);
    if (again.status === 202 && again.json('orderId') !== orderId) {
      mismatched.add(1, { key, order_id: orderId, status: String(again.status) });
    }
  }
}
