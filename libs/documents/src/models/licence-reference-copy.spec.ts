import { create } from 'qrcode';
import { SAMPLE_EXPORTER, sampleLicence } from '../testing/sample-records';
import { licenceReferenceCopyModel } from './licence-reference-copy';

/** The dark modules of the QR code an SVG data: URL draws (qrcode's path: `M`/`m` moves, `h` runs of dark modules). */
function darkModulesOf(dataUrl: string): Set<string> {
  const svg = Buffer.from(dataUrl.replace(/^data:image\/svg\+xml;base64,/, ''), 'base64').toString('utf8');
  const path = /<path stroke="#000000" d="([^"]+)"/.exec(svg)![1];
  const dark = new Set<string>();
  let x = 0;
  let y = 0;
  for (const [, command, a, b] of path.matchAll(/([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?/g)) {
    if (command === 'M') [x, y] = [Number(a), Math.floor(Number(b))];
    else if (command === 'm') x += Number(a);
    else for (let run = Number(a); run > 0; run--, x++) dark.add(`${x},${y}`);
  }
  return dark;
}

describe('licence reference copy model (R-LIC-5)', () => {
  it('carries a QR code of the licence number: the modules of that number\'s QR code, inside a quiet zone', async () => {
    const licence = sampleLicence('LIC-2027-000042');
    const { qrCode } = await licenceReferenceCopyModel(licence, SAMPLE_EXPORTER);
    expect(qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    const { modules } = create('LIC-2027-000042', { errorCorrectionLevel: 'M' });
    const expected = new Set<string>();
    for (let row = 0; row < modules.size; row++) {
      for (let col = 0; col < modules.size; col++) if (modules.get(row, col)) expected.add(`${col + 1},${row + 1}`);
    }
    expect(darkModulesOf(qrCode)).toEqual(expected);
    expect(darkModulesOf(qrCode)).not.toEqual(darkModulesOf((await licenceReferenceCopyModel(sampleLicence('LIC-2027-000043'), SAMPLE_EXPORTER)).qrCode));
  });

  it('prints each item with its quantity, what was shipped and its balance, and the validity with its reason (R-LIC-1)', async () => {
    const model = await licenceReferenceCopyModel(sampleLicence(), SAMPLE_EXPORTER);
    expect(model.items.map(({ itemNo, quantity, shipped, balance }) => ({ itemNo, quantity, shipped, balance }))).toEqual([
      { itemNo: 1, quantity: '100.5', shipped: '40.5', balance: '60' },
      { itemNo: 2, quantity: '4', shipped: '0', balance: '4' },
    ]);
    expect(model).toMatchObject({ validUntil: '2028-12-03', validity: { en: '2 years: the destination belongs to all four export control regimes' }, status: { zh: '有效', en: 'Valid' } });
    expect(model.consignee).toMatchObject({ name: 'Mainz Logistics AG', sameAsBuyer: false });
  });
});
