/**
 * The five seed schools' ladders (../shared/seeds/), each written from its own policy text.
 * A school starts from one of these and edits it as data; each is checked by the ladder
 * schema and tested against scenarios from its policy (test/unit/config/ladder-presets.test.ts).
 */
import type { Ladder } from '../domain/ladder.ts';
import { parseLadder } from './ladder.ts';

/** Asterdale Primary School (Derby): percentage bands, EWO below 90%, home visit after 3 days. */
const asterdale: Ladder = {
  key: 'asterdale',
  name: 'Asterdale Primary School (Derby)',
  source: 'Attendance policy: "What attendance at each level means"; EWO service; letter proformas',
  bands: [
    { name: 'Above 97%: good', above: 97 },
    { name: '95.1-97%', above: 95 },
    { name: '93.1-95%: tracked carefully', above: 93 },
    { name: '90.1-93%: too low', above: 90 },
    { name: '75.1-90%: persistent absence', above: 75 },
    { name: '50.1-75%: danger of severe absence', above: 50 },
    { name: 'Below 50%: severe absence' },
  ],
  rungs: [
    {
      key: 'tracking-95',
      title: '93.1-95%: tracked carefully; illness may need evidence',
      when: [{ kind: 'attendance-at-most', percent: 95 }],
      steps: [{ key: 'track-95', kind: 'review', title: 'Track closely; may stop authorising illness without evidence', actor: 'attendance-officer', reviewAfterSchoolDays: 10 }],
    },
    {
      key: 'concern-93',
      title: '90.1-93%: school contacts to raise concern',
      when: [{ kind: 'attendance-at-most', percent: 93 }],
      steps: [
        { key: 'letter-concern-93', kind: 'letter', title: 'Attendance concern letter (93-95 / 90-93 proforma), offer support', actor: 'attendance-officer', template: 'asterdale-concern-90-93' },
        { key: 'letter-no-authorising', kind: 'letter', title: 'No longer authorising illness without medical evidence', actor: 'attendance-officer', template: 'asterdale-medical-evidence' },
      ],
    },
    {
      key: 'pattern',
      title: 'Pattern of absence on specific days',
      when: [{ kind: 'weekday-pattern', minShare: 0.4, minSessions: 4 }],
      steps: [{ key: 'letter-pattern', kind: 'letter', title: 'Letter for a pattern of absence', actor: 'attendance-officer', template: 'asterdale-pattern' }],
    },
    {
      key: 'persistent-90',
      title: '75.1-90%: persistent absence; EWO support considered',
      when: [{ kind: 'attendance-at-most', percent: 90 }],
      steps: [
        { key: 'letter-ewo-may', kind: 'letter', title: 'Letter: the EWO may be contacted', actor: 'attendance-officer', template: 'asterdale-ewo-may-be-contacted' },
        { key: 'ewo-list', kind: 'referral', title: 'Add to the EWO half-termly list of concern', actor: 'attendance-officer', to: 'EWO service', reviewAfterSchoolDays: 30 },
      ],
    },
    {
      key: 'danger-75',
      title: '50.1-75%: danger of severe absence; meeting held',
      when: [{ kind: 'attendance-at-most', percent: 75 }],
      steps: [
        { key: 'letter-danger-sa', kind: 'letter', title: 'Letter: danger of severe absence (below 75% proforma)', actor: 'attendance-officer', template: 'asterdale-below-75' },
        { key: 'meeting-75', kind: 'meeting', title: 'Meeting with parents', actor: 'senior-leader', reviewAfterSchoolDays: 15 },
        { key: 'ewo-referral', kind: 'referral', title: 'Access EWO support; letter: the EWO has been contacted', actor: 'attendance-officer', to: 'EWO service', template: 'asterdale-ewo-contacted' },
      ],
    },
    {
      key: 'severe-50',
      title: 'Below 50%: severe absence; support prioritised',
      when: [{ kind: 'severe-absence' }],
      steps: [{ key: 'support-plan-sa', kind: 'support-plan', title: 'Prioritised support plan with the EWO service', actor: 'senior-leader', reviewAfterSchoolDays: 10 }],
    },
    {
      key: 'no-contact-3',
      title: '3 school days absent with no contact',
      when: [{ kind: 'days-without-contact', atLeast: 3 }],
      steps: [{ key: 'home-visit-3', kind: 'home-visit', title: 'Request an EWO home visit (concerns and known risks of the property)', actor: 'dsl' }],
    },
    {
      key: 'penalty',
      title: 'National penalty notice threshold',
      when: [{ kind: 'penalty-threshold' }],
      steps: [{ key: 'penalty-request', kind: 'penalty-notice-request', title: "Headteacher's request for a penalty notice (issued by the EWO)", actor: 'headteacher', template: 'asterdale-penalty-request' }],
    },
  ],
};

