import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Handlebars from 'handlebars';
import { TEMPLATES_DIR, fontStylesheets, fontVersion } from './assets';
import type { AssuranceRegistrationModel } from './models/assurance-registration';
import type { CaseTimelineModel } from './models/case-timeline';
import type { EndUseAssuranceModel } from './models/end-use-assurance';
import type { LicenceReferenceCopyModel } from './models/licence-reference-copy';
import type { RedFlagAffidavitModel } from './models/red-flag-affidavit';

/** Each document, by its template's name (`templates/<name>.hbs`), with the model it prints. */
export interface DocumentModels {
  'end-use-assurance': EndUseAssuranceModel;
  'red-flag-affidavit': RedFlagAffidavitModel;
  'assurance-registration': AssuranceRegistrationModel;
  'licence-reference-copy': LicenceReferenceCopyModel;
  'case-timeline': CaseTimelineModel;
}
export type DocumentName = keyof DocumentModels;
export const DOCUMENT_NAMES: readonly DocumentName[] = ['end-use-assurance', 'red-flag-affidavit', 'assurance-registration', 'licence-reference-copy', 'case-timeline'];

/**
 * Triple-stash (`{{{…}}}`) and `{{&…}}` print a value without escaping it: a party name with
 * markup in it would become markup. No template may use them; every value is escaped.
 */
const UNESCAPED = /\{\{~?\s*(\{|&)/;

/**
 * The Handlebars templates of the documents, compiled once, and their version: a digest of every
 * template, partial and stylesheet and of the font package, so that a document cached under
 * (stream, revision, template version) is never printed from a stale template.
 */
export class DocumentTemplates {
  private constructor(
    private readonly templates: ReadonlyMap<DocumentName, Handlebars.TemplateDelegate>,
    private readonly stylesheets: readonly string[],
    readonly version: string,
  ) {}

  static load(dir = TEMPLATES_DIR): DocumentTemplates {
    // An environment of our own: no helper or partial registered elsewhere reaches the documents.
    const handlebars = Handlebars.create();
    const digest = createHash('sha256').update(`fonts ${fontVersion()}\n`);
    const read = (path: string) => {
      const source = readFileSync(join(dir, path), 'utf8');
      digest.update(`${path}\n${source}\n`);
      return source;
    };
    const checked = (path: string) => {
      const source = read(path);
      if (UNESCAPED.test(source)) throw new Error(`${path} prints a value unescaped ({{{ }}} or {{& }}); every value must be escaped`);
      return source;
    };
    for (const file of readdirSync(join(dir, 'partials')).filter((name) => name.endsWith('.hbs')).sort()) {
      handlebars.registerPartial(file.slice(0, -'.hbs'.length), checked(join('partials', file)));
    }
    read('document.css');
    read('page.html');
    // strict: a field a template names but its model lacks is an error, not an empty space on paper.
    const options = { strict: true, knownHelpersOnly: true };
    const templates = new Map(DOCUMENT_NAMES.map((name) => [name, handlebars.compile(checked(`${name}.hbs`), options)] as const));
    const stylesheets = [...fontStylesheets(), pathToFileURL(join(dir, 'document.css')).href];
    return new DocumentTemplates(templates, stylesheets, digest.digest('hex').slice(0, 16));
  }

  /** The document as HTML, every value escaped. */
  html<N extends DocumentName>(name: N, model: DocumentModels[N]): string {
    const template = this.templates.get(name);
    if (!template) throw new Error(`No template ${name}`);
    return template(model, { data: { stylesheets: this.stylesheets } });
  }
}
