/**
 * What the use cases need from the outside world, as interfaces. `src/adapters/db`
 * implements the stores with PostgreSQL; the chat adapters implement `ChatPlatform`;
 * tests implement them in memory. Nothing here knows SQL, Slack or Teams.
 */
export type { Clock } from '../config/clock.ts';
export type { Purpose } from '../domain/audience.ts';
export * from './ports/schools.ts';
export * from './ports/roll.ts';
export * from './ports/staff.ts';
export * from './ports/registers.ts';
export * from './ports/casework.ts';
export * from './ports/audit.ts';
export * from './ports/delivery.ts';
export * from './ports/flags.ts';
export * from './ports/jobs.ts';
export * from './ports/imports.ts';
export * from './ports/mis.ts';
export * from './ports/installations.ts';
export * from './ports/letters.ts';
