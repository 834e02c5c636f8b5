import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Every user-visible string of the extension's UI goes through t(): this reads the UI code with the TypeScript
 * parser and lists what a person would see that is not a message key. It looks for: text between JSX tags;
 * string values of attributes people read (aria-label, title, placeholder, alt, label); strings and templates
 * inside JSX braces, including both sides of a condition; prompt/alert/confirm texts; text assigned to
 * textContent, title or placeholder; a fallback of several words after ?? or || (`name ?? 'a chat'`); and anywhere
 * in the code, a string that reads like a sentence (a capital, then at least two words, or words ending in a full
 * stop). Not caught: a lone lowercase word or phrase passed as a plain value far from where it is shown.
 */
const ROOT = path.resolve(__dirname, '../../..');
const UI_DIRS = ['components', 'entrypoints/popup', 'entrypoints/options', 'entrypoints/settings', 'entrypoints/whatsapp.content'];
const READ_ATTRIBUTES = new Set(['aria-label', 'title', 'placeholder', 'alt', 'label', 'aria-description', 'aria-placeholder']);
const READ_PROPERTIES = new Set(['textContent', 'innerText', 'title', 'placeholder', 'ariaLabel']);
const DIALOG_CALLS = new Set(['prompt', 'alert', 'confirm']);
/** Language names written in their own language: the one place a rep must find their language untranslated. */
const ENDONYMS = new Set(['English', 'Português (Brasil)', 'Español']);

const hasWord = (s: string) => /\p{L}{2,}/u.test(s);
const isPhrase = (node: ts.Node) => /\p{L}{1,}\s+\p{L}{2,}/u.test(literalText(node) ?? '');
const readsLikeSentence = (s: string) => /^\p{Lu}\p{Ll}*[\s,]+\p{L}+\s+\p{L}/u.test(s.trim()) || /\p{L}{2,}\s+\p{L}{2,}.*[.:!?…]$/u.test(s.trim());

export interface Finding {
  file: string;
  line: number;
  text: string;
}

function literalText(node: ts.Node): string | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ');
  return null;
}

/** The strings an expression can evaluate to, through conditions, ||, ?? and &&. */
function shownStrings(node: ts.Expression): ts.Node[] {
  if (ts.isParenthesizedExpression(node)) return shownStrings(node.expression);
  if (ts.isConditionalExpression(node)) return [...shownStrings(node.whenTrue), ...shownStrings(node.whenFalse)];
  if (
    ts.isBinaryExpression(node) &&
    [ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.AmpersandAmpersandToken].includes(node.operatorToken.kind)
  ) {
    return [...shownStrings(node.left), ...shownStrings(node.right)];
  }
  return literalText(node) === null ? [] : [node];
}

export function findLiteralStrings(file: string, source: string): Finding[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: Finding[] = [];
  const report = (node: ts.Node, text: string) => {
    if (!hasWord(text) || ENDONYMS.has(text.trim())) return;
    found.push({ file: path.relative(ROOT, file), line: sf.getLineAndCharacterOfPosition(node.getStart()).line + 1, text: text.trim() });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
    if (ts.isJsxText(node)) report(node, node.text);
    else if (ts.isJsxAttribute(node) && READ_ATTRIBUTES.has(node.name.getText(sf)) && node.initializer) {
      const init = node.initializer;
      if (ts.isStringLiteral(init)) report(init, init.text);
      else if (ts.isJsxExpression(init) && init.expression) for (const s of shownStrings(init.expression)) report(s, literalText(s)!);
    } else if (ts.isJsxExpression(node) && node.expression && !ts.isJsxAttribute(node.parent)) {
      for (const s of shownStrings(node.expression)) report(s, literalText(s)!);
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
      if (DIALOG_CALLS.has(name)) for (const a of node.arguments) for (const s of shownStrings(a)) report(s, literalText(s)!);
    } else if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(node.left) &&
      READ_PROPERTIES.has(node.left.name.text)
    ) {
      for (const s of shownStrings(node.right)) report(s, literalText(s)!);
    } else if (
      ts.isBinaryExpression(node) &&
      [ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken].includes(node.operatorToken.kind) &&
      isPhrase(node.right)
    ) {
      report(node.right, literalText(node.right)!);
    } else {
      const text = literalText(node);
      if (text !== null && readsLikeSentence(text)) report(node, text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  // One string can be reached twice (a sentence inside JSX braces): report it once.
  return found.filter((f, i) => found.findIndex((g) => g.line === f.line && g.text === f.text) === i);
}

function uiFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return uiFiles(p);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

describe('no literal user-visible strings in the UI code', () => {
  it('every UI file shows text only through message keys', () => {
    const files = UI_DIRS.flatMap((d) => uiFiles(path.join(ROOT, d)));
    expect(files.length).toBeGreaterThan(20);
    const findings = files.flatMap((f) => findLiteralStrings(f, fs.readFileSync(f, 'utf8')));
    expect(findings).toEqual([]);
    // Parsing every UI file takes about 2 s alone and past 5 s on a loaded 2-core machine.
  }, 30_000);

  // The scanner itself: each kind of literal it must catch, and what it must let pass.
  it.each([
    ['JSX text', 'const a = <p>Not signed in.</p>;'],
    ['a read attribute', 'const a = <input placeholder="Your name" />;'],
    ['an aria-label in braces', "const a = <button aria-label={'Close'} />;"],
    ['a string in JSX braces', "const a = <span>{ok ? 'Unassigned' : name}</span>;"],
    ['a template in JSX braces', 'const a = <span>{`waiting ${n}`}</span>;'],
    ['a prompt', "window.prompt('Labels, separated by commas');"],
    ['textContent', "el.textContent = 'Owned by you';"],
    ['a sentence anywhere', "const tip = 'A teammate has this chat';"],
    ['a fallback phrase', "const title = chat?.title ?? 'a chat';"],
    ['a sentence in a template', 'const note = `${name} asks for a handoff of this chat.`;'],
  ])('catches %s', (_, code) => {
    expect(findLiteralStrings(path.join(ROOT, 'components/x.tsx'), code)).toHaveLength(1);
  });

  it('lets keys, codes, class names, selectors and symbols pass', () => {
    const code = [
      'const a = <button className="primary" aria-label={t(\'header.claim\')} data-inbox="guard">{t(\'header.claim\')}</button>;',
      "const b = <span>{'—'} · {n}/{m} ×</span>;",
      "if (e.key === 'Escape') document.querySelector('#main footer');",
      'const c = <option value="pending" lang="pt-BR">{\'Español\'}</option>;',
    ].join('\n');
    expect(findLiteralStrings(path.join(ROOT, 'components/x.tsx'), code)).toEqual([]);
  });
});
