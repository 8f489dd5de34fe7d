import shipped from '../data/controlled-areas.json';
import { expectArray, expectCountryList, expectRecord, expectText, loadReferenceFile } from './reference-files';

export interface ControlledAreas {
  source: string;
  /** ISO 3166-1 alpha-2 codes of the controlled areas (管制地區). */
  countries: readonly string[];
}

/** controlled-areas.json: `areas` lists `{ country, basis }`; a ministry notice sets them, so they are data. */
export function parseControlledAreas(raw: unknown): ControlledAreas {
  const file = expectRecord(raw, 'controlled-areas.json');
  const areas = expectArray(file.areas, 'areas').map((value, index) => expectRecord(value, `areas[${index}]`).country);
  return { source: expectText(file.source, 'source'), countries: expectCountryList(areas, 'areas[].country') };
}

export function controlledAreas(): readonly string[] {
  return loadReferenceFile('controlled-areas.json', shipped, parseControlledAreas).countries;
}

/** R-LIC-1(b): a destination that is a controlled area never gets the 2-year validity for repeated shipments. */
export function isControlledArea(country: string): boolean {
  return controlledAreas().includes(country);
}
