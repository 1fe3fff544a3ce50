import path from 'node:path';
import { AppError } from '@shop/platform';
import express, { Router, type RequestHandler } from 'express';
import { API_BASE, operations } from './document';

/** swagger-ui-dist's folder: its package main exports the path. */
const swaggerUiDir = path.dirname(require.resolve('swagger-ui-dist/package.json'));

// Served as a file so the page needs no inline script (the CSP forbids them).
const initializer = `window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: '${API_BASE}/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    persistAuthorization: false,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout',
  });
};
`;

/** `/openapi.json` and a browsable docs page (Swagger UI) under `/docs/`; both public. */
export function docsRoutes(document: unknown): Router {
  const router = Router();
  router.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  // The page's assets are relative links, so the page must be addressed with its slash.
  router.get('/docs', (req, res, next) => {
    if (req.originalUrl.split('?')[0]?.endsWith('/')) return next();
    res.redirect(301, `${API_BASE}/docs/`);
  });
  router.get('/docs/swagger-initializer.js', (_req, res) => {
    res.type('application/javascript').send(initializer);
  });
  router.use('/docs', express.static(swaggerUiDir, { index: 'index.html', maxAge: '1h' }));
  return router;
}

const patterns = operations.map((op) => ({
  method: op.method.toUpperCase(),
  regex: new RegExp(`^${op.path.replace(/\{[^}]+\}/g, '[^/]+')}/?$`),
}));

/** A known path with another method is 405 with Allow, not 404. */
export const methodNotAllowed: RequestHandler = (req, res, next) => {
  const allowed = patterns.filter((p) => p.regex.test(req.path)).map((p) => p.method);
  if (allowed.length === 0) return next();
  res.setHeader('Allow', allowed.join(', '));
  next(
    new AppError(
      405,
      'method-not-allowed',
      'Method not allowed',
      `${req.method} is not supported here; use ${allowed.join(' or ')}`,
    ),
  );
};
