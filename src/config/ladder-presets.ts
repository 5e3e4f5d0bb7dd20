/**
 * The five seed schools' ladders (../shared/seeds/), each read rung by rung from its own policy
 * text and written as its sequence: each step says which steps come before it ("then",
 * "following the above", "if absence continues"), any review period, and what attendance must
 * have done since ("further absence", "no improvement", "if attendance deteriorates"). Every
 * rung and step quotes the policy line behind it. Where a policy names a concern but no number,
 * the number is a school setting, named in the ladder's `settings` with the reason, never
 * presented as the policy's. Enforcement (a notice to improve, a penalty notice request, a
 * referral for legal action) rests on the National Framework threshold and comes after support.
 * A school starts from one of these and edits it as data; each is checked by the ladder schema
 * and tested against scenarios from its policy (test/unit/config/ladder-presets.test.ts).
 */
import type { Ladder, Trigger } from '../domain/ladder.ts';
import { parseLadder } from './ladder.ts';

/**
 * Where a policy names a concern but no number, the preset uses one of these, named, so a
 * school sets its own: none of them is the policy's.
 */
export const SCHOOL_SETTINGS = {
  /** Woburn: "where punctuality is a concern": late arrivals (L or U) in a half term. */
  woburnPunctualityLates: 5,
  /** Woburn: "if attendance deteriorates following the above actions": school days the plan runs before that is judged. */
  woburnReviewSchoolDays: 20,
  /** Asterdale: "poor on specific days": unplanned absences on one weekday, and their share of all unplanned absence. */
  asterdalePatternSessions: 4,
  asterdalePatternShare: 0.4,
  /** Graduated response: "no improvement ... robust daily and weekly tracking": school days (a week) before no improvement is judged. */
  graduatedTrackingSchoolDays: 5,
  /** Graduated response: the 91-93% notice to improve gives no period; the National Framework's shortest, 3 weeks. */
  graduatedNtiSchoolDays: 15,
  /** Clifford: "dips in attendance between monitoring points": percentage points down on the half term before. */
  cliffordDipPoints: 2,
  /** Clifford: "families who are frequently late": late arrivals (L or U) in a half term. */
  cliffordFrequentLates: 5,
  /** Clifford: "following FPN, should attendance fail to improve": school days after the notice before that is judged. */
  cliffordAfterFpnSchoolDays: 20,
  /** One In A Million: "patterns of lateness": late arrivals (L or U) in a half term. */
  oiamLatenessPattern: 5,
} as const;

type Setting = keyof typeof SCHOOL_SETTINGS;
const setting = (name: Setting, why: string) => ({ name, value: SCHOOL_SETTINGS[name], why });

/** Late arrivals in the half term, L and U together. */
const lateInHalfTerm = (atLeast: number): Trigger => ({ kind: 'late-arrivals', atLeast, period: 'half-term' });

