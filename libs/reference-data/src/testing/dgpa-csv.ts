/**
 * Tests only (not built): a DGPA office calendar CSV of a whole year in the DGPA's layout, every
 * Saturday and Sunday off and every weekday working except the days given. The days are whatever
 * a test says: not the DGPA's calendar of that year.
 */
export function dgpaCsv(
  year: number,
  days: { daysOff?: Record<string, string>; workingWeekendDays?: Record<string, string> } = {},
  { bom = true, eol = '\r\n' }: { bom?: boolean; eol?: string } = {},
): string {
  const weekdaysZh = ['日', '一', '二', '三', '四', '五', '六'];
  const rows = ['西元日期,星期,是否放假,備註'];
  for (let ms = Date.UTC(year, 0, 1); ms < Date.UTC(year + 1, 0, 1); ms += 86_400_000) {
    const date = new Date(ms).toISOString().slice(0, 10);
    const weekday = new Date(ms).getUTCDay();
    const weekend = weekday === 0 || weekday === 6;
    const off = days.daysOff?.[date];
    const working = days.workingWeekendDays?.[date];
    const flag = weekend ? (working !== undefined ? 0 : 2) : off !== undefined ? 2 : 0;
    rows.push(`${date.replace(/-/g, '')},${weekdaysZh[weekday]},${flag},${off ?? working ?? ''}`);
  }
  return `${bom ? '\uFEFF' : ''}${rows.join(eol)}${eol}`;
}
