import { accepted, issue, readText, refused, type Checked } from './field-issue';

const RULE = 'R-ITEM-5';
/** R-ITEM-5: the SHTC form keeps at most 7 characters. */
export const EXPORT_CONTROL_NUMBER_MAX_LENGTH = 7;

/** Uniform 5 (category 0–9, group A–E, three digits), then sub-items `.a`, `.1` … */
const DUAL_USE = /^([0-9])([A-E])([0-9]{3})((?:\.[A-Z0-9]+)*)$/;
/** Military list entries ML1–ML22, then sub-items. */
const MILITARY = /^ML([1-9]|1[0-9]|2[0-2])((?:\.[A-Z0-9]+)*)$/;

/** Which list an export control number comes from (reference README: the first of the three digits names the regime). */
export type ControlList = 'WASSENAAR' | 'MTCR' | 'NSG' | 'AUSTRALIA_GROUP' | 'OTHER_DUAL_USE' | 'MILITARY';

/**
 * R-ITEM-5: the uniform 5 characters (`5A002`) optionally followed by sub-items, at most 7
 * characters in all (`5A002.a`); or a military list entry `ML1`–`ML22` (`ML8`, `ML8.a`).
 *
 * Case is normalised the way the control lists print it: the category letter and `ML` upper
 * case, sub-item letters lower case. `5a002.A` → `5A002.a`, `ml8` → `ML8`. Spaces are not
 * allowed inside (trimmed around). `ML01` is refused: entries are written without a leading zero.
 */
export function checkExportControlNumber(input: unknown, field: string): Checked<string> {
  const refuse = (message: string) => refused<string>(issue(field, RULE, message));
  const text = readText(input);
  if (text === null) return refuse('Export control number must be given as text, e.g. 5A002.a');
  if (text === undefined) return refuse('Export control number is required, e.g. 5A002 or 5A002.a');
  const upper = text.toUpperCase();
  const dualUse = DUAL_USE.exec(upper);
  const military = dualUse ? null : MILITARY.exec(upper);
  if (!dualUse && !military) {
    return refuse(
      `Export control number ${JSON.stringify(text)} is not in the form of the control list: ` +
        'a digit 0–9, a category letter A–E and three digits (5A002), optionally a sub-item (5A002.a); or ML1 to ML22',
    );
  }
  const normalised = dualUse
    ? `${dualUse[1]}${dualUse[2]}${dualUse[3]}${dualUse[4].toLowerCase()}`
    : `ML${military![1]}${military![2].toLowerCase()}`;
  if (normalised.length > EXPORT_CONTROL_NUMBER_MAX_LENGTH) {
    const head = normalised.split('.').slice(0, 2).join('.');
    const hint = head.length <= EXPORT_CONTROL_NUMBER_MAX_LENGTH ? `: keep ${head}` : '';
    return refuse(`Export control number may have at most ${EXPORT_CONTROL_NUMBER_MAX_LENGTH} characters (${normalised} has ${normalised.length})${hint}`);
  }
  return accepted(normalised);
}

/** The list a normalised export control number belongs to; undefined when it is not one. */
export function controlListOf(exportControlNumber: string): ControlList | undefined {
  if (MILITARY.test(exportControlNumber)) return 'MILITARY';
  const match = /^[0-9][A-E]([0-9])[0-9]{2}/.exec(exportControlNumber);
  if (!match) return undefined;
  const lists: Record<string, ControlList> = { '0': 'WASSENAAR', '1': 'MTCR', '2': 'NSG', '3': 'AUSTRALIA_GROUP' };
  return lists[match[1]] ?? 'OTHER_DUAL_USE';
}
