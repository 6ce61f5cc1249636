/** Tables of the sqs service (a migration step of src/store/migrations.ts). */
export const SQS_SCHEMA = `
CREATE TABLE sqs_placeholder (id INTEGER PRIMARY KEY);
`;
