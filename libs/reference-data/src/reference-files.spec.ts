import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REFERENCE_FILES } from './reference-files';

describe('shipped reference files', () => {
  it.each(REFERENCE_FILES)('%s says where its facts come from', (name) => {
    const file = JSON.parse(readFileSync(join(__dirname, '../data', name), 'utf8'));
    const source = file.source ?? file.sources ?? file.source_zh;
    expect(source).toBeTruthy();
  });
});
