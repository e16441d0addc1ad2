// Finds, in TypeScript sources, the message keys the code hands to the translator, with the TypeScript
// parser (not regular expressions), so that strings, template literals and their context are exact.
//
// A string is taken for a message key when
//  - it is (part of) the first argument of a call to t(...) / view.t(...) / tr.t(...): always;
//  - it is the value of a property or variable whose name ends in "key"/"keys" (key, titleKey, bodyKeys...);
//  - it is the second argument of new HttpError(status, key);
//  - anywhere else, it looks like a key of a catalog namespace ("auth.login.title") — unless it is an
//    audit action (the property `action`), a permission name, an import path or an object's property name.
// Template literals (`roles.${r}`) are reported apart, as families to check against their value lists.
import ts from 'typescript';

export interface FoundKey {
  key: string;
  file: string;
  line: number;
  /** Strict: found where only a message key can be (t's argument, a *Key property). */
  strict: boolean;
}

export interface FoundTemplate {
  /** The text before the first substitution: 'roles.' for `roles.${r}`. */
  prefix: string;
  /** Whether the template is exactly `prefix${expr}`. */
  simple: boolean;
  text: string;
  file: string;
  line: number;
}

export interface ScanOptions {
  namespaces: ReadonlySet<string>;
  /** Strings that look like keys but name something else (permissions). */
  notKeys: ReadonlySet<string>;
}

const KEY_NAME = /keys?$/i;

function looksLikeKey(text: string, namespaces: ReadonlySet<string>): boolean {
  const dot = text.indexOf('.');
  if (dot <= 0 || !namespaces.has(text.slice(0, dot))) return false;
  // Letters, digits, underscores, between dots; no empty segment, no trailing dot.
  return text
    .slice(dot + 1)
    .split('.')
    .every((segment) => segment.length > 0 && [...segment].every((c) => /[A-Za-z0-9_]/.test(c)));
}

function nameOf(node: ts.Node | undefined): string | undefined {
  if (!node) return undefined;
  if (ts.isIdentifier(node) || ts.isStringLiteral(node) || ts.isPrivateIdentifier(node)) return node.text;
  return undefined;
}

/** Climbs from a string through the expressions that only pass it on (a ? b : c, x ?? y, [a, b], (a)). */
function carrier(node: ts.Node): { node: ts.Node; parent: ts.Node } {
  let current = node;
  for (;;) {
    const parent = current.parent;
    if (
      ts.isParenthesizedExpression(parent) ||
      ts.isArrayLiteralExpression(parent) ||
      ts.isAsExpression(parent) ||
      ts.isSatisfiesExpression(parent) ||
      (ts.isConditionalExpression(parent) && current !== parent.condition) ||
      (ts.isBinaryExpression(parent) &&
        [ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken].includes(parent.operatorToken.kind))
    ) {
      current = parent;
      continue;
    }
    return { node: current, parent };
  }
}

function isTranslateCall(node: ts.Node): node is ts.CallExpression {
  if (!ts.isCallExpression(node)) return false;
  const callee = node.expression;
  if (ts.isIdentifier(callee)) return callee.text === 't';
  return ts.isPropertyAccessExpression(callee) && callee.name.text === 't';
}

type Context = 'strict' | 'excluded' | 'loose';

function contextOf(node: ts.Node): Context {
  const { node: carried, parent } = carrier(node);
  if (ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent) || ts.isImportTypeNode(parent.parent ?? parent)) return 'excluded';
  if (ts.isExternalModuleReference(parent) || ts.isLiteralTypeNode(parent)) return 'excluded';
  if (isTranslateCall(parent) && parent.arguments[0] === carried) return 'strict';
  if (ts.isNewExpression(parent) && nameOf(parent.expression) === 'HttpError' && parent.arguments?.[1] === carried) return 'strict';
  if (ts.isPropertyAssignment(parent)) {
    if (parent.name === carried) return 'excluded'; // { 'audit.read': [...] }
    const name = nameOf(parent.name);
    if (name === 'action' || name === 'permission') return 'excluded';
    if (name && KEY_NAME.test(name)) return 'strict';
  }
  if (ts.isJsxAttribute(parent)) {
    const name = nameOf(parent.name);
    if (name && KEY_NAME.test(name)) return 'strict';
  }
  if ((ts.isVariableDeclaration(parent) || ts.isParameter(parent) || ts.isBindingElement(parent)) && parent.initializer === carried) {
    const name = nameOf(parent.name);
    if (name && KEY_NAME.test(name)) return 'strict';
  }
  // Comparisons (x.action === 'auth.login') compare, they do not translate.
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return 'excluded';
  if (ts.isCaseClause(parent) || ts.isElementAccessExpression(parent)) return 'excluded';
  return 'loose';
}

export function scanSource(file: string, source: string, options: ScanOptions): { keys: FoundKey[]; templates: FoundTemplate[] } {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const keys: FoundKey[] = [];
  const templates: FoundTemplate[] = [];
  const lineOf = (node: ts.Node) => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;

  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      const text = node.text;
      const context = contextOf(node);
      if (context === 'strict') keys.push({ key: text, file, line: lineOf(node), strict: true });
      else if (context === 'loose' && looksLikeKey(text, options.namespaces) && !options.notKeys.has(text)) {
        keys.push({ key: text, file, line: lineOf(node), strict: false });
      }
    } else if (ts.isTemplateExpression(node)) {
      const prefix = node.head.text;
      const context = contextOf(node);
      const dot = prefix.indexOf('.');
      const namespaced = dot > 0 && options.namespaces.has(prefix.slice(0, dot));
      const { node: carried, parent } = carrier(node);
      const translated = isTranslateCall(parent) && parent.arguments[0] === carried;
      if (translated || (context !== 'excluded' && namespaced)) {
        const simple = node.templateSpans.length === 1 && node.templateSpans[0]!.literal.text === '';
        templates.push({ prefix, simple, text: node.getText(sf), file, line: lineOf(node) });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return { keys, templates };
}
