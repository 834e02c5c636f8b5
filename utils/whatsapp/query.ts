// Ranked selector lookup: try each alternative in order, report which one matched (or that none did).

/** One way to find a hook. `text` filters matches by their trimmed textContent (icon names in <svg><title>). */
export interface Alternative {
  readonly css: string;
  readonly text?: RegExp;
}

export interface SelectorSpec {
  /** Name of the selector whose matches scope this one (rowTitle within chatRow); the document when absent. */
  readonly within?: string;
  /** Tried in order; the first alternative with any match wins. */
  readonly alternatives: readonly Alternative[];
  /** Fixture (tests/fixtures/whatsapp/<name>.html) → expected matches, summed over the `within` scopes. */
  readonly fixtures: Readonly<Record<string, number>>;
}

export interface SelectorEntry extends SelectorSpec {
  readonly name: string;
}

/** Matches of the first alternative that matched, and which one it was (`via`: null when all missed). */
export interface Hits {
  readonly elements: Element[];
  readonly via: string | null;
}

export interface Hit {
  readonly element: Element | null;
  readonly via: string | null;
}

/** Records, per selector name, the alternative that last matched (null = missed). */
export type HookLog = Map<string, string | null>;

export function defineSelectors<K extends string>(specs: Record<K, SelectorSpec>): Record<K, SelectorEntry> {
  const entries = Object.entries<SelectorSpec>(specs).map(([name, spec]) => [name, { name, ...spec }]);
  return Object.fromEntries(entries) as Record<K, SelectorEntry>;
}

export function describeAlternative(alternative: Alternative): string {
  return alternative.text ? `${alternative.css} /${alternative.text.source}/` : alternative.css;
}

function isElement(node: ParentNode | Node): node is Element {
  return (node as Node).nodeType === 1;
}

function textMatches(element: Element, alternative: Alternative): boolean {
  return !alternative.text || alternative.text.test((element.textContent ?? '').trim());
}

// The root itself counts: a row can carry aria-selected, a message row can carry its data-id.
function matchAlternative(root: ParentNode, alternative: Alternative): Element[] {
  const found = Array.from(root.querySelectorAll(alternative.css));
  if (isElement(root) && root.matches(alternative.css)) found.unshift(root);
  return found.filter((element) => textMatches(element, alternative));
}

function record<T extends Hits | Hit>(log: HookLog | undefined, entry: SelectorEntry, result: T): T {
  log?.set(entry.name, result.via);
  return result;
}

export function queryAll(root: ParentNode, entry: SelectorEntry, log?: HookLog): Hits {
  for (const alternative of entry.alternatives) {
    const elements = matchAlternative(root, alternative);
    if (elements.length > 0) return record(log, entry, { elements, via: describeAlternative(alternative) });
  }
  return record(log, entry, { elements: [], via: null });
}

/** The first match of queryAll, without collecting the rest: it runs for every row on every repaint. */
export function queryFirst(root: ParentNode, entry: SelectorEntry, log?: HookLog): Hit {
  for (const alternative of entry.alternatives) {
    const element = firstMatch(root, alternative);
    if (element) return record(log, entry, { element, via: describeAlternative(alternative) });
  }
  return record(log, entry, { element: null, via: null });
}

function firstMatch(root: ParentNode, alternative: Alternative): Element | null {
  if (isElement(root) && root.matches(alternative.css) && textMatches(root, alternative)) return root;
  if (!alternative.text) return root.querySelector(alternative.css);
  for (const element of root.querySelectorAll(alternative.css)) if (textMatches(element, alternative)) return element;
  return null;
}

/** The nearest ancestor-or-self matching the entry, trying alternatives in rank order. */
export function closestMatch(node: Element, entry: SelectorEntry): Hit {
  for (const alternative of entry.alternatives) {
    const element = node.closest(alternative.css);
    if (element && textMatches(element, alternative)) return { element, via: describeAlternative(alternative) };
  }
  return { element: null, via: null };
}
