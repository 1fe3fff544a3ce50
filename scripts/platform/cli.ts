import { profile } from './layout';
import { resetPlatform, runningProcesses, startPlatform, stopPlatform, urlTable } from './platform';

const log = (line: string): void => console.log(`==> ${line}`);

async function main(command: string | undefined): Promise<void> {
  const p = profile(process.env.PLATFORM_PROFILE === 'test' ? 'test' : 'dev');
  switch (command) {
    case 'start':
      try {
        await startPlatform(p, { log });
      } catch (err) {
        console.error(`\nxx ${(err as Error).message}`);
        if (!(err as Error).message.includes('already')) {
          console.error('xx stopping what was started');
          await stopPlatform(p);
        }
        process.exit(1);
      }
      console.log(
        `\nThe platform is up (profile '${p.name}'). URLs:\n${urlTable(p)}\n\nStop it with 'npm stop' (data is kept); wipe the data with 'npm run reset'.`,
      );
      return;
    case 'stop':
      await stopPlatform(p, log);
      if (runningProcesses(p).length > 0) throw new Error(`still running: ${runningProcesses(p).join(', ')}`);
      log('stopped; data kept in ' + p.data);
      return;
    case 'status': {
      const up = runningProcesses(p);
      console.log(up.length ? `running: ${up.join(', ')}\n${urlTable(p)}` : 'not running');
      return;
    }
    case 'reset':
      resetPlatform(p);
      log(`removed ${p.home}`);
      return;
    default:
      throw new Error('usage: cli.ts start|stop|status|reset');
  }
}

main(process.argv[2]).catch((err: unknown) => {
  console.error(`xx ${(err as Error).message}`);
  process.exit(1);
});
