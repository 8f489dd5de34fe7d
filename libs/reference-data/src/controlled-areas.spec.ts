import { controlledAreas, isControlledArea } from './controlled-areas';

describe('R-LIC-1(b) controlled areas (configurable data)', () => {
  it('lists CN, KP, CU, IQ, IR, SY, SD and, since 2022, RU and BY', () => {
    expect([...controlledAreas()].sort()).toEqual(['BY', 'CN', 'CU', 'IQ', 'IR', 'KP', 'RU', 'SD', 'SY']);
  });
  it('tells whether a destination is one', () => {
    expect(isControlledArea('RU')).toBe(true);
    expect(isControlledArea('JP')).toBe(false);
  });
});