/** Woburn Lower School (Central Bedfordshire model policy). */
const woburn: Ladder = {
  key: 'woburn',
  name: 'Woburn Lower School (Central Bedfordshire)',
  source: 'Attendance policy: "What we will do"; children missing education; illness; penalty notices',
  rungs: [
    {
      key: 'below-96',
      title: 'Attendance below 96% or punctuality a concern',
      when: [{ kind: 'attendance-below', percent: 96 }, { kind: 'late-after-close', atLeast: 5 }],
      steps: [
        { key: 'letter-96', kind: 'letter', title: 'Letter: attendance below 96%', actor: 'attendance-officer', template: 'woburn-below-96' },
        { key: 'meeting-head', kind: 'meeting', title: 'Meeting with the Headteacher', actor: 'headteacher', reviewAfterSchoolDays: 20 },
      ],
    },
    {
      key: 'persistent',
      title: 'Persistent absence: formal support',
      when: [{ kind: 'persistent-absence' }],
      steps: [
        { key: 'attendance-contract', kind: 'attendance-contract', title: 'Personalised support plan / attendance contract', actor: 'headteacher', reviewAfterSchoolDays: 20 },
        { key: 'la-referral', kind: 'referral', title: 'Referral to the local authority attendance service', actor: 'attendance-officer', to: 'local authority' },
      ],
    },
    {
      key: 'no-contact-10',
      title: '10th day of absence with no contact: may be missing education',
      when: [{ kind: 'days-without-contact', atLeast: 10 }],
      steps: [{ key: 'cme-referral', kind: 'referral', title: 'Children missing education referral to the local authority', actor: 'dsl', to: 'local authority (CME)' }],
    },
    {
      key: 'illness-15',
      title: '15 school days of illness',
      when: [{ kind: 'illness-days', atLeast: 15 }],
      steps: [{ key: 'la-illness-return', kind: 'referral', title: 'Tell the local authority (15 days of illness)', actor: 'attendance-officer', to: 'local authority' }],
    },
    {
      key: 'penalty',
      title: 'National Framework: 10 unauthorised sessions in 10 school weeks',
      when: [{ kind: 'penalty-threshold' }],
      steps: [
        { key: 'notice-to-improve', kind: 'notice-to-improve', title: 'Notice to improve (support first)', actor: 'headteacher', improvementWeeks: 4, template: 'woburn-notice-to-improve' },
        { key: 'penalty-request', kind: 'penalty-notice-request', title: 'Consider a penalty notice (£160, £80 within 21 days)', actor: 'headteacher' },
      ],
    },
  ],
};

