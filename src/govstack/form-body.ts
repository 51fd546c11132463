import type { Request } from 'express';
import { invalidRequest } from './govstack-error.filter';

/**
 * Request bodies of the GovStack API: JSON as the specification describes them, or the same objects as an
 * HTML form or a form-posting client sends them (application/x-www-form-urlencoded) in bracket notation, the
 * convention of jQuery.param, qs, PHP and Rails:
 *
 *   applicantId=…&formData[data][name][tradeName]=接口通&formData[data][shareholders][0][name]=王伟
 *   &formData[data][declaration]=true&entityTypes[]=partnership&entityTypes[]=sole_proprietorship
 *
 * `a[b]` is field b of object a; `a[0]`, `a[1]` (or `a[]`, repeated) are items of list a, in index order.
 * Every value arrives as text, as the JSON answers may be given anyway ("1,000,000" or 1000000); the fields
 * the specification types as booleans accept "true" and "false". The object built is then checked by exactly
 * the same code as a JSON body. A key given twice (other than `a[]`), a field that is both a value and an
 * object, a list index above 99 or nesting deeper than 8 is a malformed request (400).
 */
export function requestBody(req: Request, booleans: readonly (readonly string[])[] = []): unknown {
  if (req.is('application/x-www-form-urlencoded')) {
    const body = expandForm((req.body ?? {}) as Record<string, unknown>);
    for (const path of booleans) coerceBooleans(body, path);
    return body;
  }
  if (req.is('application/json') || req.headers['content-type'] === undefined) return req.body as unknown;
  throw invalidRequest('Send the body as application/json or application/x-www-form-urlencoded.');
}

/** Where the specification's booleans are, per operation ('*': every item of a list). */
export const BOOLEAN_FIELDS = {
  applicationFile: [['formData', 'data', 'declaration']],
  taskComplete: [['data', 'declaration']],
  service: [['isExecutable']],
  serviceImport: [
    ['*', 'isExecutable'],
    ['services', '*', 'isExecutable'],
  ],
} as const;

const MAX_DEPTH = 8;
const MAX_INDEX = 99;
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

type Node = { leaf: string } | { fields: Map<string, Node> };

/** Bracket-notation keys (as the portal's flat urlencoded parser leaves them) → nested objects and lists. */
export function expandForm(flat: Record<string, unknown>): Record<string, unknown> {
  const root: { fields: Map<string, Node> } = { fields: new Map() };
  let appended = 0;
  for (const [key, raw] of Object.entries(flat)) {
    const segments = parseKey(key);
    const values = Array.isArray(raw) ? raw : [raw];
    if (values.some((v) => typeof v !== 'string')) throw invalidRequest(`Form field "${key}" must be text.`);
    const appends = segments[segments.length - 1] === '';
    if (values.length > 1 && !appends) throw invalidRequest(`Form field "${key}" is given more than once; a list is ${key}[]=….`);
    for (const value of values as string[]) {
      let node = root;
      for (const [i, segment] of segments.entries()) {
        // `a[]` appends: an item after any indexed one, in the order given ("[]n" cannot be a field's name).
        const name = segment === '' ? `[]${++appended}` : segment;
        const last = i === segments.length - 1;
        const existing = node.fields.get(name);
        if (last) {
          if (existing) throw invalidRequest(`Form field "${key}" is given more than once, or also has fields of its own.`);
          node.fields.set(name, { leaf: value });
        } else if (existing === undefined) {
          const child = { fields: new Map<string, Node>() };
          node.fields.set(name, child);
          node = child;
        } else if ('fields' in existing) {
          node = existing;
        } else {
          throw invalidRequest(`Form field "${key}": ${segments.slice(0, i + 1).join('.')} is given both as a value and as an object.`);
        }
      }
    }
  }
  return toPlain(root, '') as Record<string, unknown>;
}

function parseKey(key: string): string[] {
  const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
  if (!match) throw invalidRequest(`Form field "${key}" is not a name in bracket notation, e.g. formData[data][name][tradeName].`);
  const segments = [match[1], ...[...match[2].matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1])];
  if (segments.length > MAX_DEPTH) throw invalidRequest(`Form field "${key}" is nested more than ${MAX_DEPTH} deep.`);
  if (segments.slice(0, -1).includes('')) throw invalidRequest(`Form field "${key}": [] may only end a name.`);
  for (const segment of segments) {
    if (FORBIDDEN.has(segment)) throw invalidRequest(`Form field "${key}" is not accepted.`);
    if (/^\d+$/.test(segment) && Number(segment) > MAX_INDEX)
      throw invalidRequest(`Form field "${key}": list indexes go up to ${MAX_INDEX}.`);
  }
  return segments;
}

function toPlain(node: Node, path: string): unknown {
  if ('leaf' in node) return node.leaf;
  const keys = [...node.fields.keys()];
  const isIndex = (k: string) => /^\d+$/.test(k) || k.startsWith('[]');
  if (keys.length > 0 && keys.every(isIndex)) {
    const order = (k: string) => (k.startsWith('[]') ? MAX_INDEX + 1 + Number(k.slice(2)) : Number(k));
    return keys.sort((a, b) => order(a) - order(b)).map((k) => toPlain(node.fields.get(k)!, `${path}[${k}]`));
  }
  if (keys.some(isIndex)) throw invalidRequest(`Form fields "${path}[…]" mix list items and named fields.`);
  const object: Record<string, unknown> = {};
  for (const key of keys) object[key] = toPlain(node.fields.get(key)!, path === '' ? key : `${path}[${key}]`);
  return object;
}

function coerceBooleans(value: unknown, path: readonly string[]): void {
  if (value === null || typeof value !== 'object' || path.length === 0) return;
  const [head, ...rest] = path;
  const children: [string | number, unknown][] =
    head === '*'
      ? Array.isArray(value)
        ? value.map((v, i) => [i, v])
        : []
      : Object.prototype.hasOwnProperty.call(value, head)
        ? [[head, (value as Record<string, unknown>)[head]]]
        : [];
  for (const [key, child] of children) {
    if (rest.length > 0) coerceBooleans(child, rest);
    else if (child === 'true' || child === 'false') (value as Record<string | number, unknown>)[key] = child === 'true';
  }
}
