import { ATTACHMENT_TYPE_NAMES, type Application, type AttachmentType, type CaseEvent, type CaseOrigin, type HitDisposition } from '@shtc/domain';
import { KIND_WORDS, ROUTE_WORDS, listOf, oneLine, reasonsOf, same, statusWords, type Description, type Who } from './wording';

/** What the trail remembers of a case beyond the event at hand: every attachment it had, to describe a removal. */
export interface CaseTrail {
  attachments: ReadonlyArray<{ attachmentId: string; type: AttachmentType; fileName: string }>;
}

type Describer<T extends CaseEvent['type']> = (data: Extract<CaseEvent, { type: T }>['data'], who: Who, trail: CaseTrail) => Description;

/**
 * One line per case event type, in English and Traditional Chinese. A mapped type over the event
 * union: an event type added to case.events.ts does not compile until it is described here.
 */
const DESCRIBERS: { readonly [T in CaseEvent['type']]: Describer<T> } = {
  CaseRegistered: (data, who) => {
    const { application, caseNo } = data;
    const kind = KIND_WORDS[application.kind];
    const route = ROUTE_WORDS[application.route];
    const origin = originOf(data);
    const forWhom = forApplicant(data.agentId, application.applicantId);
    return {
      en: `${who.en} registered case ${caseNo} (${kind.en}, ${route.en}, to ${application.destination})${forWhom.en}${origin.en}`,
      zh: `${who.zh} 登錄案件 ${caseNo}（${kind.zh}，${route.zh}，目的地 ${application.destination}）${forWhom.zh}${origin.zh}`,
    };
  },
  ExemptCaseFiled: (data, who) => {
    const { application, caseNo } = data;
    const reason = application.exemption?.reason === 'SPECIAL_APPROVAL' ? { en: 'special approval', zh: '專案核准' } : { en: 'exhibition goods', zh: '展覽品' };
    const origin = originOf(data);
    const forWhom = forApplicant(data.agentId, application.applicantId);
    return {
      en: `${who.en} filed exempt case ${caseNo} (${reason.en}, to ${application.destination}) and submitted it at once${forWhom.en}${origin.en}`,
      zh: `${who.zh} 申請免附保證書案件 ${caseNo}（${reason.zh}，目的地 ${application.destination}）並逕行送審${forWhom.zh}${origin.zh}`,
    };
  },
  ApplicationEdited: ({ dataVersion }, who) => ({
    en: `${who.en} edited the application (data version ${dataVersion})`,
    zh: `${who.zh} 修改申請資料（第 ${dataVersion} 版）`,
  }),
  AttachmentAdded: ({ type, fileName }, who) => ({
    en: `${who.en} uploaded ${ATTACHMENT_TYPE_NAMES[type].en} (${oneLine(fileName, 80)})`,
    zh: `${who.zh} 上傳${ATTACHMENT_TYPE_NAMES[type].zh}（${oneLine(fileName, 80)}）`,
  }),
  AttachmentRemoved: ({ attachmentId }, who, trail) => {
    const known = trail.attachments.find((attachment) => attachment.attachmentId === attachmentId);
    if (!known) return { en: `${who.en} removed attachment ${attachmentId}`, zh: `${who.zh} 刪除附件 ${attachmentId}` };
    const name = ATTACHMENT_TYPE_NAMES[known.type];
    return { en: `${who.en} removed ${name.en} (${oneLine(known.fileName, 80)})`, zh: `${who.zh} 刪除${name.zh}（${oneLine(known.fileName, 80)}）` };
  },
  ApplicationSubmitted: ({ endUse }, who) => ({
    en: `${who.en} submitted the application for review; end use: ${oneLine(endUse, 120)}`,
    zh: `${who.zh} 送出申請，進入初審；最終用途：${oneLine(endUse, 120)}`,
  }),
  CaseCancelled: ({ reason, by }, who) =>
    by.role === 'REVIEWER'
      ? { en: `${who.en} cancelled the case on the applicant's request: ${oneLine(reason)}`, zh: `${who.zh} 依申請人要求取消案件：${oneLine(reason)}` }
      : { en: `${who.en} cancelled the case: ${oneLine(reason)}`, zh: `${who.zh} 取消案件：${oneLine(reason)}` },
  CaseClaimed: (_, who) => ({ en: `${who.en} claimed the case`, zh: `${who.zh} 認領案件` }),
  CaseReleased: (_, who) => ({ en: `${who.en} released the case back to its queue`, zh: `${who.zh} 釋出案件，回到待審佇列` }),
  CaseReassigned: ({ assignee, reason }, who) => ({
    en: `${who.en} reassigned the case to ${assignee.name} (${assignee.businessId}): ${oneLine(reason)}`,
    zh: `${who.zh} 改派案件予 ${assignee.name}（${assignee.businessId}）：${oneLine(reason)}`,
  }),
  SupplementRequested: ({ documents, replyBy }, who) => {
    const asked = listOf(documents.map((type) => ATTACHMENT_TYPE_NAMES[type]));
    return { en: `${who.en} asked for ${asked.en}, due ${replyBy}`, zh: `${who.zh} 通知補件：${asked.zh}，期限 ${replyBy}` };
  },
  SupplementProvided: ({ resumeTo }, who) => {
    const stage = statusWords(resumeTo);
    return { en: `${who.en} sent the documents asked for; the case is back in ${stage.en}`, zh: `${who.zh} 完成補件，案件回到${stage.zh}` };
  },
  CaseReferredToConsultation: ({ agencies }, who) => {
    const asked = listOf(agencies.map(({ agency, dueDate }) => ({ en: `${agency} (due ${dueDate})`, zh: `${agency}（期限 ${dueDate}）` })));
    return { en: `${who.en} referred the case for consultation to ${asked.en}`, zh: `${who.zh} 送 ${asked.zh}協查` };
  },
  ConsultationReplyRecorded: ({ agency, opinion, note }, who) => {
    const said = opinion === 'OBJECTION' ? { en: 'objection', zh: '反對' } : { en: 'no objection', zh: '無意見' };
    const noted = note.trim() ? { en: ` (${oneLine(note, 120)})`, zh: `（${oneLine(note, 120)}）` } : same('');
    return { en: `${who.en} recorded ${agency}'s opinion: ${said.en}${noted.en}`, zh: `${who.zh} 登錄 ${agency} 協查意見：${said.zh}${noted.zh}` };
  },
  // A consequence of the last reply, not anyone's act: the entry's actor says whose reply it was.
  ConsultationCompleted: ({ resumeTo }) => {
    const stage = statusWords(resumeTo);
    return { en: `Consultation completed: every agency has replied; the case is back in ${stage.en}`, zh: `協查完成：各機關均已回覆，案件回到${stage.zh}` };
  },
  ForwardedToSecondReview: ({ recommendation }, who) =>
    recommendation === 'APPROVE'
      ? { en: `${who.en} forwarded the case to second review, recommending approval`, zh: `${who.zh} 陳送複審，建議准件` }
      : { en: `${who.en} forwarded the case to second review, recommending rejection`, zh: `${who.zh} 陳送複審，建議退件` },
  ReturnedToInitialReview: ({ reason }, who) => ({
    en: `${who.en} returned the case to initial review: ${oneLine(reason)}`,
    zh: `${who.zh} 退回初審：${oneLine(reason)}`,
  }),
  ClosedForAmendment: ({ reasons }, who) => {
    const why = reasonsOf(reasons);
    return { en: `${who.en} closed the case for amendment: ${why.en}`, zh: `${who.zh} 補正結案：${why.zh}` };
  },
  CaseRejected: ({ reasons }, who) => {
    const why = reasonsOf(reasons);
    return { en: `${who.en} rejected the case: ${why.en}`, zh: `${who.zh} 退件結案：${why.zh}` };
  },
  CaseApproved: ({ licence }, who) => ({
    en: `${who.en} approved the case: licence ${licence.licenceNo}, valid until ${licence.validUntil} (${licence.validityMonths} months)`,
    zh: `${who.zh} 准件結案：許可證 ${licence.licenceNo}，有效期限至 ${licence.validUntil}（${licence.validityMonths} 個月）`,
  }),
  CaseNoteAdded: ({ text }, who) => ({ en: `${who.en} added an internal note: ${oneLine(text, 120)}`, zh: `${who.zh} 新增內部備註：${oneLine(text, 120)}` }),
  PartiesScreened: ({ lists, hits }, who) => {
    const against = lists.length > 0 ? lists.join(', ') : '—';
    const found = hits.length > 0 ? { en: `${hits.length} new hit(s)`, zh: `新增 ${hits.length} 筆疑似相符` } : { en: 'no new hit', zh: '無新增疑似相符' };
    return { en: `${who.en} screened the parties against ${against}: ${found.en}`, zh: `${who.zh} 依 ${against} 名單篩檢當事人：${found.zh}` };
  },
  ScreeningHitDisposed: ({ hitId, disposition, reason }, who) => {
    const as = DISPOSITION_WORDS[disposition];
    return { en: `${who.en} recorded screening hit ${hitId} as ${as.en}: ${oneLine(reason)}`, zh: `${who.zh} 判定篩檢疑似相符 ${hitId} ${as.zh}：${oneLine(reason)}` };
  },
};

