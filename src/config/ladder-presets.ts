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
  rearm: { academicYear: true, afterRecoveredSchoolDays: 30, policy: 'Bands are reviewed each half term (the EWO half-termly list): a pupil back above a band for a half term (about 30 school days) who falls into it again starts that band\'s actions again' },
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
      policy: '93.1-95: "Attendance is lower than it should be ... the school will be tracking carefully pupils at this level of attendance. The school may no longer approve absence for illness unless evidence is submitted."',
      when: [{ kind: 'attendance-at-most', percent: 95 }],
      steps: [{ key: 'track-95', kind: 'review', title: 'Track closely; may stop authorising illness without evidence', actor: 'attendance-officer' }],
    },
    {
      key: 'concern-93',
      title: '90.1-93%: school contacts to raise concern',
      policy: '90.1-93: "School will make contact to raise concern (see appendix for proforma) and offer support. School will actively consider no longer approving absence unless evidence is submitted."',
      when: [{ kind: 'attendance-at-most', percent: 93 }],
      steps: [
        { key: 'letter-concern-93', kind: 'letter', title: 'Attendance concern letter (93-95 / 90-93 proforma), offer support', actor: 'attendance-officer', template: 'asterdale-concern-90-93' },
        { key: 'letter-no-authorising', kind: 'letter', title: 'No longer authorising illness without medical evidence', actor: 'attendance-officer', template: 'asterdale-medical-evidence' },
      ],
    },
    {
      key: 'pattern',
      title: 'Pattern of absence on specific days',
      policy: '"The school will look for patterns in attendance – where attendance may be high, but their attendance is poor on specific days. See appendix for letter proforma."',
      when: [{ kind: 'weekday-pattern', minShare: 0.4, minSessions: 4 }],
      steps: [{ key: 'letter-pattern', kind: 'letter', title: 'Letter for a pattern of absence', actor: 'attendance-officer', template: 'asterdale-pattern' }],
    },
    {
      key: 'persistent-90',
      title: '75.1-90%: persistent absence; EWO support considered',
      policy: '75.1-90: "This is classed as persistent absence. The school will consider accessing support from the EWO service."',
      when: [{ kind: 'attendance-at-most', percent: 90 }],
      steps: [
        { key: 'letter-ewo-may', kind: 'letter', title: 'Letter: the EWO may be contacted', actor: 'attendance-officer', template: 'asterdale-ewo-may-be-contacted' },
        { key: 'ewo-list', kind: 'referral', title: 'Add to the EWO half-termly list of concern', actor: 'attendance-officer', to: 'EWO service' },
      ],
    },
    {
      key: 'danger-75',
      title: '50.1-75%: danger of severe absence; meeting held',
      policy: '50.1-75: "The school will inform parents that their child is at danger of severe absenteeism (see appendix for proforma). A meeting will be held. The school will in almost all cases access support from the EWO service."',
      when: [{ kind: 'attendance-at-most', percent: 75 }],
      steps: [
        { key: 'letter-danger-sa', kind: 'letter', title: 'Letter: danger of severe absence (below 75% proforma)', actor: 'attendance-officer', template: 'asterdale-below-75' },
        { key: 'meeting-75', kind: 'meeting', title: 'Meeting with parents', actor: 'senior-leader' },
        { key: 'ewo-referral', kind: 'referral', title: 'Access EWO support; letter: the EWO has been contacted', actor: 'attendance-officer', to: 'EWO service', template: 'asterdale-ewo-contacted' },
      ],
    },
    {
      key: 'severe-50',
      title: 'Below 50%: severe absence; support prioritised',
      policy: 'Below 50: "This is classed as severe absenteeism. The school will prioritise support (including from the EWO service)."',
      when: [{ kind: 'severe-absence' }],
      steps: [{ key: 'support-plan-sa', kind: 'support-plan', title: 'Prioritised support plan with the EWO service', actor: 'senior-leader' }],
    },
    {
      key: 'no-contact-3',
      title: '3 school days absent with no contact',
      policy: '"Home visit requests ... may be undertaken where a child has not attended for 3 school days and there has been no contact from parent."',
      when: [{ kind: 'days-without-contact', atLeast: 3 }],
      steps: [{ key: 'home-visit-3', kind: 'home-visit', title: 'Request an EWO home visit (concerns and known risks of the property)', actor: 'dsl' }],
    },
    {
      key: 'penalty',
      title: 'National penalty notice threshold',
      policy: "Penalty notices ... where the pupil's absence has not been authorised by the school; the school adheres to Derby City's Code of Conduct for issuing penalty notices (Head Teacher's Request for Penalty Notice).",
      when: [{ kind: 'penalty-threshold' }],
      steps: [{ key: 'penalty-request', kind: 'penalty-notice-request', title: "Headteacher's request for a penalty notice (issued by the EWO)", actor: 'headteacher', template: 'asterdale-penalty-request' }],
    },
  ],
};

