/**
 * The letters the five presets' ladders send, one template each, written for this product in
 * plain English (not copied from the schools' proformas): each says why it is sent, as its policy
 * gives the purpose, then the pupil's own figures, then what happens next. A school replaces any
 * of them with its own (`letters template --set`); each is checked when loaded
 * (src/domain/letters.ts).
 */
import { checkTemplate, type LetterTemplate } from '../domain/letters.ts';

const HEAD = '{{school}}, {{schoolAddress}}\n\n{{date}}\n\nDear {{parent}},';
const FIGURES = "{{pupil}} ({{form}}) has attended {{attendance}} of sessions this school year, from {{periodFrom}} to {{date}}: {{presentSessions}} of {{possibleSessions}} sessions. Of the sessions missed, {{authorisedSessions}} were authorised and {{unauthorisedSessions}} unauthorised, {{schoolDaysMissed}} school days in all.\n\nIn the last four weeks: {{recentAbsences}}.";
const SIGN = 'Yours sincerely,\n\n{{signatory}}, for {{school}}';

/** A letter: why it is sent, the figures, what is asked, what comes next. */
function letter(key: string, title: string, why: string, ask: string): LetterTemplate {
  return checkTemplate({ key, kind: 'letter', title, body: [HEAD, why, FIGURES, ask, 'If we do not see an improvement, the next step is: {{nextStep}}.', SIGN].join('\n\n') });
}

/** A notice to improve: everything the National Framework requires it to state. */
function noticeToImprove(key: string, title: string, why: string): LetterTemplate {
  return checkTemplate({
    key, kind: 'notice-to-improve', title,
    body: [
      HEAD, why,
      "**{{pupil}}'s attendance record.** {{record}}",
      FIGURES,
      '**The support offered.** {{supportOffered}}',
      '**The improvement needed.** {{improvementNeeded}}, over an improvement period of {{improvementPeriod}} school days, ending on {{periodEnds}}.',
      '**What happens if it does not improve.** {{penaltyGrounds}}',
      'We would like to meet you to agree how we can help: we have proposed {{meeting}}. Please tell us if that time does not suit you.',
      SIGN,
    ].join('\n\n'),
  });
}

const concern = (pct: string) => `We are writing because {{pupil}}'s attendance has fallen below ${pct}. Every day in school matters, and we want to work with you to understand what is getting in the way.`;
const meetAsk = 'Please contact the school if there is anything we should know or anything we can help with. We have proposed a meeting: {{meeting}}.';

export const DEFAULT_TEMPLATES: readonly LetterTemplate[] = [
  // Asterdale
  letter('asterdale-concern-93-95', 'Attendance: a concern', concern('95%'), 'Please help {{pupil}} to attend every day, and let us know if there is anything we can do.'),
  letter('asterdale-concern-90-93', 'Attendance: our concern, and the support we can offer', concern('93%'), meetAsk),
  letter('asterdale-below-75', 'Attendance: a serious concern', "We are writing because {{pupil}}'s attendance is now below 75%. This is serious: at this level a child misses a quarter of their education. We need to meet you.", meetAsk),
  letter('asterdale-pattern', 'Attendance: a pattern of absence', 'We have noticed a pattern in {{pupil}}\'s absence: {{weekdayPattern}}. A pattern like this can point to something we can help with.', meetAsk),
  letter('asterdale-medical-evidence', 'Absence for illness: evidence needed', "{{pupil}}'s absence is mostly recorded as illness. From now on we may not be able to authorise further absence for illness without medical evidence, such as an appointment card or a prescription.", 'Please send us medical evidence for any further illness absence.'),
  letter('asterdale-ewo-may-be-contacted', 'Attendance: the Education Welfare Officer may be contacted', "{{pupil}}'s attendance has not improved since we last wrote. If it does not improve, we may ask the local authority's Education Welfare Officer to become involved.", meetAsk),
  letter('asterdale-ewo-contacted', 'Attendance: the Education Welfare Officer has been contacted', "{{pupil}}'s attendance has continued to fall, and we have now asked the local authority's Education Welfare Officer to become involved to support you and {{pupil}}.", 'The Education Welfare Officer may contact you. Please work with them and with us.'),
  letter('asterdale-penalty-request', 'Attendance: a request for a penalty notice', "{{pupil}}'s unauthorised absence has reached the level at which the law allows the local authority to issue a penalty notice, and support has not brought the improvement needed. We have asked the local authority to consider issuing one.", 'The local authority will write to you about the notice and how it is paid.'),
  // Woburn
  letter('woburn-below-96', 'Attendance below 96%', concern('96%'), 'Please help {{pupil}} to attend every day, and on time.'),
  // the graduated response
  letter('graduated-letter-1', 'Attendance: letter 1', concern('the level we expect'), 'Please help {{pupil}} to attend every day, and let us know if there is anything we can do.'),
  letter('graduated-letter-2', 'Attendance: letter 2', "{{pupil}}'s attendance has not improved since our first letter. We would like to meet to agree a support plan.", meetAsk),
  noticeToImprove('graduated-nti', 'Notice to improve', "This is a notice to improve {{pupil}}'s attendance. Despite the support offered, {{pupil}}'s unauthorised absence has reached the level at which the law allows a penalty notice."),
  noticeToImprove('graduated-nti-sa', 'Notice to improve: severe absence', "This is a notice to improve {{pupil}}'s attendance, which is now severely low: {{pupil}} has missed half or more of this year's sessions."),
  // Clifford
  letter('clifford-pathway-1', 'Attendance pathway: letter 1', concern('the level we expect'), 'Please help {{pupil}} to attend every day, and let us know if there is anything we can do.'),
  letter('clifford-pathway-2', 'Attendance pathway: letter 2', "{{pupil}}'s attendance has not improved since our first letter.", meetAsk),
  letter('clifford-pathway-3', 'Attendance pathway: letter 3', "{{pupil}}'s attendance has still not improved. We now need to consider further action, and want to agree with you how to avoid it.", meetAsk),
  // One In A Million
  letter('oiam-letter-1', 'Attendance: letter 1', concern('96%'), 'Please help {{pupil}} to attend every day, and let us know if there is anything we can do.'),
  letter('oiam-letter-2', 'Attendance: letter 2', "{{pupil}}'s attendance has fallen further since our first letter.", meetAsk),
  letter('oiam-letter-3', 'Attendance: letter 3', "{{pupil}}'s attendance has continued to fall, and is now a serious concern.", meetAsk),
  letter('oiam-warning-1', 'Attendance: a formal warning', "{{pupil}}'s unauthorised absence is close to the level at which the law allows the local authority to issue a penalty notice. This letter is a formal warning.", meetAsk),
];

export const defaultTemplate = (key: string): LetterTemplate | undefined => DEFAULT_TEMPLATES.find((t) => t.key === key);
