import { nodeOs } from '../core/nodeOs.js';

declare const AWSMSG_VERSION: string;

/** `awsmsg --version`, in the AWS CLI's form. */
export const versionText = (): string =>
  `awsmsg/${typeof AWSMSG_VERSION === 'string' ? AWSMSG_VERSION : 'dev'} Node.js/${process.version} ${process.platform === 'linux' ? 'Linux' : process.platform}/${nodeOs().release()} models/sqs-2012-11-05,sns-2010-03-31,kinesis-2013-12-02`;
