import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { VIEWS_DIR } from '../console-assets';

/**
 * Triple-stash (`{{{…}}}`) and `{{&…}}` print a value without escaping it: no view may use them,
 * so every value a user typed (a party's name, a note) is escaped wherever it is printed.
 */
const UNESCAPED = /\{\{~?\s*(\{|&)/;

const TAIPEI = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Taipei',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An instant as Taipei reads it: `2026-12-30 09:03`. */
export function taipeiTime(iso: string): string {
  const parts = Object.fromEntries(TAIPEI.formatToParts(new Date(iso)).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

const escape = Handlebars.Utils.escapeExpression;
const safe = (html: string) => new Handlebars.SafeString(html);

/** Helpers of the console's views; each escapes what it is given. */
function registerHelpers(handlebars: typeof Handlebars): void {
  // Text in Traditional Chinese with its English beside it, marked as English for screen readers.
  handlebars.registerHelper('bi', (zh: unknown, en: unknown) => safe(`${escape(String(zh ?? ''))} <span class="en" lang="en">${escape(String(en ?? ''))}</span>`));
  handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  handlebars.registerHelper('not', (a: unknown) => !a);
  handlebars.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  handlebars.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
  handlebars.registerHelper('time', (iso: unknown) => (typeof iso === 'string' && iso ? taipeiTime(iso) : '—'));
  handlebars.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).map(String).join(''));
  handlebars.registerHelper('includes', (list: unknown, value: unknown) => Array.isArray(list) && list.includes(value));
}

/**
 * The console's Handlebars views, read and compiled once at start-up (a view missing from the
 * build stops the process with its name): pages under `pages/`, partials under `partials/`,
 * every page rendered into `layout.hbs`. An environment of their own, apart from the documents'.
 */
export class ConsoleViews {
  private constructor(
    private readonly layout: Handlebars.TemplateDelegate,
    private readonly pages: ReadonlyMap<string, Handlebars.TemplateDelegate>,
  ) {}

  static load(dir = VIEWS_DIR): ConsoleViews {
    const handlebars = Handlebars.create();
    registerHelpers(handlebars);
    const read = (path: string) => {
      const source = readFileSync(join(dir, path), 'utf8');
      if (UNESCAPED.test(source)) throw new Error(`${path} prints a value unescaped ({{{ }}} or {{& }}); every value must be escaped`);
      return source;
    };
    const names = (folder: string) => readdirSync(join(dir, folder)).filter((name) => name.endsWith('.hbs')).sort().map((name) => name.slice(0, -'.hbs'.length));
    for (const name of names('partials')) handlebars.registerPartial(name, read(join('partials', `${name}.hbs`)));
    const options = { knownHelpersOnly: false, preventIndent: true };
    const pages = new Map(names('pages').map((name) => [name, handlebars.compile(read(join('pages', `${name}.hbs`)), options)] as const));
    return new ConsoleViews(handlebars.compile(read('layout.hbs'), options), pages);
  }

  /** A whole page: the named view inside the layout, every value escaped. */
  render(page: string, model: object): string {
    const template = this.pages.get(page);
    if (!template) throw new Error(`No console view ${page}`);
    const body = template(model);
    return this.layout({ ...model, body: safe(body) });
  }
}