/** A primary school's graduated response: bands 97/95/93/91, PA, SA. */
const graduated: Ladder = {
  key: 'graduated',
  name: "A primary school's graduated response",
  source: 'Graduated response: Prevention, Early intervention, Targeted re-engagement',
  bands: [
    { name: '97-100%: excellent', atLeast: 97 },
    { name: '95-97%: at risk', atLeast: 95 },
    { name: '93-95%: lower than expected', atLeast: 93 },
    { name: '91-93%: continued concern', atLeast: 91 },
    { name: 'Below 91%' },
  ],
  rungs: [
    {
      key: 'at-risk-97',
      title: '95-97%: at risk of lower than expected attendance',
      when: [{ kind: 'attendance-below', percent: 97 }],
      steps: [
        { key: 'teacher-meeting', kind: 'meeting', title: 'Initial teacher meeting: pupil and parent voice', actor: 'form-tutor' },
        { key: 'letter-1', kind: 'letter', title: 'Letter 1 and information sheet', actor: 'attendance-officer', template: 'graduated-letter-1' },
        { key: 'meeting-1-phone', kind: 'call', title: 'Meeting 1 by telephone with the attendance team', actor: 'attendance-officer', reviewAfterSchoolDays: 10 },
      ],
    },
    {
      key: 'lower-95',
      title: '93-95%: lower than expected, no improvement',
      when: [{ kind: 'attendance-below', percent: 95 }],
      steps: [
        { key: 'letter-2', kind: 'letter', title: 'Letter 2: further concerns, invitation to a face to face meeting', actor: 'attendance-officer', template: 'graduated-letter-2' },
        { key: 'meeting-2', kind: 'meeting', title: 'Meeting 2 with parents: barriers, support and actions agreed', actor: 'attendance-officer' },
        { key: 'support-plan', kind: 'support-plan', title: 'Support and action plan, monitored', actor: 'attendance-officer', reviewAfterSchoolDays: 15 },
      ],
    },
    {
      key: 'continued-93',
      title: '91-93%: continued concern',
      when: [{ kind: 'attendance-below', percent: 93 }],
      steps: [
        { key: 'notice-to-improve', kind: 'notice-to-improve', title: 'Notice to improve, to parents and the local authority', actor: 'headteacher', improvementWeeks: 4, template: 'graduated-nti' },
        { key: 'meeting-3', kind: 'meeting', title: 'Face to face meeting and support', actor: 'attendance-officer' },
      ],
    },
    {
      key: 'persistent',
      title: 'Persistent absence: targeted support',
      when: [{ kind: 'persistent-absence' }],
      steps: [
        { key: 'early-help', kind: 'referral', title: 'Offer Early Help; signpost to agencies', actor: 'attendance-officer', to: 'Early Help' },
        { key: 'home-visit-pa', kind: 'home-visit', title: 'Home visit to explore support and reasons for absence', actor: 'attendance-officer' },
      ],
    },
    {
      key: 'severe',
      title: 'Severe absence, no improvement',
      when: [{ kind: 'severe-absence' }],
      steps: [
        { key: 'notice-to-improve-sa', kind: 'notice-to-improve', title: 'Notice to improve with 20 school days to improve', actor: 'headteacher', improvementWeeks: 4, template: 'graduated-nti-sa' },
        { key: 'action-plan-sa', kind: 'support-plan', title: 'Attendance action plan', actor: 'attendance-officer', reviewAfterSchoolDays: 20 },
        { key: 'la-referral-sa', kind: 'referral', title: 'Referral to the local authority for formal or statutory procedures', actor: 'headteacher', to: 'local authority' },
      ],
    },
  ],
};

/** Clifford All Saints C of E Primary: Expect, Monitor, Listen, Facilitate, Formalise, Enforce. */
const clifford: Ladder = {
  key: 'clifford',
  name: 'Clifford All Saints C of E Primary',
  source: 'Attendance strategy: Expect / Monitor / Listen & understand / Facilitate / Formalise / Enforce',
  rungs: [
    {
      key: 'monitor-96',
      title: 'Monitor: below 96% this half term',
      when: [{ kind: 'attendance-below', percent: 96, period: 'half-term' }],
      steps: [{ key: 'attendance-team-review', kind: 'review', title: 'Discussed by the attendance team; actions agreed and tracked', actor: 'attendance-officer', reviewAfterSchoolDays: 10 }],
    },
    {
      key: 'listen',
      title: 'Listen and understand: below 96% for the year',
      when: [{ kind: 'attendance-below', percent: 96 }],
      steps: [{ key: 'attendance-discussion', kind: 'meeting', title: 'School attendance discussion with the family', actor: 'attendance-officer' }],
    },
    {
      key: 'formalise',
      title: 'Formalise support: persistent absence',
      when: [{ kind: 'persistent-absence' }],
      steps: [
        { key: 'parenting-contract', kind: 'attendance-contract', title: 'Parenting contract to formalise support', actor: 'headteacher', reviewAfterSchoolDays: 20 },
        { key: 'pathway-letter-1', kind: 'letter', title: 'Attendance pathway letter 1', actor: 'attendance-officer', template: 'clifford-pathway-1' },
        { key: 'pathway-letter-2', kind: 'letter', title: 'Attendance pathway letter 2', actor: 'attendance-officer', template: 'clifford-pathway-2' },
        { key: 'early-help', kind: 'referral', title: 'Early Help or school nurse, with consent', actor: 'attendance-officer', to: 'Early Help / school nurse' },
      ],
    },
    {
      key: 'enforce',
      title: 'Enforce: penalty threshold or severe absence',
      when: [{ kind: 'penalty-threshold' }, { kind: 'severe-absence' }],
      steps: [
        { key: 'pathway-letter-3', kind: 'letter', title: 'Attendance pathway letter 3, including a fixed penalty notice', actor: 'headteacher', template: 'clifford-pathway-3' },
        { key: 'penalty-request', kind: 'penalty-notice-request', title: 'Fixed penalty notice', actor: 'headteacher' },
        { key: 'lasap', kind: 'referral', title: 'Local Authority School Attendance Panel: education supervision order', actor: 'headteacher', to: 'LA School Attendance Panel' },
      ],
    },
  ],
};