/** Asterdale Primary School (Derby): percentage bands, EWO below 90%, home visit after 3 days. */
const asterdale: Ladder = {
  key: 'asterdale',
  name: 'Asterdale Primary School (Derby)',
  source: 'Attendance policy: "What attendance at each level means"; the trust\'s responsibilities table; EWO service; letter proformas',
  rearm: { academicYear: true, policy: 'The bands are this academic year\'s attendance: each band\'s letters are sent once a year, in order as the pupil falls through them' },
  settings: [
    setting('asterdalePatternSessions', '"Poor on specific days": the policy gives no number; 4 unplanned absences on one weekday'),
    setting('asterdalePatternShare', '"Poor on specific days": the policy gives no number; those absences making up 40% or more of the pupil\'s unplanned absence (an even spread is 20% a weekday)'),
  ],
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
      title: '93.1-95%: parents notified; tracked carefully',
      policy: '93.1-95: "Attendance is lower than it should be ... the school will be tracking carefully pupils at this level of attendance"; the trust\'s table: "Notify all parents/carers whose child\'s attendance is below 95%"; proforma "Attendance concern 93-95 percentage".',
      when: [{ kind: 'attendance-at-most', percent: 95 }],
      steps: [
        { key: 'letter-concern-95', kind: 'letter', title: 'Attendance concern letter (93-95% proforma)', actor: 'attendance-officer', template: 'asterdale-concern-93-95', policy: '"Notify all parents/carers whose child\'s attendance is below 95%"' },
      ],
    },
    {
      key: 'concern-93',
      title: '90.1-93%: school contacts to raise concern and offer support',
      policy: '90.1-93: "School will make contact to raise concern (see appendix for proforma) and offer support. School will actively consider no longer approving absence unless evidence is submitted."',
      when: [{ kind: 'attendance-at-most', percent: 93 }],
      steps: [
        { key: 'letter-concern-93', kind: 'letter', title: 'Attendance concern letter (90-93% proforma), offer support', actor: 'attendance-officer', template: 'asterdale-concern-90-93', after: ['letter-concern-95'], ifAttendance: 'further-absence', policy: '"School will make contact to raise concern ... and offer support"' },
        { key: 'letter-no-authorising', kind: 'letter', title: 'Letter: no longer authorising illness without medical evidence', actor: 'attendance-officer', template: 'asterdale-medical-evidence', after: ['letter-concern-93'], onlyIf: 'illness-absence', policy: '"School will actively consider no longer approving absence unless evidence is submitted" (only where the absence is mostly illness: the letter is about illness)' },
      ],
    },
    {
      key: 'pattern',
      title: 'Pattern of absence on specific days',
      policy: '"The school will look for patterns in attendance – where attendance may be high, but their attendance is poor on specific days. See appendix for letter proforma." (numbers: the school\'s settings asterdalePatternSessions, asterdalePatternShare; leave agreed in advance, such as medical appointments, is not a pattern)',
      when: [{ kind: 'weekday-pattern', minShare: SCHOOL_SETTINGS.asterdalePatternShare, minSessions: SCHOOL_SETTINGS.asterdalePatternSessions }],
      steps: [{ key: 'letter-pattern', kind: 'letter', title: 'Letter for a pattern of absence', actor: 'attendance-officer', template: 'asterdale-pattern' }],
    },
    {
      key: 'persistent-90',
      title: '75.1-90%: persistent absence; EWO support considered',
      policy: '75.1-90: "This is classed as persistent absence. The school will consider accessing support from the EWO service." EWO service: "The EWO Officer will usually get involved with pupils whose attendance is below 90%"; "at which the EWO and school will draw up a list of children causing a concern".',
      when: [{ kind: 'attendance-at-most', percent: 90 }],
      steps: [
        { key: 'letter-ewo-may', kind: 'letter', title: 'Letter: the EWO may be contacted', actor: 'attendance-officer', template: 'asterdale-ewo-may-be-contacted', after: ['letter-concern-93'], ifAttendance: 'further-absence', policy: 'proforma "Letter informing the parent the EWO may be contacted"' },
        { key: 'ewo-list', kind: 'referral', title: 'Add to the EWO half-termly list of concern', actor: 'attendance-officer', to: 'EWO service', after: ['letter-ewo-may'], policy: '"The school gets a visit every half-term, at which the EWO and school will draw up a list of children causing a concern"' },
      ],
    },
    {
      key: 'danger-75',
      title: '50.1-75%: danger of severe absence; meeting held',
      policy: '50.1-75: "The school will inform parents that their child is at danger of severe absenteeism (see appendix for proforma). A meeting will be held. The school will in almost all cases access support from the EWO service."',
      when: [{ kind: 'attendance-at-most', percent: 75 }],
      steps: [
        { key: 'letter-danger-sa', kind: 'letter', title: 'Letter: danger of severe absence (below 75% proforma)', actor: 'attendance-officer', template: 'asterdale-below-75', after: ['ewo-list'], ifAttendance: 'further-absence', policy: '"inform parents that their child is at danger of severe absenteeism"' },
        { key: 'meeting-75', kind: 'meeting', title: 'Meeting with parents', actor: 'senior-leader', after: ['letter-danger-sa'], policy: '"A meeting will be held."' },
        { key: 'ewo-referral', kind: 'referral', title: 'Access EWO support; letter: the EWO has been contacted', actor: 'attendance-officer', to: 'EWO service', template: 'asterdale-ewo-contacted', after: ['meeting-75'], policy: '"The school will in almost all cases access support from the EWO service"; proforma "Letter informing the parent the EWO has been contacted"' },
      ],
    },
    {
      key: 'severe-50',
      title: 'Below 50%: severe absence; support prioritised',
      policy: 'Below 50: "This is classed as severe absenteeism. The school will prioritise support (including from the EWO service) for any pupils with attendance at this level."',
      when: [{ kind: 'severe-absence' }],
      steps: [{ key: 'support-plan-sa', kind: 'support-plan', title: 'Prioritised support plan with the EWO service', actor: 'senior-leader', after: ['ewo-referral'] }],
    },
    {
      key: 'no-contact-3',
      title: '3 school days absent with no contact',
      policy: '"Home visit requests outside of the referral process may be undertaken where a child has not attended for 3 school days and there has been no contact from parent."',
      when: [{ kind: 'days-without-contact', atLeast: 3 }],
      steps: [{ key: 'home-visit-3', kind: 'home-visit', title: 'Request an EWO home visit (concerns and known risks of the property)', actor: 'dsl' }],
    },
    {
      key: 'penalty',
      title: 'National penalty notice threshold, support not working',
      policy: '"Where support is not working, being engaged with or appropriate, work with the local authority on legal intervention"; "Where fines are issued to parents/carers, this will be carried out by the EWO"; proforma "Head Teacher\'s Request for Penalty Notice". The National Framework threshold, after the EWO\'s support (recorded as not needed where support is not appropriate, e.g. a holiday in term time).',
      when: [{ kind: 'penalty-threshold' }],
      steps: [{ key: 'penalty-request', kind: 'penalty-notice-request', title: "Headteacher's request for a penalty notice (issued by the EWO)", actor: 'headteacher', template: 'asterdale-penalty-request', after: ['ewo-list'] }],
    },
  ],
};

