/** The fields the use cases' commands share, each with the words a person is told when it is wrong. */
import { z } from 'zod';
import { parseIsoDate } from '../../domain/dates.ts';

export const isoDate = z.string().refine((v) => parseIsoDate(v) !== undefined, 'a date (YYYY-MM-DD)');
export const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time (HH:MM)');