/**
 * Where a policy names a concern but no number, the preset uses one of these, named, so a
 * school sets its own: none of them is the policy's.
 */
export const SCHOOL_SETTINGS = {
  /** Woburn: "where punctuality is a concern": late arrivals (L or U) in a half term. */
  woburnPunctualityLates: 5,
  /** Clifford: "dips in attendance between monitoring points": percentage points down on the half term before. */
  cliffordDipPoints: 2,
  /** Clifford: "families who are frequently late": late arrivals (L or U) in a half term. */
  cliffordFrequentLates: 5,
  /** One In A Million: "patterns of lateness": late arrivals (L or U) in a half term. */
  oiamLatenessPattern: 5,
  /**
   * Unauthorised sessions (G, O, U) before an enforcement step where the policy gives none:
   * the National Framework's 10 sessions. Enforcement rests on unauthorised absence.
   */
  enforcementUnauthorisedSessions: 10,
} as const;

/** Late arrivals in the half term, before the register closed (L) or after it (U). */
const lateInHalfTerm = (atLeast: number) => [
  { kind: 'late-before-close', atLeast, period: 'half-term' },
  { kind: 'late-after-close', atLeast, period: 'half-term' },
] as const;

const ENFORCEMENT_NEEDS = { kind: 'unauthorised-sessions', atLeast: SCHOOL_SETTINGS.enforcementUnauthorisedSessions } as const;

