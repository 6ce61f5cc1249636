import type { GlobalOptions } from '../cli/args/globals.js';

/**
 * The global options given to `awsmsg shell` (or `tutorial`, `guide`) as arguments again, so
 * that every line run inside inherits them; a line's own options come later and win.
 */
export function globalArgs(g: GlobalOptions): string[] {
  const out: string[] = [];
  if (g.db !== undefined) out.push('--db', g.db);
  if (g.region !== undefined) out.push('--region', g.region);
  if (g.profile !== undefined) out.push('--profile', g.profile);
  if (g.output !== undefined) out.push('--output', g.output);
  if (g.color !== 'auto') out.push('--color', g.color);
  if (g.cliBinaryFormat !== undefined) out.push('--cli-binary-format', g.cliBinaryFormat);
  if (g.debug) out.push('--debug');
  if (g.noPaginate) out.push('--no-paginate');
  // the target: every line goes where the shell's own options send it
  if (g.endpointUrl !== undefined) out.push('--endpoint-url', g.endpointUrl);
  if (g.remote) out.push('--remote');
  if (g.noSignRequest) out.push('--no-sign-request');
  if (g.noVerifySsl) out.push('--no-verify-ssl');
  if (g.caBundle !== undefined) out.push('--ca-bundle', g.caBundle);
  if (g.cliReadTimeout !== undefined) out.push('--cli-read-timeout', String(g.cliReadTimeout));
  if (g.cliConnectTimeout !== undefined) out.push('--cli-connect-timeout', String(g.cliConnectTimeout));
  return out;
}
