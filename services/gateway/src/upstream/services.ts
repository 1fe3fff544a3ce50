import type { z } from 'zod';
import type { UpstreamAnswer, UpstreamRequest } from './service-client';

/** The port the routes call services through; ServiceClient implements it over Dapr. */
export interface Services {
  call<S extends z.ZodType>(
    app: string,
    path: string,
    req: UpstreamRequest,
    contract: S,
  ): Promise<UpstreamAnswer<z.infer<S>>>;
}
