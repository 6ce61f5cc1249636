/** Tables of the kinesis service (a migration step of src/store/migrations.ts). */
export const KINESIS_SCHEMA = `
CREATE TABLE kinesis_placeholder (id INTEGER PRIMARY KEY);
`;