/** Woburn Lower School (Central Bedfordshire model policy). */
const woburn: Ladder = {
  key: 'woburn',
  name: 'Woburn Lower School (Central Bedfordshire)',
  source: 'Attendance policy: "If absence continues we will"; lateness; children missing education; illness; legal sanctions',
  rearm: { academicYear: true, policy: '"If absence continues we will…": the steps run once a year; the policy names no restart within the year' },
  rungs: [
    {
      key: 'below-96',
      title: 'Attendance below 96% or punctuality a concern',
      policy: '"Write to you if your child\'s attendance is below 96% and/or where punctuality is a concern; arrange a meeting so that you may discuss the situation with the Headteacher." (lateness: the school\'s setting woburnPunctualityLates)',
      when: [
        { kind: 'attendance-below', percent: 96 },
        ...lateInHalfTerm(SCHOOL_SETTINGS.woburnPunctualityLates),
      ],
      steps: [
        { key: 'letter-96', kind: 'letter', title: 'Letter: attendance below 96% or punctuality a concern', actor: 'attendance-officer', template: 'woburn-below-96' },
        { key: 'meeting-head', kind: 'meeting', title: 'Meeting with the Headteacher', actor: 'headteacher' },
      ],
    },
    {
      key: 'persistent',
      title: 'Persistent absence: a personalised support plan',
      policy: '"Create a personalised action/support plan, such as an attendance contract, to address any barriers to attendance; offer signposting support to other agencies or services."',
      when: [{ kind: 'persistent-absence' }],
      steps: [{ key: 'attendance-contract', kind: 'attendance-contract', title: 'Personalised support plan / attendance contract', actor: 'headteacher' }],
    },
    {
      key: 'legal-sanctions',
      title: 'Persistent absence that is unauthorised: refer for legal sanctions',
      policy: '"Refer the matter to the Local Authority for relevant legal sanctions, if attendance deteriorates following the above actions." (unauthorised sessions: the school\'s setting enforcementUnauthorisedSessions)',
      when: [{ kind: 'persistent-absence' }],
      requires: [ENFORCEMENT_NEEDS],
      steps: [{ key: 'la-referral', kind: 'referral', title: 'Referral to the local authority for legal sanctions', actor: 'attendance-officer', to: 'local authority', enforcement: true }],
    },
    {
      key: 'no-contact-10',
      title: '10th day of absence with no contact: may be missing education',
      policy: '"A referral may be made to Local Authority if no contact has been made with parents by the 10th day of absence."',
      when: [{ kind: 'days-without-contact', atLeast: 10 }],
      steps: [{ key: 'cme-referral', kind: 'referral', title: 'Children missing education referral to the local authority', actor: 'dsl', to: 'local authority (CME)' }],
    },
    {
      key: 'illness-15',
      title: '15 school days of illness',
      policy: 'The school tells the local authority when a pupil misses 15 school days through illness (attendance-rules.md, Woburn).',
      when: [{ kind: 'illness-days', atLeast: 15 }],
      steps: [{ key: 'la-illness-return', kind: 'referral', title: 'Tell the local authority (15 days of illness)', actor: 'attendance-officer', to: 'local authority' }],
    },
    {
      key: 'penalty',
      title: 'National Framework: 10 unauthorised sessions in 10 school weeks',
      policy: '"If attendance does not improve, legal action may be taken in the form of a Penalty Notice or prosecution in the Magistrates Court." (National Framework threshold)',
      when: [{ kind: 'penalty-threshold' }],
      steps: [{ key: 'penalty-request', kind: 'penalty-notice-request', title: 'Consider a penalty notice (£160, £80 within 21 days)', actor: 'headteacher' }],
    },
  ],
};