/** Woburn Lower School (Central Bedfordshire model policy): "If absence continues we will". */
const woburn: Ladder = {
  key: 'woburn',
  name: 'Woburn Lower School (Central Bedfordshire)',
  source: 'Attendance policy: "If absence continues we will"; lateness; children missing education; illness; legal sanctions',
  rearm: { academicYear: true, policy: '"If absence continues we will…": the steps run once a year, in order; the policy names no restart within the year' },
  settings: [
    setting('woburnPunctualityLates', '"Where punctuality is a concern": the policy gives no number; 5 late arrivals (L or U) in a half term'),
    setting('woburnReviewSchoolDays', '"If attendance deteriorates following the above actions": the policy gives no period; 20 school days (4 weeks) after the last support step'),
  ],
  rungs: [
    {
      key: 'below-96',
      title: 'Attendance below 96% or punctuality a concern, and absence continues',
      policy: '"If absence continues we will: Write to you if your child\'s attendance is below 96% and/or where punctuality is a concern; Arrange a meeting so that you may discuss the situation with the Headteacher; Create a personalised action/support plan, such as an attendance contract ...; Offer signposting support to other agencies or services, if appropriate" (lateness: the school\'s setting woburnPunctualityLates)',
      when: [{ kind: 'attendance-below', percent: 96 }, lateInHalfTerm(SCHOOL_SETTINGS.woburnPunctualityLates)],
      steps: [
        { key: 'letter-96', kind: 'letter', title: 'Letter: attendance below 96% or punctuality a concern', actor: 'attendance-officer', template: 'woburn-below-96', policy: '"Write to you if your child\'s attendance is below 96% and/or where punctuality is a concern"' },
        { key: 'meeting-head', kind: 'meeting', title: 'Meeting with the Headteacher', actor: 'headteacher', after: ['letter-96'], ifAttendance: 'further-absence', policy: '"If absence continues ... Arrange a meeting so that you may discuss the situation with the Headteacher"' },
        { key: 'support-plan', kind: 'support-plan', title: 'Personalised action/support plan (such as an attendance contract)', actor: 'headteacher', after: ['meeting-head'], ifAttendance: 'further-absence', policy: '"Create a personalised action/support plan, such as an attendance contract, to address any barriers to attendance and make clear each person\'s role"' },
        { key: 'signposting', kind: 'referral', title: 'Offer signposting to other agencies or services, if appropriate', actor: 'attendance-officer', to: 'other agencies or services', after: ['support-plan'], policy: '"Offer signposting support to other agencies or services, if appropriate"' },
      ],
    },
    {
      key: 'legal-sanctions',
      title: 'Attendance deteriorated after the above: refer for legal sanctions',
      policy: '"Refer the matter to the Local Authority for relevant legal sanctions, if attendance deteriorates following the above actions"; "If attendance does not improve, legal action may be taken in the form of a Penalty Notice or prosecution in the Magistrates Court." Only at the National Framework threshold (review period: the school\'s setting woburnReviewSchoolDays).',
      when: [{ kind: 'penalty-threshold' }],
      steps: [
        { key: 'la-legal-referral', kind: 'penalty-notice-request', title: 'Refer to the local authority for legal sanctions (penalty notice request)', actor: 'headteacher', after: ['signposting'], waitSchoolDays: SCHOOL_SETTINGS.woburnReviewSchoolDays, ifAttendance: 'deteriorated', policy: '"if attendance deteriorates following the above actions"' },
      ],
    },
    {
      key: 'no-contact-10',
      title: '10th day of absence with no contact: may be missing education',
      policy: '"A referral may be made to Local Authority if no contact has been made with parents by the 10th day of absence (or sooner if deemed appropriate), at which point your child could be considered to be \'missing from education.\'"',
      when: [{ kind: 'days-without-contact', atLeast: 10 }],
      steps: [{ key: 'cme-referral', kind: 'referral', title: 'Children missing education referral to the local authority', actor: 'dsl', to: 'local authority (CME)' }],
    },
    {
      key: 'illness-15',
      title: '15 school days of illness',
      policy: '"Schools are required to submit a sickness return to the Local Authority for all pupils who have missed/are likely to miss 15 or more school days (consecutive or cumulative) due to medical reasons/illness."',
      when: [{ kind: 'illness-days', atLeast: 15 }],
      steps: [{ key: 'la-illness-return', kind: 'referral', title: 'Sickness return to the local authority (15 days of illness)', actor: 'attendance-officer', to: 'local authority' }],
    },
  ],
};

