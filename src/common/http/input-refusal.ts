/**
 * Nothing the portal accepts nests deeper than this: the deepest is a GovStack body's
 * formData.data.shareholders[i].field, five levels.
 */
export const MAX_INPUT_DEPTH = 32;

/**
 * Why a request's parsed body or query must be refused at the door, or undefined: a NUL character
 * (PostgreSQL cannot store one) in a key or value, or nesting deeper than MAX_INPUT_DEPTH. Iterative, so a
 * body of ten thousand nested arrays is refused rather than overflowing the stack.
 */
export function inputRefusal(input: unknown): 'nul' | 'too_deep' | undefined {
  const stack: { value: unknown; depth: number }[] = [{ value: input, depth: 0 }];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { value, depth } = next;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return 'nul';
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_INPUT_DEPTH) return 'too_deep';
    for (const [key, child] of Object.entries(value)) {
      if (key.includes('\u0000')) return 'nul';
      stack.push({ value: child, depth: depth + 1 });
    }
  }
  return undefined;
}