/** A primary school's graduated response: bands 97/95/93/91, PA, SA. */
const graduated: Ladder = {
  key: 'graduated',
  name: "A primary school's graduated response",
  source: 'Graduated response: Prevention, Early intervention, Targeted re-engagement',
  rearm: { academicYear: true, afterRecoveredSchoolDays: 30, policy: 'Tracking is weekly and half-termly; "no improvement" moves a pupil on, so a pupil who improved for a half term (about 30 school days) and falls back starts that stage again' },
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
      policy: '"95-97%: Initial Teacher meeting to capture pupil and parent voice; Letter 1 and info sheet sent to parents; Meeting 1 held over telephone with attendance team."',
      when: [{ kind: 'attendance-below', percent: 97 }],
      steps: [
        { key: 'teacher-meeting', kind: 'meeting', title: 'Initial teacher meeting: pupil and parent voice', actor: 'form-tutor' },
        { key: 'letter-1', kind: 'letter', title: 'Letter 1 and information sheet', actor: 'attendance-officer', template: 'graduated-letter-1' },
        { key: 'meeting-1-phone', kind: 'call', title: 'Meeting 1 by telephone with the attendance team', actor: 'attendance-officer' },
      ],
    },
    {
      key: 'lower-95',
      title: '93-95%: lower than expected, no improvement',
      policy: '"93-95%: Letter 2 sent expressing further concerns, invitation to face to face meeting; Meeting 2 with parent to understand barriers and agree support/actions; Support and action planning offered and monitored."',
      when: [{ kind: 'attendance-below', percent: 95 }],
      steps: [
        { key: 'letter-2', kind: 'letter', title: 'Letter 2: further concerns, invitation to a face to face meeting', actor: 'attendance-officer', template: 'graduated-letter-2' },
        { key: 'meeting-2', kind: 'meeting', title: 'Meeting 2 with parents: barriers, support and actions agreed', actor: 'attendance-officer' },
        { key: 'support-plan', kind: 'support-plan', title: 'Support and action plan, monitored', actor: 'attendance-officer' },
      ],
    },
    {
      key: 'continued-93',
      title: '91-93%: continued concern',
      policy: '"91-93%: Invitation to face to face meeting and support; Contact with external agencies such as Internal Front Door."',
      when: [{ kind: 'attendance-below', percent: 93 }],
      steps: [{ key: 'meeting-3', kind: 'meeting', title: 'Face to face meeting and support', actor: 'attendance-officer' }],
    },
    {
      key: 'continued-93-nti',
      title: '91-93% with unauthorised absence: notice to improve',
      policy: '"91-93%: Notice to improve letter sent to parents and to Local Authority; potential fines and/or further action/prosecution." (unauthorised sessions: the school\'s setting enforcementUnauthorisedSessions; the improvement period is the school\'s choice, 3 to 6 weeks)',
      when: [{ kind: 'attendance-below', percent: 93 }],
      requires: [ENFORCEMENT_NEEDS],
      steps: [{ key: 'notice-to-improve', kind: 'notice-to-improve', title: 'Notice to improve, to parents and the local authority', actor: 'headteacher', improvementWeeks: 3, template: 'graduated-nti' }],
    },
    {
      key: 'persistent',
      title: 'Persistent absence: targeted support',
      policy: '"Persistent absence: Early Help to be offered; signposting to relevant agencies; home visits to explore support and reasons for absence."',
      when: [{ kind: 'persistent-absence' }],
      steps: [
        { key: 'early-help', kind: 'referral', title: 'Offer Early Help; signpost to agencies', actor: 'attendance-officer', to: 'Early Help' },
        { key: 'home-visit-pa', kind: 'home-visit', title: 'Home visit to explore support and reasons for absence', actor: 'attendance-officer' },
      ],
    },
    {
      key: 'severe',
      title: 'Severe absence, no improvement',
      policy: '"Severe absence: attendance action plan discussed."',
      when: [{ kind: 'severe-absence' }],
      steps: [{ key: 'action-plan-sa', kind: 'support-plan', title: 'Attendance action plan', actor: 'attendance-officer' }],
    },
    {
      key: 'severe-enforcement',
      title: 'Severe absence with unauthorised absence: notice to improve, then the local authority',
      policy: '"Notice to improve letter sent with 20 days to improve; where there is a lack of parental engagement in support or support isn\'t effective, referral to the Local Authority for formal and/or Statutory Procedures." (unauthorised sessions: the school\'s setting enforcementUnauthorisedSessions)',
      when: [{ kind: 'severe-absence' }],
      requires: [ENFORCEMENT_NEEDS],
      steps: [
        { key: 'notice-to-improve-sa', kind: 'notice-to-improve', title: 'Notice to improve with 20 school days to improve', actor: 'headteacher', improvementWeeks: 4, template: 'graduated-nti-sa' },
        { key: 'la-referral-sa', kind: 'referral', title: 'Referral to the local authority for formal or statutory procedures', actor: 'headteacher', to: 'local authority', enforcement: true },
      ],
    },
  ],
};

