import { officeCalendar } from '@shtc/reference-data';
import { clockOn, pausedWorkingDays, reviewClock, workingDaysOnClock } from './review-clock';
import type { StatusChange } from './status-after';

// Taipei is UTC+8: 01:00Z is 09:00 in Taipei, the same calendar date.
const on = (date: string, status: StatusChange['status']): StatusChange => ({ status, at: `${date}T01:00:00.000Z` });

describe('the review clock (R-REV-4), over the status history and Taiwan\'s calendar', () => {
  it('has not started before submission', () => {
    expect(reviewClock('STANDARD', [on('2026-11-25', 'REGISTERED')], officeCalendar)).toBeNull();
  });

  it('gives a standard case 7 working days from submission', () => {
    const clock = reviewClock('STANDARD', [on('2026-11-24', 'REGISTERED'), on('2026-11-25', 'INITIAL_REVIEW')], officeCalendar)!;
    expect(clock).toMatchObject({ startedOn: '2026-11-25', targetWorkingDays: 7, dueDate: '2026-12-04', paused: [] });
    expect(clockOn(clock, '2026-12-01', officeCalendar)).toEqual({ workingDaysLeft: 3, overdue: false });
    expect(clockOn(clock, '2026-12-07', officeCalendar)).toEqual({ workingDaysLeft: -1, overdue: true });
  });

  it('counts 2027\'s holidays: an Iran/NK case submitted on 28 Dec 2026 is due on 16 Feb 2027', () => {
    const clock = reviewClock('IRAN_NK', [on('2026-12-28', 'INITIAL_REVIEW')], officeCalendar)!;
    expect(clock).toMatchObject({ targetWorkingDays: 30, dueDate: '2027-02-16' });
  });

  it('takes the longer target once a case is referred to consultation', () => {
    const clock = reviewClock('STANDARD', [on('2026-11-25', 'INITIAL_REVIEW'), on('2026-11-26', 'CONSULTATION')], officeCalendar)!;
    expect(clock.targetWorkingDays).toBe(30);
  });

  it('stops while the case awaits documents, and moves the due date by the working days it waited', () => {
    const history = [on('2026-11-25', 'INITIAL_REVIEW'), on('2026-11-26', 'AWAITING_SUPPLEMENT'), on('2026-12-01', 'INITIAL_REVIEW')];
    const clock = reviewClock('STANDARD', history, officeCalendar)!;
    // Thu 26 Nov → Tue 1 Dec: Fri 27, Mon 30, Tue 1 are three working days waited.
    expect(clock.paused).toEqual([{ from: history[1].at, to: history[2].at }]);
    expect(clock.dueDate).toBe(officeCalendar.addWorkingDays('2026-12-04', 3));
  });

  it('counts a pause still running up to the day asked about', () => {
    const history = [on('2026-11-25', 'INITIAL_REVIEW'), on('2026-11-26', 'AWAITING_SUPPLEMENT')];
    expect(reviewClock('STANDARD', history, officeCalendar)!.dueDate).toBe('2026-12-04');
    expect(reviewClock('STANDARD', history, officeCalendar, '2026-11-30T01:00:00.000Z')!.dueDate).toBe('2026-12-08');
    expect(reviewClock('STANDARD', history, officeCalendar)!.paused).toEqual([{ from: history[1].at, to: null }]);
  });
});

describe('working days on the clock (R-REV-4): processing time as the statistics count it', () => {
  // April 2027: Mon 5 and Tue 6 are days off (民族掃墓節 and its 補假).
  it('counts the working days after the day of submission up to the day asked about', () => {
    const history = [on('2027-04-01', 'INITIAL_REVIEW')];
    expect(workingDaysOnClock('STANDARD', history, officeCalendar, '2027-04-01T08:00:00.000Z')).toBe(0);
    expect(workingDaysOnClock('STANDARD', history, officeCalendar, '2027-04-02T01:00:00.000Z')).toBe(1);
    // Thu 1 → Wed 7: Fri 2 and Wed 7 (the weekend and 5, 6 April are days off).
    expect(workingDaysOnClock('STANDARD', history, officeCalendar, '2027-04-07T01:00:00.000Z')).toBe(2);
  });

  it('stops while the case awaited documents', () => {
    const history = [on('2027-04-01', 'INITIAL_REVIEW'), on('2027-04-02', 'AWAITING_SUPPLEMENT'), on('2027-04-08', 'INITIAL_REVIEW'), on('2027-04-09', 'APPROVED')];
    // Fri 2, Wed 7, Thu 8, Fri 9 ran; Wed 7 and Thu 8 were waited: 2.
    expect(workingDaysOnClock('STANDARD', history, officeCalendar, history[3].at)).toBe(2);
    expect(pausedWorkingDays({ from: history[1].at, to: history[2].at }, officeCalendar)).toBe(2);
  });

  it('counts a pause still running up to the day asked about, and nothing after it', () => {
    const history = [on('2027-04-01', 'INITIAL_REVIEW'), on('2027-04-02', 'AWAITING_SUPPLEMENT'), on('2027-04-12', 'CANCELLED')];
    expect(workingDaysOnClock('STANDARD', history, officeCalendar, history[2].at)).toBe(1);
    expect(workingDaysOnClock('STANDARD', history, officeCalendar, '2027-04-08T01:00:00.000Z')).toBe(1);
    expect(pausedWorkingDays({ from: history[1].at, to: null }, officeCalendar)).toBe(0);
    expect(pausedWorkingDays({ from: history[1].at, to: null }, officeCalendar, '2027-04-08T01:00:00.000Z')).toBe(2);
  });

  it('has not started before submission', () => {
    expect(workingDaysOnClock('STANDARD', [on('2027-04-01', 'REGISTERED'), on('2027-04-02', 'CANCELLED')], officeCalendar, '2027-04-02T01:00:00.000Z')).toBeNull();
  });
});
