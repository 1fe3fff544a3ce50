/**
 * Work to run last on shutdown, after the service's own cleanup: flushing the spans of the
 * last requests. A module with no dependencies, so telemetry can register here before
 * anything it instruments is loaded.
 */
const hooks: (() => Promise<void>)[] = [];

export function onShutdown(hook: () => Promise<void>): void {
  hooks.push(hook);
}

export async function runShutdownHooks(): Promise<void> {
  await Promise.all(hooks.map((h) => h().catch(() => undefined)));
}