/** Clifford All Saints C of E Primary: Expect, Monitor, Listen, Facilitate, Formalise, Enforce. */
const clifford: Ladder = {
  key: 'clifford',
  name: 'Clifford All Saints C of E Primary',
  source: 'Attendance strategy: Expect / Monitor / Listen & understand / Facilitate / Formalise / Enforce',
  rearm: { academicYear: true, afterRecoveredSchoolDays: 30, policy: '"Below 96% at each half term": reviewed per half term; "following FPN, should attendance fail to improve, pathway letters 2 and 3 are issued again"' },
  rungs: [
    {
      key: 'monitor-96',
      title: 'Monitor: below 96% at the end of the half term',
      policy: '"Any pupil who does not have attendance levels of 96% or more at the end of each half term is discussed by the Attendance Team and appropriate actions are agreed and tracked for impact."',
      when: [{ kind: 'attendance-below', percent: 96, at: 'half-term-end' }],
      steps: [{ key: 'attendance-team-review', kind: 'review', title: 'Discussed by the attendance team; actions agreed and tracked', actor: 'attendance-officer' }],
    },
    {
      key: 'listen',
      title: 'Listen and understand: below 96% and a dip since the last monitoring point',
      policy: '"Pupils whose attendance is below 96% are monitored more closely and dips in attendance between monitoring points results in a school attendance discussion." (dip: the school\'s setting cliffordDipPoints)',
      when: [{ kind: 'attendance-dip', points: SCHOOL_SETTINGS.cliffordDipPoints, at: 'half-term-end' }],
      requires: [{ kind: 'attendance-below', percent: 96 }],
      steps: [{ key: 'attendance-discussion', kind: 'meeting', title: 'School attendance discussion with the family', actor: 'attendance-officer' }],
    },
    {
      key: 'lateness',
      title: 'Frequently late',
      policy: '"Lateness is monitored to identify families who are frequently late and may require additional support." (frequency: the school\'s setting cliffordFrequentLates)',
      when: [
        ...lateInHalfTerm(SCHOOL_SETTINGS.cliffordFrequentLates),
      ],
      steps: [{ key: 'lateness-support', kind: 'call', title: 'Contact the family: is additional support needed for lateness?', actor: 'attendance-officer' }],
    },
    {
      key: 'formalise',
      title: 'Formalise support: persistent absence',
      policy: '"A meeting with school and parents is called to put in place a parenting contract; school begins to issue attendance pathway letter 1 and letter 2; consent sought for the school nurse or Early Help."',
      when: [{ kind: 'persistent-absence' }],
      steps: [
        { key: 'parenting-contract', kind: 'attendance-contract', title: 'Parenting contract to formalise support', actor: 'headteacher' },
        { key: 'pathway-letter-1', kind: 'letter', title: 'Attendance pathway letter 1', actor: 'attendance-officer', template: 'clifford-pathway-1' },
        { key: 'pathway-letter-2', kind: 'letter', title: 'Attendance pathway letter 2', actor: 'attendance-officer', template: 'clifford-pathway-2' },
        { key: 'early-help', kind: 'referral', title: 'Early Help or school nurse, with consent', actor: 'attendance-officer', to: 'Early Help / school nurse' },
      ],
    },
    {
      key: 'enforce',
      title: 'Enforce: the penalty threshold, or severe absence that is unauthorised',
      policy: '"Pathway letter 3 including a FPN is issued. Following FPN, should attendance fail to improve, school seek to take a case to the Local Authority School Attendance Panel (LASAP) to seek an education supervision order." (unauthorised sessions: the school\'s setting enforcementUnauthorisedSessions)',
      when: [{ kind: 'penalty-threshold' }, { kind: 'severe-absence' }],
      requires: [ENFORCEMENT_NEEDS],
      steps: [
        { key: 'pathway-letter-3', kind: 'letter', title: 'Attendance pathway letter 3, including a fixed penalty notice', actor: 'headteacher', template: 'clifford-pathway-3', enforcement: true },
        { key: 'penalty-request', kind: 'penalty-notice-request', title: 'Fixed penalty notice', actor: 'headteacher' },
        { key: 'lasap', kind: 'referral', title: 'Local Authority School Attendance Panel: education supervision order', actor: 'headteacher', to: 'LA School Attendance Panel', enforcement: true },
      ],
    },
  ],
};

