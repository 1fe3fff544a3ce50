import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { run } from '../processes';
import { DATABASES, type Profile } from '../layout';
import { newPassword, saveSecrets, type Secrets } from '../secrets';

/** PostgreSQL refuses to run as root; as root we run it as the `postgres` system user. */
function asServerUser(command: string, args: string[]): [string, string[]] {
  if (process.getuid?.() !== 0) return [command, args];
  return ['setpriv', ['--reuid=postgres', '--regid=postgres', '--init-groups', '--', command, ...args]];
}

function pgBin(tool: string): string {
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    const versions = readdirSync(base).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) {
      const candidate = path.join(base, v, 'bin', tool);
      if (existsSync(candidate)) return candidate;
    }
  }
  return tool; // on PATH (Homebrew, other distributions)
}

function chownTree(dir: string): void {
  if (process.getuid?.() !== 0) return;
  run('chown', ['-R', 'postgres:postgres', dir]);
}

export interface PostgresHandle {
  /** A superuser URL for creating roles and databases. */
  adminUrl: string;
  external: boolean;
}

export function postgresDataDir(p: Profile): string {
  return path.join(p.data, 'postgres');
}

/** Starts a local PostgreSQL (initialising it the first time) unless PLATFORM_POSTGRES_URL is given. */
export function startPostgres(p: Profile, secrets: Secrets): PostgresHandle {
  if (process.env.PLATFORM_POSTGRES_URL) return { adminUrl: process.env.PLATFORM_POSTGRES_URL, external: true };
  const dir = postgresDataDir(p);
  if (!existsSync(path.join(dir, 'PG_VERSION'))) {
    mkdirSync(dir, { recursive: true });
    const pwfile = path.join(p.data, '.postgres-password');
    writeFileSync(pwfile, secrets.postgresPassword, { mode: 0o600 });
    chownTree(dir);
    chownTree(pwfile);
    const [cmd, args] = asServerUser(pgBin('initdb'), [
      '-D',
      dir,
      '-U',
      'postgres',
      '--pwfile',
      pwfile,
      '-E',
      'UTF8',
      '--auth-host=scram-sha-256',
      '--auth-local=scram-sha-256',
      '--no-instructions',
    ]);
    try {
      run(cmd, args);
    } finally {
      rmSync(pwfile, { force: true });
    }
  }
  chownTree(dir);
  const logFile = path.join(p.logs, 'postgres.log');
  mkdirSync(p.logs, { recursive: true });
  writeFileSync(logFile, '', { flag: 'a' });
  chownTree(logFile);
  const [cmd, args] = asServerUser(pgBin('pg_ctl'), [
    '-D',
    dir,
    '-l',
    logFile,
    '-w',
    '-t',
    '60',
    // TCP on loopback only; no Unix socket, so nothing depends on a socket directory.
    '-o',
    `-p ${p.postgresPort} -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c max_connections=200`,
    'start',
  ]);
  run(cmd, args);
  return {
    adminUrl: `postgres://postgres:${encodeURIComponent(secrets.postgresPassword)}@127.0.0.1:${p.postgresPort}/postgres`,
    external: false,
  };
}

export function stopPostgres(p: Profile): void {
  const dir = postgresDataDir(p);
  if (!existsSync(path.join(dir, 'postmaster.pid'))) return;
  const [cmd, args] = asServerUser(pgBin('pg_ctl'), ['-D', dir, '-m', 'fast', '-w', '-t', '60', 'stop']);
  run(cmd, args);
}

/** Creates each service's role and database (idempotent); returns each one's URL. */
export async function ensureDatabases(
  p: Profile,
  handle: PostgresHandle,
  secrets: Secrets,
): Promise<Record<string, string>> {
  const admin = new pg.Client({ connectionString: handle.adminUrl });
  await admin.connect();
  const urls: Record<string, string> = {};
  const host = new URL(handle.adminUrl);
  try {
    for (const [app, db] of Object.entries(DATABASES)) {
      const role = `${app}_svc`;
      secrets.databasePasswords[role] ??= newPassword();
      const password = secrets.databasePasswords[role];
      const exists = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
      const verb = exists.rowCount ? 'ALTER' : 'CREATE';
      await admin.query(`${verb} ROLE ${role} LOGIN PASSWORD '${password.replace(/'/g, "''")}'`);
      const hasDb = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [db]);
      if (!hasDb.rowCount) await admin.query(`CREATE DATABASE ${db} OWNER ${role}`);
      // Only the owning service may connect to its database.
      await admin.query(`REVOKE CONNECT ON DATABASE ${db} FROM PUBLIC`);
      urls[app] = `postgres://${role}:${encodeURIComponent(password)}@${host.hostname}:${host.port || 5432}/${db}`;
    }
  } finally {
    await admin.end();
  }
  saveSecrets(p, secrets);
  return urls;
}
