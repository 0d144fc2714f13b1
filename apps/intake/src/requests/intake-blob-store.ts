/** The encrypted blob store intake keeps letters and evidence in. */
export const INTAKE_BLOB_STORE = Symbol('dsar:intake-blob-store');
