/**
 * What a member of staff can do with the bot, said for their roles: the welcome on first contact
 * and the start of every `help`.
 */
import { canSeeSafeguarding, type RoleGrant } from '../../domain/access.ts';
import type { StaffMember } from '../ports.ts';

function lineFor(g: RoleGrant): string {
  switch (g.role) {
    case 'attendance_officer': return 'As an attendance officer: the list of unexplained absences after each register, with a Call button for each pupil; calls, letters, meetings and plans from a pupil card; the steps due on the school\'s ladder; the pupils crossing into persistent or severe absence, and those at the penalty notice threshold.';
    case 'head_of_year': return `As head of year ${g.yearGroup ?? ''}: ask about any pupil in year ${g.yearGroup ?? ''} (a name, a UPN, a form, or \`year ${g.yearGroup ?? ''}\`) to see their attendance, marks and next step on the ladder; year ${g.yearGroup ?? ''}'s posts come to you.`;
    case 'form_tutor': return `As form tutor of ${g.regGroup ?? 'your form'}: ask about your form (\`${g.regGroup ?? '9A'}\`) or any pupil in it.`;
    case 'dsl':
    case 'deputy_dsl': return 'As a designated safeguarding lead: safeguarding flags come to you (an unexplained absence of a pupil with a social worker, days without contact); acknowledge each, saying what you did, or it escalates. You see safeguarding details on pupil cards, and the flags acknowledged before.';
    case 'senior_leader': return 'As a senior leader: the whole school, the enforcement steps (notices to improve, penalty notices), flags that no DSL acknowledged in time, and you may undo an entry anyone recorded by mistake today.';
  }
}

/** One line per role the person holds (in any of their schools), and what is never shown to them. */
export function whatYouCanDo(memberships: readonly StaffMember[]): string[] {
  const grants = memberships.flatMap((m) => m.grants);
  const lines = [...new Set(grants.map(lineFor))];
  if (!canSeeSafeguarding(grants)) lines.push('Safeguarding details are for the DSL and deputies only: they never appear in your answers.');
  return lines;
}
