import { simplifiedCharacters } from './simplified-chinese';

describe('R-FORM-3 Simplified characters (for the Traditional Chinese warning)', () => {
  it('finds Simplified-only characters with their Traditional forms', () => {
    expect(simplifiedCharacters('华为技术有限公司')).toEqual(['华→華', '为→為', '术→術']);
  });
  it('finds none in Traditional text, including characters both scripts share', () => {
    expect(simplifiedCharacters('華為技術有限公司')).toEqual([]);
    expect(simplifiedCharacters('台灣體育用品製造股份有限公司')).toEqual([]);
  });
});