/** A primary school's graduated response: bands 97/95/93/91, PA, SA. */
const graduated: Ladder = {
  key: 'graduated',
  name: "A primary school's graduated response",
  source: 'Graduated response: Prevention, Early intervention, Targeted re-engagement',
  rearm: { academicYear: true, policy: 'Each stage follows "no improvement" at the one before, within the academic year' },
  settings: [
    setting('graduatedTrackingSchoolDays', '"No improvement ... identified through robust daily and weekly tracking": the policy gives no period; a school week after the step before'),
    setting('graduatedNtiSchoolDays', 'The 91-93% notice to improve has no period in the policy; the National Framework\'s shortest, 3 weeks (15 school days)'),
  ],
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
      policy: '"95-97%: Initial Teacher meeting to capture pupil and parent voice- document completed; Letter 1 and info sheet sent to parents advising of attendance; Meeting 1 held over telephone with attendance team and document completed."',
      when: [{ kind: 'attendance-below', percent: 97 }],
      steps: [
        { key: 'teacher-meeting', kind: 'meeting', title: 'Initial teacher meeting: pupil and parent voice', actor: 'form-tutor', policy: '"Initial Teacher meeting to capture pupil and parent voice"' },
        { key: 'letter-1', kind: 'letter', title: 'Letter 1 and information sheet', actor: 'attendance-officer', template: 'graduated-letter-1', after: ['teacher-meeting'], policy: '"Letter 1 and info sheet sent to parents advising of attendance"' },
        { key: 'meeting-1-phone', kind: 'call', title: 'Meeting 1 by telephone with the attendance team', actor: 'attendance-officer', after: ['letter-1'], policy: '"Meeting 1 held over telephone with attendance team and document completed"' },
      ],
    },
    {
      key: 'lower-95',
      title: '93-95%: lower than expected, no improvement',
      policy: '"93-95%: Lower than expected levels of attendance/ no improvement ...: Letter 2 sent expressing further concerns, invitation to face to face meeting with attendance team; Meeting2 with parent to understand barriers to attendance and agree support/actions; Support and action planning offered and monitored."',
      when: [{ kind: 'attendance-below', percent: 95 }],
      steps: [
        { key: 'letter-2', kind: 'letter', title: 'Letter 2: further concerns, invitation to a face to face meeting', actor: 'attendance-officer', template: 'graduated-letter-2', after: ['meeting-1-phone'], waitSchoolDays: SCHOOL_SETTINGS.graduatedTrackingSchoolDays, ifAttendance: 'not-improved', policy: '"no improvement": Letter 2 sent expressing further concerns' },
        { key: 'meeting-2', kind: 'meeting', title: 'Meeting 2 with parents: barriers, support and actions agreed', actor: 'attendance-officer', after: ['letter-2'], policy: '"Meeting2 with parent to understand barriers to attendance and agree support/actions"' },
        { key: 'support-plan', kind: 'support-plan', title: 'Support and action plan, monitored', actor: 'attendance-officer', after: ['meeting-2'], policy: '"Support and action planning offered and monitored"' },
      ],
    },
    {
      key: 'continued-93',
      title: '91-93%: continued concern, no improvement',
      policy: '"91-93%: Continued lower than expected levels of attendance/ no improvement ...: Invitation to face to face meeting and support; Contact with external agencies such as Internal Front Door."',
      when: [{ kind: 'attendance-below', percent: 93 }],
      steps: [
        { key: 'meeting-3', kind: 'meeting', title: 'Face to face meeting and support', actor: 'attendance-officer', after: ['support-plan'], waitSchoolDays: SCHOOL_SETTINGS.graduatedTrackingSchoolDays, ifAttendance: 'not-improved', policy: '"Invitation to face to face meeting and support"' },
        { key: 'external-agencies', kind: 'referral', title: 'Contact external agencies (such as Internal Front Door)', actor: 'attendance-officer', to: 'external agencies (Internal Front Door)', after: ['meeting-3'], policy: '"Contact with external agencies such as Internal Front Door"' },
      ],
    },
    {
      key: 'continued-93-nti',
      title: '91-93% at the penalty threshold: notice to improve',
      policy: '"91-93%: Notice to improve letter sent to parents and to Local Authority; Potential fines and/ or further action/ prosecution." Only at the National Framework threshold, after the support plan (period: the school\'s setting graduatedNtiSchoolDays).',
      when: [{ kind: 'attendance-below', percent: 93 }],
      requires: [{ kind: 'penalty-threshold' }],
      steps: [{ key: 'notice-to-improve', kind: 'notice-to-improve', title: 'Notice to improve, to parents and the local authority', actor: 'headteacher', improvementSchoolDays: SCHOOL_SETTINGS.graduatedNtiSchoolDays, template: 'graduated-nti', after: ['support-plan'] }],
    },
    {
      key: 'persistent',
      title: 'Persistent absence: targeted support',
      policy: '"Persistent absence: Possible Support Strategies: Early Help to be offered; Signposting to relevant agencies; ... Home visits to explore support and reasons for absence."',
      when: [{ kind: 'persistent-absence' }],
      steps: [
        { key: 'early-help', kind: 'referral', title: 'Offer Early Help; signpost to agencies', actor: 'attendance-officer', to: 'Early Help', after: ['support-plan'], policy: '"Early Help to be offered; Signposting to relevant agencies"' },
        { key: 'home-visit-pa', kind: 'home-visit', title: 'Home visit to explore support and reasons for absence', actor: 'attendance-officer', after: ['early-help'], policy: '"Home visits to explore support and reasons for absence"' },
      ],
    },
    {
      key: 'severe',
      title: 'Severe absence, no improvement',
      policy: '"Severe absence: Pupil is persistently absent ... NO IMPROVEMENTS NOTED. Attendance action plan discussed."',
      when: [{ kind: 'severe-absence' }],
      steps: [{ key: 'action-plan-sa', kind: 'support-plan', title: 'Attendance action plan', actor: 'attendance-officer', after: ['early-help'], ifAttendance: 'not-improved' }],
    },
    {
      key: 'severe-enforcement',
      title: 'Severe absence at the penalty threshold: notice to improve, then the local authority',
      policy: '"Notice to improve letter sent with 20 days to improve. NTI expressing further concerns and further meeting arranged. Where there is a lack of parental engagement in support or support isn\'t effective, then referral to the Local Authority for formal and/or Statutory Procedures." Only at the National Framework threshold.',
      when: [{ kind: 'severe-absence' }],
      requires: [{ kind: 'penalty-threshold' }],
      steps: [
        { key: 'notice-to-improve-sa', kind: 'notice-to-improve', title: 'Notice to improve with 20 school days to improve; further meeting', actor: 'headteacher', improvementSchoolDays: 20, template: 'graduated-nti-sa', after: ['action-plan-sa', 'notice-to-improve'], waitSchoolDays: SCHOOL_SETTINGS.graduatedNtiSchoolDays, ifAttendance: 'not-improved', policy: '"NTI expressing further concerns" after the first notice\'s period, no improvement noted' },
        { key: 'la-referral-sa', kind: 'referral', title: 'Referral to the local authority for formal or statutory procedures', actor: 'headteacher', to: 'local authority', enforcement: true, after: ['notice-to-improve-sa'], waitSchoolDays: 20, ifAttendance: 'not-improved', policy: '"Where there is a lack of parental engagement in support or support isn\'t effective": after the 20 days' },
      ],
    },
  ],
};

