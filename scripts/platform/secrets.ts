import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { APPS, type AppId, type Profile } from './layout';

/** Generated once per profile, kept in the git-ignored profile folder, never committed. */
export interface Secrets {
  postgresPassword: string;
  redisPassword: string;
  databasePasswords: Record<string, string>;
  /** Per app: the token its sidecar demands (DAPR_API_TOKEN) and the one it presents to the app (APP_API_TOKEN). */
  tokens: Record<AppId, { daprApiToken: string; appApiToken: string }>;
}

const secret = (): string => randomBytes(24).toString('base64url');

export function loadSecrets(p: Profile): Secrets {
  const file = path.join(p.home, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Secrets;
  const created: Secrets = {
    postgresPassword: secret(),
    redisPassword: secret(),
    databasePasswords: {},
    tokens: Object.fromEntries(
      APPS.map((a) => [a, { daprApiToken: secret(), appApiToken: secret() }]),
    ) as Secrets['tokens'],
  };
  mkdirSync(p.home, { recursive: true });
  writeFileSync(file, JSON.stringify(created, null, 2), { mode: 0o600 });
  return created;
}

export function saveSecrets(p: Profile, s: Secrets): void {
  writeFileSync(path.join(p.home, 'secrets.json'), JSON.stringify(s, null, 2), { mode: 0o600 });
}

export const newPassword = secret;