/** One In A Million Free School (secondary): the Rapid Response ladder. */
const oneInAMillion: Ladder = {
  key: 'one-in-a-million',
  name: 'One In A Million Free School',
  source: 'Attendance policy: "When a child\'s absence falls below 96%"; Rapid Response',
  rearm: { academicYear: true, afterRecoveredSchoolDays: 20, policy: 'Rapid Response with a 3-week review: a pupil back above a letter\'s threshold for four school weeks (20 school days) who drops again gets that letter again' },
  rungs: [
    {
      key: 'letter-1',
      title: 'Below 96% or 2 broken weeks in a half term',
      policy: 'Rapid Response: "Attendance drops below 96% or 2 broken weeks in a half term: LETTER 1."',
      when: [{ kind: 'attendance-below', percent: 96 }, { kind: 'broken-weeks', atLeast: 2 }],
      steps: [{ key: 'letter-1', kind: 'letter', title: 'Letter 1', actor: 'attendance-officer', template: 'oiam-letter-1' }],
    },
    {
      key: 'letter-2',
      title: 'Below 94%',
      policy: '"Further absence and attendance drops below 94%. LETTER 2 & PHONE CALL FROM A MEMBER OF THE ATTENDANCE TEAM."',
      when: [{ kind: 'attendance-below', percent: 94 }],
      steps: [
        { key: 'letter-2', kind: 'letter', title: 'Letter 2', actor: 'attendance-officer', template: 'oiam-letter-2' },
        { key: 'call-2', kind: 'call', title: 'Phone call from a member of the attendance team', actor: 'attendance-officer' },
      ],
    },
    {
      key: 'letter-3',
      title: 'Below 92%',
      policy: '"Further absence and attendance drops below 92%. LETTER 3 INCLUDING A LEAFLET ABOUT ATTENDANCE. PARENTS/CARERS MUST ATTEND A MEETING. AN ATTENDANCE SUPPORT PLAN IS CREATED. A HOME VISIT WILL BE ARRANGED IF THERE ARE SAFEGUARDING CONCERNS."',
      when: [{ kind: 'attendance-below', percent: 92 }],
      steps: [
        { key: 'letter-3', kind: 'letter', title: 'Letter 3 with a leaflet about attendance', actor: 'attendance-officer', template: 'oiam-letter-3' },
        { key: 'meeting-compulsory', kind: 'meeting', title: 'Parents/carers must attend a meeting with the attendance team', actor: 'attendance-officer' },
        { key: 'support-plan', kind: 'support-plan', title: 'Attendance support plan', actor: 'attendance-officer' },
        { key: 'home-visit', kind: 'home-visit', title: 'Home visit (safeguarding concerns)', actor: 'dsl', onlyIf: 'safeguarding-concern' },
      ],
    },
    {
      key: 'rapid-response',
      title: 'Below 90%: Rapid Response',
      policy: '"Further absence and attendance drops below 90%: START RAPID RESPONSE. Warning letter 1 issued; attendance contract is issued; placed on Rapid Response for three weeks; 3 week review to look at progress."',
      when: [{ kind: 'attendance-below', percent: 90 }],
      steps: [
        { key: 'warning-letter-1', kind: 'letter', title: 'Warning letter 1', actor: 'attendance-officer', template: 'oiam-warning-1' },
        { key: 'attendance-contract', kind: 'attendance-contract', title: 'Attendance contract; Rapid Response for three weeks', actor: 'senior-leader', reviewAfterSchoolDays: 15 },
      ],
    },
    {
      key: 'lateness',
      title: 'A pattern of lateness',
      policy: '"Parents or carers of students who have patterns of lateness will be contacted to discuss the importance of good time keeping." (pattern: the school\'s setting oiamLatenessPattern)',
      when: [
        ...lateInHalfTerm(SCHOOL_SETTINGS.oiamLatenessPattern),
      ],
      steps: [{ key: 'lateness-contact', kind: 'call', title: 'Contact parents about good time keeping', actor: 'head-of-year' }],
    },
    {
      key: 'penalty',
      title: 'National Framework threshold',
      policy: '"If support is not appropriate or is declined and a child has 10 or more sessions of unauthorised absence ... in any 10-week period, the school will issue parents with a Penalty Notice"; the decision weighs support, a notice to improve and Equality Act duties.',
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
