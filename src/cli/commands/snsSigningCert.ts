import type { Command } from 'commander';
import type { CommandEnv } from '../run.js';

/** `awsmsg sns signing-cert`: the certificate that verifies this state file's SNS signatures. */
export function define(cmd: Command, env: CommandEnv): void {
  cmd
    .option('--details', 'print file name, fingerprint and validity as a result instead of the PEM text')
    .action(async (o: { details?: boolean }) => {
      const { signingCertificate } = await import('../../services/sns/index.js');
      const cert = signingCertificate(env.ctx().store);
      if (!o.details) {
        env.io.out(cert.pem.endsWith('\n') ? cert.pem : `${cert.pem}\n`);
        return;
      }
      await env.print(
        { FileName: cert.fileName, Fingerprint256: cert.fingerprint256, ValidFrom: cert.validFrom, ValidTo: cert.validTo },
        'SigningCertificate',
      );
    });
}
