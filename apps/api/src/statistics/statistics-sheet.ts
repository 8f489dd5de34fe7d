import type { Figures, Grouping, StatisticsAnswer } from '@shtc/projections';
import { writeXlsx, type SheetCell, type SheetModel } from '@shtc/sheets';

type Cell = string | number | null;

/** The figures' columns, in Traditional Chinese and English as the goods sheet heads its own. */
const FIGURE_COLUMNS: ReadonlyArray<{ header: string; value: (figures: Figures) => number | null }> = [
  { header: '收件 Filed', value: (f) => f.cases.filed },
  { header: '送審 Submitted', value: (f) => f.cases.submitted },
  { header: '結案 Decided', value: (f) => f.cases.decided },
  { header: '准件結案 Approved', value: (f) => f.cases.approved },
  { header: '退件結案 Rejected', value: (f) => f.cases.rejected },
  { header: '補正結案 Closed for amendment', value: (f) => f.cases.closedForAmendment },
  { header: '已取消 Cancelled', value: (f) => f.cases.cancelled },
  { header: '計時案件 Decisions timed', value: (f) => f.processingTime.decided },
  { header: '審查工作天中位數 Median working days', value: (f) => f.processingTime.medianWorkingDays },
  { header: '審查工作天第90百分位 90th percentile working days', value: (f) => f.processingTime.p90WorkingDays },
  { header: '7個工作天內結案 Within 7 working days', value: (f) => f.processingTime.within7WorkingDays },
  { header: '7個工作天內比率 Share within 7', value: (f) => f.processingTime.shareWithin7WorkingDays },
  { header: '30個工作天內結案 Within 30 working days', value: (f) => f.processingTime.within30WorkingDays },
  { header: '30個工作天內比率 Share within 30', value: (f) => f.processingTime.shareWithin30WorkingDays },
  { header: '補件通知 Supplements requested', value: (f) => f.supplements.requested },
  { header: '完成補件 Supplements answered', value: (f) => f.supplements.answered },
  { header: '補件工作天中位數 Answer median working days', value: (f) => f.supplements.answerMedianWorkingDays },
  { header: '補件工作天第90百分位 Answer 90th percentile', value: (f) => f.supplements.answerP90WorkingDays },
  { header: '協查 Consultations referred', value: (f) => f.consultations.referred },
  { header: '協查完成 Consultations completed', value: (f) => f.consultations.completed },
  { header: '協查工作天中位數 Consultation median working days', value: (f) => f.consultations.medianWorkingDays },
  { header: '協查工作天第90百分位 Consultation 90th percentile', value: (f) => f.consultations.p90WorkingDays },
  { header: '複審退回初審 Returns from second review', value: (f) => f.returnsFromSecondReview },
  { header: '核發許可證 Licences issued', value: (f) => f.licences.issued },
  { header: '許可證註銷 Licences cancelled', value: (f) => f.licences.cancelled },
  { header: '逾期未使用 Licences expired unused', value: (f) => f.licences.expiredUnused },
  { header: '餘額重簽 Balances reissued', value: (f) => f.licences.balancesReissued },
];

const GROUP_HEADERS: Record<Grouping, string> = {
  month: '月份 Month',
  route: '申請方式 Route',
  kind: '申請類別 Kind',
  destination: '目的地 Destination',
  category: '管制類別 Export control category',
  regime: '出口管制體制 Regime',
};

const TOTAL = '合計 Total';
const REASON_KINDS = [
  ['rejected', '退件結案 Rejected'],
  ['closedForAmendment', '補正結案 Closed for amendment'],
] as const;

/**
 * The answer as tables: one row per group and a total row, one column per figure, then the
 * licensed and shipped value of each currency (decimal strings, exact); and the reasons
 * reviewers recorded, one row per group, decision and reason.
 */
export function statisticsTables(answer: StatisticsAnswer): { figures: Cell[][]; reasons: Cell[][] } {
  const rows = [...answer.groups.map(({ key, ...figures }) => ({ key, figures: figures as Figures })), { key: TOTAL, figures: answer.total }];
  const currencies = answer.total.licences.values.map((line) => line.currency);
  const figures: Cell[][] = [
    [GROUP_HEADERS[answer.by], ...FIGURE_COLUMNS.map((column) => column.header), ...currencies.flatMap((currency) => [`核准金額 Licensed value ${currency}`, `出口金額 Shipped value ${currency}`])],
    ...rows.map(({ key, figures: f }) => [
      key,
      ...FIGURE_COLUMNS.map((column) => column.value(f)),
      ...currencies.flatMap((currency) => {
        const line = f.licences.values.find((value) => value.currency === currency);
        return [line?.licensed ?? '0', line?.shipped ?? '0'];
      }),
    ]),
  ];
  const reasons: Cell[][] = [
    [GROUP_HEADERS[answer.by], '結案 Decision', '理由 Reason', '件數 Count'],
    ...rows.flatMap(({ key, figures: f }) => REASON_KINDS.flatMap(([kind, label]) => f.reasons[kind].map(({ reason, count }) => [key, label, reason, count]))),
  ];
  return { figures, reasons };
}

/** CSV: the figures, a blank line, then the reasons; every row starts with the position the figures were computed at. */
export function statisticsCsvRows(answer: StatisticsAnswer): Cell[][] {
  const { figures, reasons } = statisticsTables(answer);
  const withPosition = (rows: Cell[][]) => rows.map((row, i) => [i === 0 ? '事件位置 Position' : answer.position, ...row]);
  return [...withPosition(figures), [], ...withPosition(reasons)];
}

/** The workbook: the figures, the reasons, and what they cover (range, breakdown, position). */
export function statisticsWorkbook(answer: StatisticsAnswer): Uint8Array {
  const { figures, reasons } = statisticsTables(answer);
  const about: Cell[][] = [
    ['起 From', answer.from],
    ['迄 To', answer.to],
    ['分組 By', answer.by],
    ['事件位置 Position', answer.position],
    ['說明 Notes', 'Working days follow Taiwan\'s office calendar; processing time runs from submission to decision, stopped while a case awaits documents (R-REV-4).'],
  ];
  return writeXlsx([sheet('統計 Figures', figures, true), sheet('理由 Reasons', reasons, true), sheet('說明 About', about, false)]);
}

function sheet(name: string, rows: Cell[][], header: boolean): SheetModel {
  const width = Math.max(...rows.map((row) => row.length));
  return {
    name,
    columns: Array.from({ length: width }, (_, i) => ({ width: i === 0 ? 18 : 16, style: 'text' as const })),
    rows: rows.map((row, r) =>
      row.map((value): SheetCell | null => {
        if (value === null) return null;
        if (header && r === 0) return { text: String(value), style: 'headerOptional' };
        return typeof value === 'number' ? { text: String(value), style: 'number' } : { text: value, style: 'text' };
      }),
    ),
    freezeHeader: header,
    headerHeight: header ? 45 : undefined,
  };
}