const DISPOSITION_WORDS: Readonly<Record<HitDisposition, Description>> = {
  TRUE_MATCH: { en: 'a true match', zh: '確為相符' },
  FALSE_MATCH: { en: 'a false match', zh: '非相符' },
};

/** What a case of another kind than NEW starts from (R-AMEND-1, R-BAL-1, R-CORR-1, R-MISM-1). */
function originOf({ amends, reissues, corrects, application }: CaseOrigin & { application: Application }): Description {
  if (amends) return { en: `, amending case ${amends}`, zh: `，補正案件 ${amends}` };
  if (reissues) return { en: `, reissuing the balance of cancelled licence ${reissues}`, zh: `，餘額重簽已註銷許可證 ${reissues}` };
  if (corrects && application.kind === 'MISMATCH_CORRECTION') {
    return {
      en: `, correcting licence ${corrects.licenceNo} (version ${corrects.version}) for the mismatch of declaration ${corrects.declarationNo}`,
      zh: `，修正許可證 ${corrects.licenceNo}（第 ${corrects.version} 版）與報單 ${corrects.declarationNo} 之比對不符`,
    };
  }
  if (corrects) return { en: `, correcting licence ${corrects.licenceNo} (version ${corrects.version})`, zh: `，更正許可證 ${corrects.licenceNo}（第 ${corrects.version} 版）` };
  return same('');
}

/** A case an agent filed names the applicant it filed for (R-ACC-4). */
function forApplicant(agentId: string | null, applicantId: string): Description {
  return agentId ? { en: ` for applicant ${applicantId}`, zh: `，代申請人 ${applicantId}` } : same('');
}

export function describeCaseEvent(event: CaseEvent, who: Who, trail: CaseTrail): Description {
  return (DESCRIBERS[event.type] as (data: unknown, who: Who, trail: CaseTrail) => Description)(event.data, who, trail);
}
