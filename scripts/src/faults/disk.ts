/**
 * The disk-full fault: one peer's ledger directory (`<peer>/production`) is moved onto a tmpfs of its own
 * (Linux, as root: `mount -t tmpfs`), the peer started on it; the fault is a file that takes all the room
 * left, as another program filling a shared disk would. The peer must fail loudly (its log says why), the
 * others carry on. The repair stops the peer, copies its ledger back onto the real disk, unmounts the
 * tmpfs (the only mount this creates, and the only one it removes) and lets `network:up` start the peer.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statfsSync } from 'node:fs';
import * as path from 'node:path';
import { pathsFor, ProcessTable, type OrgLayout } from '@govchain/network';

/** Room the tmpfs has beside the ledger before the fault, so that the peer starts and catches up. */
const HEADROOM_BYTES = 64 * 1024 * 1024;

export interface DiskFault {
  /** Stops the peer and moves its ledger onto the tmpfs (`network:up` then starts it there). */
  readonly prepare: () => Promise<void>;
  /** Fills the tmpfs. */
  readonly fill: () => Promise<void>;
  /** What the peer's log said after the fault (its last error line), and whether it is still running. */
  readonly verdict: () => { running: boolean; lastError: string | undefined };
  /** Stops the peer and puts its ledger back on the real disk. */
  readonly restore: () => Promise<void>;
  /** Undoes whatever is still in place (on failure). */
  readonly dispose: () => Promise<void>;
}

function du(dir: string): number {
  return Number(execFileSync('du', ['-sb', dir], { encoding: 'utf8' }).split('\t')[0]);
}

export function diskFault(root: string, org: OrgLayout, log: (line: string) => void): DiskFault {
  const ledger = path.join(org.peer.dataDir, 'production');
  const aside = `${ledger}.before-disk-fault`;
  const filler = path.join(ledger, 'filler');
  const table = new ProcessTable(pathsFor(root).run);
  let mounted = false;
  const unmount = (): void => {
    if (!mounted) return;
    execFileSync('umount', [ledger]);
    mounted = false;
  };
  const logFile = path.join(pathsFor(root).logs, `${org.peer.name}.log`);
  const logText = (): string => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  let logLength = 0;
  return {
    prepare: async () => {
      await table.stop(org.peer.name);
      renameSync(ledger, aside);
      mkdirSync(ledger);
      const size = du(aside) + HEADROOM_BYTES;
      execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'govchain-disk-fault', ledger]);
      mounted = true;
      cpSync(aside, ledger, { recursive: true, preserveTimestamps: true });
      log(`${org.peer.name}'s ledger is on a ${Math.round(size / 1024 / 1024)} MB tmpfs`);
    },
    fill: () => {
      logLength = logText().length;
      const { bavail, bsize } = statfsSync(ledger);
      // head stops with "No space left on device" once the tmpfs is full: that is the point.
      execFileSync('sh', [
        '-c',
        'head -c "$1" /dev/zero > "$2" 2>/dev/null || true',
        'fill',
        String(bavail * bsize),
        filler,
      ]);
      log(`filled ${org.peer.name}'s ledger disk: ${statfsSync(ledger).bavail * bsize} bytes left`);
      return Promise.resolve();
    },
    verdict: () => {
      const after = logText().slice(logLength);
      const lines = after.split('\n').filter((l) => /no space left on device|panic|ERRO|FATA/i.test(l));
      return {
        running: table.running(org.peer.name) !== undefined,
        lastError: lines.find((l) => /no space/i.test(l)) ?? lines[0],
      };
    },
    restore: async () => {
      await table.stop(org.peer.name);
      rmSync(filler, { force: true });
      const back = `${ledger}.restored`;
      rmSync(back, { recursive: true, force: true });
      cpSync(ledger, back, { recursive: true, preserveTimestamps: true });
      unmount();
      rmSync(ledger, { recursive: true, force: true });
      renameSync(back, ledger);
      rmSync(aside, { recursive: true, force: true });
    },
    dispose: async () => {
      if (!mounted) return;
      await table.stop(org.peer.name);
      unmount();
      rmSync(ledger, { recursive: true, force: true });
      if (existsSync(aside)) renameSync(aside, ledger);
    },
  };
}
