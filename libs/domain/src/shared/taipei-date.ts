const TAIPEI_OFFSET_MS = 8 * 3_600_000;

/** The Asia/Taipei calendar date of an instant (UTC+8 all year: Taiwan keeps no daylight saving time). */
export function taipeiDateOf(instant: Date | string): string {
  const ms = new Date(instant).getTime();
  if (Number.isNaN(ms)) throw new RangeError(`Not an instant: ${JSON.stringify(instant)}`);
  return new Date(ms + TAIPEI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The Asia/Taipei date and time of an instant to the minute (`2026-12-30 09:00`), as people in Taiwan read it. */
export function taipeiMinuteOf(instant: Date | string): string {
  const date = taipeiDateOf(instant);
  return `${date} ${new Date(new Date(instant).getTime() + TAIPEI_OFFSET_MS).toISOString().slice(11, 16)}`;
}

/** The Asia/Taipei date and time of an instant to the second (`2026-12-30 09:00:05`): a record's time in an audit document. */
export function taipeiSecondOf(instant: Date | string): string {
  return `${taipeiMinuteOf(instant)}${new Date(new Date(instant).getTime() + TAIPEI_OFFSET_MS).toISOString().slice(16, 19)}`;
}
