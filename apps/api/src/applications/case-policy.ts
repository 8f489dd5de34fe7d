import type { CasePolicy } from '@shtc/domain';
import { exportRules } from '@shtc/reference-data';

/** DI token for the lists the case rules name (libs/reference-data; replaceable by an operator). */
export const CASE_POLICY = Symbol('CASE_POLICY');

export function loadCasePolicy(): CasePolicy {
  return exportRules();
}