/** Clifford All Saints C of E Primary: Expect, Monitor, Listen, Facilitate, Formalise, Enforce. */
const clifford: Ladder = {
  key: 'clifford',
  name: 'Clifford All Saints C of E Primary',
  source: 'Attendance strategy: Expect / Monitor / Listen & understand / Facilitate / Formalise / Enforce',
  rearm: { academicYear: true, policy: 'Monitoring is per half term (each half term\'s review and discussion come due again at the next monitoring point); the formal pathway runs once a year, its letters "issued again" as their own steps after a penalty notice' },
  settings: [
    setting('cliffordDipPoints', '"Dips in attendance between monitoring points": the policy gives no size; 2 percentage points down on the half term before'),
    setting('cliffordFrequentLates', '"Families who are frequently late": the policy gives no number; 5 late arrivals (L or U) in a half term'),
    setting('cliffordAfterFpnSchoolDays', '"Following FPN, should attendance fail to improve": the policy gives no period; 20 school days after the notice'),
  ],
  rungs: [
    {
      key: 'focus-family',
      title: 'Focus family: ended last year being monitored',
      policy: '"Pupils who end the year being monitored for attendance become a focus family for the start of the new year. The attendance of these pupils will be monitored more closely and these families will be prioritised for support." (monitored: below 96% at the year\'s last monitoring point)',
      when: [{ kind: 'ended-last-year-below', percent: 96 }],
      steps: [{ key: 'focus-family', kind: 'review', title: 'Focus family: monitored closely, prioritised for support', actor: 'attendance-officer' }],
    },
    {
      key: 'monitor-96',
      title: 'Monitor: below 96% at the end of the half term',
      policy: '"Any pupil who does not have attendance levels of 96% or more at the end of each half term is discussed by the Attendance Team and appropriate actions are agreed and tracked for impact."',
      when: [{ kind: 'attendance-below', percent: 96, at: 'half-term-end' }],
      steps: [{ key: 'attendance-team-review', kind: 'review', title: 'Discussed by the attendance team; actions agreed and tracked', actor: 'attendance-officer', repeat: 'half-term' }],
    },
    {
      key: 'listen',
      title: 'Listen and understand: below 96% and a dip since the last monitoring point',
      policy: '"Pupils whose attendance is below 96% are monitored more closely and dips in attendance between monitoring points results in a school attendance discussion. Action is then decided based on the known circumstances." (dip: the school\'s setting cliffordDipPoints)',
      when: [{ kind: 'attendance-dip', points: SCHOOL_SETTINGS.cliffordDipPoints, at: 'half-term-end' }],
      requires: [{ kind: 'attendance-below', percent: 96, at: 'half-term-end' }],
      steps: [{ key: 'attendance-discussion', kind: 'meeting', title: 'School attendance discussion with the family', actor: 'attendance-officer', repeat: 'half-term', after: ['attendance-team-review'] }],
    },
    {
      key: 'lateness',
      title: 'Frequently late',
      policy: '"Lateness is monitored to identify families who are frequently late and may require additional support." (frequency: the school\'s setting cliffordFrequentLates)',
      when: [lateInHalfTerm(SCHOOL_SETTINGS.cliffordFrequentLates)],
      steps: [{ key: 'lateness-support', kind: 'call', title: 'Contact the family: is additional support needed for lateness?', actor: 'attendance-officer', repeat: 'half-term' }],
    },
    {
      key: 'formalise',
      title: 'Formalise support: persistent absence',
      policy: 'Formalise Support: "we attempt to seek parental or carer consent to refer the family to the school nurse ... to engage the family in the Early Help process. Should a family decline all offers of formal support, a meeting with school and parents is called to put in place a parenting contract ... School begins to issue attendance pathway letter 1 and letter 2 ... School seek support from the Local Authority Attendance Team."',
      when: [{ kind: 'persistent-absence' }],
      steps: [
        { key: 'early-help', kind: 'referral', title: 'Seek consent for the school nurse or Early Help', actor: 'attendance-officer', to: 'Early Help / school nurse', policy: '"we attempt to seek parental or carer consent to refer the family to the school nurse ... the Early Help process"' },
        { key: 'parenting-contract', kind: 'attendance-contract', title: 'Parenting contract to formalise support (if formal support is declined)', actor: 'headteacher', after: ['early-help'], policy: '"Should a family decline all offers of formal support, a meeting with school and parents is called to put in place a parenting contract" (not needed when support was accepted)' },
        { key: 'pathway-letter-1', kind: 'letter', title: 'Attendance pathway letter 1', actor: 'attendance-officer', template: 'clifford-pathway-1', after: ['parenting-contract'], policy: '"School begins to issue attendance pathway letter 1 and letter 2 to reinforce the severity of the situation"' },
        { key: 'pathway-letter-2', kind: 'letter', title: 'Attendance pathway letter 2', actor: 'attendance-officer', template: 'clifford-pathway-2', after: ['pathway-letter-1'], ifAttendance: 'further-absence' },
        { key: 'la-attendance-team', kind: 'referral', title: 'Seek support from the Local Authority Attendance Team', actor: 'attendance-officer', to: 'Local Authority Attendance Team', after: ['pathway-letter-2'], policy: '"School seek support from the Local Authority Attendance Team"' },
      ],
    },
    {
      key: 'enforce',
      title: 'Enforce: the penalty threshold, formal support in place',
      policy: 'Enforce: "Formalised support continues throughout this stage. Weekly attendance reviews. Pathway letter 3 including a FPN is issued. Following FPN, should attendance fail to improve, attendance pathway letters 2 and 3 are issued again and school seek to take a case to the Local Authority School Attendance Panel (LASAP) to seek an education supervision order." Only at the National Framework threshold (after the notice: the school\'s setting cliffordAfterFpnSchoolDays).',
      when: [{ kind: 'penalty-threshold' }],
      steps: [
        { key: 'weekly-review', kind: 'review', title: 'Weekly attendance review', actor: 'attendance-officer', after: ['la-attendance-team'], repeat: { everySchoolDays: 5 }, policy: '"Weekly attendance reviews"' },
        { key: 'pathway-letter-3', kind: 'letter', title: 'Attendance pathway letter 3, including a fixed penalty notice', actor: 'headteacher', template: 'clifford-pathway-3', enforcement: true, after: ['la-attendance-team'], policy: '"Pathway letter 3 including a FPN is issued"' },
        { key: 'penalty-request', kind: 'penalty-notice-request', title: 'Fixed penalty notice', actor: 'headteacher', after: ['pathway-letter-3'] },
        { key: 'pathway-letter-2-again', kind: 'letter', title: 'Attendance pathway letter 2, again', actor: 'attendance-officer', template: 'clifford-pathway-2', after: ['penalty-request'], waitSchoolDays: SCHOOL_SETTINGS.cliffordAfterFpnSchoolDays, ifAttendance: 'not-improved', policy: '"Following FPN, should attendance fail to improve, attendance pathway letters 2 and 3 are issued again"' },
        { key: 'pathway-letter-3-again', kind: 'letter', title: 'Attendance pathway letter 3, again', actor: 'headteacher', template: 'clifford-pathway-3', enforcement: true, after: ['pathway-letter-2-again'] },
        { key: 'lasap', kind: 'referral', title: 'Local Authority School Attendance Panel: education supervision order', actor: 'headteacher', to: 'LA School Attendance Panel', enforcement: true, after: ['pathway-letter-3-again'], policy: '"school seek to take a case to the Local Authority School Attendance Panel (LASAP) to seek an education supervision order"' },
      ],
    },
  ],
};

