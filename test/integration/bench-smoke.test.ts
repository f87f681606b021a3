import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './support';

const run = promisify(execFile);

describe('benchmark script (smoke run, a few seconds)', function () {
  it('drives every workload through the client and writes a report with each row measured', async function () {
    this.timeout(180_000);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'govchain-bench-'));
    try {
      const out = path.join(dir, 'smoke.md');
      await run(process.execPath, [path.join(ROOT, 'scripts', 'dist', 'bench', 'main.js'), '--smoke', '--out', out], {
        cwd: ROOT,
        env: process.env,
      });
      const report = readFileSync(out, 'utf8');
      for (const workload of [
        'control Put',
        'control PutWithDetail',
        'e-license IssueLicense',
        'control Get',
        'e-license VerifyLicense',
        'client VerifyLicense',
        'REST VerifyLicense',
        'client IssueLicense',
        'REST IssueLicense',
        'real-estate ConfirmLandUseRight',
        'bid-record CommitBid',
        'ListLicensesByHolder, 20 licences',
        'ListLicensesByHolder, 40 licences',
      ]) {
        const row = report.split('\n').find((line) => line.startsWith(`| ${workload} |`));
        expect(row, workload).to.not.equal(undefined);
        const cells = row!.split('|').map((c) => c.trim());
        expect(Number(cells[4]), `${workload} successes`).to.be.greaterThan(0);
        expect(cells[6], `${workload} failures other than MVCC conflicts`).to.equal('0');
      }
      expect(report).to.match(/\| cc-market-regulation \| \d+ MB \|/);
      expect(report).to.match(/\| peer0-tax \| \d+ MB \|/);
      expect(report).to.include('### Where the write gap comes from (this run)');
      // The REST service's figures beside the client's, and its process's CPU accounted on its own.
      expect(report).to.match(
        /\| VerifyLicense through the REST service \/ through the client, throughput \| \d+\.\d\d \|/,
      );
      expect(report).to.match(
        /\| IssueLicense through the REST service − through the client, p50 \| [+-]\d+\.\d ms \|/,
      );
      expect(report).to.match(/\| workload \|[^\n]* service \|/);

      // The measurements are kept beside the report, and rendering them again gives the same report.
      const again = path.join(dir, 'again.md');
      await run(
        process.execPath,
        [
          path.join(ROOT, 'scripts', 'dist', 'bench', 'main.js'),
          '--render',
          path.join(dir, 'smoke.json'),
          '--out',
          again,
        ],
        { cwd: ROOT, env: process.env },
      );
      expect(readFileSync(again, 'utf8')).to.equal(report);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
