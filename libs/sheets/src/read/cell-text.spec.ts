import { cellText, numberText } from './cell-text';

describe('a cell as the text the goods-line checks read', () => {
  it.each([
    [100.55, '100.55'],
    [600000, '600000'],
    [0.5, '0.5'],
    [0.1 + 0.2, '0.3'],
    [12000.000000000002, '12000'],
    [85489090005, '85489090005'],
    [1e21, '1000000000000000000000'],
    [1.5e-7, '0.00000015'],
    [-3, '-3'],
    [0, '0'],
  ])('the number %p reads %j, in plain digits as typed', (value, text) => {
    expect(numberText(value)).toBe(text);
  });

  it('keeps text as it is, and reads booleans and empty cells', () => {
    expect(cellText(' 5A002.a ')).toBe(' 5A002.a ');
    expect(cellText(true)).toBe('TRUE');
    expect(cellText(null)).toBeUndefined();
  });
});
