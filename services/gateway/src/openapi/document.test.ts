import { openApiDocument, operations } from './document';

describe('the OpenAPI document', () => {
  const doc = openApiDocument('test') as unknown as {
    openapi: string;
    paths: Record<
      string,
      Record<
        string,
        {
          parameters?: { in: string; name: string; required?: boolean }[];
          responses: Record<string, { content?: Record<string, unknown> }>;
        }
      >
    >;
  };

  it('is OpenAPI 3.1 with one entry per operation the gateway routes', () => {
    expect(doc.openapi).toBe('3.1.0');
    for (const op of operations) expect(doc.paths[op.path]?.[op.method]).toBeDefined();
  });

  it('documents every error as a problem document, and auth, rate limit and upstream failures everywhere', () => {
    for (const op of operations) {
      const responses = doc.paths[op.path]![op.method]!.responses;
      for (const code of ['401', '429', '502', '503', '504']) expect(Object.keys(responses)).toContain(code);
      for (const [code, response] of Object.entries(responses)) {
        if (Number(code) >= 400) expect(Object.keys(response.content ?? {})).toEqual(['application/problem+json']);
      }
    }
  });

  it('requires the Idempotency-Key header on POST /orders', () => {
    const params = doc.paths['/orders']!.post!.parameters ?? [];
    expect(params).toContainEqual(expect.objectContaining({ in: 'header', name: 'idempotency-key', required: true }));
  });
});
