/** The version `tickwork --version` prints and crash reports record (package.json's). */
export const TICKWORK_VERSION = '0.1.0';