/** One In A Million Free School (secondary): the Rapid Response ladder. */
const oneInAMillion: Ladder = {
  key: 'one-in-a-million',
  name: 'One In A Million Free School',
  source: 'Attendance policy: "When a child\'s absence falls below 96% the following steps will be followed"; Rapid Response; lateness',
  rearm: { academicYear: true, policy: '"The following steps will be followed": each in turn, once a year, each after "further absence"' },
  settings: [
    setting('oiamLatenessPattern', '"Patterns of lateness": the policy gives no number; 5 late arrivals (L or U) in a half term'),
  ],
  rungs: [
    {
      key: 'letter-1',
      title: 'Below 96% or 2 broken weeks in a half term',
      policy: 'Rapid Response: "Attendance drops below 96% or 2 broken weeks in a half term LETTER 1"',
      when: [{ kind: 'attendance-below', percent: 96 }, { kind: 'broken-weeks', atLeast: 2 }],
      steps: [{ key: 'letter-1', kind: 'letter', title: 'Letter 1', actor: 'attendance-officer', template: 'oiam-letter-1' }],
    },
    {
      key: 'letter-2',
      title: 'Further absence, below 94%',
      policy: '"Further absence and attendance drops below 94%. LETTER 2 & PHONE CALL FROM A MEMBER OF THE ATTENDANCE TEAM"',
      when: [{ kind: 'attendance-below', percent: 94 }],
      steps: [
        { key: 'letter-2', kind: 'letter', title: 'Letter 2', actor: 'attendance-officer', template: 'oiam-letter-2', after: ['letter-1'], ifAttendance: 'further-absence' },
        { key: 'call-2', kind: 'call', title: 'Phone call from a member of the attendance team (about attendance)', actor: 'attendance-officer', after: ['letter-2'] },
      ],
    },
    {
      key: 'letter-3',
      title: 'Further absence, below 92%',
      policy: '"Further absence and attendance drops below 92%. LETTER 3 INCLUDING A LEAFLET ABOUT ATTENDANCE. PARENTS/CARERS MUST ATTEND A MEETING WITH A MEMBER OF THE ATTENDANCE TEAM. AN ATTENDANCE SUPPORT PLAN IS CREATED. A HOME VISIT WILL BE ARRANGED IF THERE ARE SAFEGUARDING CONCERNS"',
      when: [{ kind: 'attendance-below', percent: 92 }],
      steps: [
        { key: 'letter-3', kind: 'letter', title: 'Letter 3 with a leaflet about attendance', actor: 'attendance-officer', template: 'oiam-letter-3', after: ['call-2'], ifAttendance: 'further-absence' },
        { key: 'meeting-compulsory', kind: 'meeting', title: 'Parents/carers must attend a meeting with the attendance team', actor: 'attendance-officer', after: ['letter-3'] },
        { key: 'support-plan', kind: 'support-plan', title: 'Attendance support plan', actor: 'attendance-officer', after: ['meeting-compulsory'] },
        { key: 'home-visit', kind: 'home-visit', title: 'Home visit (safeguarding concerns)', actor: 'dsl', onlyIf: 'safeguarding-concern', after: ['letter-3'] },
      ],
    },
    {
      key: 'rapid-response',
      title: 'Further absence, below 90%: Rapid Response',
      policy: '"Further absence and attendance drops below 90% START RAPID RESPONSE: Warning letter 1 issued; ATTENDANCE CONTRACT IS ISSUED; Placed on Rapid Response for three weeks; 3 Week review to look at progress"; "If your child is placed on Rapid Response then any absences will not be authorised without supporting evidence."',
      when: [{ kind: 'attendance-below', percent: 90 }],
      steps: [
        { key: 'warning-letter-1', kind: 'letter', title: 'Warning letter 1', actor: 'attendance-officer', template: 'oiam-warning-1', after: ['support-plan'], ifAttendance: 'further-absence' },
        { key: 'attendance-contract', kind: 'attendance-contract', title: 'Attendance contract; Rapid Response for three weeks', actor: 'senior-leader', reviewAfterSchoolDays: 15, after: ['warning-letter-1'] },
        { key: 'rapid-response-review', kind: 'review', title: '3-week Rapid Response review: progress', actor: 'senior-leader', after: ['attendance-contract'], waitSchoolDays: 15, policy: '"Placed on Rapid Response for three weeks; 3 Week review to look at progress"' },
      ],
    },
    {
      key: 'lateness',
      title: 'A pattern of lateness',
      policy: '"Parents or carers of students who have patterns of lateness will be contacted to discuss the importance of good time keeping and how this might be achieved. If lateness persists parents or carers will be invited to attend the school and discuss the problem and support offered." (pattern: the school\'s setting oiamLatenessPattern)',
      when: [lateInHalfTerm(SCHOOL_SETTINGS.oiamLatenessPattern)],
      steps: [
        { key: 'lateness-contact', kind: 'call', title: 'Contact parents about good time keeping', actor: 'head-of-year' },
        { key: 'lateness-meeting', kind: 'meeting', title: 'Lateness persists: parents invited to discuss it and the support offered', actor: 'head-of-year', after: ['lateness-contact'], ifAttendance: 'further-lateness', policy: '"If lateness persists parents or carers will be invited to attend the school and discuss the problem and support offered"' },
      ],
    },
    {
      key: 'penalty',
      title: 'National Framework threshold, support declined or not appropriate',
      policy: '"If support is not appropriate or is declined and a child has 10 or more sessions of unauthorised absence due to lateness recorded in any 10-week period, the school will issue parents with a Penalty Notice." After support (recorded as not needed where support is not appropriate).',
      when: [{ kind: 'penalty-threshold' }],
      steps: [{ key: 'penalty-request', kind: 'penalty-notice-request', title: 'Consider a fixed penalty notice (the school passes unauthorised absence to the LA)', actor: 'senior-leader', after: ['support-plan'] }],
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
