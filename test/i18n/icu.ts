// Reading the parsed form of an ICU message (IntlMessageFormat#getAst) without depending on the parser
// package directly: its element types are numbers (TYPE in @formatjs/icu-messageformat-parser).
import type { IntlMessageFormat } from 'intl-messageformat';

type Ast = ReturnType<IntlMessageFormat['getAst']>;

const T = { literal: 0, argument: 1, number: 2, date: 3, time: 4, select: 5, plural: 6, pound: 7, tag: 8 } as const;

interface Element {
  type: number;
  value?: string;
  options?: Record<string, { value: Element[] }>;
  children?: Element[];
}

export type ArgumentKind = 'string' | 'number' | 'date' | 'select';

function walk(elements: readonly Element[], visit: (el: Element) => void): void {
  for (const el of elements) {
    visit(el);
    if (el.options) for (const option of Object.values(el.options)) walk(option.value, visit);
    if (el.children) walk(el.children, visit);
  }
}

/** The arguments a message uses ({name}, {count, plural, ...}, ...) and how; tags count as `<tag>`. */
export function icuArguments(ast: Ast): Map<string, ArgumentKind> {
  const args = new Map<string, ArgumentKind>();
  walk(ast as unknown as Element[], (el) => {
    if (el.value === undefined) return;
    switch (el.type) {
      case T.argument:
        if (!args.has(el.value)) args.set(el.value, 'string');
        break;
      case T.number:
      case T.plural:
        args.set(el.value, 'number');
        break;
      case T.date:
      case T.time:
        args.set(el.value, 'date');
        break;
      case T.select:
        args.set(el.value, 'select');
        break;
      case T.tag:
        args.set(`<${el.value}>`, 'string');
        break;
    }
  });
  return args;
}

/** Every branch name of every plural in the message (one, few, other, =0...). */
export function pluralSelectors(ast: Ast): string[] {
  const selectors: string[] = [];
  walk(ast as unknown as Element[], (el) => {
    if (el.type === T.plural && el.options) selectors.push(...Object.keys(el.options));
  });
  return selectors;
}
