/** Global options that take no value; every other global option takes one. */
export const GLOBAL_SWITCHES: ReadonlySet<string> = new Set(['--debug', '--no-verify-ssl', '--no-paginate', '--no-sign-request', '--no-cli-pager', '--cli-auto-prompt', '--no-cli-auto-prompt', '--version', '--remote']);
