/** Tables of the sns service (a migration step of src/store/migrations.ts). */
export const SNS_SCHEMA = `
CREATE TABLE sns_placeholder (id INTEGER PRIMARY KEY);
`;
