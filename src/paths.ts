import { fileURLToPath } from 'node:url';

/** The package root, the same from `src/` (tests, suites) and from `dist/` (the installed CLI). */
export const PACKAGE_ROOT = fileURLToPath(new URL('../', import.meta.url));
export const SCHEMAS_DIR = fileURLToPath(new URL('../schemas/', import.meta.url));
export const SCENARIOS_DIR = fileURLToPath(new URL('../scenarios/', import.meta.url));
