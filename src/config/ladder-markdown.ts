/**
 * A ladder in words, as the README and `ladder show` print it: each step in the policy's order,
 * who acts, when it comes due (its rung's triggers, the steps before it, any review period and
 * what attendance must have done since) and the policy line behind it; then the numbers the school
 * set where its policy gives none. Generated from the ladder itself, so it cannot drift from it.
 */
import { describeTrigger, isEnforcement, type Ladder, type Step } from '../domain/ladder.ts';

const SINCE: Record<NonNullable<Step['ifAttendance']>, string> = {
  'further-absence': 'if there has been further absence since',
  'further-lateness': 'if the pupil has been late again since',
  'not-improved': 'if attendance has not improved since',
  deteriorated: 'if attendance has deteriorated since',
};

const cell = (t: string) => t.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** When the step comes due, in words. */
export function whenDue(ladder: Ladder, step: Step): string {
  const rung = ladder.rungs.find((r) => r.steps.includes(step))!;
  const title = (key: string) => ladder.rungs.flatMap((r) => r.steps).find((s) => s.key === key)?.title ?? key;
  const parts = [rung.when.map(describeTrigger).join(', or ')];
  if (rung.requires) parts.push(`and ${rung.requires.map(describeTrigger).join(' and ')}`);
  if (step.after) {
    const after = step.after.map(title).join('" and "');
    parts.push(step.waitSchoolDays ? `${step.waitSchoolDays} school days after "${after}"` : `after "${after}"`);
    if (step.ifAttendance) parts.push(SINCE[step.ifAttendance]);
  }
  if (step.onlyIf === 'safeguarding-concern') parts.push('only with a safeguarding concern');
  if (step.onlyIf === 'illness-absence') parts.push('only when the absence is mostly illness');
  if (step.repeat === 'half-term') parts.push('again each half term');
  else if (step.repeat) parts.push(`again every ${step.repeat.everySchoolDays} school days`);
  if (step.improvementSchoolDays) parts.push(`improvement period ${step.improvementSchoolDays} school days`);
  if (step.reviewAfterSchoolDays) parts.push(`review ${step.reviewAfterSchoolDays} school days on`);
  return parts.join('; ');
}

export function ladderMarkdown(ladder: Ladder): string {
  const lines = [`**\`${ladder.key}\`**: ${ladder.name}${ladder.source ? ` (${ladder.source})` : ''}`, ''];
  lines.push('| # | step | who | due when | the policy |', '|---|---|---|---|---|');
  let n = 0;
  for (const rung of ladder.rungs) {
    for (const step of rung.steps) {
      n++;
      const kind = isEnforcement(step) ? ' (enforcement)' : '';
      lines.push(`| ${n} | ${cell(step.title)}${kind} | ${step.actor.replaceAll('-', ' ')} | ${cell(whenDue(ladder, step))} | ${cell(step.policy ?? rung.policy ?? '')} |`);
    }
  }
  lines.push('');
  if (ladder.rearm?.policy) lines.push(`Again: ${ladder.rearm.policy}.`, '');
  if (ladder.settings?.length) {
    lines.push(`The school may change: ${ladder.settings.map((s) => `\`${s.name}\` = ${s.value} (${s.why})`).join('; ')}.`, '');
  }
  return lines.join('\n');
}
