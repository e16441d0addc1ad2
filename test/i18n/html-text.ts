// What a person reads on a page: the text nodes and the attributes that are shown or spoken (title,
// aria-label, placeholder, alt, a submit button's value). A small HTML tokenizer, enough for the markup
// the app renders; written out here because the project has no HTML parser among its dependencies.

export interface VisibleText {
  text: string;
  /** Where on the page: 'text in <p>' or 'aria-label of <nav>'. */
  where: string;
}

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
/** Elements whose content is not text for people (or is technical: codes, keys, JSON). */
const SKIPPED = new Set(['script', 'style', 'template', 'code', 'svg', 'noscript']);
const RAW_TEXT = new Set(['script', 'style']);
const SHOWN_ATTRIBUTES = new Set(['title', 'aria-label', 'aria-description', 'aria-roledescription', 'aria-valuetext', 'placeholder', 'alt', 'label']);
const BUTTON_INPUTS = new Set(['submit', 'button', 'reset']);

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', hellip: '…', middot: '·', laquo: '«', raquo: '»' };

export function decodeEntities(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const amp = text.indexOf('&', i);
    if (amp < 0) return out + text.slice(i);
    out += text.slice(i, amp);
    const semi = text.indexOf(';', amp);
    const name = semi > amp ? text.slice(amp + 1, semi) : '';
    let decoded: string | undefined;
    if (name.length > 0 && name.length <= 10) {
      if (name[0] === '#') {
        const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
        if (Number.isInteger(code) && code >= 0 && code <= 0x10ffff) decoded = String.fromCodePoint(code);
      } else {
        decoded = ENTITIES[name];
      }
    }
    if (decoded === undefined) {
      out += '&';
      i = amp + 1;
    } else {
      out += decoded;
      i = semi + 1;
    }
  }
  return out;
}

const isSpace = (c: string | undefined) => c === ' ' || c === '\n' || c === '\t' || c === '\r' || c === '\f';
const isNameStart = (c: string | undefined) => c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));

export function visibleTexts(html: string): VisibleText[] {
  const found: VisibleText[] = [];
  const stack: string[] = [];
  const skipping = () => stack.some((name) => SKIPPED.has(name));
  let i = 0;

  const readTag = (): { name: string; attributes: Map<string, string>; closing: boolean; selfClosing: boolean } => {
    // html[i] === '<'
    i++;
    const closing = html[i] === '/';
    if (closing) i++;
    let name = '';
    while (i < html.length && !isSpace(html[i]) && html[i] !== '>' && html[i] !== '/') name += html[i++];
    const attributes = new Map<string, string>();
    let selfClosing = false;
    for (;;) {
      while (isSpace(html[i])) i++;
      if (i >= html.length) break;
      if (html[i] === '>') {
        i++;
        break;
      }
      if (html[i] === '/') {
        selfClosing = html[i + 1] === '>';
        i++;
        continue;
      }
      let attr = '';
      while (i < html.length && !isSpace(html[i]) && html[i] !== '=' && html[i] !== '>' && html[i] !== '/') attr += html[i++];
      while (isSpace(html[i])) i++;
      let value = '';
      if (html[i] === '=') {
        i++;
        while (isSpace(html[i])) i++;
        const quote = html[i];
        if (quote === '"' || quote === "'") {
          const end = html.indexOf(quote, i + 1);
          value = html.slice(i + 1, end < 0 ? html.length : end);
          i = end < 0 ? html.length : end + 1;
        } else {
          while (i < html.length && !isSpace(html[i]) && html[i] !== '>') value += html[i++];
        }
      }
      if (attr) attributes.set(attr.toLowerCase(), decodeEntities(value));
    }
    return { name: name.toLowerCase(), attributes, closing, selfClosing };
  };

  while (i < html.length) {
    if (html.startsWith('<!--', i)) {
      const end = html.indexOf('-->', i + 4);
      i = end < 0 ? html.length : end + 3;
    } else if (html[i] === '<' && (html[i + 1] === '!' || html[i + 1] === '?')) {
      const end = html.indexOf('>', i);
      i = end < 0 ? html.length : end + 1;
    } else if (html[i] === '<' && (isNameStart(html[i + 1]) || (html[i + 1] === '/' && isNameStart(html[i + 2])))) {
      const tag = readTag();
      if (tag.closing) {
        const at = stack.lastIndexOf(tag.name);
        if (at >= 0) stack.length = at;
        continue;
      }
      if (!skipping()) {
        for (const [attr, value] of tag.attributes) {
          const shown =
            SHOWN_ATTRIBUTES.has(attr) || (attr === 'value' && tag.name === 'input' && BUTTON_INPUTS.has(tag.attributes.get('type') ?? ''));
          if (shown && value.trim() !== '') found.push({ text: value, where: `${attr} of <${tag.name}>` });
        }
      }
      if (RAW_TEXT.has(tag.name)) {
        // Raw text: everything up to the closing tag, which may not contain '<' as markup.
        const end = html.toLowerCase().indexOf(`</${tag.name}`, i);
        i = end < 0 ? html.length : end;
        continue;
      }
      if (!VOID.has(tag.name) && !tag.selfClosing) stack.push(tag.name);
    } else {
      let end = html.indexOf('<', i + 1);
      if (end < 0) end = html.length;
      const text = decodeEntities(html.slice(i, end));
      if (text.trim() !== '' && !skipping()) found.push({ text, where: `text in <${stack[stack.length - 1] ?? '#document'}>` });
      i = end;
    }
  }
  return found;
}

/**
 * What remains of a text once the translated parts (between the pseudo-locale's marks, nested or not)
 * and the allowed values (names, e-mails, organization names... from the database) are taken out.
 */
export function untranslatedRest(text: string, allowed: readonly string[], open = '⟦', close = '⟧'): string {
  let rest = '';
  let depth = 0;
  for (const c of text) {
    if (c === open) depth++;
    else if (c === close) depth = Math.max(0, depth - 1);
    else if (depth === 0) rest += c;
  }
  // Longest first, so that "Comune di Andria" goes before "Andria".
  for (const value of allowed) if (value) rest = rest.split(value).join(' ');
  return rest;
}

export const hasLetters = (text: string) => /\p{L}/u.test(text);
