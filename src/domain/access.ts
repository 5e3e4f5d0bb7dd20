/**
 * Who may see and do what. A head of year sees their years, a form tutor their form,
 * attendance officers, senior leaders and the safeguarding leads the whole school;
 * safeguarding details only the DSL and deputies. Anyone else sees nothing, and a refusal
 * never says whether the pupil exists.
 */
import type { Purpose } from './audience.ts';

/** The roles a member of staff may hold (the Prisma enum StaffRoleKind, the staff import's role names). */
export const ROLES = ['attendance_officer', 'head_of_year', 'form_tutor', 'dsl', 'deputy_dsl', 'senior_leader'] as const;
export type Role = (typeof ROLES)[number];
export const isRole = (s: string): s is Role => (ROLES as readonly string[]).includes(s);

export interface RoleGrant {
  readonly role: Role;
  readonly yearGroup?: number | null;
  readonly regGroup?: string | null;
}

export interface PupilPlace {
  readonly yearGroup: number;
  readonly regGroup: string;
}

const WHOLE_SCHOOL: readonly Role[] = ['attendance_officer', 'senior_leader', 'dsl', 'deputy_dsl'];

export function seesWholeSchool(grants: readonly RoleGrant[]): boolean {
  return grants.some((g) => WHOLE_SCHOOL.includes(g.role));
}

export function canSeePupil(grants: readonly RoleGrant[], pupil: PupilPlace): boolean {
  if (seesWholeSchool(grants)) return true;
  return grants.some((g) =>
    (g.role === 'head_of_year' && g.yearGroup === pupil.yearGroup) ||
    (g.role === 'form_tutor' && g.regGroup === pupil.regGroup));
}

/** Safeguarding details (social worker, child protection, looked after, flags): DSL and deputies only. */
export function canSeeSafeguarding(grants: readonly RoleGrant[]): boolean {
  return grants.some((g) => g.role === 'dsl' || g.role === 'deputy_dsl');
}

/** Casework on a pupil (calls, meetings, letters, plans): anyone who can see the pupil. */
export const canRecordCasework = canSeePupil;

/** Changing a register mark: attendance officers and senior leaders, who keep the register. */
export function canAmendRegister(grants: readonly RoleGrant[]): boolean {
  return grants.some((g) => g.role === 'attendance_officer' || g.role === 'senior_leader');
}

/**
 * Changing a mark to an unauthorised code (G, O, U) from chat: the attendance officer only,
 * since it counts towards a penalty notice.
 */
export function canMarkUnauthorised(grants: readonly RoleGrant[]): boolean {
  return grants.some((g) => g.role === 'attendance_officer');
}

/** The years and forms a member of staff sees, for narrowing searches before they run. */
export function scopeOf(grants: readonly RoleGrant[]): { whole: true } | { whole: false; years: number[]; forms: string[] } {
  if (seesWholeSchool(grants)) return { whole: true };
  return {
    whole: false,
    years: grants.filter((g) => g.role === 'head_of_year' && g.yearGroup != null).map((g) => g.yearGroup!),
    forms: grants.filter((g) => g.role === 'form_tutor' && g.regGroup != null).map((g) => g.regGroup!),
  };
}

/** Choosing where the jobs post: attendance officers and senior leaders; the safeguarding channel only the DSL and deputies. */
export function canBindChannel(grants: readonly RoleGrant[], purpose: Purpose): boolean {
  if (purpose === 'dsl') return canSeeSafeguarding(grants);
  return grants.some((g) => g.role === 'attendance_officer' || g.role === 'senior_leader');
}

/**
 * Casework that reveals a safeguarding fact: a call that reached the pupil's social worker (it
 * says the pupil has one) and what was noted with it. Shown to DSL roles only; a shared list says
 * only that the pupil was contacted by the safeguarding team. The one rule every card and list uses.
 */
export function revealsSafeguarding(entry: { readonly kind: string; readonly outcome: string | null }): boolean {
  return entry.outcome === 'social-worker';
}
