/**
 * The one Dockerfile, statically: what the chart and the cluster rely on. (Building and
 * running it is `npm run image:smoke`; see reports/image-smoke.md.)
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../scripts/platform/layout';

const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
const ignore = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split('\n');
const stages = [...dockerfile.matchAll(/^FROM (\S+)(?: AS (\S+))?$/gm)].map((m) => ({ from: m[1], name: m[2] }));
const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));

describe('Dockerfile', () => {
  it('is multi-stage, every stage on the BASE_IMAGE build argument', () => {
    expect(dockerfile).toMatch(/^ARG BASE_IMAGE=\S+$/m);
    expect(stages.length).toBeGreaterThanOrEqual(3);
    for (const s of stages) expect(['${BASE_IMAGE}', 'build']).toContain(s.from);
  });

  it('runs the final image as a numeric non-root user, with a health check on /healthz and no build tools copied', () => {
    expect(runtime).toMatch(/^USER 10001:10001$/m);
    expect(runtime).toMatch(/^HEALTHCHECK .*\/healthz/ms);
    expect(runtime).toMatch(/^CMD \["node", "\/app\/main\.js"\]$/m);
    // Only the assembled runtime tree comes in: no sources, no dev dependencies.
    expect([...runtime.matchAll(/^COPY (.*)$/gm)].map((m) => m[1])).toEqual(['--from=app /out /app']);
  });

  it('installs from the manifests of every workspace, so a new one cannot be forgotten', () => {
    const workspaces = ['packages', 'services'].flatMap((dir) =>
      readdirSync(path.join(ROOT, dir)).map((name) => `${dir}/${name}/package.json`),
    );
    for (const manifest of workspaces) expect(dockerfile).toContain(`COPY ${manifest} `);
  });

  it('keeps local state, build output and secrets out of the build context', () => {
    for (const entry of ['.platform', '**/node_modules', '**/dist', '.git', 'reports']) expect(ignore).toContain(entry);
  });
});