/** One In A Million Free School (secondary): the Rapid Response ladder. */
const oneInAMillion: Ladder = {
  key: 'one-in-a-million',
  name: 'One In A Million Free School',
  source: 'Attendance policy: "When a child\'s absence falls below 96%"; Rapid Response',
  rungs: [
    {
      key: 'letter-1',
      title: 'Below 96% or 2 broken weeks in a half term',
      when: [{ kind: 'attendance-below', percent: 96 }, { kind: 'broken-weeks', atLeast: 2 }],
      steps: [{ key: 'letter-1', kind: 'letter', title: 'Letter 1', actor: 'attendance-officer', template: 'oiam-letter-1' }],
    },
    {
      key: 'letter-2',
      title: 'Below 94%',
      when: [{ kind: 'attendance-below', percent: 94 }],
      steps: [
        { key: 'letter-2', kind: 'letter', title: 'Letter 2', actor: 'attendance-officer', template: 'oiam-letter-2' },
        { key: 'call-2', kind: 'call', title: 'Phone call from a member of the attendance team', actor: 'attendance-officer' },
      ],
    },
    {
      key: 'letter-3',
      title: 'Below 92%',
      when: [{ kind: 'attendance-below', percent: 92 }],
      steps: [
        { key: 'letter-3', kind: 'letter', title: 'Letter 3 with a leaflet about attendance', actor: 'attendance-officer', template: 'oiam-letter-3' },
        { key: 'meeting-compulsory', kind: 'meeting', title: 'Parents/carers must attend a meeting with the attendance team', actor: 'attendance-officer' },
        { key: 'support-plan', kind: 'support-plan', title: 'Attendance support plan', actor: 'attendance-officer', reviewAfterSchoolDays: 15 },
        { key: 'home-visit', kind: 'home-visit', title: 'Home visit (safeguarding concerns)', actor: 'dsl', onlyIf: 'safeguarding-concern' },
      ],
    },
    {
      key: 'rapid-response',
      title: 'Below 90%: Rapid Response',
      when: [{ kind: 'attendance-below', percent: 90 }],
      steps: [
        { key: 'warning-letter-1', kind: 'letter', title: 'Warning letter 1', actor: 'attendance-officer', template: 'oiam-warning-1' },
        { key: 'attendance-contract', kind: 'attendance-contract', title: 'Attendance contract; Rapid Response for three weeks', actor: 'senior-leader', reviewAfterSchoolDays: 15 },
      ],
    },
    {
      key: 'penalty',
      title: 'National Framework threshold',
      when: [{ kind: 'penalty-threshold' }],
      steps: [{ key: 'penalty-request', kind: 'penalty-notice-request', title: 'Consider a fixed penalty notice (the school passes unauthorised absence to the LA)', actor: 'senior-leader' }],
    },
  ],
};

export const LADDER_PRESETS: Readonly<Record<string, Ladder>> = Object.fromEntries(
  [asterdale, woburn, graduated, clifford, oneInAMillion].map((l) => [l.key, parseLadder(l, `preset ${l.key}`)]),
);

export function ladderPreset(key: string): Ladder {
  const l = LADDER_PRESETS[key];
  if (!l) throw new Error(`no ladder preset "${key}" (presets: ${Object.keys(LADDER_PRESETS).join(', ')})`);
  return l;
}
